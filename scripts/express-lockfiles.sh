#!/usr/bin/env bash
# Regenerates the Express lockfiles from the templates themselves:
# templates/express/lockfiles/base.json (no layer that adds dependencies) and
# templates/express/lockfiles/<layers>.json, one per set of layers an Express
# starter can have (`orm`, `orm+realtime`, ...).
#
# Run it after changing a dependency of the Express starter or of one of its
# layers (src/core/framework.rs, templates/express/template.toml). It generates
# every combination of answers with scaffold, lets npm resolve each
# package.json into a lock (no install, no scripts), and stores the lock as
# npm wrote it, for a project named `app`. scaffold sets the project's name
# and Node.js floor (`name`, `packages[""].name`,
# `packages[""].engines.node`) when it generates a project. Needs cargo, node
# and npm, and the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --quiet
scaffold="$PWD/target/debug/scaffold"
templates="$PWD/templates/express"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

declare -A done_keys=()
for bits in $(seq 0 31); do
  needs=()
  (( bits & 1 )) && needs+=(orm)
  (( bits & 2 )) && needs+=(auth)
  (( bits & 4 )) && needs+=(admin)
  realtime=no; (( bits & 8 )) && realtime=yes
  data=no; (( bits & 16 )) && data=yes
  needs_flag="$(IFS=,; echo "${needs[*]:-none}")"

  project="$work/$bits/app"
  mkdir -p "$work/$bits"
  json="$("$scaffold" new "$project" --framework express --needs "$needs_flag" \
    --realtime "$realtime" --data "$data" --size small --team javascript \
    --description "" --author "" --yes --no-git --quiet --json)"
  key="$(node -e 'const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
    process.stdout.write(r.features.generated.join("+"))' <<<"$json")"
  if [[ -n "${done_keys[${key:-base}]:-}" ]]; then
    continue
  fi
  done_keys[${key:-base}]=1

  rm -f "$project/package-lock.json"
  (cd "$project" && npm install --package-lock-only --ignore-scripts \
    --omit-lockfile-registry-resolved --no-audit --no-fund --loglevel=error >/dev/null)

  mkdir -p "$templates/lockfiles"
  target="$templates/lockfiles/${key:-base}.json"
  cp "$project/package-lock.json" "$target"
  echo "wrote ${target#"$PWD/"} (layers: ${key:-none})"
done
