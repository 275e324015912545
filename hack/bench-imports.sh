#!/usr/bin/env bash
# Times upstream import-boss (Kubernetes v1.37.2) against `importverifier
# import-boss` on the whole Kubernetes tree, as hack/verify-import-boss.sh
# runs it: every workspace module's ./... . The tools run alternately, RUNS
# times each (default 3), after one untimed warm-up run of each that fills
# the module and build caches. Prints each time, the medians and the ratio,
# and fails if the two disagree on the exit status.
#
#   hack/bench-imports.sh [RUNS]
#
# KUBEGEN_PARITY_DIR (default $TMPDIR/kubegen-parity-v1.37.2) keeps the tree
# and the upstream binaries between runs. BENCH_PATTERNS (e.g. "./pkg/...")
# replaces the whole tree by fewer packages: upstream import-boss's cost
# grows much faster than linearly with the number of packages.
set -euo pipefail

runs=${1:-3}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${KUBEGEN_PARITY_DIR:-${TMPDIR:-/tmp}/kubegen-parity-v1.37.2}
mkdir -p "$work"

tree=$("$repo/hack/kubernetes-tree.sh" "$work/kubernetes" | tail -1)
# Wait for, and keep out, parity tests adding probe packages to the tree.
exec 9>"$work/kubernetes.lock"
flock 9
upstream=$("$repo/hack/upstream-tools.sh" "$work/tools" | tail -1)/import-boss
ours=$work/importverifier
(cd "$repo" && GOWORK=off go build -o "$ours" ./cmd/importverifier)

cd "$tree"
find . -type d -name zz_kubegen_probe -prune -exec rm -r {} + # left by an interrupted parity test
if [[ -n "${BENCH_PATTERNS:-}" ]]; then
  read -r -a patterns <<<"$BENCH_PATTERNS"
else
  mapfile -t patterns < <(go work edit -json | jq -r '.Use[].DiskPath + "/..."')
fi
echo "patterns: ${patterns[*]}" >&2

# run NAME CMD... : runs one tool, prints its wall time in seconds and
# records its exit status in status_NAME.
run() {
  local name=$1 start end rc=0
  shift
  start=$(date +%s.%N)
  "$@" >"$work/$name.out" 2>&1 || rc=$?
  end=$(date +%s.%N)
  printf -v "status_$name" '%s' "$rc"
  echo "$end - $start" | bc
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

echo "warm-up (untimed)..." >&2
run upstream "$upstream" "${patterns[@]}" >/dev/null
run ours "$ours" import-boss "${patterns[@]}" >/dev/null
[[ $status_upstream == "$status_ours" ]] || { echo "exit status differs: upstream $status_upstream, ours $status_ours" >&2; exit 1; }

up_times=() our_times=()
for ((i = 1; i <= runs; i++)); do
  up_times+=("$(run upstream "$upstream" "${patterns[@]}")")
  our_times+=("$(run ours "$ours" import-boss "${patterns[@]}")")
  echo "run $i: upstream ${up_times[-1]}s (exit $status_upstream), ours ${our_times[-1]}s (exit $status_ours)"
  [[ $status_upstream == "$status_ours" ]] || { echo "exit status differs" >&2; exit 1; }
done
up=$(printf '%s\n' "${up_times[@]}" | median)
our=$(printf '%s\n' "${our_times[@]}" | median)
echo "median over $runs runs: upstream import-boss ${up}s, importverifier import-boss ${our}s, speed-up $(echo "scale=2; $up / $our" | bc)x"
