#!/usr/bin/env bash
# Regenerates the Express lockfile templates from the templates themselves:
# templates/express/package-lock.json.hbs (no layers) and
# templates/express/+lockfiles/<layers>.json.hbs, one per set of layers an
# Express starter can have (`orm`, `orm+realtime`, ...).
#
# Run it after changing a dependency of the Express starter or of one of its
# layers (src/framework.rs, src/features.rs). It generates every combination
# of answers with scaffold, lets npm resolve each package.json into a lock
# (no install, no scripts), and stores the lock with the project name and the
# Node.js floor as template variables. Needs cargo, node and npm, and the
# npm registry.
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

  project="$work/p$bits"
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

  if [[ -z "$key" ]]; then
    target="$templates/package-lock.json.hbs"
  else
    mkdir -p "$templates/+lockfiles"
    target="$templates/+lockfiles/$key.json.hbs"
  fi
  # The project's name and the Node.js floor become template variables again.
  node -e '
    const fs = require("fs");
    const lock = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    const root = lock.packages[""];
    lock.name = root.name = "@@PACKAGE@@";
    if (root.engines && root.engines.node) {
      root.engines.node = root.engines.node.replace(/\d+(\.\d+)*$/, "@@RUNTIME_MIN@@");
    }
    const text = JSON.stringify(lock, null, 2) + "\n";
    if (text.includes("{{")) throw new Error("the lock holds handlebars braces");
    process.stdout.write(text
      .replaceAll("\"@@PACKAGE@@\"", "{{json package}}")
      .replaceAll("@@RUNTIME_MIN@@", "{{runtime_min}}"));
  ' "$project/package-lock.json" >"$target"
  echo "wrote ${target#"$PWD/"} (layers: ${key:-none})"
done
