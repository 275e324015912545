#!/usr/bin/env bash
# Regenerates the docs of kubegen's own CLIs with gendocs: markdown in
# docs/cli/, man pages in docs/man/.
#
#   hack/update-docs.sh [--verify] [<import path>.<Func> ...]
#
# With no roots it documents every CLI in ROOTS below; add new CLIs there.
# --verify writes nothing and fails when the docs are out of date (that is
# hack/verify-docs.sh). The docs carry no date, so SOURCE_DATE_EPOCH is
# ignored here.
set -euo pipefail
cd "$(dirname "$0")/.."

ROOTS=(
  github.com/kubegen/kubegen/cmd/gendocs/app.New
)

verify=()
if [[ "${1:-}" == "--verify" ]]; then
  verify=(--verify)
  shift
fi
if [[ $# -gt 0 ]]; then
  ROOTS=("$@")
fi
unset SOURCE_DATE_EPOCH

bin="$(mktemp -d)"
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/gendocs" ./cmd/gendocs

status=0
for root in "${ROOTS[@]}"; do
  "$bin/gendocs" --root "$root" --format markdown --output-dir docs/cli "${verify[@]}" || status=$?
  "$bin/gendocs" --root "$root" --format man --output-dir docs/man \
    --man-source kubegen --man-manual "kubegen Manual" "${verify[@]}" || status=$?
done
exit "$status"
