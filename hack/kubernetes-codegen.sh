#!/usr/bin/env bash
# Runs the generator steps of kubernetes v1.37.2's hack/update-codegen.sh
# over a kubernetes tree with kubegen: every step's generator with that
# script's flags and package selection, all of them in ONE 'kubegen all'
# invocation (one package load), instead of one build and one load per
# step.
#
#   hack/kubernetes-codegen.sh TREE [--verify] [CODEGEN...]
#
# TREE is a kubernetes checkout (or a tree assembled by
# hack/kubernetes-tree.sh). CODEGEN names steps as update-codegen.sh's
# arguments do (regular expressions matched against the step names; all
# steps without one). --verify writes nothing: kubegen prints a diff of
# every out-of-date, missing or stale file, and the exit code is 1 if there
# is one.
#
# The steps, in update-codegen.sh's order:
#   protobuf      go-to-protobuf over the +k8s:protobuf-gen=package packages
#                 (kubegen's, which needs no protoc)
#   deepcopy, swagger (genswaggertypedocs, as update-codegen.sh wraps it),
#   prerelease, defaults, validation (with its --test-output-root files),
#   conversions, register
#   openapi       with the API rule report: _output/api_violations.report,
#                 compared with api/api-rules/violation_exceptions.list as
#                 update-codegen.sh does (an ERROR line, not a failure);
#                 with --verify, or UPDATE_API_KNOWN_VIOLATIONS=true, the
#                 report is the known list itself, so --verify fails on a
#                 new violation
#   applyconfigs  the schema evaluated in process from the openapi step's
#                 definitions (applyconfiguration-gen --schema-from-openapi)
#                 instead of building and running models-schema
#   clients, listers, informers
#   subprojects   the sub-projects' own hack/update-codegen.sh, with
#                 CODEGEN_PKG pointing at kubegen's kube_codegen.sh in its
#                 batch mode (KUBEGEN_BATCH): the calls they make join the
#                 one run, after the steps above, and their
#                 'go run .../models-schema' is not built (the schema is
#                 evaluated in process from their openapi call's
#                 definitions). Sub-projects missing from TREE are skipped
#                 with a note (the module proxy does not publish
#                 code-generator/examples or sample-controller, so an
#                 assembled tree lacks them).
#   protobindings NOT done: protoc-gen-go bindings of the CRI/kubelet
#                 api.proto files are out of scope (a note is printed).
#
# Package selection is update-codegen.sh's: ALL_K8S_TAG_FILES are the Go
# files with a '^// *+k8s:' line, outside vendor/, testdata, _codegenignore
# directories and directories of nested go.work files; each step greps them
# for its tag. In a git work tree the files are listed with git as there
# (tracked, modified and untracked, not ignored); elsewhere with find
# (skipping .git and _output* too).
#
# Files update-codegen.sh deletes before a step and that the step no longer
# generates (a package that dropped its tag) are removed too, or reported
# by --verify. Files whose bytes do not change are not rewritten.
#
# Environment:
#   KUBE_VERBOSE                  generator log level (default 1, as upstream)
#   KUBE_CODEGEN_KUBEGEN          the kubegen binary (default: go install
#                                 ./cmd/kubegen of this repository, as
#                                 kube_codegen.sh does)
#   KUBEGEN_CACHE                 kubegen's cache (off: no cache)
#   UPDATE_API_KNOWN_VIOLATIONS, API_KNOWN_VIOLATIONS_DIR  as upstream
set -o errexit -o nounset -o pipefail

KUBEGEN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"

usage() {
    echo "usage: $0 TREE [--verify] [CODEGEN...]" >&2
    exit 2
}
[[ $# -ge 1 ]] || usage
KUBE_ROOT="$(cd "$1" && pwd -P)"
shift
verify=()
patterns=()
for arg; do
    case "${arg}" in
        --verify) verify=(--verify) ;;
        -*) usage ;;
        *) patterns+=("${arg}") ;;
    esac
done
cd "${KUBE_ROOT}"
[[ -f hack/update-codegen.sh && -f hack/lib/init.sh ]] || { echo "${KUBE_ROOT}: not a kubernetes tree" >&2; exit 2; }

