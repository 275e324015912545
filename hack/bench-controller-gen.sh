#!/usr/bin/env bash
# Benchmarks kubegen's controller-gen (./cmd/controller-gen) against
# upstream controller-gen (sigs.k8s.io/controller-tools v0.23.0, built from
# the Go module proxy) on two real modules, with their object and crd
# generators in one call each:
#
#   gateway-api           sigs.k8s.io/gateway-api@v1.6.3 (GOWORK=off: its
#                         go.work names nested modules the zip leaves out)
#                         object:headerFile=hack/boilerplate/boilerplate.generatego.txt
#                         crd paths=./apis/... paths=./apisx/... output:crd:dir=DIR
#   prometheus-operator   github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring@v0.95.2
#                         object crd paths=./... output:crd:dir=DIR
#                         (the module ships no header file)
#
# Per module: a writable copy of it from the module cache (downloaded first
# if missing) with its zz_generated.deepcopy.go files deleted, so that each
# run writes every output file; both sides run once untimed (warm build,
# module and page caches), then RUNS alternating timed runs, each in a
# fresh copy with an empty CRD directory (copying is not timed), kubegen
# with KUBEGEN_CACHE=off. Then the medians of wall time and peak RSS, and
# the ratio upstream/kubegen; and the last runs' outputs of both sides are
# compared: the CRD directories, the zz_generated.deepcopy.go files, and
# the rest of the trees (neither side may write anything else). It exits 1
# if they differ.
#
#   hack/bench-controller-gen.sh                      # both modules, 3 runs each
#   RUNS=5 hack/bench-controller-gen.sh gateway-api
RUNS=${RUNS:-3}
source "$(dirname "${BASH_SOURCE[0]}")/lib/bench.sh"

CONTROLLER_TOOLS=sigs.k8s.io/controller-tools/cmd/controller-gen@v0.23.0
TARGETS=(gateway-api prometheus-operator)

# target::def NAME: sets MODULE, VERSION, ENVS (NAME=VALUE words both sides
# run with), ARGS (controller-gen's arguments, CRDDIR standing for the CRD
# output directory) and NOTE (printed, if any).
target::def() {
    ENVS=() ARGS=() NOTE=
    case $1 in
    gateway-api)
        MODULE=sigs.k8s.io/gateway-api VERSION=v1.6.3
        ENVS=(GOWORK=off)
        ARGS=(object:headerFile=hack/boilerplate/boilerplate.generatego.txt crd paths=./apis/... paths=./apisx/... output:crd:dir=CRDDIR) ;;
    prometheus-operator)
        MODULE=github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring VERSION=v0.95.2
        ARGS=(object crd paths=./... output:crd:dir=CRDDIR)
        NOTE="no deepcopy file as shipped: the module ships them with a license header, and it has no header file for headerFile" ;;
    *) return 1 ;;
    esac
}

targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=("${TARGETS[@]}")
for t in "${targets[@]}"; do
    target::def "$t" || { echo "unknown module $t (modules: ${TARGETS[*]})" >&2; exit 2; }
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# moddir MODULE@VERSION: downloads a module through the proxy (if it is not
# in the module cache yet) and prints its read-only directory there.
moddir() {
    local json dir
    json=$(cd / && GOWORK=off GOFLAGS= go mod download -json "$1") || { echo "$json" >&2; return 1; }
    dir=$(sed -n 's/^\t"Dir": "\(.*\)",$/\1/p' <<< "$json")
    [[ -n $dir ]] || { echo "go mod download $1: no directory:" >&2; echo "$json" >&2; return 1; }
    echo "$dir"
}

echo "building upstream's and kubegen's controller-gen..."
mkdir -p "$WORK/gobin" "$WORK/outside" "$BIN/upstream" "$BIN/kubegen"
# Upstream's: `go install pkg@version`, from a directory outside any module.
(cd "$WORK/outside" && GOWORK=off GOFLAGS=-mod=mod GOBIN="$WORK/gobin" go install "$CONTROLLER_TOOLS")
mv "$WORK/gobin/controller-gen" "$BIN/upstream/controller-gen"
(cd "$ROOT" && go build -o "$BIN/kubegen/controller-gen" ./cmd/controller-gen)

# fresh T SIDE: a fresh copy of T's pristine tree for SIDE, and an empty
# CRD directory beside it.
fresh() {
    rm -rf "$WORK/$1/$2" "$WORK/$1/$2.crd"
    cp -r "$WORK/$1/pristine" "$WORK/$1/$2"
    mkdir -p "$WORK/$1/$2.crd"
}

