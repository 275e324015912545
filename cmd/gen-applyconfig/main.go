// Command gen-applyconfig generates apply configurations (the typed
// builders of server-side apply) for Kubernetes-style API types: a drop-in
// for k8s.io/code-generator's applyconfiguration-gen.
//
//	gen-applyconfig --go-header-file hack/boilerplate.go.txt \
//	    --output-dir pkg/generated/applyconfiguration \
//	    --output-pkg example.com/repo/pkg/generated/applyconfiguration \
//	    --openapi-schema openapi.json \
//	    ./pkg/apis/...
//
// Tags and flags: package github.com/kubegen/kubegen/generators/applyconfig;
// common flags (--verify, --go-header-file, -v): package .../generators/run.
package main

import (
	"os"

	"github.com/kubegen/kubegen/generators/applyconfig"
	"github.com/kubegen/kubegen/generators/run"
)

func main() {
	os.Exit(run.Main("gen-applyconfig", os.Args[1:], os.Stdout, os.Stderr, applyconfig.New()))
}
