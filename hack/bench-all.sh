#!/usr/bin/env bash
# Benchmarks "kubegen all" against the upstream sequence that
# kube_codegen.sh (gen_helpers, gen_openapi, gen_client --with-watch
# --with-applyconfig) and kubernetes' models-schema step run, on
# k8s.io/api v0.37.2:
#
#   upstream: deepcopy-gen, openapi-gen, models-schema (a program compiled
#             from the new definitions, printing the schema), then
#             applyconfiguration-gen, client-gen, lister-gen, informer-gen
#   cold:     kubegen all helpers -- openapi -- client (one load; the
#             schema evaluated in process), cache off
#   warm:     the same as a --verify run answered by the cache
#
# each from scratch (generated files deleted first) except warm, alternately,
# after one warm-up run; then medians of wall time and peak RSS (of the
# largest process), and ratios. k8s.io/api asks for validation code in two
# packages, which kubegen cannot generate yet: the copy both sides work on
# has those tags removed.
#
#   hack/bench-all.sh            # 5 runs each
#   RUNS=3 hack/bench-all.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/bench.sh"

echo "building kubegen and the upstream tools..."
bench::build_ours kubegen
bench::build_upstream deepcopy-gen k8s.io/kube-openapi/cmd/openapi-gen applyconfiguration-gen client-gen lister-gen informer-gen
bench::inputs
sed -i '/+k8s:validation-gen=/d' $(grep -rl --include='*.go' '+k8s:validation-gen=' "$API")
out=k8s.io/api/generated
header=$KUBE/hack/boilerplate/boilerplate.generatego.txt
tagged() { (cd "$API" && grep -rl --include='*.go' -E "^\s*//\s*\+$1" . | xargs -n1 dirname | sort -u | sed 's|^\./|./|'); }
mapfile -t deepcopy < <(tagged 'k8s:deepcopy-gen=')
mapfile -t openapi < <(tagged 'k8s:openapi')
mapfile -t client < <(tagged 'genclient' | grep -E '/v[0-9]+((alpha|beta)[0-9]+)?$')
gvs=(); for d in "${client[@]}"; do gvs+=(--input "${d#./}"); done

# The models-schema program kubernetes keeps beside its definitions.
mkdir -p "$API/generated/openapi/models-schema"
sed "s|github.com/kubegen/kubegen/examples/generated/openapi|$out/openapi|" \
    "$ROOT/examples/generated/openapi/models-schema/main.go" > "$API/generated/openapi/models-schema/main.go"
openapi_version=v0.0.0-20260721132016-d427ff9ee9ad # the one code-generator v0.37.2 pins
(cd "$API" && GOFLAGS=-mod=mod go get k8s.io/kube-openapi/pkg/common@$openapi_version \
    k8s.io/kube-openapi/pkg/validation/spec@$openapi_version >/dev/null 2>&1)

