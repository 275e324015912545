#!/usr/bin/env bash
# Builds the upstream importverifier, import-boss, preferredimports,
# dependencycheck and dependencyverifier of Kubernetes v1.37.2 into DEST/bin,
# for parity tests and benchmarks. Their sources are copied from the
# k8s.io/kubernetes module into a throwaway module in DEST that pins the
# dependency versions Kubernetes uses; kubegen's own go.mod is not involved.
# Prints DEST/bin.
#
#   hack/upstream-tools.sh DEST
set -euo pipefail

KUBE_VERSION=${KUBE_VERSION:-v1.37.2}
dest=${1:?usage: $0 DEST}
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
tools=(importverifier import-boss preferredimports dependencycheck dependencyverifier)
missing=0
for tool in "${tools[@]}"; do
  [[ -x "$dest/bin/$tool" ]] || missing=1
done
if [[ $missing -eq 0 ]]; then
  echo "$dest/bin"
  exit 0
fi

src=$(cd / && GOWORK=off GOFLAGS= go mod download -json "k8s.io/kubernetes@${KUBE_VERSION}" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
[[ -n "$src" ]] || { echo "cannot download k8s.io/kubernetes@${KUBE_VERSION}" >&2; exit 1; }

for tool in "${tools[@]}"; do
  mkdir -p "$dest/$tool"
  find "$src/cmd/$tool" -maxdepth 1 -name '*.go' ! -name '*_test.go' -exec cp {} "$dest/$tool/" \;
done
chmod -R u+w "$dest"

# The versions of the tools' dependencies in Kubernetes' go.mod.
version() { sed -n "s#^\t$1 \(v[^ ]*\).*#\1#p" "$src/go.mod" | head -1; }
{
  printf 'module upstreamtools\n\ngo 1.26\n\nrequire (\n'
  for mod in github.com/go-logr/logr github.com/google/go-cmp github.com/spf13/pflag go.yaml.in/yaml/v2 golang.org/x/mod \
    golang.org/x/sync golang.org/x/sys golang.org/x/term golang.org/x/tools k8s.io/klog/v2 sigs.k8s.io/yaml; do
    printf '\t%s %s\n' "$mod" "$(version "$mod")"
  done
  printf ')\n'
} > "$dest/go.mod"
cd "$dest"
GOWORK=off GOFLAGS=-mod=mod go build -o bin/ ./...
echo "$dest/bin"
