// Command gen-defaulter generates defaulting functions for Kubernetes-style
// API types: a drop-in for k8s.io/code-generator's defaulter-gen.
//
//	gen-defaulter --go-header-file hack/boilerplate.go.txt \
//	    --output-file zz_generated.defaults.go ./pkg/apis/...
//
// The tags and flags are documented in package
// github.com/kubegen/kubegen/generators/defaulter; the common flags
// (--verify, --go-header-file, -v, --year) in package .../generators/run.
package main

import (
	"os"

	"github.com/kubegen/kubegen/generators/defaulter"
	"github.com/kubegen/kubegen/generators/run"
)

func main() {
	os.Exit(run.Main("gen-defaulter", os.Args[1:], os.Stdout, os.Stderr, &defaulter.Generator{}))
}
