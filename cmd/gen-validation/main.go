// Command gen-validation generates declarative validation functions
// (Validate_<Type>, RegisterValidations) of Kubernetes API types: a
// drop-in for k8s.io/code-generator's validation-gen.
//
//	gen-validation --go-header-file hack/boilerplate.go.txt \
//	    --output-file zz_generated.validations.go ./pkg/apis/...
//	gen-validation --docs      # the tags' documentation, as JSON
//
// The tags and flags are documented in package
// github.com/kubegen/kubegen/generators/validation; the common flags
// (--verify, --strict, --go-header-file, -v) in package .../generators/run.
package main

import (
	"fmt"
	"os"
	"slices"

	"github.com/kubegen/kubegen/generators/run"
	"github.com/kubegen/kubegen/generators/validation"
)

func main() {
	// --docs prints and exits before any package is loaded, as upstream.
	if slices.ContainsFunc(os.Args[1:], func(a string) bool { return a == "--docs" || a == "-docs" || a == "--docs=true" }) {
		if err := validation.PrintDocs(os.Stdout); err != nil {
			fmt.Fprintf(os.Stderr, "gen-validation: %v\n", err)
			os.Exit(1)
		}
		return
	}
	os.Exit(run.Main("gen-validation", os.Args[1:], os.Stdout, os.Stderr, &validation.Generator{}))
}
