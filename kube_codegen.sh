#!/usr/bin/env bash

# kubegen's drop-in for k8s.io/code-generator's kube_codegen.sh.
#
# An API repo's hack/update-codegen.sh sources it and calls its functions
# with the same flags as upstream's:
#
#   CODEGEN_PKG=$(go list -m -f '{{.Dir}}' github.com/kubegen/kubegen)
#   source "${CODEGEN_PKG}/kube_codegen.sh"
#   kube::codegen::gen_helpers --boilerplate hack/boilerplate.go.txt ./pkg/apis
#
# Each function is one call of the kubegen command (cmd/kubegen, installed
# into GOBIN as upstream installs its generators), which takes the same
# flags and finds the input packages by the same tags; its manual is
# `go doc github.com/kubegen/kubegen/generators/codegen`.
#
# Beyond upstream: files are rewritten only when they change, an unchanged
# tree is recognised without loading it (KUBEGEN_CACHE=off disables that),
# and KUBEGEN_VERIFY=1 turns every call into a check that writes nothing
# and fails with a diff when generated code is out of date.
#
# KUBEGEN_BATCH=FILE runs nothing: each call is appended to FILE instead,
# as the arguments of one call of 'kubegen all' ("-C <dir> <call> <args>"
# and a "--", each NUL-terminated), so that a driver script can run the
# calls of several update-codegen.sh scripts over one load. Arguments that
# are process substitutions (<(...)) are saved beside FILE first, since
# they can be read only once, now. Nothing is generated while recording,
# so a script that runs a program over an earlier call's output (go run
# .../models-schema) needs that step replaced: hack/kubernetes-codegen.sh
# turns it into --applyconfig-schema-from-openapi.

set -o errexit
set -o nounset
set -o pipefail

KUBE_CODEGEN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"

# kube::codegen::internal::kubegen CALL ARGS...: installs kubegen into GOBIN
# (once per shell) and runs one call with upstream's default boilerplate.
function kube::codegen::internal::kubegen() {
    if [ -z "${KUBE_CODEGEN_KUBEGEN:-}" ]; then
        local gobin
        gobin="$(go env GOBIN)"
        export GOBIN="${gobin:-$(go env GOPATH)/bin}"
        ( cd "${KUBE_CODEGEN_ROOT}" && GO111MODULE=on go install ./cmd/kubegen )
        KUBE_CODEGEN_KUBEGEN="${GOBIN}/kubegen"
    fi
    local call="$1"
    shift
    if [ -n "${KUBEGEN_BATCH:-}" ]; then
        kube::codegen::internal::record "${call}" "$@"
        return
    fi
    local verify=()
    if [ "${KUBEGEN_VERIFY:-0}" = 1 ]; then
        verify=(--verify)
    fi
    "${KUBE_CODEGEN_KUBEGEN}" "${call}" \
        --boilerplate "${KUBE_CODEGEN_ROOT}/hack/boilerplate.go.txt" \
        "${verify[@]:+"${verify[@]}"}" \
        "$@"
}

# kube::codegen::internal::record CALL ARGS...: appends the call to
# ${KUBEGEN_BATCH}.
function kube::codegen::internal::record() {
    local args=(-C "${PWD}" "$1" --boilerplate "${KUBE_CODEGEN_ROOT}/hack/boilerplate.go.txt")
    shift
    local a saved
    for a in "$@"; do
        case "${a}" in
            /dev/fd/* | /proc/self/fd/*)
                saved="$(mktemp "${KUBEGEN_BATCH}.input.XXXXXX")"
                cat "${a}" > "${saved}"
                a="${saved}"
                ;;
        esac
        args+=("${a}")
    done
    printf '%s\0' "${args[@]}" -- >> "${KUBEGEN_BATCH}"
}

# Generate tagged helper code: deepcopy, validations, defaulters and
# conversions, in kube_codegen.sh's order.
#
# USAGE: kube::codegen::gen_helpers [FLAGS] <input-dir>
#   --boilerplate <file>, --extra-peer-dir <pkg>, --lint-rules <rules>
function kube::codegen::gen_helpers() {
    kube::codegen::internal::kubegen helpers "$@"
}

# Generate scheme registration code (zz_generated.register.go) for packages
# with +groupName.
#
# USAGE: kube::codegen::gen_register [FLAGS] <input-dir>
#   --boilerplate <file>, --lint-rules <rules>
function kube::codegen::gen_register() {
    kube::codegen::internal::kubegen register "$@"
}

# Generate OpenAPI definitions.
#
# USAGE: kube::codegen::gen_openapi [FLAGS] <input-dir>
#   --output-dir <dir>, --output-pkg <pkg>, --extra-pkgs <pkg>,
#   --report-filename <file>, --update-report, --output-model-name-file <name>,
#   --boilerplate <file>
function kube::codegen::gen_openapi() {
    kube::codegen::internal::kubegen openapi "$@"
}

# Generate client code: clientset, and with --with-watch listers and
# informers, with --with-applyconfig apply configurations.
#
# USAGE: kube::codegen::gen_client [FLAGS] <input-dir>
#   --output-dir <dir>, --output-pkg <pkg>, --one-input-api <dir>,
#   --boilerplate <file>, --clientset-name <name>, --versioned-name <name>,
#   --with-applyconfig, --applyconfig-name <name>,
#   --applyconfig-externals <list>, --applyconfig-openapi-schema <file>,
#   --with-watch, --listers-name <name>, --informers-name <name>,
#   --plural-exceptions <list>, --prefers-protobuf, --lint-rules <rules>
function kube::codegen::gen_client() {
    kube::codegen::internal::kubegen client "$@"
}
