// Command gen-openapi writes the OpenAPI definitions of Kubernetes-style
// API packages (zz_generated.openapi.go), their model-name files and the
// API-rule report: a drop-in for kube-openapi's openapi-gen.
//
//	gen-openapi --go-header-file hack/boilerplate.go.txt \
//	    --output-dir pkg/generated/openapi --output-pkg example.com/m/pkg/generated/openapi \
//	    --output-file zz_generated.openapi.go --report-filename api-violations.list \
//	    ./pkg/apis/...
//
// See packages .../generators/openapi (flags, tags, output) and
// .../generators/run (the flags every generator takes).
package main

import (
	"os"

	"github.com/kubegen/kubegen/generators/openapi"
	"github.com/kubegen/kubegen/generators/run"
)

func main() {
	os.Exit(run.Main("gen-openapi", os.Args[1:], os.Stdout, os.Stderr, &openapi.Generator{}))
}
