package main

import (
	"os"

	"github.com/kubegen/kubegen/generators/controllergen"
)

func main() {
	os.Exit(controllergen.Main(os.Args[1:], os.Stdout, os.Stderr))
}
