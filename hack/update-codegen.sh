#!/usr/bin/env bash
# Regenerates the example API's generated code with kubegen, from one
# package load, as an API repo's update-codegen.sh would with
# kube_codegen.sh: deep-copy functions in examples/apis; OpenAPI
# definitions (and the API rule report in examples/api-rules), the
# clientset, listers and informers in examples/generated. Pass --verify
# (hack/verify-codegen.sh does) to check instead: nothing is written,
# out-of-date files are shown as a diff, and the exit code is 1.
set -o errexit -o nounset -o pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

module=github.com/kubegen/kubegen
header=hack/boilerplate.go.txt

go run ./cmd/kubegen all \
    helpers "$@" --boilerplate "${header}" ./examples/apis \
    -- openapi "$@" --boilerplate "${header}" \
        --output-dir examples/generated/openapi \
        --output-pkg "${module}/examples/generated/openapi" \
        --report-filename examples/api-rules/violation_exceptions.list \
        --update-report \
        ./examples/apis \
    -- client "$@" --boilerplate "${header}" \
        --with-watch \
        --output-dir examples/generated \
        --output-pkg "${module}/examples/generated" \
        ./examples/apis
