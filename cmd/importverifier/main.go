// Command importverifier enforces import and dependency rules in
// Kubernetes-style repositories; see package
// github.com/kubegen/kubegen/importrules.
package main

import (
	"os"

	"github.com/kubegen/kubegen/importrules"
)

func main() {
	os.Exit(importrules.Main(os.Args[0], os.Args[1:], os.Stdout, os.Stderr))
}
