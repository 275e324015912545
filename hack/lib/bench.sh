# Shared by hack/bench-*.sh: builds kubegen and upstream tools, prepares
# the k8s.io/api inputs, times alternating runs and prints medians.
# Source it; it sets ROOT, WORK (removed on exit), BIN, API, KUBE.

set -o errexit -o nounset -o pipefail
RUNS=${RUNS:-5}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
BIN=$WORK/bin
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }

# bench::build_ours CMD...: builds ./cmd/CMD into $BIN.
bench::build_ours() {
    for c in "$@"; do (cd "$ROOT" && go build -o "$BIN/$c" "./cmd/$c"); done
}

# bench::build_upstream TOOL...: builds k8s.io/code-generator v0.37.2's
# cmd/TOOL into $BIN, through the Go module proxy. A TOOL with a slash is
# a full package path in code-generator's module graph (e.g.
# k8s.io/kube-openapi/cmd/openapi-gen, at the version code-generator pins).
bench::build_upstream() {
    local mod=$WORK/upstream pkgs=() t
    mkdir -p "$mod"
    for t in "$@"; do
        if [[ $t == */* ]]; then pkgs+=("$t"); else pkgs+=("k8s.io/code-generator/cmd/$t"); fi
    done
    printf 'module upstreamtools\n\ngo 1.26\n\nrequire k8s.io/code-generator v0.37.2\n' > "$mod/go.mod"
    { printf '//go:build tools\n\npackage tools\n\nimport (\n'
      for t in "${pkgs[@]}"; do printf '\t_ "%s"\n' "$t"; done
      printf ')\n'; } > "$mod/tools.go"
    (cd "$mod" && GOFLAGS=-mod=mod go mod tidy)
    for t in "${pkgs[@]}"; do (cd "$mod" && GOFLAGS=-mod=mod go build -o "$BIN/${t##*/}" "$t"); done
}

# bench::inputs: a writable copy of k8s.io/api in $API, and the kubernetes
# module (for its boilerplate) in $KUBE.
bench::inputs() {
    local api
    api=$(cd "$WORK" && go mod download -json k8s.io/api@v0.37.2 | sed -n 's/.*"Dir": "\(.*\)",/\1/p')
    KUBE=$(cd "$WORK" && go mod download -json k8s.io/kubernetes@v1.37.2 | sed -n 's/.*"Dir": "\(.*\)",/\1/p')
    API=$WORK/api
    cp -r "$api" "$API" && chmod -R u+w "$API"
}

# bench::time LABEL CMD...: runs CMD once in $API, appends "wall_s rss_kb"
# to $WORK/LABEL.times and prints the run.
bench::time() {
    local label=$1; shift
    (cd "$API" && /usr/bin/time -f "%e %M" -o "$WORK/last" "$@" >/dev/null 2>"$WORK/stderr") \
        || { cat "$WORK/stderr" >&2; exit 1; }
    cat "$WORK/last" >> "$WORK/$label.times"
    printf '%-10s %6ss %8s KB\n' "$label" $(cat "$WORK/last")
}

# bench::report UPSTREAM OURS: medians of both labels and their ratios.
bench::report() {
    median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
    local ut um ot om
    ut=$(cut -d' ' -f1 "$WORK/$1.times" | median); um=$(cut -d' ' -f2 "$WORK/$1.times" | median)
    ot=$(cut -d' ' -f1 "$WORK/$2.times" | median); om=$(cut -d' ' -f2 "$WORK/$2.times" | median)
    echo
    echo "median of $RUNS runs on $(nproc) cores:"
    awk -v ut="$ut" -v um="$um" -v ot="$ot" -v om="$om" -v u="$1" -v o="$2" 'BEGIN {
        printf "  %-10s %6.2f s  %7.0f MiB\n", u, ut, um / 1024
        printf "  %-10s %6.2f s  %7.0f MiB\n", o, ot, om / 1024
        printf "  speed-up %.1fx, peak RSS %.2fx of upstream\n", ut / ot, om / um
    }'
}
