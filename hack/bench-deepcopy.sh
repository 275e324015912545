#!/usr/bin/env bash
# Benchmarks gen-deepcopy against upstream deepcopy-gen (k8s.io/code-generator
# v0.37.2, built from the Go module proxy) on the 60 deepcopy packages of
# k8s.io/api v0.37.2, with kubernetes' flags. Both regenerate from scratch
# (their output deleted first, as kubernetes does), alternately, after one
# warm-up run each. Prints every run, then the median wall time and peak RSS
# of each tool and the ratios.
#
#   hack/bench-deepcopy.sh            # 5 runs each
#   RUNS=9 hack/bench-deepcopy.sh
set -o errexit -o nounset -o pipefail

RUNS=${RUNS:-5}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }

echo "building gen-deepcopy and upstream deepcopy-gen v0.37.2..."
(cd "$ROOT" && go build -o "$WORK/bin/gen-deepcopy" ./cmd/gen-deepcopy)
mkdir -p "$WORK/upstream"
cat > "$WORK/upstream/go.mod" <<'EOF'
module upstreamtools

go 1.26

require k8s.io/code-generator v0.37.2
EOF
printf '//go:build tools\n\npackage tools\n\nimport _ "k8s.io/code-generator/cmd/deepcopy-gen"\n' > "$WORK/upstream/tools.go"
(cd "$WORK/upstream" && GOFLAGS=-mod=mod go mod tidy && GOFLAGS=-mod=mod go build -o "$WORK/bin/deepcopy-gen" k8s.io/code-generator/cmd/deepcopy-gen)

api=$(cd "$WORK" && go mod download -json k8s.io/api@v0.37.2 | sed -n 's/.*"Dir": "\(.*\)",/\1/p')
kube=$(cd "$WORK" && go mod download -json k8s.io/kubernetes@v1.37.2 | sed -n 's/.*"Dir": "\(.*\)",/\1/p')
cp -r "$api" "$WORK/api" && chmod -R u+w "$WORK/api"
cd "$WORK/api"
mapfile -t pkgs < <(grep -rl --include='*.go' '+k8s:deepcopy-gen=' . | xargs -n1 dirname | sort -u)
flags=(--go-header-file "$kube/hack/boilerplate/boilerplate.generatego.txt"
       --output-file zz_generated.deepcopy.go
       --lint-rules=known-tags-only,require-explicit-disablement)

# run TOOL: one timed run from scratch; appends "wall_s max_rss_kb" to $WORK/TOOL.times
run() {
    find . -name zz_generated.deepcopy.go -delete
    /usr/bin/time -f "%e %M" -o "$WORK/last" "$WORK/bin/$1" "${flags[@]}" "${pkgs[@]}" >/dev/null 2>"$WORK/stderr" \
        || { cat "$WORK/stderr" >&2; exit 1; }
    cat "$WORK/last" >> "$WORK/$1.times"
    printf '%-13s %6ss %8s KB\n' "$1" $(cat "$WORK/last")
}
run deepcopy-gen >/dev/null; run gen-deepcopy >/dev/null   # warm-up
rm -f "$WORK"/*.times
for _ in $(seq "$RUNS"); do run deepcopy-gen; run gen-deepcopy; done

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
up_t=$(cut -d' ' -f1 "$WORK/deepcopy-gen.times" | median); up_m=$(cut -d' ' -f2 "$WORK/deepcopy-gen.times" | median)
our_t=$(cut -d' ' -f1 "$WORK/gen-deepcopy.times" | median); our_m=$(cut -d' ' -f2 "$WORK/gen-deepcopy.times" | median)
echo
echo "median of $RUNS runs on $(nproc) cores, ${#pkgs[@]} packages:"
awk -v ut="$up_t" -v um="$up_m" -v ot="$our_t" -v om="$our_m" 'BEGIN {
    printf "  upstream deepcopy-gen  %6.2f s  %7.0f MiB\n", ut, um / 1024
    printf "  kubegen gen-deepcopy   %6.2f s  %7.0f MiB\n", ot, om / 1024
    printf "  speed-up %.1fx, peak RSS %.2fx of upstream\n", ut / ot, om / um
}' 
