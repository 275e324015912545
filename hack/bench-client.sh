#!/usr/bin/env bash
# Benchmarks kubegen's client generators against upstream's
# (k8s.io/code-generator v0.37.2, built from the Go module proxy) on
# k8s.io/api v0.37.2 with kubernetes' flags: lister-gen then informer-gen,
# against gen-lister then gen-informer, each pair from scratch (output
# deleted first), alternately, after one warm-up run. client-gen and
# applyconfiguration-gen join when kubegen has them.
#
#   hack/bench-client.sh            # 5 runs each
#   RUNS=9 hack/bench-client.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/bench.sh"

echo "building kubegen's and upstream's client generators..."
bench::build_ours gen-lister gen-informer
bench::build_upstream lister-gen informer-gen
bench::inputs
mapfile -t pkgs < <(cd "$API" && find . -name types.go | xargs -n1 dirname | sort -u | sed 's|^\.|k8s.io/api|')
header=(--go-header-file "$KUBE/hack/boilerplate/boilerplate.generatego.txt")
lister=(--output-dir "$WORK/out/listers" --output-pkg k8s.io/client-go/listers
        --plural-exceptions Endpoints:Endpoints "${pkgs[@]}")
informer=(--output-dir "$WORK/out/informers" --output-pkg k8s.io/client-go/informers --single-directory
          --versioned-clientset-package k8s.io/client-go/kubernetes --listers-package k8s.io/client-go/listers
          --plural-exceptions Endpoints:Endpoints "${pkgs[@]}")

# script LABEL LISTER INFORMER: writes $WORK/LABEL.sh, which runs both
# generators one after the other.
script() {
    { echo set -e
      printf '%q ' "$BIN/$2" "${header[@]}" "${lister[@]}"; echo
      printf '%q ' "$BIN/$3" "${header[@]}" "${informer[@]}"; echo
    } > "$WORK/$1.sh"
}
script upstream lister-gen informer-gen
script kubegen gen-lister gen-informer

run() {
    rm -rf "$WORK/out"
    bench::time "$1" bash "$WORK/$1.sh"
}
run upstream >/dev/null; run kubegen >/dev/null   # warm-up
rm -f "$WORK"/*.times
for _ in $(seq "$RUNS"); do run upstream; run kubegen; done
bench::report upstream kubegen
