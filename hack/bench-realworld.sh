#!/usr/bin/env bash
# Benchmarks the real-world targets of hack/realworld.sh: each target's
# whole generator sequence with upstream's tools (k8s.io/code-generator
# v0.37.2's kube_codegen.sh and commands) against the same sequence with
# kubegen's (its kube_codegen.sh, one kubegen call per function, and its
# commands under the upstream names), KUBEGEN_CACHE=off.
#
# Per target: both sides run once untimed (warm build and module caches;
# their trees are compared and the result printed), then RUNS alternating
# timed runs, each from a fresh copy of the pristine module tree (copying is
# not timed), and the medians of wall time and peak RSS (of the largest
# process), and the ratio upstream/kubegen. Each timed run prints its
# steps' durations (a step runs until the next one starts). A target
# kubegen cannot complete yet is reported (with its failing step) and timed
# on upstream's side only; one upstream cannot run is reported and skipped.
#
#   hack/bench-realworld.sh                  # every target, 3 runs each
#   RUNS=5 hack/bench-realworld.sh gateway-api
RUNS=${RUNS:-3}
source "$(dirname "${BASH_SOURCE[0]}")/lib/bench.sh"
source "$ROOT/hack/lib/realworld.sh"

targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=("${RW_TARGETS[@]}")
for t in "${targets[@]}"; do
    declare -F "rw::$t::def" >/dev/null || { echo "unknown target $t (targets: ${RW_TARGETS[*]})" >&2; exit 2; }
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

echo "building upstream's and kubegen's tools..."
rw::tools

# run TARGET SIDE: one run from a fresh copy; prints it and appends
# "wall_s rss_kb" to $WORK/TARGET-SIDE.times. Fails if the sequence fails.
run() {
    rw::fresh "$2"
    rw::run_side "$1" "$2" off || return
    rw::time_of "$2" >> "$WORK/$1-$2.times"
    printf '  %-8s %6ss %8s KB   %s\n' "$2" $(rw::time_of "$2") "$(rw::steps "$2")"
}

summary=()
for t in "${targets[@]}"; do
    echo
    echo "=== $t"
    rw::prepare "$t"
    echo "module: $RW_MODULE@$RW_VERSION"
    sides=(upstream kubegen)
    rw::fresh upstream
    if ! rw::run_side "$t" upstream off; then
        echo "upstream's sequence fails at step $(rw::failed_step upstream): the target is broken; skipped. stderr:"
        rw::stderr upstream
        summary+=("$(printf '%-28s upstream fails: skipped' "$t")")
        continue
    fi
    rw::fresh kubegen
    if ! rw::run_side "$t" kubegen off; then
        echo "kubegen cannot complete $t yet: it fails at step $(rw::failed_step kubegen); timing upstream alone. stderr:"
        rw::stderr kubegen
        sides=(upstream)
    elif rw::compare "$(rw::side_dir upstream)" "$(rw::side_dir kubegen)" "$RW_PRISTINE" > "$WORK/$t.compare"; then
        echo "trees identical ($RW_COMPARED files)"
    else
        echo "trees DIFFER ($RW_COMPARED files compared, $RW_DIFFER differ, $RW_MISSING missing, $RW_EXTRA extra, $RW_STALE stale removed; hack/realworld.sh $t shows them)"
    fi
    rm -f "$WORK/$t-upstream.times" "$WORK/$t-kubegen.times"
    for _ in $(seq "$RUNS"); do
        for side in "${sides[@]}"; do
            if ! run "$t" "$side"; then
                echo "$side failed in a timed run at step $(rw::failed_step "$side"):"
                rw::stderr "$side"
                exit 1
            fi
        done
    done
    ut=$(cut -d' ' -f1 "$WORK/$t-upstream.times" | median)
    um=$(cut -d' ' -f2 "$WORK/$t-upstream.times" | median)
    if [[ ${#sides[@]} == 2 ]]; then
        bench::report "$t-upstream" "$t-kubegen"
        kt=$(cut -d' ' -f1 "$WORK/$t-kubegen.times" | median)
        km=$(cut -d' ' -f2 "$WORK/$t-kubegen.times" | median)
        summary+=("$(awk -v t="$t" -v ut="$ut" -v um="$um" -v kt="$kt" -v km="$km" 'BEGIN {
            printf "%-28s upstream %6.2f s %5.0f MiB   kubegen %6.2f s %5.0f MiB   %5.1fx faster, %.2fx the RSS", t, ut, um / 1024, kt, km / 1024, ut / kt, km / um }')")
    else
        summary+=("$(awk -v t="$t" -v ut="$ut" -v um="$um" 'BEGIN {
            printf "%-28s upstream %6.2f s %5.0f MiB   kubegen cannot complete it yet", t, ut, um / 1024 }')")
    fi
done

echo
echo "=== medians of $RUNS runs on $(nproc) cores (KUBEGEN_CACHE=off)"
printf '%s\n' "${summary[@]}"
