// Command kubectl-docs writes kubectl's docs twice, with cobra's doc package
// and with gendocs, for the compatibility test in gendocsdocs.
//
//	go run . <dir>
//
// writes <dir>/cobra/<format>/ and <dir>/gendocs/<format>/ for the formats
// md, yaml, man and rst.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/kubegen/kubegen/gendocs"
	"github.com/spf13/cobra/doc"
	"k8s.io/kubectl/pkg/cmd"
)

// The man page header both generators use.
var (
	date   = time.Date(2026, time.March, 15, 12, 0, 0, 0, time.UTC)
	header = doc.GenManHeader{Section: "1", Date: &date, Source: "Kubernetes", Manual: "Kubernetes User Manuals"}
)

func main() {
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "kubectl-docs:", err)
		os.Exit(1)
	}
}

func run(out string) error {
	root := cmd.NewDefaultKubectlCommand()

	// gendocs first: cobra's doc package then works on the same tree, so
	// any change gendocs made to it would show up as a difference.
	for format, dir := range map[gendocs.Format]string{gendocs.Markdown: "md", gendocs.YAML: "yaml", gendocs.Man: "man", gendocs.ReST: "rst"} {
		docs, err := gendocs.Generate(root, gendocs.Options{
			Formats: []gendocs.Format{format},
			Date:    date,
			Man:     gendocs.ManHeader{Section: header.Section, Source: header.Source, Manual: header.Manual},
		})
		if err != nil {
			return err
		}
		if _, err := docs.WriteDir(filepath.Join(out, "gendocs", dir)); err != nil {
			return err
		}
	}

	root.DisableAutoGenTag = true
	cobraDirs := map[string]func(string) error{
		"md":   func(d string) error { return doc.GenMarkdownTree(root, d) },
		"yaml": func(d string) error { return doc.GenYamlTree(root, d) },
		"man":  func(d string) error { h := header; return doc.GenManTree(root, &h, d) },
		"rst":  func(d string) error { return doc.GenReSTTree(root, d) },
	}
	for dir, generate := range cobraDirs {
		path := filepath.Join(out, "cobra", dir)
		if err := os.MkdirAll(path, 0o755); err != nil {
			return err
		}
		if err := generate(path); err != nil {
			return err
		}
	}
	return nil
}
