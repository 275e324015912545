// Command gen-clientset generates a typed clientset for Kubernetes-style
// API types: a drop-in for k8s.io/code-generator's client-gen.
//
//	gen-clientset --go-header-file hack/boilerplate.go.txt \
//	    --output-dir pkg/generated/clientset \
//	    --output-pkg example.com/repo/pkg/generated/clientset \
//	    --clientset-name versioned \
//	    --input-base example.com/repo/pkg/apis \
//	    --input apps/v1,apps/v1beta1
//
// Tags and flags: package github.com/kubegen/kubegen/generators/clientset;
// common flags (--verify, --go-header-file, -v): package .../generators/run.
package main

import (
	"os"

	"github.com/kubegen/kubegen/generators/clientset"
	"github.com/kubegen/kubegen/generators/run"
)

func main() {
	os.Exit(run.Main("gen-clientset", os.Args[1:], os.Stdout, os.Stderr, clientset.New()))
}