export LC_ALL=C
KUBE_VERBOSE="${KUBE_VERBOSE:-1}"
GENERATED_FILE_PREFIX="${GENERATED_FILE_PREFIX:-zz_generated.}"
UPDATE_API_KNOWN_VIOLATIONS="${UPDATE_API_KNOWN_VIOLATIONS:-}"
API_KNOWN_VIOLATIONS_DIR="${API_KNOWN_VIOLATIONS_DIR:-"${KUBE_ROOT}/api/api-rules"}"
OUT_DIR="_output"
BOILERPLATE_FILENAME="hack/boilerplate/boilerplate.generatego.txt"
APPLYCONFIG_PKG="k8s.io/client-go/applyconfigurations"
PLURAL_EXCEPTIONS="Endpoints:Endpoints"
LINT_RULES="--lint-rules=known-tags-only,require-explicit-disablement"

all_codegens=(protobuf deepcopy swagger prerelease defaults validation conversions register
    openapi applyconfigs clients listers informers subprojects protobindings)
codegens=()
for p in "${patterns[@]:+"${patterns[@]}"}"; do
    n=0
    for g in "${all_codegens[@]}"; do
        if [[ "${g}" =~ ${p} ]]; then
            n=$((n + 1))
            [[ " ${codegens[*]:-} " == *" ${g} "* ]] || codegens+=("${g}")
        fi
    done
    [[ ${n} -gt 0 ]] || { echo "ERROR: no codegens match pattern '${p}' (available: ${all_codegens[*]})" >&2; exit 1; }
