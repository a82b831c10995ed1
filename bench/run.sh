#!/usr/bin/env bash
# How fast scaffold is next to the floor of its work: copying the finished
# tree (cp -r), and copying it then committing it with the git command line.
#
#   bench/run.sh            # from the repository's root
#
# It builds the release binary twice: as `cargo install` builds it (glibc,
# libgcc_s and libm loaded at start) and, on a Linux glibc host, linked
# statically, the form the Linux release archives take (they are static
# musl builds, whose target this machine may lack: static glibc stands in).
# It generates each finished tree once, then times pairs of commands with
# hyperfine, for each build: scaffold and its floor, one after the other,
# pair after pair (order swapped every other pair), every process pinned to
# one CPU (taskset) and writing under /dev/shm, so disk and scheduler noise
# hit both sides alike. Each pair gives a ratio of medians; the figure shown
# is the median of the pairs' ratios, with its range.
#
# Needs hyperfine, taskset, /usr/bin/time, git and python3 (Debian:
# apt-get install hyperfine util-linux time git python3 python3-venv).
# cookiecutter and copier are installed from PyPI into a virtualenv under the
# work dir when they can be; without them their rows are skipped, saying so.
#
# Settings (environment): PAIRS (15), RUNS per command per pair (5), CPU (0),
# BENCH_DIR (/dev/shm/scaffold-bench, emptied first), SKIP_PEERS=1.
set -euo pipefail

PAIRS=${PAIRS:-15}
RUNS=${RUNS:-5}
CPU=${CPU:-0}
BENCH_DIR=${BENCH_DIR:-/dev/shm/scaffold-bench}
ROOT=$(cd "$(dirname "$0")/.." && pwd)

for tool in hyperfine taskset python3 git; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }

echo "== building the release binary (dynamic and static) and the synthetic benchmark" >&2
(cd "$ROOT" && cargo build --release --quiet && cargo bench --quiet --no-run --bench synthetic)
REAL_HOME=$HOME
DYNAMIC_BIN="$ROOT/target/release/scaffold"
# The static build: `cargo rustc` hands the flag to the binary alone, so the
# proc-macros (which cannot be static) build as usual; naming the host as the
# target keeps it apart from the dynamic build's folder.
HOST=$(rustc -vV | sed -n 's/^host: //p')
STATIC_BIN=""
if [[ $HOST == *-linux-gnu ]]; then
    (cd "$ROOT" && cargo rustc --release --quiet --target "$HOST" --bin scaffold -- -C target-feature=+crt-static)
    STATIC_BIN="$ROOT/target/$HOST/release/scaffold"
fi

# A fresh work dir, with git's configuration isolated from the user's: the
# same identity and no hooks or templates for scaffold and the git CLI alike.
VENV_KEEP=""
if [ -d "$BENCH_DIR/venv" ]; then VENV_KEEP=$(mktemp -d) && mv "$BENCH_DIR/venv" "$VENV_KEEP/"; fi
rm -rf "$BENCH_DIR" && mkdir -p "$BENCH_DIR"
if [ -n "$VENV_KEEP" ]; then mv "$VENV_KEEP/venv" "$BENCH_DIR/" && rmdir "$VENV_KEEP"; fi
cd "$BENCH_DIR"
# The binary the peers and the trees use: the static one when there is one.
cp "${STATIC_BIN:-$DYNAMIC_BIN}" ./scaffold
export HOME="$BENCH_DIR/home" GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME"
git config --global user.name "Bench"
git config --global user.email "bench@example.com"
git config --global init.defaultBranch main
unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
export NO_COLOR=1

PIN=(taskset -c "$CPU")
FLOOR_GIT='git init -q && git add -A && git commit -qm "Initial commit from scaffold"'

