#!/usr/bin/env bash
# Benchmarks kubegen's client generators against upstream's
# (k8s.io/code-generator v0.37.2, built from the Go module proxy) on
# k8s.io/api v0.37.2 with kubernetes' flags: applyconfiguration-gen,
# client-gen, lister-gen and informer-gen against gen-applyconfig,
# gen-clientset, gen-lister and gen-informer, each set from scratch (output
# deleted first), alternately, after one warm-up run. client-gen gets every
# k8s.io/api group version with +genclient types (as kube_codegen.sh finds
# them); the apply configurations are generated without --openapi-schema
# (kubernetes builds that schema with a program of its own first).
#
#   hack/bench-client.sh            # 5 runs each
#   RUNS=9 hack/bench-client.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/bench.sh"

echo "building kubegen's and upstream's client generators..."
bench::build_ours gen-applyconfig gen-clientset gen-lister gen-informer
bench::build_upstream applyconfiguration-gen client-gen lister-gen informer-gen
bench::inputs
mapfile -t pkgs < <(cd "$API" && find . -name types.go | xargs -n1 dirname | sort -u | sed 's|^\.|k8s.io/api|')
mapfile -t gvs < <(cd "$API" && grep -rl --include='*.go' -E '^\s*//\s*\+genclient' . | xargs -n1 dirname | sort -u \
                    | sed 's|^\./||' | grep -E '/v[0-9]+((alpha|beta)[0-9]+)?$')
header=(--go-header-file "$KUBE/hack/boilerplate/boilerplate.generatego.txt")
applyconfig=(--output-dir "$WORK/out/applyconfigurations" --output-pkg k8s.io/client-go/applyconfigurations
             "${pkgs[@]}" k8s.io/apimachinery/pkg/apis/meta/v1)
clientset=(--output-dir "$WORK/out/client-go" --output-pkg k8s.io/client-go --clientset-name kubernetes
           --input-base k8s.io/api --plural-exceptions Endpoints:Endpoints
           --apply-configuration-package k8s.io/client-go/applyconfigurations --prefers-protobuf
           $(printf -- ' --input %s' "${gvs[@]}"))
lister=(--output-dir "$WORK/out/listers" --output-pkg k8s.io/client-go/listers
        --plural-exceptions Endpoints:Endpoints "${pkgs[@]}")
informer=(--output-dir "$WORK/out/informers" --output-pkg k8s.io/client-go/informers --single-directory
          --versioned-clientset-package k8s.io/client-go/kubernetes --listers-package k8s.io/client-go/listers
          --plural-exceptions Endpoints:Endpoints "${pkgs[@]}")

# script LABEL APPLYCONFIG CLIENTSET LISTER INFORMER: writes $WORK/LABEL.sh,
# which runs the generators one after the other.
script() {
    { echo set -e
      printf '%q ' "$BIN/$2" "${header[@]}" "${applyconfig[@]}"; echo
      printf '%q ' "$BIN/$3" "${header[@]}" "${clientset[@]}"; echo
      printf '%q ' "$BIN/$4" "${header[@]}" "${lister[@]}"; echo
      printf '%q ' "$BIN/$5" "${header[@]}" "${informer[@]}"; echo
    } > "$WORK/$1.sh"
}
script upstream applyconfiguration-gen client-gen lister-gen informer-gen
script kubegen gen-applyconfig gen-clientset gen-lister gen-informer

run() {
    rm -rf "$WORK/out"
    bench::time "$1" bash "$WORK/$1.sh"
}
run upstream >/dev/null; run kubegen >/dev/null   # warm-up
rm -f "$WORK"/*.times
for _ in $(seq "$RUNS"); do run upstream; run kubegen; done
bench::report upstream kubegen