done
[[ ${#codegens[@]} -gt 0 ]] || codegens=("${all_codegens[@]}")
wants() { [[ " ${codegens[*]} " == *" $1 "* ]]; }

status() { echo "+++ $*"; }

# The group versions of hack/lib/init.sh, read from it without sourcing
# all of hack/lib.
eval "$(sed -n -e '/^KUBE_AVAILABLE_GROUP_VERSIONS=/,/^}"/p' -e '/^KUBE_NONSERVER_GROUP_VERSIONS=/,/^"/p' hack/lib/init.sh)"

work=$(mktemp -d)
trap 'rm -rf "${work}"' EXIT

use_git=""
[[ "$(git rev-parse --show-toplevel 2>/dev/null)" == "${KUBE_ROOT}" ]] && use_git=1

# codegen::protobuf's packages: every file under cmd, pkg and staging with
# the tag (not only the listed files), found while the rest is listed.
if wants protobuf; then
    if [[ -n "${use_git}" ]]; then
        git grep --untracked --null -l -e '// +k8s:protobuf-gen=package' -- cmd pkg staging
    else
        grep -r -l --null -F -e '// +k8s:protobuf-gen=package' cmd pkg staging
    fi > "${work}/protobuf-files" &
fi

# --- The files update-codegen.sh's git_find and git_grep see, one a line.
files="${work}/files"
if [[ -n "${use_git}" ]]; then
    # DIRS_TO_AVOID: directories of nested go.work files and of files under
    # _codegenignore.
    avoid=()
    while IFS= read -r f; do
        avoid+=(":!:$(dirname "${f}")")
    done < <(git ls-files -cmo --exclude-standard -- ':!:vendor/*' ':(glob)*/**/go.work' ':(glob)**/_codegenignore/**')
    git ls-files -cmo --exclude-standard -- ':!:vendor/*' "${avoid[@]:+"${avoid[@]}"}" | uniq > "${files}"
else
    find . \( -path ./vendor -o -path ./.git -o -path './_output*' -o -name _codegenignore \) -prune -o -type f -print \
        | sed 's|^\./||' \
        | awk '{ f[NR] = $0; d = $0; if (sub("/go\\.work$", "", d)) { nested[d] = 1; n++ } }
            END { for (i = 1; i <= NR; i++) { p = f[i]; keep = 1
                while (n && keep && sub("/[^/]*$", "", p)) if (p in nested) keep = 0
                if (keep) print f[i] } }' > "${files}"
fi

# files_named REGEXP: the listed files whose name matches REGEXP.
files_named() { grep -E "(^|/)$1\$" "${files}" || true; }

# ALL_K8S_TAG_FILES (NUL-separated): Go files, not under a testdata
# directory, with a "+k8s:" tag line.
tag_files="${work}/tag-files"
{ grep -E '\.go$' "${files}" | grep -vE '.+/testdata/' | tr '\n' '\0' \
    | xargs -0 -r grep -l --null -s -e '^// *+k8s:' || true; } > "${tag_files}"

# dirnames: dirname of each NUL-terminated path on stdin, one a line.
dirnames() { tr '\0' '\n' | sed -e 's|/[^/]*$||;t' -e 's|.*|.|'; }

# tag_dirs PATTERN [FILES]: the sorted directories of the tagged files
# (NUL-separated) matching PATTERN (a basic regular expression, as grep
# takes it).
tag_dirs() {
    { xargs -0 -r grep -l --null -s -e "$1" < "${2:-${tag_files}}" || true; } | dirnames | sort -u
}

# group-version-to-pkg-path of hack/lib/util.sh, with the API directories
# listed once.
declare -A apidirs=()
while IFS= read -r d; do apidirs["${d}"]=1; done < <(sed -n 's|^staging/src/k8s\.io/api/\(.*\)/types\.go$|\1|p' "${files}")
gv_to_dir() {
    local gv="$1" simple="${1/.*k8s.io/}"
    if [[ -n "${apidirs[${simple}]:-}" ]]; then echo "staging/src/k8s.io/api/${simple}"; return; fi
    case "${gv}" in
        v1) echo "staging/src/k8s.io/api/core/v1" ;;
        __internal) echo "pkg/apis/core" ;;
        meta/v1) echo "staging/src/k8s.io/apimachinery/pkg/apis/meta/v1" ;;
        meta/v1beta1) echo "staging/src/k8s.io/apimachinery/pkg/apis/meta/v1beta1" ;;
        internal.apiserver.k8s.io/v1alpha1) echo "staging/src/k8s.io/api/apiserverinternal/v1alpha1" ;;
        *.k8s.io) echo "pkg/apis/${gv%.*k8s.io}" ;;
        *.k8s.io/*) echo "pkg/apis/${gv/.*k8s.io/}" ;;
        *) echo "pkg/apis/${gv%__internal}" ;;
    esac
}

# --- Stale files: what a step deletes before it runs and will not write.
stale=()
# orphans KEEP_DIRS_FILE: the files read from stdin (one a line) whose
# directory is not in KEEP_DIRS_FILE (one a line) are stale.
orphans() {
    local f
    while IFS= read -r f; do
        stale+=("${f}")
    done < <(awk -v keep="$1" 'BEGIN { while ((getline d < keep) > 0) k[d] = 1 }
        { d = $0; if (!sub("/[^/]*$", "", d)) d = "."; if (!(d in k)) print }')
}

args=(all)
add_call() {
    [[ ${#args[@]} -eq 1 ]] || args+=(--)
    args+=("$@" "${verify[@]:+"${verify[@]}"}")
}
# tag_step NAME FILE PATTERN TOOL [FLAGS...]: a step over the tagged
# directories ("./dir") that writes FILE into each. The files it deletes
# first are those called FILE, or matching ${step_files} if set, but
# those matching ${step_owned} (which kubegen removes itself when stale).
tag_step() {
    local what="$1" file="$2" pattern="$3" tool="$4"
    shift 4
    tag_dirs "${pattern}" > "${work}/${what}"
    local pkgs=()
    mapfile -t pkgs < <(sed 's|^|./|' "${work}/${what}")
    status "Generating ${what} code for ${#pkgs[@]} targets"
    orphans "${work}/${what}" < <(files_named "${step_files:-${file//./\\.}}" | grep -vE "${step_owned:-^$}" || true)
    [[ ${#pkgs[@]} -gt 0 ]] || return 0
    add_call "${tool}" -v "${KUBE_VERBOSE}" --go-header-file "${BOILERPLATE_FILENAME}" \
        --output-file "${file}" "${LINT_RULES}" "$@" "${pkgs[@]}"
}

if wants protobuf; then
    wait # for the files with the tag
    apis=()
    mapfile -t apis < <(dirnames < "${work}/protobuf-files" | sed 's|^|k8s.io/kubernetes/|;s|k8s.io/kubernetes/staging/src/||' | sort -u)
    status "Generating protobufs for ${#apis[@]} targets"
    # go-to-protobuf's --apimachinery-packages (its default) are generated
    # too.
    { printf '%s\n' "${apis[@]}"; printf 'k8s.io/apimachinery/%s\n' pkg/util/intstr pkg/api/resource pkg/runtime/schema \
        pkg/runtime pkg/apis/meta/v1 pkg/apis/meta/v1beta1 pkg/apis/testapigroup/v1; } \
        | sed 's|^k8s.io/kubernetes/||;t;s|^|staging/src/|' > "${work}/protobuf"
    orphans "${work}/protobuf" < <(files_named 'generated\.(proto|pb\.go|protomessage\.pb\.go)')
    add_call go-to-protobuf -v "${KUBE_VERBOSE}" \
        --go-header-file "${KUBE_ROOT}/hack/boilerplate/boilerplate.generatego.txt" \
        --output-dir="${KUBE_ROOT}/staging/src" \
        --proto-import="${KUBE_ROOT}/staging/src" \
        --proto-import="${KUBE_ROOT}/vendor" \
        --proto-import="${KUBE_ROOT}/third_party/protobuf" \
        --packages="$(IFS=, ; echo "${apis[*]}")"
fi

wants deepcopy && tag_step deepcopy "${GENERATED_FILE_PREFIX}deepcopy.go" '+k8s:deepcopy-gen=' deepcopy-gen

if wants swagger; then
    read -r -a group_versions <<< "meta/v1 meta/v1beta1 ${KUBE_AVAILABLE_GROUP_VERSIONS}"
    status "Generating swagger for ${#group_versions[@]} targets"
    for gv in "${group_versions[@]}"; do gv_to_dir "${gv}"; done > "${work}/swagger"
    orphans "${work}/swagger" < <(files_named types_swagger_doc_generated\\.go)
    # genswaggertypedocs -s types.go, wrapped as gen_types_swagger_doc
    # wraps it, for each group version.
    add_call genswaggertypedocs --go-header-file "${BOILERPLATE_FILENAME}" $(sed 's|^|./|' "${work}/swagger")
fi

wants prerelease && tag_step prerelease-lifecycle "${GENERATED_FILE_PREFIX}prerelease-lifecycle.go" \
    '+k8s:prerelease-lifecycle-gen=true' prerelease-lifecycle-gen

wants defaults && tag_step defaulter "${GENERATED_FILE_PREFIX}defaults.go" '+k8s:defaulter-gen=' defaulter-gen

if wants validation; then
    # It deletes every file called so (its test files beside the
    # validations too); kubegen owns the fixtures under the test output
    # root as a whole.
    prefix="${GENERATED_FILE_PREFIX}validations."
    step_files="${prefix//./\\.}[^/]*" step_owned='^test/declarative_validation/' \
        tag_step validation "${prefix}go" '+k8s:validation-gen=' validation-gen \
        --test-output-root "test/declarative_validation" \
        --test-output-file-prefix "${prefix}" \
        --test-allowlist "test/declarative_validation/coverage-allowlist.yaml" \
        $(printf -- " --readonly-pkg %s" k8s.io/apimachinery/pkg/api/resource k8s.io/apimachinery/pkg/runtime \
            k8s.io/apimachinery/pkg/types k8s.io/apimachinery/pkg/util/intstr time)
fi

wants conversions && tag_step conversion "${GENERATED_FILE_PREFIX}conversion.go" '^// *+k8s:conversion-gen=' conversion-gen \
    $(printf -- " --extra-peer-dirs %s" k8s.io/kubernetes/pkg/apis/core k8s.io/kubernetes/pkg/apis/core/v1 k8s.io/api/core/v1)

wants register && tag_step register "${GENERATED_FILE_PREFIX}register.go" '+k8s:register-gen=' register-gen

report_file=""
if wants openapi; then
    output_file="${GENERATED_FILE_PREFIX}openapi.go"
    output_dir="pkg/generated/openapi"
    known_violations_file="${API_KNOWN_VIOLATIONS_DIR}/violation_exceptions.list"
    report_file="${OUT_DIR}/api_violations.report"
    if [[ "${UPDATE_API_KNOWN_VIOLATIONS}" == true || ${#verify[@]} -gt 0 ]]; then
        report_file="${known_violations_file}"
    fi
    # k8s_tag_files_except code-generator and the samples.
    tr '\0' '\n' < "${tag_files}" | grep -vE 'staging/src/k8s\.io/(code-generator|sample-apiserver|sample-controller)/' \
        | tr '\n' '\0' > "${work}/openapi-files"
    pkgs=()
    mapfile -t pkgs < <(tag_dirs '+k8s:openapi' "${work}/openapi-files" | sed 's|^|./|')
    status "Generating openapi code"
    echo "${output_dir}" > "${work}/openapi"
    orphans "${work}/openapi" < <(files_named "${output_file//./\\.}" | grep '^pkg/generated/' || true)
    [[ "${report_file}" == "${known_violations_file}" ]] || mkdir -p "$(dirname "${report_file}")"
    add_call openapi-gen -v "${KUBE_VERBOSE}" --go-header-file "${BOILERPLATE_FILENAME}" \
        --output-file "${output_file}" --output-dir "${output_dir}" --output-pkg "k8s.io/kubernetes/${output_dir}" \
        --report-filename "${report_file}" --output-model-name-file "${GENERATED_FILE_PREFIX}model_name.go" "${pkgs[@]}"
fi

# ext_apis: the k8s.io/api directories with a types.go.
ext_apis=()
mapfile -t ext_apis < <(files_named types\\.go | sed -n 's|^staging/src/\(k8s\.io/api/.*\)/types\.go$|\1|p' | sort -u)

# client_orphans TOOL OUTPUT_DIR: client-go files generated by TOOL
# outside OUTPUT_DIR, which update-codegen.sh deletes (it finds them by
# their "Code generated by" line).
client_orphans() {
    if [[ ! -f "${work}/client-go-generated" ]]; then
        grep -E '^staging/src/k8s\.io/client-go/.*\.go$' "${files}" | tr '\n' '\0' \
            | { xargs -0 -r grep -H -m 1 -o -x -s -E '// Code generated by [a-z-]+\. DO NOT EDIT\.' || true; } \
            | sed 's|:// Code generated by \([a-z-]*\)\. DO NOT EDIT\.$| \1|' > "${work}/client-go-generated"
    fi
    local f
    while IFS= read -r f; do
        stale+=("${f}")
    done < <(awk -v tool="$1" -v dir="$2/" '$2 == tool && index($1, dir) != 1 { print $1 }' "${work}/client-go-generated")
}

if wants applyconfigs; then
    status "Generating apply-config code for $((${#ext_apis[@]} + 1)) targets"
    if ! wants openapi; then
        echo "applyconfigs: its schema comes from the openapi step's definitions: run it with openapi" >&2
        exit 1
    fi
    client_orphans applyconfiguration-gen "staging/src/${APPLYCONFIG_PKG}"
    add_call applyconfiguration-gen -v "${KUBE_VERBOSE}" --schema-from-openapi \
        --go-header-file "${BOILERPLATE_FILENAME}" \
        --output-dir "${KUBE_ROOT}/staging/src/${APPLYCONFIG_PKG}" --output-pkg "${APPLYCONFIG_PKG}" \
        "${ext_apis[@]}" k8s.io/apimachinery/pkg/apis/meta/v1
fi

if wants clients; then
    read -r -a group_versions <<< "${KUBE_AVAILABLE_GROUP_VERSIONS}"
    inputs=()
    for gv in "${group_versions[@]}"; do
        # (servable group versions only, leading pkg/, staging/.../api/ and
        # apis/ stripped)
        [[ " ${KUBE_NONSERVER_GROUP_VERSIONS} " == *" ${gv} "* ]] || gv_to_dir "${gv}"
    done > "${work}/clients"
    while IFS= read -r d; do
        d=${d#pkg/}
        d=${d#staging/src/k8s.io/api/}
        inputs+=(--input "${d#apis/}")
    done < "${work}/clients"
    status "Generating client code for $((${#inputs[@]} / 2)) targets"
    client_orphans client-gen staging/src/k8s.io/client-go
    add_call client-gen -v "${KUBE_VERBOSE}" --go-header-file "${BOILERPLATE_FILENAME}" \
        --output-dir "${KUBE_ROOT}/staging/src/k8s.io/client-go" --output-pkg=k8s.io/client-go \
        --clientset-name=kubernetes --input-base=k8s.io/api --plural-exceptions "${PLURAL_EXCEPTIONS}" \
        --apply-configuration-package "${APPLYCONFIG_PKG}" --prefers-protobuf "${inputs[@]}"
fi

if wants listers; then
    status "Generating lister code for ${#ext_apis[@]} targets"
    client_orphans lister-gen staging/src/k8s.io/client-go/listers
    add_call lister-gen -v "${KUBE_VERBOSE}" --go-header-file "${BOILERPLATE_FILENAME}" \
        --output-dir "${KUBE_ROOT}/staging/src/k8s.io/client-go/listers" --output-pkg k8s.io/client-go/listers \
        --plural-exceptions "${PLURAL_EXCEPTIONS}" "${ext_apis[@]}"
fi

if wants informers; then
    status "Generating informer code for ${#ext_apis[@]} targets"
    client_orphans informer-gen staging/src/k8s.io/client-go/informers
    add_call informer-gen -v "${KUBE_VERBOSE}" --go-header-file "${BOILERPLATE_FILENAME}" \
        --output-dir "${KUBE_ROOT}/staging/src/k8s.io/client-go/informers" --output-pkg k8s.io/client-go/informers \
        --single-directory --versioned-clientset-package k8s.io/client-go/kubernetes \
        --listers-package k8s.io/client-go/listers --plural-exceptions "${PLURAL_EXCEPTIONS}" "${ext_apis[@]}"
fi

# --- The sub-projects' own update-codegen.sh scripts, with kubegen's
# kube_codegen.sh in batch mode: their calls are recorded, not run, and
# join the one run below. Their 'go run .../models-schema' (the apply
# configurations' schema, printed by a program over the definitions their
# gen_openapi call writes) is not built: the schema is evaluated in process
# from that openapi call's definitions (--applyconfig-schema-from-openapi).
if wants subprojects; then
    batch="${work}/subprojects"
    : > "${batch}"
    models_schema_marker="kubegen: the schema of"
    # (exported into the scripts' shells, where <(go run ...) runs it)
    go() {
        if [[ "${1:-}" == run && "${2:-}" == */models-schema ]]; then
            echo "${models_schema_marker} $2"
        else
            command go "$@"
        fi
    }
    export -f go
    export models_schema_marker
    for sub in staging/src/k8s.io/code-generator/examples staging/src/k8s.io/kube-aggregator \
        staging/src/k8s.io/sample-apiserver staging/src/k8s.io/sample-controller staging/src/k8s.io/metrics \
        staging/src/k8s.io/apiextensions-apiserver staging/src/k8s.io/apiextensions-apiserver/examples/client-go; do
        if [[ ! -f "${sub}/hack/update-codegen.sh" ]]; then
            status "Skipping subproject ${sub}: not in this tree"
            continue
        fi
        status "Generating code for subproject ${sub}"
        (
            cd "${sub}"
            KUBEGEN_BATCH="${batch}" \
            CODEGEN_PKG="${KUBEGEN_ROOT}" \
            UPDATE_API_KNOWN_VIOLATIONS="${UPDATE_API_KNOWN_VIOLATIONS}" \
            API_KNOWN_VIOLATIONS_DIR="${API_KNOWN_VIOLATIONS_DIR}" \
                bash ./hack/update-codegen.sh # (a tree from the module proxy lost the x bit)
        ) 2>&1 | sed 's/^/    /'
    done
    unset -f go
    call=()
    while IFS= read -r -d '' a; do
        if [[ "${a}" != -- ]]; then
            call+=("${a}")
            continue
        fi
        # --applyconfig-openapi-schema FILE, FILE printed by models-schema
        for i in "${!call[@]}"; do
            if [[ "${call[i]}" == --applyconfig-openapi-schema && "$(head -c ${#models_schema_marker} "${call[i + 1]}" 2>/dev/null)" == "${models_schema_marker}" ]]; then
                call=("${call[@]:0:i}" --applyconfig-schema-from-openapi "${call[@]:i+2}")
                break
            fi
        done
        add_call "${call[@]}"
        call=()
    done < "${batch}"
