# Shared by hack/realworld.sh and hack/bench-realworld.sh: the real-world
# targets, and the machinery that runs one target's generator sequence with
# upstream's tools or with kubegen's and compares the two trees.
#
# Source it. Outside a side's run (RW_IN_SIDE unset) it sets ROOT and
# RW_WORK (a temporary directory, removed on exit unless KEEP_WORK=1; when
# the caller already has a $WORK, that is used), RW_TOOLS (the built
# tools: $RW_TOOLS if set, so that several calls can share one build) and
# RW_KUBEGEN_ROOT (the kubegen tree the kubegen side is built from and
# whose kube_codegen.sh it sources: $RW_KUBEGEN_ROOT if set, e.g. an older
# checkout, else this one).
#
# A target is a few shell functions, named after it:
#
#   rw::<name>::def    sets RW_MODULE and RW_VERSION (fetched with
#                      `go mod download -json MODULE@VERSION`), and
#                      optionally RW_ENV (NAME=VALUE words both sides run
#                      with), RW_SKIP_TOOLS (tools the sequence calls that are
#                      skipped on both sides, e.g. controller-gen) and
#                      RW_NEEDS (one line: what the target needs, printed)
#   rw::<name>::prep   optional: runs once in the writable pristine copy
#                      (cwd), before each side gets its own copy of it; may
#                      write files for the sequence into $RW_TARGET_WORK
#   rw::<name>::seq    the sequence: runs in each side's copy (cwd) with
#                      errexit, the side's tools first on PATH, GOBIN the
#                      side's bin directory and CODEGEN_PKG the directory of
#                      the side's kube_codegen.sh. It marks its steps with
#                      `rw::step NAME` (they name the failing step and are
#                      timed).
#
# and its name in RW_TARGETS. Both sides see the same `go`: a wrapper that
# runs "go tool PKG ARGS" as the side's binary named after PKG's last
# element (scripts that call the generators through `go tool` need nothing
# else), skips "go tool X"/"go run .../X" for X in RW_SKIP_TOOLS, records
# failing `go run`s as steps, and passes everything else to the real go.

set -o errexit -o nounset -o pipefail

RW_TARGETS=(gateway-api gateway-api-inplace prometheus-operator prometheus-operator-named argo-rollouts-proto)
RW_CODEGEN_MODULE=k8s.io/code-generator@v0.37.2

# kubegen's commands, installed under the upstream names.
RW_KUBEGEN_TOOLS=(
    openapi-gen:gen-openapi
    applyconfiguration-gen:gen-applyconfig
    client-gen:gen-clientset
    lister-gen:gen-lister
    informer-gen:gen-informer
    register-gen:gen-register
    deepcopy-gen:gen-deepcopy
    defaulter-gen:gen-defaulter
    conversion-gen:gen-conversion
    go-to-protobuf:gen-protobuf
)
# The upstream tools: what kube_codegen.sh installs, plus register-gen.
RW_UPSTREAM_TOOLS=(
    k8s.io/code-generator/cmd/applyconfiguration-gen
    k8s.io/code-generator/cmd/client-gen
    k8s.io/code-generator/cmd/conversion-gen
    k8s.io/code-generator/cmd/deepcopy-gen
    k8s.io/code-generator/cmd/defaulter-gen
    k8s.io/code-generator/cmd/informer-gen
    k8s.io/code-generator/cmd/lister-gen
    k8s.io/code-generator/cmd/register-gen
    k8s.io/code-generator/cmd/validation-gen
    k8s.io/code-generator/cmd/go-to-protobuf
    k8s.io/code-generator/cmd/go-to-protobuf/protoc-gen-gogo
    k8s.io/kube-openapi/cmd/openapi-gen
)
# Upstream's go-to-protobuf also runs goimports (and protoc, which comes
# from the system: Debian's protobuf-compiler).
RW_UPSTREAM_GOIMPORTS=golang.org/x/tools/cmd/goimports@v0.47.0

# ---------------------------------------------------------------------------
# Targets.

