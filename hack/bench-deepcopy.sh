#!/usr/bin/env bash
# Benchmarks gen-deepcopy against upstream deepcopy-gen (k8s.io/code-generator
# v0.37.2, built from the Go module proxy) on the 60 deepcopy packages of
# k8s.io/api v0.37.2, with kubernetes' flags. Both regenerate from scratch
# (their output deleted first, as kubernetes does), alternately, after one
# warm-up run each; then medians of wall time and peak RSS, and ratios.
#
#   hack/bench-deepcopy.sh            # 5 runs each
#   RUNS=9 hack/bench-deepcopy.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/bench.sh"

echo "building gen-deepcopy and upstream deepcopy-gen..."
bench::build_ours gen-deepcopy
bench::build_upstream deepcopy-gen
bench::inputs
mapfile -t pkgs < <(cd "$API" && grep -rl --include='*.go' '+k8s:deepcopy-gen=' . | xargs -n1 dirname | sort -u)
flags=(--go-header-file "$KUBE/hack/boilerplate/boilerplate.generatego.txt"
       --output-file zz_generated.deepcopy.go
       --lint-rules=known-tags-only,require-explicit-disablement "${pkgs[@]}")

run() {
    find "$API" -name zz_generated.deepcopy.go -delete
    bench::time "$1" "$BIN/$2" "${flags[@]}"
}
run upstream deepcopy-gen >/dev/null; run kubegen gen-deepcopy >/dev/null   # warm-up
rm -f "$WORK"/*.times
for _ in $(seq "$RUNS"); do run upstream deepcopy-gen; run kubegen gen-deepcopy; done
bench::report upstream kubegen
