// Command gen-lister generates listers for Kubernetes-style API types: a
// drop-in for k8s.io/code-generator's lister-gen.
//
//	gen-lister --go-header-file hack/boilerplate.go.txt \
//	    --output-dir pkg/generated/listers \
//	    --output-pkg example.com/repo/pkg/generated/listers \
//	    ./pkg/apis/...
//
// Tags and flags: package github.com/kubegen/kubegen/generators/lister;
// common flags (--verify, --go-header-file, -v): package .../generators/run.
package main

import (
	"os"

	"github.com/kubegen/kubegen/generators/lister"
	"github.com/kubegen/kubegen/generators/run"
)

func main() {
	os.Exit(run.Main("gen-lister", os.Args[1:], os.Stdout, os.Stderr, lister.New()))
}
