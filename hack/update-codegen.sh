#!/usr/bin/env bash
# Regenerates the example API's generated code with kubegen's own
# generators: deep-copy functions in examples/apis, listers in
# examples/generated/listers. Pass --verify (hack/verify-codegen.sh does) to
# check instead: nothing is written, out-of-date files are shown as a diff,
# and the exit code is 1.
set -o errexit -o nounset -o pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

module=github.com/kubegen/kubegen

go run ./cmd/gen-deepcopy "$@" \
    --go-header-file hack/boilerplate.go.txt \
    --output-file zz_generated.deepcopy.go \
    ./examples/apis/...

go run ./cmd/gen-lister "$@" \
    --go-header-file hack/boilerplate.go.txt \
    --output-dir examples/generated/listers \
    --output-pkg "${module}/examples/generated/listers" \
    ./examples/apis/...