# sigs.k8s.io/gateway-api: its own hack/update-clientset.sh, unchanged.
# It calls the generators as `go tool k8s.io/code-generator/cmd/...` (the
# wrapper maps them to the side's binaries): openapi-gen, then
# applyconfiguration-gen with --openapi-schema <(go run tools/modelschema)
# (a pipe), client-gen with --input-base/--input, lister-gen, informer-gen,
# register-gen; then controller-gen for deepcopy and a CRD check, which are
# skipped (kubegen has no controller-gen yet; the controller-gen output,
# zz_generated.deepcopy.go, stays as shipped on both sides).
rw::gateway-api::def() {
    RW_MODULE=sigs.k8s.io/gateway-api
    RW_VERSION=v1.6.3
    RW_ENV=(GOWORK=off)
    RW_SKIP_TOOLS=(controller-gen)
    RW_NEEDS="GOWORK=off (its go.work names ./tools, ./conformance, ./tests: nested modules the module zip leaves out); tools/modelschema supplied by the harness (it lives in the tools module, which is not on the proxy); generated files of the compared generators deleted first"
}
rw::gateway-api::prep() {
    # The module zip has no tools/ (a nested module); the script runs
    # `go run ${SCRIPT_ROOT}/tools/modelschema`: the harness's program, in
    # the main module, prints the same document from the same definitions.
    rw::write_modelschema tools/modelschema sigs.k8s.io/gateway-api/pkg/generated/openapi "Gateway API"
    # Delete what the compared generators wrote (the files carrying their
    # "Code generated by" line), as kube_codegen.sh does before it
    # generates: every file must be written by the sequence, none can pass
    # for being left as shipped.
    rw::delete_generated openapi-gen applyconfiguration-gen client-gen lister-gen informer-gen register-gen
}
rw::gateway-api::seq() {
    rw::step hack/update-clientset.sh
    bash hack/update-clientset.sh   # module zips keep no exec bits
}

# The same over the tree as shipped (nothing deleted first), as gateway-api
# runs it over its checkout, files rewritten in place. Generated files that
# a generator no longer writes (upstream v0.37.2 writes no apply
# configurations for type aliases) stay with upstream; kubegen removes them,
# and the comparison counts them as stale, not as differences.
rw::gateway-api-inplace::def() {
    rw::gateway-api::def
    RW_NEEDS="as gateway-api, but nothing deleted first"
}
rw::gateway-api-inplace::prep() {
    rw::write_modelschema tools/modelschema sigs.k8s.io/gateway-api/pkg/generated/openapi "Gateway API"
}
rw::gateway-api-inplace::seq() { rw::gateway-api::seq; }

# github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring: a
# module of its own rooted at the API directory, so the input dir is ".".
# prometheus-operator's own codegen (its Makefile, outside this module) uses
# controller-gen for deepcopy and client-gen, lister-gen, informer-gen
# directly, and no openapi-gen; this is the kube_codegen.sh sequence such a
# module would run: helpers, openapi (with core/v1 as an extra package: the
# monitoring types embed core/v1 types everywhere), client with watch and
# apply configurations. The apply configurations get no --openapi-schema:
# a models-schema program cannot be built here, because upstream's
# zz_generated.openapi.go for these types does not compile (ProbeSpec's
# properties have "authorization" twice: "duplicate key in map literal").
rw::prometheus-operator::def() {
    RW_MODULE=github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring
    RW_VERSION=v0.95.2
    RW_NEEDS="header taken from the shipped zz_generated.deepcopy.go (the module ships no boilerplate file); no applyconfig schema (upstream's openapi output does not compile)"
}
rw::prometheus-operator::prep() {
    rw::header_of v1/zz_generated.deepcopy.go > "$RW_TARGET_WORK/boilerplate.go.txt"
}
rw::prometheus-operator::seq() {
    local hdr=$RW_TARGET_WORK/boilerplate.go.txt
    source "${CODEGEN_PKG}/kube_codegen.sh"
    rw::step gen_helpers
    kube::codegen::gen_helpers --boilerplate "$hdr" .
    rw::step gen_openapi
    kube::codegen::gen_openapi --boilerplate "$hdr" \
        --output-dir openapi --output-pkg "$RW_MODULE/openapi" \
        --extra-pkgs k8s.io/api/core/v1 \
        --report-filename openapi/api_violations.list --update-report \
        .
    rw::step gen_client
    kube::codegen::gen_client --boilerplate "$hdr" \
        --with-watch --with-applyconfig \
        --output-dir client --output-pkg "$RW_MODULE/client" \
        .
}