# ratio LABEL SHELL(yes|no) PREPARE A B: the median over PAIRS of median(A)/median(B).
ratio() {
    local label=$1 shell=$2 prepare=$3 a=$4 b=$5 pair
    local opts=(--runs "$RUNS" --warmup 1 --style none --prepare "$prepare")
    [ "$shell" = no ] && opts+=(-N)
    for pair in $(seq 1 "$PAIRS"); do
        if [ $((pair % 2)) = 1 ]; then
            "${PIN[@]}" hyperfine "${opts[@]}" --export-json "pair-$pair.json" "$a" "$b" >/dev/null 2>hyperfine.log \
                || { cat hyperfine.log >&2; exit 1; }
        else
            "${PIN[@]}" hyperfine "${opts[@]}" --export-json "pair-$pair.json" "$b" "$a" >/dev/null 2>hyperfine.log \
                || { cat hyperfine.log >&2; exit 1; }
        fi
    done
    python3 - "$label" "$a" "$PAIRS" <<'EOF'
import json, statistics, sys
label, a, pairs = sys.argv[1], sys.argv[2], int(sys.argv[3])
ratios, a_ms, b_ms = [], [], []
for pair in range(1, pairs + 1):
    results = json.load(open(f"pair-{pair}.json"))["results"]
    mine = next(r for r in results if r["command"] == a)
    floor = next(r for r in results if r["command"] != a)
    ratios.append(mine["median"] / floor["median"])
    a_ms.append(mine["median"] * 1e3)
    b_ms.append(floor["median"] * 1e3)
print(f"{label:<58} {statistics.median(ratios):5.2f}  "
      f"(pairs {min(ratios):.2f}-{max(ratios):.2f}; "
      f"{statistics.median(a_ms):.2f} ms vs {statistics.median(b_ms):.2f} ms)")
EOF
    rm -f pair-*.json
}

peak_kib() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

count_files() { find "$1" -type f -not -path '*/.git/*' | wc -l; }

# The largest starter: every feature on, in whichever framework gives the most files.
ALL_FEATURES=(--needs orm,auth,admin --realtime yes --data yes)
largest=""; largest_files=0
for framework in django flask express; do
    ./scaffold new "probe-$framework" --framework "$framework" "${ALL_FEATURES[@]}" --yes --quiet --no-git
    files=$(count_files "probe-$framework")
    if [ "$files" -gt "$largest_files" ]; then largest=$framework; largest_files=$files; fi
done
rm -rf probe-*

echo "== $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); pinned to CPU $CPU; $PAIRS pairs of $RUNS runs each"
echo "   scaffold $(./scaffold --version | awk '{print $2}') at $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?'); load average $(cut -d' ' -f1-3 /proc/loadavg)"

# The flags of a starter: `flask`, or `largest` (every feature on).
starter_flags() {
    if [ "$1" = flask ]; then
        echo --framework flask --yes --quiet
    else
        echo --framework "$largest" --yes --quiet "${ALL_FEATURES[@]}"
    fi
}

# The finished trees, tree-flask and tree-largest, made once (both builds
# write the same bytes).
for starter in flask largest; do
    read -ra flags <<<"$(starter_flags "$starter")"
    ./scaffold new "tree-$starter" "${flags[@]}" --no-git
done

builds=()
[ -n "$STATIC_BIN" ] && builds+=("static|$STATIC_BIN|linked statically, like the Linux release archives")
builds+=("dynamic|$DYNAMIC_BIN|as cargo install builds it: glibc, libgcc_s and libm loaded at start")
for build in "${builds[@]}"; do
    IFS='|' read -r kind source about <<<"$build"
    bin="./scaffold-$kind"
    cp "$source" "$bin"   # a fresh copy: an old one faults in more pages
    echo
    echo "== the $kind binary ($about)"
    printf '%-58s %5s\n' "scaffold / floor (target)" "ratio"
    ratio "--version / true (at most 2)" no "true" "$bin --version" "/bin/true"
    for starter in flask largest; do
        read -ra flags <<<"$(starter_flags "$starter")"
        name="Flask starter"
        [ "$starter" = flask ] || name="largest starter ($largest, every feature)"
        new="$bin new out ${flags[*]}"
        echo "-- $name: $(count_files "tree-$starter") files"
        ratio "  with git: new / cp -r + git init, add, commit (at most 0.8)" yes "rm -rf out" \
            "$new" "cp -r tree-$starter out && cd out && $FLOOR_GIT"
        ratio "  --no-git: new --no-git / cp -r (at most 1.2)" no "rm -rf out" \
            "$new --no-git" "cp -r tree-$starter out"
        rm -rf out
        memory=$(peak_kib "$bin" new out "${flags[@]}")
        rm -rf out
        printf '%-58s %5.1f MiB\n' "  peak memory, with git (at most 10 MiB)" "$(awk "BEGIN { print $memory / 1024 }")"
    done
