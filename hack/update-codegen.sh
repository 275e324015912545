#!/usr/bin/env bash
# Regenerates the example API's generated code with kubegen, as an API
# repo's update-codegen.sh would with kube_codegen.sh, in one run over one
# package load:
#
#   1. deep-copy functions, defaulters (shop/v1) and conversions (shop/v1
#      to and from the internal version, examples/apis/shop) in
#      examples/apis;
#   2. OpenAPI definitions (and the API rule report, examples/api-rules) in
#      examples/generated/openapi;
#   3. the clientset, listers, informers and apply configurations in
#      examples/generated, the apply configurations' schema evaluated from
#      the definitions of step 2 (--applyconfig-schema-from-openapi: what
#      kubernetes gets by building and running its models-schema command;
#      examples/generated/openapi/models-schema is that command, which the
#      tests compare the evaluation with).
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
        ./examples/apis \
    -- client "$@" --boilerplate "${header}" \
        --with-watch \
        --with-applyconfig \
        --applyconfig-schema-from-openapi \
        --output-dir examples/generated \
        --output-pkg "${module}/examples/generated" \
        ./examples/apis