# The same module as its users would more likely run it, with a client
# that compiles: kube_codegen.sh's gen_client takes <group>/<version> from
# the input directory's path and uses the input directory as client-gen's
# --input-base, so the input directory must be the group directory's
# parent: ".." (with "." the group is named "." and upstream writes the
# group's client to ._client.go, which Go ignores). And the core/v1 and
# apps/v1 types the monitoring types hold are mapped to client-go's apply
# configurations.
rw::prometheus-operator-named::def() {
    rw::prometheus-operator::def
    RW_NEEDS="as prometheus-operator; gen_client over \"..\" (the copy is named monitoring, as the group), with --applyconfig-externals for core/v1 and apps/v1"
}
rw::prometheus-operator-named::prep() { rw::prometheus-operator::prep; }
rw::prometheus-operator-named::seq() {
    local hdr=$RW_TARGET_WORK/boilerplate.go.txt ext=() t
    source "${CODEGEN_PKG}/kube_codegen.sh"
    for t in Affinity ConfigMapKeySelector Container EmptyDirVolumeSource EphemeralVolumeSource \
        LocalObjectReference PersistentVolumeClaimSpec PersistentVolumeClaimStatus PodDNSConfig \
        PodSecurityContext ResourceRequirements SecretKeySelector Toleration TopologySpreadConstraint \
        Volume VolumeMount; do
        ext+=("k8s.io/api/core/v1.$t:k8s.io/client-go/applyconfigurations/core/v1")
    done
    ext+=("k8s.io/api/apps/v1.StatefulSetPersistentVolumeClaimRetentionPolicy:k8s.io/client-go/applyconfigurations/apps/v1")
    rw::step gen_helpers
    kube::codegen::gen_helpers --boilerplate "$hdr" .
    rw::step gen_register
    kube::codegen::gen_register --boilerplate "$hdr" .
    rw::step gen_client
    kube::codegen::gen_client --boilerplate "$hdr" \
        --with-watch --with-applyconfig \
        --applyconfig-externals "$(IFS=,; echo "${ext[*]}")" \
        --output-dir client --output-pkg "$RW_MODULE/client" \
        ..
}

