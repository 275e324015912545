// Package lister generates listers: typed, read-only views of a shared
// informer's cache, one file per API type plus the version's
// expansion_generated.go. It is a drop-in for k8s.io/code-generator's
// lister-gen (v0.37.2): same flags, same tags, byte-identical output.
//
// # Which types
//
// Every type tagged +genclient (see package clienttags) whose verbs include
// get and list, in input packages not tagged +k8s:lister-gen=false. The
// package must name its API version: the types embed ObjectMeta, with a
// json tag for versioned packages (group and version are the last two path
// elements, e.g. .../apps/v1), without one for internal packages (group is
// the last path element, version "internalversion").
//
// # Output
//
//	<output-dir>/<group>/<version>/<type>.go
//	<output-dir>/<group>/<version>/expansion_generated.go
//
// The expansion file declares an empty <Type>ListerExpansion (and
// <Type>NamespaceListerExpansion) interface for every type, except those
// with a hand-written <type>_expansion.go in the output directory.
//
// # Flags
//
//	--output-dir DIR          base directory of the output
//	--output-pkg PATH         import path of that directory
//	--plural-exceptions T:P   plurals the rules get wrong, e.g. Endpoints:Endpoints
//	--lint-rules RULES        see package apidefs
//
// plus those of package run.
package lister

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kubegen/kubegen/generators/apidefs"
	"github.com/kubegen/kubegen/generators/clientgen"
	"github.com/kubegen/kubegen/generators/clienttags"
	"github.com/kubegen/kubegen/generators/gofile"
	"github.com/kubegen/kubegen/generators/model"
	"github.com/kubegen/kubegen/generators/names"
	"github.com/kubegen/kubegen/generators/run"
	"github.com/kubegen/kubegen/templates"
)

// ToolName is the upstream generator this package replaces.
const ToolName = "lister-gen"

// Generator is the lister generator; its fields are its flags.
type Generator struct {
	clientgen.Base
}

// New returns the lister generator.
func New() *Generator { return &Generator{clientgen.Base{ToolName: ToolName}} }

var _ run.Generator = (*Generator)(nil)

// Validate implements run.Generator.
func (g *Generator) Validate() error { return g.Base.Validate() }

// listerData is what the lister templates take.
type listerData struct {
	Type                    *model.Type
	Public, Private, Plural string
	Lower                   string
	Namespaced              bool
}

// Generate implements run.Generator.
func (g *Generator) Generate(ctx *run.Context) ([]*gofile.File, error) {
	var files []*gofile.File
	var errs []error
	for _, pkg := range ctx.Universe.Inputs {
		fs, err := g.packageFiles(ctx, pkg)
		files = append(files, fs...)
		errs = append(errs, err)
	}
	return files, errors.Join(errs...)
}

func (g *Generator) packageFiles(ctx *run.Context, pkg *model.Package) ([]*gofile.File, error) {
	if err := apidefs.Lint(pkg, g.LintRules); err != nil {
		return nil, err
	}
	if off, err := apidefs.OptedOut(pkg, "k8s:lister-gen"); off || err != nil {
		return nil, err
	}
	v, ok, err := clienttags.PackageVersion(pkg)
	if !ok || err != nil {
		return nil, err
	}
	var types []listerData
	for _, t := range pkg.Types {
		tags, _ := clienttags.Parse(t) // PackageVersion checked them
		tags.Warn(ctx.Warnf)
		if tags.GenerateClient && tags.HasVerb("list") && tags.HasVerb("get") {
			types = append(types, listerData{
				Type:       t,
				Public:     names.Public(t.Name.Name),
				Private:    names.Private(t.Name.Name),
				Plural:     names.Public(g.Plurals.Of(t.Name.Name)),
				Lower:      strings.ToLower(t.Name.Name),
				Namespaced: !tags.NonNamespaced,
			})
		}
	}
	if len(types) == 0 {
		return nil, nil
	}
	slices.SortFunc(types, func(a, b listerData) int { return strings.Compare(a.Private, b.Private) })

	group, version := strings.ToLower(v.GroupDir), v.VersionDir()
	dir := filepath.Join(g.OutputDir, group, version)
	importPath := path.Join(g.OutputPkg, group, version)
	header := ctx.Header(ToolName, "")
	var files []*gofile.File
	var expansions []listerData
	for _, d := range types {
		f := gofile.New(filepath.Join(dir, d.Lower+".go"), importPath, version, header)
		if err := templates.Execute(f, "lister.tmpl", d); err != nil {
			return nil, err
		}
		files = append(files, f)
		switch _, err := os.Stat(filepath.Join(dir, d.Lower+"_expansion.go")); {
		case errors.Is(err, os.ErrNotExist):
			expansions = append(expansions, d)
		case err != nil:
			return nil, fmt.Errorf("looking for a hand-written lister expansion: %w", err)
		}
	}
	f := gofile.New(filepath.Join(dir, "expansion_generated.go"), importPath, version, header)
	if err := templates.Execute(f, "lister_expansion.tmpl", expansions); err != nil {
		return nil, err
	}
	return append(files, f), nil
}
