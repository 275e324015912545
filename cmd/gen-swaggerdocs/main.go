// Command gen-swaggerdocs writes the types_swagger_doc_generated.go files
// of Kubernetes-style API packages (SwaggerDoc() methods from the type and
// field comments of each package's types.go):
//
//	gen-swaggerdocs --go-header-file hack/boilerplate.go.txt ./pkg/apis/...
//
// It writes whole files, as kubernetes' hack/update-codegen.sh assembles
// them around genswaggertypedocs, with --verify and write-if-changed (see
// packages .../generators/swaggerdocs and .../generators/run).
//
// Given -s (--type-src), it is a drop-in for genswaggertypedocs itself:
//
//	gen-swaggerdocs -s pkg/apis/foo/v1/types.go [-f out.go | -f -]
//
// prints only the functions, to -f ("-", the default, is stdout).
package main

import (
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/spf13/pflag"

	"github.com/kubegen/kubegen/generators/run"
	"github.com/kubegen/kubegen/generators/swaggerdocs"
)

func main() {
	args := os.Args[1:]
	if slices.ContainsFunc(args, func(a string) bool { return a == "-s" || a == "--type-src" || len(a) > 11 && a[:11] == "--type-src=" }) {
		os.Exit(legacy(args))
	}
	os.Exit(run.Main("gen-swaggerdocs", args, os.Stdout, os.Stderr, &swaggerdocs.Generator{}))
}

// legacy runs genswaggertypedocs' command line: -s FILE [-f DEST].
func legacy(args []string) int {
	fs := pflag.NewFlagSet("gen-swaggerdocs", pflag.ContinueOnError)
	src := fs.StringP("type-src", "s", "", "the Go file to read the types from")
	dest := fs.StringP("func-dest", "f", "-", "where to write the functions; - is stdout")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	body, err := swaggerdocs.Functions(*src)
	if err != nil {
		fmt.Fprintf(os.Stderr, "gen-swaggerdocs: %v\n", err)
		return 1
	}
	var out io.Writer = os.Stdout
	if *dest != "-" {
		f, err := os.Create(*dest)
		if err != nil {
			fmt.Fprintf(os.Stderr, "gen-swaggerdocs: %v\n", err)
			return 1
		}
		defer f.Close()
		out = f
	}
	if _, err := out.Write(body); err != nil {
		fmt.Fprintf(os.Stderr, "gen-swaggerdocs: %v\n", err)
		return 1
	}
	return 0
}