# github.com/argoproj/argo-rollouts: its Makefile's k8s-proto recipe
# (go-to-protobuf over its vendored dependencies, in a GOPATH-style copy of
# the API package under the module root, with a symlink to the real
# generated.proto; then the results copied back), step for step. Its
# --apimachinery-packages has no '-' entries, so both sides also rewrite
# the vendored k8s.io protobuf files: the whole tree, vendor/ included, is
# compared. Upstream's side runs with Debian's protoc (kubernetes pins
# 23.4, argo-rollouts installs its own); kubegen's needs none.
rw::argo-rollouts-proto::def() {
    RW_MODULE=github.com/argoproj/argo-rollouts
    RW_VERSION=v1.10.1
    RW_NEEDS="protoc on PATH for upstream (Debian protobuf-compiler, libprotobuf-dev for its include dir); vendor/ made with go mod vendor; the Makefile's install steps left out (v1.10.1: v1.10.2 needs Go 1.26.10)"
}
rw::argo-rollouts-proto::prep() {
    command -v protoc >/dev/null || { echo "argo-rollouts-proto: upstream needs protoc (apt-get install protobuf-compiler libprotobuf-dev)" >&2; return 1; }
    GOFLAGS=-mod=mod go mod vendor
}
rw::argo-rollouts-proto::seq() {
    local pkg=github.com/argoproj/argo-rollouts/pkg/apis/rollouts/v1alpha1 here=$PWD
    local apim=k8s.io/apimachinery/pkg/util/intstr,+k8s.io/apimachinery/pkg/api/resource,+k8s.io/apimachinery/pkg/runtime/schema,+k8s.io/apimachinery/pkg/runtime,k8s.io/apimachinery/pkg/apis/meta/v1,k8s.io/api/core/v1,k8s.io/api/batch/v1
    local gopath=$RW_TARGET_WORK/gopath-$RW_SIDE
    mkdir -p "$gopath/src"
    rw::step go-to-protobuf
    mkdir -p "$pkg"
    rm -f pkg/apis/rollouts/v1alpha1/generated.proto pkg/apis/rollouts/v1alpha1/generated.pb.go
    cp -f "$here"/pkg/apis/rollouts/v1alpha1/*.* "$pkg/"
    ln -sf "$here/pkg/apis/rollouts/v1alpha1/generated.proto" "$pkg/generated.proto"
    GOPATH=$gopath go-to-protobuf \
        --go-header-file=./hack/custom-boilerplate.go.txt \
        --packages="$pkg" \
        --apimachinery-packages="$apim" \
        --proto-import="$here/vendor" \
        --proto-import="$gopath/src" \
        --proto-import=/usr/include
    rm -f "$pkg/generated.proto"
    cp -Rf "$here/github.com/argoproj/argo-rollouts/pkg" . || true
    rm -Rf "$here/github.com/" "$here/k8s.io/"
}

# ---------------------------------------------------------------------------
# Helpers for targets.

# rw::step NAME: marks the start of a step of the sequence.
rw::step() {
    echo "realworld[$RW_SIDE]: step $1" >&2
    echo "$(date +%s.%N) $1" >> "$RW_STEPS"
}

# rw::header_of FILE: the license header of a generated Go file (the
# comment lines after its build tags, before the "Code generated" line).
rw::header_of() {
    awk '/^\/\/go:build|^\/\/ \+build/ {next}
         /^\/\/ Code generated/ {exit}
         started || /^(\/\/|\/\*)/ {started = 1; print}' "$1" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'
}

# rw::delete_generated GEN...: deletes the files under the current
# directory whose "Code generated by GEN. DO NOT EDIT." line names one of GEN.
rw::delete_generated() {
    local re
    re="^// Code generated by ($(IFS='|'; echo "$*"))\. DO NOT EDIT\.$"
    grep -rlE --include='*.go' --null "$re" . | xargs -0 -r rm -f
}

# rw::write_modelschema DIR OPENAPI_PKG TITLE: writes DIR/main.go, a
# program that prints the definitions of the generated package OPENAPI_PKG
# as a Swagger 2.0 document (what applyconfiguration-gen's --openapi-schema
# reads): each definition under its REST-friendly name, the OpenAPI v2
# form where a definition embeds one. It behaves as gateway-api's
# tools/modelschema (itself kubernetes' models-schema), which the module
# zip does not carry; the shipped applyconfiguration/internal/internal.go
# shows its spelling of model names (Condition.v1.meta.apis.pkg...).
rw::write_modelschema() {
    mkdir -p "$1"
    cat > "$1/main.go" <<EOF
// Command modelschema prints the OpenAPI definitions of $2
// as a Swagger 2.0 document on stdout. Written by kubegen's
// hack/realworld.sh for its comparison runs.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"

	defs "$2"
	"k8s.io/kube-openapi/pkg/common"
	"k8s.io/kube-openapi/pkg/validation/spec"
)

func main() {
	ref := func(name string) spec.Ref { return spec.MustCreateRef("#/definitions/" + restName(name)) }
	doc := spec.Swagger{SwaggerProps: spec.SwaggerProps{
		Swagger:     "2.0",
		Info:        &spec.Info{InfoProps: spec.InfoProps{Title: "$3", Version: "unversioned"}},
		Definitions: spec.Definitions{},
	}}
	for name, def := range defs.GetOpenAPIDefinitions(ref) {
		schema := def.Schema
		if v2, ok := schema.Extensions[common.ExtensionV2Schema].(spec.Schema); ok {
			schema = v2
		}
		doc.Definitions[restName(name)] = schema
	}
	out, err := json.Marshal(&doc)
	if err != nil {
		fmt.Fprintln(os.Stderr, "modelschema:", err)
		os.Exit(1)
	}
	os.Stdout.Write(out)
}

// restName is the name a definition gets in the document: the Go type
// path with its first element's dot-separated labels reversed and the
// slashes spelled as dots (example.com/group/v1.Kind becomes
// com.example.group/v1.Kind, then com.example.group.v1.Kind), as the
// programs kubernetes' apiserver and these repos use spell it. A model
// name (no slash) has its labels reversed as a whole, as theirs does.
func restName(name string) string {
	elems := strings.Split(name, "/")
	if strings.Contains(elems[0], ".") {
		labels := strings.Split(elems[0], ".")
		slices.Reverse(labels)
		elems[0] = strings.Join(labels, ".")
	}
	return strings.Join(elems, ".")
}
EOF
}

# ---------------------------------------------------------------------------
# Machinery.

# rw::moddir MODULE@VERSION: downloads a module through the proxy and
# prints its (read-only) directory in the module cache.
rw::moddir() {
    local json dir
    json=$(cd / && GOWORK=off GOFLAGS= go mod download -json "$1") || { echo "$json" >&2; return 1; }
    dir=$(sed -n 's/^\t"Dir": "\(.*\)",$/\1/p' <<< "$json")
    [[ -n $dir ]] || { echo "go mod download $1: no directory:" >&2; echo "$json" >&2; return 1; }
    echo "$dir"
}

# rw::copy SRC DST: a writable copy of a tree.
rw::copy() {
    rm -rf "$2"
    mkdir -p "$(dirname "$2")"
    cp -r "$1" "$2"
    chmod -R u+w "$2"
}

# rw::tools: builds both sides' tools into $RW_TOOLS/{upstream,kubegen}/bin.
# Upstream's are installed the way its kube_codegen.sh installs them: `go
# install` of the commands from (a writable copy of) the
# k8s.io/code-generator v0.37.2 module, so at the versions it pins (its
# kube-openapi for openapi-gen); kube_codegen.sh's own `go install` then
# finds them up to date. kubegen's are its cmd/gen-* under the upstream
# names, and cmd/kubegen (which kubegen's kube_codegen.sh installs too).
# Installs are incremental: a second call costs little.
rw::tools() {
    local ubin=$RW_TOOLS/upstream/bin kbin=$RW_TOOLS/kubegen/bin src=$RW_TOOLS/kubegen/gen t
    mkdir -p "$ubin" "$kbin" "$src"
    if [[ ! -f $RW_TOOLS/code-generator/kube_codegen.sh ]]; then
        rw::copy "$(rw::moddir "$RW_CODEGEN_MODULE")" "$RW_TOOLS/code-generator"
    fi
    (cd "$RW_TOOLS/code-generator" && GOWORK=off GOBIN=$ubin GO111MODULE=on go install "${RW_UPSTREAM_TOOLS[@]}")
    [[ -x $ubin/goimports ]] || (cd / && GOWORK=off GOFLAGS= GOBIN=$ubin go install "$RW_UPSTREAM_GOIMPORTS")
    local pkgs=(./cmd/kubegen)
    for t in "${RW_KUBEGEN_TOOLS[@]}"; do pkgs+=("./cmd/${t#*:}"); done
    (cd "$RW_KUBEGEN_ROOT" && GOWORK=off GOBIN=$src go install "${pkgs[@]}")
    cp -p "$src/kubegen" "$kbin/kubegen"
    for t in "${RW_KUBEGEN_TOOLS[@]}"; do
        cmp -s "$src/${t#*:}" "$kbin/${t%%:*}" || cp -p "$src/${t#*:}" "$kbin/${t%%:*}"
    done
    rw::write_shim
}

# rw::write_shim: the `go` both sides run (see the top of this file).
rw::write_shim() {
    mkdir -p "$RW_TOOLS/shim"
    cat > "$RW_TOOLS/shim/go" <<'EOF'
#!/usr/bin/env bash
# `go` for hack/realworld.sh's sequences: "go tool PKG" runs the side's
# binary named after PKG's last element; tools in RW_SKIP_LIST are skipped;
# everything else is the real go.
set -o nounset
skipped() { [[ " ${RW_SKIP_LIST:-} " == *" $1 "* ]]; }
case "${1:-}" in
tool)
    if [[ $# -ge 2 && $2 != -* ]]; then
        name=${2##*/}
        shift 2
        if skipped "$name"; then
            echo "realworld[$RW_SIDE]: skipped go tool $name (not compared)" >&2
            echo "$(date +%s.%N) skipped:$name" >> "$RW_STEPS"
            exit 0
        fi
        echo "$(date +%s.%N) $name" >> "$RW_STEPS"
        if [[ ! -x $RW_SIDE_BIN/$name ]]; then
            echo "realworld[$RW_SIDE]: no $name among the side's tools ($RW_SIDE_BIN)" >&2
            exit 127
        fi
        exec "$RW_SIDE_BIN/$name" "$@"
    fi ;;
