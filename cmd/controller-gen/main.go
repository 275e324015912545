package main

import (
	"os"
	"runtime/debug"

	"github.com/kubegen/kubegen/generators/controllergen"
)

func main() {
	// A run is short and allocates much (schemas, YAML): fewer
	// collections, unless GOGC says otherwise, for a larger heap (still
	// smaller than controller-gen's).
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	os.Exit(controllergen.Main(os.Args[1:], os.Stdout, os.Stderr))
}
