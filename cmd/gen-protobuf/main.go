// Command gen-protobuf is a drop-in for k8s.io/code-generator's
// go-to-protobuf that needs neither protoc nor protoc-gen-gogo: see
// package github.com/kubegen/kubegen/generators/protobuf.
package main

import (
	"os"

	"github.com/kubegen/kubegen/generators/protobuf"
	"github.com/kubegen/kubegen/generators/run"
)

func main() {
	os.Exit(run.Main("gen-protobuf", os.Args[1:], os.Stdout, os.Stderr, &protobuf.Generator{}))
}