run)
    pkg=
    for a in "${@:2}"; do [[ $a == -* ]] || { pkg=$a; break; }; done
    if [[ -n $pkg ]] && skipped "${pkg##*/}"; then
        echo "realworld[$RW_SIDE]: skipped go run $pkg (not compared)" >&2
        echo "$(date +%s.%N) skipped:${pkg##*/}" >> "$RW_STEPS"
        exit 0
    fi
    "$RW_REAL_GO" "$@"
    rc=$?
    if [[ $rc != 0 ]]; then
        echo "$(date +%s.%N) FAILED:go-run:${pkg}:exit-$rc" >> "$RW_STEPS"
        echo "realworld[$RW_SIDE]: go run $pkg exited $rc" >&2
    fi
    exit $rc ;;
esac
exec "$RW_REAL_GO" "$@"
EOF
    chmod +x "$RW_TOOLS/shim/go"
}

# rw::prepare TARGET: loads the target's definition, downloads its module
# and makes the pristine writable copy $RW_TARGET_WORK/pristine/<base> (the
# module directory keeps its last path element as its name), running the
# target's prep there. Sets RW_SHIPPED (the module cache directory),
# RW_PRISTINE and RW_BASE.
rw::prepare() {
    local t=$1
    declare -F "rw::$t::def" >/dev/null || { echo "unknown target $t (targets: ${RW_TARGETS[*]})" >&2; return 2; }
    RW_ENV=() RW_SKIP_TOOLS=() RW_NEEDS=
    "rw::$t::def"
    RW_TARGET_WORK=$RW_WORK/$t
    RW_BASE=${RW_MODULE##*/}
    RW_SHIPPED=$(rw::moddir "$RW_MODULE@$RW_VERSION")
    RW_PRISTINE=$RW_TARGET_WORK/pristine/$RW_BASE
    rw::copy "$RW_SHIPPED" "$RW_PRISTINE"
    if declare -F "rw::$t::prep" >/dev/null; then
        (cd "$RW_PRISTINE" && export RW_TARGET_WORK RW_MODULE && "rw::$t::prep")
    fi
    # Download what the copies need before any timed or guarded run.
    (cd "$RW_PRISTINE" && env "${RW_ENV[@]}" go mod download >/dev/null 2>&1 || true)
}

# rw::side_dir SIDE: where SIDE's copy of the current target lives.
rw::side_dir() { echo "$RW_TARGET_WORK/$1/$RW_BASE"; }

# rw::fresh SIDE: a fresh copy of the pristine tree for SIDE.
rw::fresh() { rw::copy "$RW_PRISTINE" "$(rw::side_dir "$1")"; }

# rw::run_side TARGET SIDE [KUBEGEN_CACHE]: runs TARGET's sequence in SIDE's
# copy with SIDE's tools. Its stdout, stderr, steps and "wall_s rss_kb" go
# to <copy>.log.{out,err,steps,time}. Returns the sequence's exit status;
# a status of 0 with a failed `go run` in the steps is returned as 1.
rw::run_side() {
    local t=$1 side=$2 cache=${3:-off} dir bin codegen log rc=0
    dir=$(rw::side_dir "$side")
    log=$dir.log
    case $side in
        upstream) bin=$RW_TOOLS/upstream/bin codegen=$RW_TOOLS/code-generator ;;
        kubegen) bin=$RW_TOOLS/kubegen/bin codegen=$RW_KUBEGEN_ROOT ;;
        *) echo "unknown side $side" >&2; return 2 ;;
    esac
    : > "$log.steps"
    local envs=(
        PATH="$bin:$RW_TOOLS/shim:$PATH" GOBIN="$bin" CODEGEN_PKG="$codegen"
        RW_IN_SIDE=1 RW_LIB="$RW_LIB" RW_SIDE="$side" RW_SIDE_BIN="$bin" RW_REAL_GO="$RW_REAL_GO"
        RW_STEPS="$log.steps" RW_SKIP_LIST="${RW_SKIP_TOOLS[*]:-}" RW_TARGET_WORK="$RW_TARGET_WORK"
        "${RW_ENV[@]}"
    )
    [[ $side == kubegen ]] && envs+=(KUBEGEN_CACHE="$cache")
    (cd "$dir" && env -u KUBEGEN_CACHE -u KUBE_VERBOSE -u VERIFY_CODEGEN -u KUBEGEN_VERIFY -u KUBE_CODEGEN_KUBEGEN \
        -u KUBE_CODEGEN_TAG "${envs[@]}" \
        /usr/bin/time -f '%e %M' -o "$log.time" \
        bash -c 'set -o errexit -o nounset -o pipefail; source "$RW_LIB"; "rw::$0::def"; "rw::$0::seq"' "$t" \
        > "$log.out" 2> "$log.err") || rc=$?
    echo "$(date +%s.%N) end" >> "$log.steps"
    if [[ $rc == 0 ]] && grep -q ' FAILED:' "$log.steps"; then rc=1; fi
    return $rc
}

