// Command gen-prerelease-lifecycle generates the API lifecycle methods
// (APILifecycleIntroduced, ...Deprecated, ...Replacement, ...Removed) of
// Kubernetes API types: a drop-in for k8s.io/code-generator's
// prerelease-lifecycle-gen.
//
//	gen-prerelease-lifecycle --go-header-file hack/boilerplate.go.txt \
//	    --output-file zz_generated.prerelease-lifecycle.go ./pkg/apis/...
//
// The tags and flags are documented in package
// github.com/kubegen/kubegen/generators/prerelease; the common flags
// (--verify, --strict, --go-header-file, -v) in package .../generators/run.
package main

import (
	"os"

	"github.com/kubegen/kubegen/generators/prerelease"
	"github.com/kubegen/kubegen/generators/run"
)

func main() {
	os.Exit(run.Main("gen-prerelease-lifecycle", os.Args[1:], os.Stdout, os.Stderr, &prerelease.Generator{}))
}
