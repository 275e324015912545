// Command kubegen runs kube_codegen.sh's generator calls in one process,
// over one package load: see package
// github.com/kubegen/kubegen/generators/codegen for the manual.
//
//	kubegen helpers --boilerplate hack/boilerplate.go.txt ./pkg/apis
//	kubegen client --with-watch --output-dir pkg/generated \
//	    --output-pkg example.com/repo/pkg/generated ./pkg/apis
//	kubegen all helpers ./pkg/apis -- client --with-watch ... ./pkg/apis
package main

import (
	"os"

	"github.com/kubegen/kubegen/generators/codegen"
)

func main() {
	os.Exit(codegen.Main(os.Args[1:], os.Stdout, os.Stderr))
}
