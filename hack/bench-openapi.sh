#!/usr/bin/env bash
# Benchmarks gen-openapi against upstream openapi-gen (the kube-openapi
# version k8s.io/code-generator v0.37.2 pins, built from the Go module
# proxy) on the packages of k8s.io/api and k8s.io/apimachinery v0.37.2
# with a +k8s:openapi-gen tag, with kubernetes' flags (model-name files
# left out: apimachinery is read from the module cache). Both regenerate
# from scratch, alternately, after one warm-up run each; then medians of
# wall time and peak RSS, and ratios.
#
#   hack/bench-openapi.sh            # 5 runs each
#   RUNS=9 hack/bench-openapi.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/bench.sh"

echo "building gen-openapi and upstream openapi-gen..."
bench::build_ours gen-openapi
bench::build_upstream k8s.io/kube-openapi/cmd/openapi-gen
bench::inputs
machinery=$(cd "$WORK" && go mod download -json k8s.io/apimachinery@v0.37.2 | sed -n 's/.*"Dir": "\(.*\)",/\1/p')
tagged() { (cd "$1" && grep -rl --include='*.go' -E '^\s*//\s*\+k8s:openapi-gen=' . | xargs -n1 dirname | sort -u | sed "s|^\.|$2|"); }
mapfile -t pkgs < <(tagged "$API" k8s.io/api; tagged "$machinery" k8s.io/apimachinery)
flags=(--go-header-file "$KUBE/hack/boilerplate/boilerplate.generatego.txt"
       --output-file zz_generated.openapi.go --output-dir "$WORK/out" --output-pkg k8s.io/kubernetes/pkg/generated/openapi
       --report-filename "$WORK/violations.list" "${pkgs[@]}")
echo "${#pkgs[@]} packages"

run() {
    rm -rf "$WORK/out" "$WORK/violations.list"
    bench::time "$1" "$BIN/$2" "${flags[@]}"
}
run upstream openapi-gen >/dev/null; run kubegen gen-openapi >/dev/null   # warm-up
rm -f "$WORK"/*.times
for _ in $(seq "$RUNS"); do run upstream openapi-gen; run kubegen gen-openapi; done
bench::report upstream kubegen
