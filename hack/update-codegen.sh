#!/usr/bin/env bash
# Regenerates the example API's generated code with kubegen, as an API
# repo's update-codegen.sh would with kube_codegen.sh:
#
#   1. deep-copy functions in examples/apis, OpenAPI definitions (and the
#      API rule report, examples/api-rules) in examples/generated/openapi,
#      from one package load;
#   2. the models schema of those definitions (the example's own
#      models-schema command, as kubernetes does it), for
#   3. the clientset, listers, informers and apply configurations in
#      examples/generated.
#
# Pass --verify (hack/verify-codegen.sh does) to check instead: nothing is
# written, out-of-date files are shown as a diff, and the exit code is 1.
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
        --output-model-name-file zz_generated.model_name.go \
        --extra-pkgs k8s.io/apimachinery/pkg/util/intstr \
        ./examples/apis

mkdir -p _output
go run ./examples/generated/openapi/models-schema > _output/models-schema.json

go run ./cmd/kubegen client "$@" --boilerplate "${header}" \
    --with-watch \
    --with-applyconfig \
    --applyconfig-openapi-schema _output/models-schema.json \
    --output-dir examples/generated \
    --output-pkg "${module}/examples/generated" \
    ./examples/apis
