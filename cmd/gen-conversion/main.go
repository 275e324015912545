// Command gen-conversion generates conversion functions between versioned
// and internal Kubernetes API types: a drop-in for k8s.io/code-generator's
// conversion-gen.
//
//	gen-conversion --go-header-file hack/boilerplate.go.txt \
//	    --output-file zz_generated.conversion.go ./pkg/apis/...
//
// The tags and flags are documented in package
// github.com/kubegen/kubegen/generators/conversion; the common flags
// (--verify, --go-header-file, -v, --year) in package .../generators/run.
package main

import (
	"os"

	"github.com/kubegen/kubegen/generators/conversion"
	"github.com/kubegen/kubegen/generators/run"
)

func main() {
	os.Exit(run.Main("gen-conversion", os.Args[1:], os.Stdout, os.Stderr, &conversion.Generator{}))
}
