// Command gen-deepcopy generates deep-copy functions for Kubernetes-style
// API types: a drop-in for k8s.io/code-generator's deepcopy-gen.
//
//	gen-deepcopy --go-header-file hack/boilerplate.go.txt \
//	    --output-file zz_generated.deepcopy.go ./pkg/apis/...
//
// The tags and flags are documented in package
// github.com/kubegen/kubegen/generators/deepcopy; the common flags
// (--verify, --go-header-file, -v) in package .../generators/run.
package main

import (
	"os"

	"github.com/kubegen/kubegen/generators/deepcopy"
	"github.com/kubegen/kubegen/generators/run"
)

func main() {
	os.Exit(run.Main("gen-deepcopy", os.Args[1:], os.Stdout, os.Stderr, &deepcopy.Generator{}))
}
