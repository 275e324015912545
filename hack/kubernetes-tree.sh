#!/usr/bin/env bash
# Assembles the Kubernetes v1.37.2 source tree in DEST from the Go module
# proxy: the k8s.io/kubernetes module plus its staging modules
# (k8s.io/<name>@v0.37.2) copied into staging/src/k8s.io/<name>, so that
# the tree's go.work resolves as in a git checkout. The module cache is only
# read; everything is copied. Prints DEST.
#
#   hack/kubernetes-tree.sh DEST [staging-module...]
#
# With staging module names, only those are fetched (a partial tree for a
# subset of packages); the go.work then uses only them. Staging modules the
# proxy does not have (the samples) are left out of go.work.
set -euo pipefail

KUBE_VERSION=${KUBE_VERSION:-v1.37.2}
STAGING_VERSION=${STAGING_VERSION:-v0.${KUBE_VERSION#v1.}}
dest=${1:?usage: $0 DEST [staging-module...]}
shift

moddir() { (cd / && GOWORK=off GOFLAGS= go mod download -json "$1" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p'); }

if [[ ! -f "$dest/go.mod" ]]; then
  src=$(moddir "k8s.io/kubernetes@${KUBE_VERSION}")
  [[ -n "$src" ]] || { echo "cannot download k8s.io/kubernetes@${KUBE_VERSION}" >&2; exit 1; }
  mkdir -p "$dest"
  cp -r "$src/." "$dest/"
  chmod -R u+w "$dest"
fi

cd "$dest"
if [[ $# -eq 0 ]]; then
  mapfile -t staging < <(sed -n 's#^\t\./staging/src/k8s\.io/\(.*\)$#\1#p' go.work)
else
  staging=("$@")
  # Keep only the workspace modules we fetch.
  { printf 'go 1.26.0\n\nuse (\n\t.\n'; printf '\t./staging/src/k8s.io/%s\n' "${staging[@]}"; printf ')\n'; } > go.work
fi
for name in "${staging[@]}"; do
  target="staging/src/k8s.io/$name"
  [[ -f "$target/go.mod" ]] && continue
  if ! src=$(moddir "k8s.io/${name}@${STAGING_VERSION}") || [[ -z "$src" ]]; then
    # The sample modules are not published for every release; nothing
    # outside them imports them.
    echo "skipping k8s.io/${name}@${STAGING_VERSION}: not available" >&2
    sed -i "\#^\t\./staging/src/k8s\.io/${name}\$#d" go.work
    continue
  fi
  mkdir -p "$target"
  cp -r "$src/." "$target/"
  chmod -R u+w "$target"
done
echo "$dest"