# rw::time_of SIDE: "wall_s rss_kb" of SIDE's last run.
rw::time_of() { tail -n 1 "$(rw::side_dir "$1").log.time"; }

# rw::failed_step SIDE: the step SIDE's run was in when it failed.
rw::failed_step() {
    local steps
    steps=$(rw::side_dir "$1").log.steps
    grep ' FAILED:' "$steps" | head -n 1 | cut -d' ' -f2- | grep . && return
    grep -v ' end$' "$steps" | grep -v ' skipped:' | tail -n 1 | cut -d' ' -f2-
}

# rw::steps SIDE: the steps of SIDE's last run with their durations.
rw::steps() {
    awk 'NR > 1 {printf "%s %.1fs, ", name, $1 - t} {t = $1; name = $2}' "$(rw::side_dir "$1").log.steps" | sed 's/, $//'
}

# rw::stderr SIDE: the tail of SIDE's stderr.
rw::stderr() {
    local err n=${RW_STDERR_LINES:-60}
    err=$(rw::side_dir "$1").log.err
    if [[ $(wc -l < "$err") -gt $n ]]; then echo "    [... $(( $(wc -l < "$err") - n )) lines before]"; fi
    tail -n "$n" "$err" | sed 's/^/    /'
}

# rw::compare A B [P]: compares the whole trees A (upstream) and B
# (kubegen). Names every file that differs (with the first RW_DIFF_LINES
# lines of a unified diff, for the first RW_MAX_DIFFS of them), is missing
# from B or is extra in B; with P (the tree both started from), says
# whether a missing or extra file was there before (so one side removed
# it). A generated file that upstream left exactly as it was in P and
# kubegen removed is stale (upstream's direct tool calls never remove
# output that nothing generates any more; kubegen does, as kube_codegen.sh
# does): it is counted apart, and is no difference. Sets RW_COMPARED
# RW_DIFFER RW_MISSING RW_EXTRA RW_STALE; returns 1 on any difference.
rw::compare() {
    local a=$1 b=$2 p=${3:-} f shown=0 lines=${RW_DIFF_LINES:-30} max=${RW_MAX_DIFFS:-15}
    local la lb
    la=$(cd "$a" && find . -type f | LC_ALL=C sort)
    lb=$(cd "$b" && find . -type f | LC_ALL=C sort)
    RW_COMPARED=0 RW_DIFFER=0 RW_MISSING=0 RW_EXTRA=0 RW_STALE=0
    while IFS= read -r f; do
        [[ -n $f ]] || continue
        RW_COMPARED=$((RW_COMPARED + 1))
        if ! cmp -s "$a/$f" "$b/$f"; then
            RW_DIFFER=$((RW_DIFFER + 1))
            echo "  differs: ${f#./}"
            if [[ $shown -lt $max ]]; then
                shown=$((shown + 1))
                diff -u --label "upstream/${f#./}" --label "kubegen/${f#./}" "$a/$f" "$b/$f" | head -n "$lines" | sed 's/^/    /' || true
            fi
        fi
    done < <(LC_ALL=C comm -12 <(echo "$la") <(echo "$lb"))
    while IFS= read -r f; do
        [[ -n $f ]] || continue
        RW_COMPARED=$((RW_COMPARED + 1))
        if [[ -n $p && -e $p/$f ]] && cmp -s "$p/$f" "$a/$f" && grep -q '^// Code generated by .* DO NOT EDIT\.$' "$a/$f"; then
            RW_STALE=$((RW_STALE + 1))
            echo "  stale: ${f#./} (generated, and generated no more: upstream left it as it was, kubegen removed it)"
            continue
        fi
        RW_MISSING=$((RW_MISSING + 1))
        if [[ -n $p && -e $p/$f ]]; then
            echo "  missing: ${f#./} (it was in the tree before: upstream left it, kubegen removed it)"
        else
            echo "  missing: ${f#./} (upstream wrote it, kubegen did not)"
        fi
    done < <(LC_ALL=C comm -23 <(echo "$la") <(echo "$lb"))
    while IFS= read -r f; do
        [[ -n $f ]] || continue
        RW_COMPARED=$((RW_COMPARED + 1)) RW_EXTRA=$((RW_EXTRA + 1))
        if [[ -n $p && -e $p/$f ]]; then
            echo "  extra: ${f#./} (it was in the tree before: upstream removed it, kubegen left it)"
        else
            echo "  extra: ${f#./} (kubegen wrote it, upstream did not)"
        fi
    done < <(LC_ALL=C comm -13 <(echo "$la") <(echo "$lb"))
    [[ $RW_DIFFER == 0 && $RW_MISSING == 0 && $RW_EXTRA == 0 ]]
}