# run T SIDE: one run of SIDE's controller-gen in a fresh copy; "wall_s
# rss_kb" goes to $WORK/T/SIDE.time, its output to $WORK/T/SIDE.{out,err}.
run() {
    local t=$1 side=$2 dir=$WORK/$1/$2 args=() a envs
    fresh "$t" "$side"
    for a in "${ARGS[@]}"; do args+=("${a//CRDDIR/$dir.crd}"); done
    envs=("${ENVS[@]}")
    [[ $side == kubegen ]] && envs+=(KUBEGEN_CACHE=off)
    if ! (cd "$dir" && env -u KUBEGEN_CACHE "${envs[@]}" \
        /usr/bin/time -f '%e %M' -o "$dir.time" "$BIN/$side/controller-gen" "${args[@]}" \
        > "$dir.out" 2> "$dir.err"); then
        echo "$side's controller-gen failed on $t:"
        tail -n 60 "$dir.err" | sed 's/^/    /'
        exit 1
    fi
}

# timed T SIDE: a timed run, printed and added to $WORK/T-SIDE.times.
timed() {
    run "$1" "$2"
    tail -n 1 "$WORK/$1/$2.time" >> "$WORK/$1-$2.times"
    printf '  %-8s %6ss %8s KB\n' "$2" $(tail -n 1 "$WORK/$1/$2.time")
}

# compare T: compares the last runs' outputs of both sides; prints what
# differs and returns 1 if anything does.
compare() {
    local u=$WORK/$1/upstream k=$WORK/$1/kubegen ok=0 crds deepcopies others shipped=0
    crds=$(cd "$u.crd" && find . -type f | wc -l)
    deepcopies=$(cd "$u" && find . -name zz_generated.deepcopy.go -type f | wc -l)
    others=$(( $(cd "$u" && find . -type f | wc -l) - deepcopies ))
    if ! diff -r "$u.crd" "$k.crd" > "$WORK/$1/crd.diff"; then
        ok=1
        echo "CRDs DIFFER:"; head -n 40 "$WORK/$1/crd.diff" | sed 's/^/    /'
    fi
    if ! diff -r "$u" "$k" > "$WORK/$1/tree.diff"; then
        ok=1
        echo "trees DIFFER (zz_generated.deepcopy.go files or others):"; head -n 40 "$WORK/$1/tree.diff" | sed 's/^/    /'
    fi
    if [[ $crds == 0 || $deepcopies == 0 ]]; then
        ok=1
        echo "upstream wrote $crds CRD files and $deepcopies zz_generated.deepcopy.go files: nothing to compare"
    fi
    [[ $ok == 0 ]] || return 1
    # How the regenerated deepcopy files compare with the shipped ones
    # (for information: what the module ships may be older).
    while IFS= read -r f; do
        cmp -s "$u/$f" "$SHIPPED/$f" && shipped=$((shipped + 1))
    done < <(cd "$u" && find . -name zz_generated.deepcopy.go -type f)
    echo "outputs identical: $crds CRD files, $deepcopies zz_generated.deepcopy.go files ($shipped of them as shipped), the $others other files of the trees identical"
}

summary=() differ=0
for t in "${targets[@]}"; do
    target::def "$t"
    echo
    echo "=== $t"
    echo "module: $MODULE@$VERSION"
    echo "args: ${ARGS[*]}${ENVS[*]:+ (${ENVS[*]})}"
    [[ -z $NOTE ]] || echo "note: $NOTE"
    SHIPPED=$(moddir "$MODULE@$VERSION")
    rm -rf "$WORK/$t"
    mkdir -p "$WORK/$t"
    cp -r "$SHIPPED" "$WORK/$t/pristine"
    chmod -R u+w "$WORK/$t/pristine"
    find "$WORK/$t/pristine" -name zz_generated.deepcopy.go -type f -delete
    # Download what the module needs before any timed run.
    (cd "$WORK/$t/pristine" && env "${ENVS[@]}" go mod download >/dev/null 2>&1 || true)
    run "$t" upstream; run "$t" kubegen   # warm-up, untimed
    rm -f "$WORK/$t-upstream.times" "$WORK/$t-kubegen.times"
    for _ in $(seq "$RUNS"); do timed "$t" upstream; timed "$t" kubegen; done
    if ! compare "$t"; then differ=1; fi
    bench::report "$t-upstream" "$t-kubegen"
    ut=$(cut -d' ' -f1 "$WORK/$t-upstream.times" | median)
    um=$(cut -d' ' -f2 "$WORK/$t-upstream.times" | median)
    kt=$(cut -d' ' -f1 "$WORK/$t-kubegen.times" | median)
    km=$(cut -d' ' -f2 "$WORK/$t-kubegen.times" | median)
    summary+=("$(awk -v t="$t" -v ut="$ut" -v um="$um" -v kt="$kt" -v km="$km" 'BEGIN {
        printf "%-20s upstream %6.2f s %5.0f MiB   kubegen %6.2f s %5.0f MiB   %5.1fx faster, %.2fx the RSS", t, ut, um / 1024, kt, km / 1024, ut / kt, km / um }')")
done

echo
echo "=== medians of $RUNS runs on $(nproc) cores (controller-tools v0.23.0 vs kubegen, KUBEGEN_CACHE=off)"
printf '%s\n' "${summary[@]}"
if [[ $differ != 0 ]]; then
    echo "OUTPUTS DIFFER (see above)"
    exit 1
fi
echo "outputs identical on every module"
