// Command gen-informer generates shared informers for Kubernetes-style API
// types: a drop-in for k8s.io/code-generator's informer-gen.
//
//	gen-informer --go-header-file hack/boilerplate.go.txt \
//	    --output-dir pkg/generated/informers \
//	    --output-pkg example.com/repo/pkg/generated/informers \
//	    --versioned-clientset-package example.com/repo/pkg/generated/clientset/versioned \
//	    --listers-package example.com/repo/pkg/generated/listers \
//	    ./pkg/apis/...
//
// Tags and flags: package github.com/kubegen/kubegen/generators/informer;
// common flags (--verify, --go-header-file, -v): package .../generators/run.
package main

import (
	"os"

	"github.com/kubegen/kubegen/generators/informer"
	"github.com/kubegen/kubegen/generators/run"
)

func main() {
	os.Exit(run.Main("gen-informer", os.Args[1:], os.Stdout, os.Stderr, informer.New()))
}