# rw::changes A B: "N changed, M new, K removed": how tree B differs from A.
rw::changes() {
    local la lb changed=0 f
    la=$(cd "$1" && find . -type f | LC_ALL=C sort)
    lb=$(cd "$2" && find . -type f | LC_ALL=C sort)
    while IFS= read -r f; do
        [[ -n $f ]] && ! cmp -s "$1/$f" "$2/$f" && changed=$((changed + 1))
    done < <(LC_ALL=C comm -12 <(echo "$la") <(echo "$lb"))
    echo "$changed changed, $(LC_ALL=C comm -13 <(echo "$la") <(echo "$lb") | grep -c .) new, $(LC_ALL=C comm -23 <(echo "$la") <(echo "$lb") | grep -c .) removed"
}

# rw::binstamp: a fingerprint of both sides' bin directories (a side must
# leave the other's tools alone).
rw::binstamp() {
    (cd "$RW_TOOLS" && find upstream/bin kubegen/bin -type f -printf '%p %s %T@\n' | LC_ALL=C sort)
}

# rw::modcache_guard STAMP: prints the files of the module cache written
# after STAMP (outside modules first extracted after it, and the download
# cache). Nothing may write there.
rw::modcache_guard() {
    local f mod rest
    find "$RW_GOMODCACHE" -path "$RW_GOMODCACHE/cache" -prune -o -type f -newer "$1" -print | while IFS= read -r f; do
        mod=${f%%@*} rest=${f#*@}
        [[ $mod == "$f" ]] && { echo "$f"; continue; }
        [[ "$mod@${rest%%/*}" -nt $1 ]] || echo "$f"
    done
}

if [[ -z ${RW_IN_SIDE:-} ]]; then
    ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
    RW_LIB=$ROOT/hack/lib/realworld.sh
    RW_REAL_GO=$(command -v go)
    RW_GOMODCACHE=$(go env GOMODCACHE)
    command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install -y time)" >&2; exit 1; }
    if [[ -n ${WORK:-} ]]; then
        RW_WORK=$WORK
    else
        RW_WORK=$(mktemp -d "${TMPDIR:-/tmp}/kubegen-realworld.XXXXXX")
        if [[ ${KEEP_WORK:-0} == 1 ]]; then
            trap 'echo "work directory kept: $RW_WORK" >&2' EXIT
        else
            trap 'rm -rf "$RW_WORK"' EXIT
        fi
    fi
    RW_KUBEGEN_ROOT=$(cd "${RW_KUBEGEN_ROOT:-$ROOT}" && pwd)
    RW_TOOLS=${RW_TOOLS:-$RW_WORK/tools}
    mkdir -p "$RW_TOOLS"
    RW_TOOLS=$(cd "$RW_TOOLS" && pwd)
fi