fi

# --- kubegen, as kube_codegen.sh finds it.
if [[ -z "${KUBE_CODEGEN_KUBEGEN:-}" ]]; then
    gobin="$(go env GOBIN)"
    export GOBIN="${gobin:-$(go env GOPATH)/bin}"
    (cd "${KUBEGEN_ROOT}" && GO111MODULE=on GOWORK=off go install ./cmd/kubegen)
    KUBE_CODEGEN_KUBEGEN="${GOBIN}/kubegen"
fi
export KUBE_CODEGEN_KUBEGEN

failed=0
if [[ ${#stale[@]} -gt 0 ]]; then
    if [[ ${#verify[@]} -gt 0 ]]; then
        printf 'stale: %s (update-codegen.sh deletes it, and no step generates it)\n' "${stale[@]}"
        failed=1
    else
        rm -f -- "${stale[@]}"
    fi
fi

if [[ ${#args[@]} -gt 1 ]]; then
    "${KUBE_CODEGEN_KUBEGEN}" "${args[@]}" || { failed=1; [[ ${#verify[@]} -gt 0 ]] || exit 1; }
fi

if [[ -n "${report_file}" && ${#verify[@]} -eq 0 && ${failed} -eq 0 ]]; then
    touch "${report_file}"
    if ! diff -u "${known_violations_file}" "${report_file}"; then
        echo -e "ERROR:"
        echo -e "\tAPI rule check failed - reported violations differ from known violations"
        echo -e "\tPlease read api/api-rules/README.md to resolve the failure in ${known_violations_file}"
    fi
fi

if wants protobindings; then
    status "Skipping protobindings: protoc-gen-go bindings of the api.proto files are not generated by kubegen"
fi
exit "${failed}"
