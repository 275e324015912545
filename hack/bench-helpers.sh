#!/usr/bin/env bash
# Benchmarks upstream defaulter-gen + conversion-gen (k8s.io/code-generator
# v0.37.2, built from the Go module proxy) on the kubernetes v1.37.2 tree
# (hack/kubernetes-tree.sh), run the way its hack/update-codegen.sh runs
# them (over every directory with the tool's tag, from the root of the
# tree, with its flags), against
#
#   separate: gen-defaulter, then gen-conversion, with the same command lines
#   kubegen:  kubegen all defaulter-gen ... -- conversion-gen ...: the same
#             command lines as two calls of one process, over one load
#
# Each regenerates from scratch (the files deleted first), alternately,
# after one warm-up run each; then medians of wall time and peak RSS (of
# the largest process), and ratios.
#
#   hack/bench-helpers.sh            # 5 runs each
#   RUNS=3 hack/bench-helpers.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/bench.sh"

echo "building the generators and assembling the kubernetes tree..."
bench::build_ours gen-defaulter gen-conversion kubegen
bench::build_upstream defaulter-gen conversion-gen
API=$WORK/kubernetes
GOWORK=off "$ROOT/hack/kubernetes-tree.sh" "$API" >/dev/null
header=$API/hack/boilerplate/boilerplate.generatego.txt
lint=--lint-rules=known-tags-only,require-explicit-disablement
# tagged REGEXP: as ./dir, the directories of the Go files with a +k8s:
# tag that match REGEXP, outside vendor and testdata, as update-codegen.sh
# selects them.
tagged() {
    (cd "$API" && grep -rlE --null --include='*.go' --exclude-dir={vendor,testdata,_codegenignore,.git} '^// *\+k8s:' . \
        | xargs -0 grep -lE -- "$1" | xargs -n1 dirname | LC_ALL=C sort -u)
}
mapfile -t defaulted < <(tagged '\+k8s:defaulter-gen=')
mapfile -t converted < <(tagged '^// *\+k8s:conversion-gen=')
echo "${#defaulted[@]} defaulter and ${#converted[@]} conversion packages"
peers=(--extra-peer-dirs k8s.io/kubernetes/pkg/apis/core --extra-peer-dirs k8s.io/kubernetes/pkg/apis/core/v1
       --extra-peer-dirs k8s.io/api/core/v1)

defaulter_args() { printf '%q ' --go-header-file "$header" --output-file zz_generated.defaults.go "$lint" "${defaulted[@]}"; }
conversion_args() { printf '%q ' --go-header-file "$header" --output-file zz_generated.conversion.go "$lint" "${peers[@]}" "${converted[@]}"; }
separate() { echo "$BIN/$1 $(defaulter_args) && $BIN/$2 $(conversion_args)"; }
clean() { find "$API" \( -name zz_generated.defaults.go -o -name zz_generated.conversion.go \) -not -path '*/vendor/*' -delete; }
run() {
    clean
    case $1 in
    upstream) bench::time upstream bash -c "$(separate defaulter-gen conversion-gen)" ;;
    separate) bench::time separate bash -c "$(separate gen-defaulter gen-conversion)" ;;
    kubegen)  KUBEGEN_CACHE=off bench::time kubegen bash -c "$BIN/kubegen all defaulter-gen $(defaulter_args) -- conversion-gen $(conversion_args)" ;;
    esac
}
run upstream >/dev/null; run separate >/dev/null; run kubegen >/dev/null   # warm-up
rm -f "$WORK"/*.times
for _ in $(seq "$RUNS"); do run upstream; run separate; run kubegen; done
bench::report upstream separate
bench::report upstream kubegen
