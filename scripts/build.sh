#!/usr/bin/env bash
# A strict build that never leaves a half-written site/: build into a temporary folder,
# and swap it in only when the whole build has succeeded.
set -euo pipefail
out="${1:-site}"
tmp="$(mktemp -d "${out%/}.tmp.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
# No --quiet: it hides warnings from --strict, which then lets a broken link through.
.venv/bin/mkdocs build --strict -d "$tmp"
rm -rf "$out.old"
[ -e "$out" ] && mv "$out" "$out.old"
mv "$tmp" "$out"
rm -rf "$out.old"
trap - EXIT
echo "Built $out/"
