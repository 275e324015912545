// Command gen-register generates the scheme registration of API version
// packages (zz_generated.register.go): a drop-in for k8s.io/code-generator's
// register-gen.
//
//	gen-register --go-header-file hack/boilerplate.go.txt \
//	    --output-file zz_generated.register.go ./pkg/apis/...
//
// Tags and flags: package github.com/kubegen/kubegen/generators/register;
// common flags (--verify, --go-header-file, -v): package .../generators/run.
package main

import (
	"os"

	"github.com/kubegen/kubegen/generators/register"
	"github.com/kubegen/kubegen/generators/run"
)

func main() {
	os.Exit(run.Main("gen-register", os.Args[1:], os.Stdout, os.Stderr, &register.Generator{}))
}