# storagemigration/v1 holds a metav1.GroupResource, whose apply
# configuration is client-go's (kubegen asks for it to be named).
externals=k8s.io/apimachinery/pkg/apis/meta/v1.GroupResource:k8s.io/client-go/applyconfigurations/meta/v1
# kube_codegen.sh's read-only packages, and its default of no model-name
# files: the run uses k8s.io/api's shipped ones.
readonly=(); for p in k8s.io/apimachinery/pkg/apis/meta/v1 k8s.io/apimachinery/pkg/api/resource k8s.io/apimachinery/pkg/runtime \
    k8s.io/apimachinery/pkg/types k8s.io/apimachinery/pkg/util/intstr k8s.io/apimachinery/pkg/version time; do readonly+=(--readonly-pkg "$p"); done
{ echo set -e
  printf '%q ' "$BIN/deepcopy-gen" --go-header-file "$header" --output-file zz_generated.deepcopy.go "${deepcopy[@]}"; echo
  printf '%q ' "$BIN/openapi-gen" --go-header-file "$header" --output-file zz_generated.openapi.go \
      --output-dir generated/openapi --output-pkg "$out/openapi" --report-filename "$WORK/report.list" --output-model-name-file= "${readonly[@]}" \
      k8s.io/apimachinery/pkg/apis/meta/v1 k8s.io/apimachinery/pkg/runtime k8s.io/apimachinery/pkg/version \
      k8s.io/apimachinery/pkg/api/resource k8s.io/apimachinery/pkg/util/intstr "${openapi[@]}"; echo
  echo "go run ./generated/openapi/models-schema > $WORK/schema.json"
  printf '%q ' "$BIN/applyconfiguration-gen" --go-header-file "$header" --output-dir generated/applyconfiguration \
      --output-pkg "$out/applyconfiguration" --openapi-schema "$WORK/schema.json" \
      --external-applyconfigurations "$externals" "${client[@]}"; echo
  printf '%q ' "$BIN/client-gen" --go-header-file "$header" --output-dir generated/clientset --output-pkg "$out/clientset" \
      --clientset-name versioned --apply-configuration-package "$out/applyconfiguration" --input-base "$API" \
      --plural-exceptions Endpoints:Endpoints "${gvs[@]}"; echo
  printf '%q ' "$BIN/lister-gen" --go-header-file "$header" --output-dir generated/listers --output-pkg "$out/listers" \
      --plural-exceptions Endpoints:Endpoints "${client[@]}"; echo
  printf '%q ' "$BIN/informer-gen" --go-header-file "$header" --output-dir generated/informers --output-pkg "$out/informers" \
      --versioned-clientset-package "$out/clientset/versioned" --listers-package "$out/listers" \
      --plural-exceptions Endpoints:Endpoints "${client[@]}"; echo
} > "$WORK/upstream.sh"
# kubegen_cmd [--verify]: the kubegen all command line, the flag on every call.
kubegen_cmd() {
    local v=("$@")
    echo "$BIN/kubegen" all \
        helpers "${v[@]}" --boilerplate "$header" . -- \
        openapi "${v[@]}" --boilerplate "$header" --output-dir generated/openapi --output-pkg "$out/openapi" \
            --report-filename "$WORK/report.list" --update-report --extra-pkgs k8s.io/apimachinery/pkg/util/intstr . -- \
        client "${v[@]}" --boilerplate "$header" --with-watch --with-applyconfig --applyconfig-schema-from-openapi --applyconfig-externals "$externals" \
            --output-dir generated --output-pkg "$out" --plural-exceptions Endpoints:Endpoints .
}
read -ra kubegen <<< "$(kubegen_cmd)"
read -ra kubegen_verify <<< "$(kubegen_cmd --verify)"

clean() { find "$API" -name 'zz_generated.deepcopy.go' -delete; rm -rf "$API"/generated/{applyconfiguration,clientset,listers,informers} "$API/generated/openapi/zz_generated.openapi.go"; }
run() {
    case $1 in
    upstream) clean; bench::time upstream bash "$WORK/upstream.sh" ;;
    cold)     clean; KUBEGEN_CACHE=off bench::time cold "${kubegen[@]}" ;;
    warm)     KUBEGEN_CACHE=$WORK/cache bench::time warm "${kubegen_verify[@]}" ;;
    esac
}
# Warm-up; the last cold run leaves the tree the warm runs verify, and
# fills their cache.
run upstream >/dev/null; run cold >/dev/null
clean; (cd "$API" && KUBEGEN_CACHE=$WORK/cache "${kubegen[@]}" >/dev/null)
rm -f "$WORK"/*.times
for _ in $(seq "$RUNS"); do run upstream; run cold; done
clean; (cd "$API" && KUBEGEN_CACHE=$WORK/cache "${kubegen[@]}" >/dev/null)
for _ in $(seq "$RUNS"); do run warm; done
bench::report upstream cold
bench::report upstream warm
