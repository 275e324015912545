#!/usr/bin/env bash
# Regenerates the example API's generated code (examples/apis) with
# kubegen's own generators. Pass --verify (hack/verify-codegen.sh does) to
# check instead: nothing is written, stale files are shown as a diff, and
# the exit code is 1.
set -o errexit -o nounset -o pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

go run ./cmd/gen-deepcopy "$@" \
    --go-header-file hack/boilerplate.go.txt \
    --output-file zz_generated.deepcopy.go \
    ./examples/apis/...
