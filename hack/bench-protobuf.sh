#!/usr/bin/env bash
# Benchmarks gen-protobuf on kubernetes' protobuf set: the 60 packages of
# k8s.io/api v0.37.2 tagged +k8s:protobuf-gen=package plus the 7 default
# --apimachinery-packages of apimachinery v0.37.2, in a staging/src tree,
# with the flags of kubernetes' hack/_update-generated-protobuf-dockerized.sh
# and the generated files deleted first (as codegen::protobuf does).
#
# Beside it, where protoc is on PATH (Debian's protobuf-compiler, 3.21;
# kubernetes wants exactly 23.4, which cannot be installed here), upstream
# go-to-protobuf with code-generator's protoc-gen-gogo and goimports, all
# built from the Go module proxy: RUNS alternating timed runs of both, each
# in a fresh copy (copying is not timed); then the medians of wall time and
# peak RSS, and the last outputs of both compared (whole trees). Without
# protoc, gen-protobuf alone is timed.
#
#   hack/bench-protobuf.sh            # 3 runs each
#   RUNS=5 hack/bench-protobuf.sh
RUNS=${RUNS:-3}
source "$(dirname "${BASH_SOURCE[0]}")/lib/bench.sh"

echo "building gen-protobuf and upstream's tools..."
bench::build_ours gen-protobuf
have_protoc=0
if command -v protoc >/dev/null; then
    have_protoc=1
    bench::build_upstream go-to-protobuf k8s.io/code-generator/cmd/go-to-protobuf/protoc-gen-gogo
    (cd "$WORK/upstream" && GOFLAGS=-mod=mod go get golang.org/x/tools/cmd/goimports@v0.47.0 >/dev/null 2>&1 &&
        GOFLAGS=-mod=mod go build -o "$BIN/goimports" golang.org/x/tools/cmd/goimports)
fi
bench::inputs
machinery=$(cd "$WORK" && go mod download -json k8s.io/apimachinery@v0.37.2 | sed -n 's/.*"Dir": "\(.*\)",/\1/p')
gogo=$(cd "$WORK" && go mod download -json github.com/gogo/protobuf@v1.3.2 | sed -n 's/.*"Dir": "\(.*\)",/\1/p')

# The pristine tree: staging/src/k8s.io/{api,apimachinery} without their
# generated files, a go.work over both, and vendor/ with gogo.proto (which
# upstream's protoc reads from there).
P=$WORK/pristine
mkdir -p "$P/staging/src/k8s.io" "$P/vendor/github.com/gogo/protobuf/gogoproto"
mv "$API" "$P/staging/src/k8s.io/api"
cp -r "$machinery" "$P/staging/src/k8s.io/apimachinery" && chmod -R u+w "$P/staging/src/k8s.io/apimachinery"
cp "$gogo/gogoproto/gogo.proto" "$P/vendor/github.com/gogo/protobuf/gogoproto/"
printf 'go 1.26.0\n\nuse (\n\t./staging/src/k8s.io/api\n\t./staging/src/k8s.io/apimachinery\n)\n' > "$P/go.work"
find "$P/staging" \( -name generated.proto -o -name generated.pb.go -o -name generated.protomessage.pb.go \) -delete
pkgs=$(cd "$P/staging/src" && grep -rl --include='*.go' '// +k8s:protobuf-gen=package' k8s.io | xargs -n1 dirname | sort -u | paste -sd, -)
echo "packages: $(tr , '\n' <<< "$pkgs" | wc -l) of k8s.io/api + 7 of apimachinery"

# run SIDE: one timed run of SIDE in a fresh copy at $WORK/SIDE.
run() {
    local side=$1 dir=$WORK/$1 bin=gen-protobuf
    rm -rf "$dir" && cp -r "$P" "$dir"
    [[ $side == upstream ]] && bin=go-to-protobuf
    (cd "$dir" && PATH="$BIN:$PATH" /usr/bin/time -f "%e %M" -o "$WORK/last" "$BIN/$bin" \
        --go-header-file "$KUBE/hack/boilerplate/boilerplate.generatego.txt" \
        --output-dir="$dir/staging/src" --proto-import="$dir/staging/src" \
        --proto-import="$dir/vendor" --proto-import="$KUBE/third_party/protobuf" \
        --packages="$pkgs" >/dev/null 2>"$WORK/stderr") || { cat "$WORK/stderr" >&2; exit 1; }
    cat "$WORK/last" >> "$WORK/$side.times"
    printf '%-10s %6ss %8s KB\n' "$side" $(cat "$WORK/last")
}

sides=(kubegen)
[[ $have_protoc == 1 ]] && sides=(upstream kubegen)
for s in "${sides[@]}"; do run "$s" >/dev/null; rm -f "$WORK/$s.times"; done   # warm-up
for _ in $(seq "$RUNS"); do for s in "${sides[@]}"; do run "$s"; done; done

if [[ $have_protoc == 1 ]]; then
    bench::report upstream kubegen
    echo "(upstream with $(protoc --version), not the 23.4 kubernetes pins)"
    if diff -r "$WORK/upstream" "$WORK/kubegen" > "$WORK/diff"; then
        echo "outputs identical: $(cd "$WORK/kubegen" && find . -name 'generated.p*' | wc -l) generated files, whole trees"
    else
        echo "OUTPUTS DIFFER:"; head -n 40 "$WORK/diff"; exit 1
    fi
else
    echo; echo "no protoc on PATH: gen-protobuf alone (median of $RUNS):"
    cut -d' ' -f1 "$WORK/kubegen.times" | sort -n | awk '{a[NR]=$1} END {print "  " a[int((NR+1)/2)] " s"}'
fi
