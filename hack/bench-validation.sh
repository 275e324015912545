#!/usr/bin/env bash
# Benchmarks gen-validation against upstream validation-gen (k8s.io/
# code-generator v0.37.2) on the kubernetes v1.37.2 tree, the way
# kubernetes' hack/update-codegen.sh runs codegen::validation: one call over
# every directory with a +k8s:validation-gen= tag (kubernetes' pkg/apis,
# k8s.io/api, apimachinery, dynamic-resource-allocation, code-generator's
# output_tests, ...), its flags, its read-only packages, the coverage
# fixtures under test/declarative_validation; and gen-prerelease-lifecycle
# against prerelease-lifecycle-gen on k8s.io/api. Every generated file is
# deleted before each run (as update-codegen.sh does; not timed). RUNS
# alternating runs of each, medians of wall time and peak RSS, then the
# trees of both compared.
#
#   hack/bench-validation.sh            # 3 runs each
#   RUNS=5 KUBE_TREE=/path/to/tree hack/bench-validation.sh
#
# KUBE_TREE reuses an assembled tree (hack/kubernetes-tree.sh), which is
# copied, never written. The build cache is warmed for the copy first
# (see below); the first, cold run is reported too.
RUNS=${RUNS:-3}
source "$(dirname "${BASH_SOURCE[0]}")/lib/bench.sh"

echo "building gen-validation, gen-prerelease-lifecycle and upstream's tools..."
bench::build_ours gen-validation gen-prerelease-lifecycle
bench::build_upstream validation-gen prerelease-lifecycle-gen
bench::inputs

T=$WORK/tree
if [[ -n ${KUBE_TREE:-} ]]; then
    cp -r "$KUBE_TREE" "$T"
else
    "$ROOT/hack/kubernetes-tree.sh" "$T" >/dev/null
fi
# update-codegen.sh's selection: Go files with +k8s: tags (not under
# vendor, testdata, _codegenignore) that say +k8s:validation-gen=.
mapfile -t dirs < <(cd "$T" && grep -rlE --include='*.go' '^// *\+k8s:' . \
    --exclude-dir=vendor --exclude-dir=testdata --exclude-dir=_codegenignore |
    xargs grep -l '+k8s:validation-gen=' | xargs -n1 dirname | LC_ALL=C sort -u)
echo "validation: ${#dirs[@]} directories"
readonly_pkgs=(k8s.io/apimachinery/pkg/api/resource k8s.io/apimachinery/pkg/runtime
    k8s.io/apimachinery/pkg/types k8s.io/apimachinery/pkg/util/intstr time)
args=(-v 0 --go-header-file hack/boilerplate/boilerplate.generatego.txt
    --output-file zz_generated.validations.go
    --test-output-root test/declarative_validation
    --test-output-file-prefix zz_generated.validations.
    --test-allowlist test/declarative_validation/coverage-allowlist.yaml
    --lint-rules=known-tags-only,require-explicit-disablement)
for p in "${readonly_pkgs[@]}"; do args+=(--readonly-pkg "$p"); done

# validation SIDE BIN: one timed run in the tree, its output kept in
# $WORK/out-SIDE.
validation() {
    local side=$1 bin=$2
    (cd "$T" && find . -path ./vendor -prune -o -name 'zz_generated.validations.*' -print0 | xargs -0 rm -f)
    (cd "$T" && /usr/bin/time -f "%e %M" -o "$WORK/last" "$BIN/$bin" "${args[@]}" "${dirs[@]}" \
        >/dev/null 2>"$WORK/stderr") || { cat "$WORK/stderr" >&2; exit 1; }
    cat "$WORK/last" >> "$WORK/$side.times"
    printf '%-18s %6ss %8s KB\n' "$side" $(cat "$WORK/last")
    rm -rf "$WORK/out-$side" && mkdir -p "$WORK/out-$side"
    (cd "$T" && find . -path ./vendor -prune -o -name 'zz_generated.validations.*' -print0 |
        xargs -0 cp --parents -t "$WORK/out-$side")
}

# The build cache warm for this tree, as in a developer's checkout:
# kubegen takes its dependencies' types from export data, which the go
# command compiles once per checkout (a fresh copy, in a new directory,
# starts cold; kubegen then type-checks them from source: the "cold"
# figure below). Upstream parses
# everything from source every time.
(cd "$T" && find . -path ./vendor -prune -o -name 'zz_generated.validations.*' -print0 | xargs -0 rm -f)
(cd "$T" && /usr/bin/time -f "%e %M" -o "$WORK/cold" "$BIN/gen-validation" "${args[@]}" "${dirs[@]}" >/dev/null 2>&1)
echo "kubegen, cold build cache (first run in this copy): $(cut -d' ' -f1 "$WORK/cold") s"
(cd "$T" && find . -path ./vendor -prune -o -name 'zz_generated.validations.*' -print0 | xargs -0 rm -f)
(cd "$T" && KUBEGEN_DEPS=export "$BIN/gen-validation" "${args[@]}" "${dirs[@]}" >/dev/null)
validation upstream validation-gen >/dev/null; validation kubegen gen-validation >/dev/null   # warm-up
rm -f "$WORK"/*.times
for _ in $(seq "$RUNS"); do
    validation upstream validation-gen
    validation kubegen gen-validation
done
bench::report upstream kubegen
if diff -r "$WORK/out-upstream" "$WORK/out-kubegen" > "$WORK/diff"; then
    echo "validation outputs identical: $(find "$WORK/out-kubegen" -type f | wc -l) files"
else
    echo "VALIDATION OUTPUTS DIFFER:"; head -n 40 "$WORK/diff"; exit 1
fi

# prerelease-lifecycle on k8s.io/api, as update-codegen.sh runs it.
mapfile -t pdirs < <(cd "$API" && grep -rl --include='*.go' '+k8s:prerelease-lifecycle-gen=true' . |
    xargs -n1 dirname | LC_ALL=C sort -u)
echo; echo "prerelease-lifecycle: ${#pdirs[@]} packages of k8s.io/api"
pargs=(--go-header-file "$KUBE/hack/boilerplate/boilerplate.generatego.txt"
    --output-file zz_generated.prerelease-lifecycle.go
    --lint-rules=known-tags-only,require-explicit-disablement)
prerelease() {
    (cd "$API" && find . -name zz_generated.prerelease-lifecycle.go -delete)
    bench::time "$1" "$BIN/$2" "${pargs[@]}" "${pdirs[@]}"
}
prerelease pre-upstream prerelease-lifecycle-gen >/dev/null; prerelease pre-kubegen gen-prerelease-lifecycle >/dev/null
rm -f "$WORK"/pre-*.times
for _ in $(seq "$RUNS"); do
    prerelease pre-upstream prerelease-lifecycle-gen
    prerelease pre-kubegen gen-prerelease-lifecycle
done
bench::report pre-upstream pre-kubegen
