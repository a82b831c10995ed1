#!/usr/bin/env bash
# Regenerates link/hot-functions.txt: the functions scaffold's usual runs
# execute, which build.rs asks the linker to lay out together at the start
# of the binary's code (see "A tight binary" in README.md's Speed section).
#
#   scripts/hot-functions.sh        # from anywhere; Linux, x86-64
#
# Each page of code a run touches costs a page fault, and the kernel maps the
# 64 KiB around it: with the hot functions side by side, a run touches a few
# such windows instead of most of the binary's 4 MB of code.
#
# Run it after updating Rust or a dependency: the names carry hashes that
# change with them. A stale list does no harm (names the binary lacks are
# skipped) but loses the speed-up; `bench/run.sh` says how many names still
# match. It runs the release binary (and, on a glibc host, the static build
# the benchmark also measures, for the C library's own functions) under
# callgrind, on the runs below, in a scratch directory with its own git
# configuration. Needs cargo, valgrind, nm and git.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out="$root/link/hot-functions.txt"

for tool in valgrind nm git; do
    command -v "$tool" >/dev/null || { echo "hot-functions: $tool is missing" >&2; exit 1; }
done

echo "== building the release binary" >&2
cargo build --release --quiet
binaries=("$root/target/release/scaffold")
host=$(rustc -vV | sed -n 's/^host: //p')
if [[ $host == *-linux-gnu ]]; then
    echo "== building the static binary" >&2
    cargo rustc --release --quiet --target "$host" --bin scaffold -- -C target-feature=+crt-static
    binaries+=("$root/target/$host/release/scaffold")
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1
mkdir -p "$HOME"
git config --global user.name "Hot Functions"
git config --global user.email "hot@example.com"
unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL

# The runs to lay out for, most frequent first: the order of first sight is
# the order in the file.
runs=(
    "--version"
    "new p1 --framework flask --yes --quiet --no-git"
    "new p2 --framework flask --yes --quiet"
    "new p3 --yes"
    "new p4 --framework express --yes --quiet"
    "new p5 --framework django --needs orm,auth,admin --realtime yes --data yes --yes --quiet"
    "recommend --yes"
)
: >"$work/names"
for binary in "${binaries[@]}"; do
    for run in "${runs[@]}"; do
        rm -rf "$work"/p?
        # shellcheck disable=SC2086 # each run is a list of words
        (cd "$work" && valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/profile" \
            "$binary" $run >/dev/null 2>&1)
        # `fn=(id) name` names a function the first time; `cfn=` a callee.
        sed -n 's/^c\{0,1\}fn=([0-9]*) \(.*\)$/\1/p' "$work/profile" >>"$work/names"
    done
    nm --defined-only "$binary" | awk '{print $3}' >>"$work/defined"
done

mkdir -p "$(dirname "$out")"
# First sight order, once each, and only names the binaries define (not the
# shared libraries' or the loader's).
awk 'NR == FNR { defined[$0] = 1; next } defined[$0] && !seen[$0]++' "$work/defined" "$work/names" >"$out"
echo "== $(wc -l <"$out") functions written to ${out#"$root"/}" >&2