done

# The peers, on the finished Flask tree made into their templates (copied,
# not rendered: that only flatters them), each followed by the git CLI.
echo
peers=()
if [ "${SKIP_PEERS:-}" != 1 ]; then
    if [ ! -x venv/bin/cookiecutter ] || [ ! -x venv/bin/copier ]; then
        echo "== installing cookiecutter and copier from PyPI into $BENCH_DIR/venv" >&2
        python3 -m venv venv >/dev/null 2>&1 && venv/bin/pip install --quiet cookiecutter copier >&2 \
            || echo "bench: could not install cookiecutter and copier; their rows are skipped" >&2
    fi
    if [ -x venv/bin/cookiecutter ]; then
        mkdir -p peer-cookiecutter
        cp -r tree-flask "peer-cookiecutter/{{cookiecutter.project_slug}}"
        printf '{"project_slug": "out", "_copy_without_render": ["*"]}\n' > peer-cookiecutter/cookiecutter.json
        peers+=("cookiecutter|venv/bin/cookiecutter --no-input peer-cookiecutter && cd out && $FLOOR_GIT")
    fi
    if [ -x venv/bin/copier ]; then
        mkdir -p peer-copier
        cp -r tree-flask/. peer-copier/
        printf '_envops:\n  keep_trailing_newline: true\n' > peer-copier/copier.yml
        peers+=("copier|venv/bin/copier copy --quiet --defaults --trust peer-copier out && cd out && $FLOOR_GIT")
    fi
fi
if [ ${#peers[@]} = 0 ]; then
    echo "(cookiecutter and copier not measured)"
else
    echo "-- peers, Flask tree ($(count_files tree-flask) files), each with git, against the $([ -n "$STATIC_BIN" ] && echo static || echo dynamic) binary;"
    echo "   the ratio is theirs over scaffold's (targets: 15 and 30)"
    for peer in "${peers[@]}"; do
        label=${peer%%|*} command=${peer#*|}
        # Seconds per run: fewer pairs and runs for them.
        saved=("$PAIRS" "$RUNS"); PAIRS=$(( PAIRS < 3 ? PAIRS : 3 )); RUNS=3
        ratio "  $label + git / scaffold new" yes "rm -rf out" "$command" "./scaffold new out $(starter_flags flask)"
        PAIRS=${saved[0]}; RUNS=${saved[1]}
    done
fi

# Per file, through the library: synthetic templates of 15, 150 and 1,500 files.
echo
echo "-- per file: a synthetic template through the library (stage, commit, rename) vs cp -r + git CLI on the same tree"
(cd "$ROOT" && HOME=$REAL_HOME "${PIN[@]}" cargo bench --quiet --bench synthetic -- "$BENCH_DIR/synthetic" 15 150 1500) > synthetic.txt
for n in 15 150 1500; do
    floor_json="floor-$n.json"
    "${PIN[@]}" hyperfine --runs "$( [ "$n" = 1500 ] && echo 7 || echo 21 )" --warmup 1 --style none \
        --prepare "rm -rf synthetic/out" --export-json "$floor_json" \
        "cp -r synthetic/tree-$n synthetic/out && cd synthetic/out && $FLOOR_GIT" >/dev/null 2>hyperfine.log \
        || { cat hyperfine.log >&2; exit 1; }
done
python3 - <<'EOF'
import json
mine = {int(line.split()[1]): float(line.split()[3]) for line in open("synthetic.txt") if line.startswith("files")}
floor = {n: json.load(open(f"floor-{n}.json"))["results"][0]["median"] * 1e3 for n in (15, 150, 1500)}
for n in (15, 150, 1500):
    print(f"  {n:>5} files: scaffold (in-process) {mine[n]:8.2f} ms   cp -r + git {floor[n]:8.2f} ms")
slope = lambda t: (t[1500] - t[15]) / (1500 - 15)
print(f"  per file, 15 to 1,500: scaffold {slope(mine):.3f} ms, floor {slope(floor):.3f} ms, "
      f"ratio {slope(mine) / slope(floor):.2f} (at most 2)")
EOF
