// Command fieldnamedocscheck checks that the documentation of API types
// names fields by their JSON names: a drop-in for kubernetes'
// cmd/fieldnamedocscheck, which hack/verify-fieldname-docs.sh runs on every
// versioned types.go.
//
//	fieldnamedocscheck -s staging/src/k8s.io/api/apps/v1/types.go
//	fieldnamedocscheck $(find . -path '*/v*/types.go')
//
// Files are given with -s (--type-src, repeatable) or as arguments. Each
// finding is printed on standard error, as upstream does, with its file
// and line:
//
//	apps/v1/types.go:412: doc for DeploymentSpec.replicas contains: Replicas, which should be: replicas
//
// The rule is upstream's: a `quoted` word in a struct's or field's comment
// that equals the JSON name of one of the struct's fields except for case.
// Exit status 1 when something is found, 2 when a file cannot be read or a
// field's JSON name cannot be told.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/pflag"

	"github.com/kubegen/kubegen/generators/swaggerdocs"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

func run(args []string, stderr io.Writer) int {
	fs := pflag.NewFlagSet("fieldnamedocscheck", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	srcs := fs.StringArrayP("type-src", "s", nil, "a Go file of API types to check (repeatable)")
	if err := fs.Parse(args); err == pflag.ErrHelp { // the usage is printed
		return 0
	} else if err != nil {
		fmt.Fprintf(stderr, "fieldnamedocscheck: %v\n", err)
		return 2
	}
	files := append(*srcs, fs.Args()...)
	if len(files) == 0 {
		fmt.Fprintln(stderr, "fieldnamedocscheck: no file to check: give one with -s FILE or as an argument")
		return 2
	}
	status := 0
	for _, f := range files {
		found, err := swaggerdocs.CheckFieldNames(f)
		for _, m := range found {
			fmt.Fprintln(stderr, m)
			status = max(status, 1)
		}
		if err != nil {
			fmt.Fprintf(stderr, "fieldnamedocscheck: %v\n", err)
			status = 2
		}
	}
	return status
}
