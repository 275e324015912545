// Package openapi writes OpenAPI definitions for Kubernetes-style API
// types: a drop-in for kube-openapi's openapi-gen (the version
// k8s.io/code-generator v0.37.2 pins), with byte-identical output.
//
// # Output
//
// One file, --output-file in --output-dir (package --output-pkg), with
//
//	func GetOpenAPIDefinitions(ref common.ReferenceCallback) map[string]common.OpenAPIDefinition
//
// and one schema_<last four path elements>_<Type> function per exported
// struct type of the selected packages. Types are selected by
// "+k8s:openapi-gen=true" on the package (doc.go), unless the type says
// "+k8s:openapi-gen=false", or by "+k8s:openapi-gen=true" on the type.
//
// With --output-model-name-file NAME, each input package with a
// "+k8s:openapi-model-package=PREFIX" tag (on the package or on a type)
// gets NAME with an OpenAPIModelName() method per exported struct type,
// returning "PREFIX.Type"; the definitions then name such types by that
// method. --readonly-pkg PATH (repeatable) leaves a package's file alone.
//
// The API-rule report (--report-filename, "-" for standard output, the
// default) lists the rule violations of the selected types, sorted (see
// package rules). A report file is written, verified and left unchanged
// like every other output; violations do not fail the run.
//
// # Tags
//
// On types: +k8s:openapi-gen=true|false|x-kubernetes-NAME:VALUE,
// +k8s:openapi-model-package=PREFIX, +union, +structType=atomic|granular,
// +k8s:validation:KEY=JSON (also "KEY>raw text" and "cel[i]:rule=…").
// On fields: +optional, +required, +default=JSON or +default=ref(Name),
// +listType=atomic|set|map, +listMapKey=NAME (repeatable),
// +mapType=atomic|granular, +patchStrategy, +patchMergeKey (which must
// equal the struct tags of the same name), +unionDiscriminator,
// +unionDeprecated, +k8s:openapi-gen=false (leave the field out),
// +k8s:validation:…. A string type tagged +enum lists its constants as
// the values of fields of that type.
//
// Types with OpenAPIDefinition(), OpenAPIV3Definition(),
// OpenAPISchemaType()+OpenAPISchemaFormat() or OpenAPIV3OneOfTypes()
// methods are described by them, as upstream does.
//
// Doc comments become descriptions: lines joined with spaces, blank lines
// kept as paragraph breaks, indented lines on their own; tag lines and
// one-line TODOs dropped, and everything after a "---" line.
//
// # Flags
//
//	--output-dir DIR                the directory of the definitions file (required)
//	--output-pkg PATH               its import path (required)
//	--output-file NAME              its name (default "generated.openapi.go")
//	--output-model-name-file NAME   the model-name file of each tagged package
//	--readonly-pkg PATH             a package whose model-name file is not written
//	-r, --report-filename FILE      the API-rule report; "-" is standard output
//
// plus those of package run (--go-header-file, -v, --verify, --year).
//
// # Stricter than upstream
//
// Where upstream fails, these are errors with file:line: +optional
// together with +required; +default, +patchStrategy, +patchMergeKey or
// a +k8s:validation key given twice; a +default that is not JSON or
// cannot hold; a union member's json name used twice (upstream panics).
//
// Where upstream logs a problem (or says nothing) and writes definitions
// that compile, they are written as upstream writes them, with a
// warning (an error with --strict): a +listType, +mapType or +structType
// value outside its set; +listMapKey on a list that is not +listType=map;
// "+k8s:openapi-gen=x-kubernetes-NAME" without ":VALUE" (left out); a
// malformed union (a required member, a second discriminator, which
// replaces the first, an embedded or +unionDeprecated field in a +union
// struct or +union on a field, left out of the union, a discriminator
// that is also a member); +k8s:openapi-model-package given twice (the
// first counts) or without a value (no effect). Like upstream, a list or
// map tag on a field of another kind is written as it stands: kubernetes'
// own types do that.
//
// # Differences from upstream
//
// Files are written only when their bytes change, and only after all of
// them are generated; --verify prints a diff instead. A model-name file
// that carries openapi-gen's marker in an input package that no longer
// asks for one is removed as stale (upstream leaves it: kubernetes v1.37.2
// ships three such files, in pkg/apis/abac/v0 and apiserver's
// pkg/apis/example{,2}/v1, which an update here removes).
//
// As upstream, only the input packages are described: the types of a
// dependency are referred to, its fields keep their doc comments when
// inlined, and the tags on its type declarations (+enum, +default) do not
// count; nor does its +k8s:openapi-model-package tag: its types are named
// by their Go names unless they have a hand-written OpenAPIModelName
// method.
package openapi

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/kubegen/kubegen/generators/gofile"
	"github.com/kubegen/kubegen/generators/model"
	"github.com/kubegen/kubegen/generators/openapi/rules"
	"github.com/kubegen/kubegen/generators/run"
)

// ToolName is the upstream tool this package replaces.
const ToolName = "openapi-gen"

// Generator writes OpenAPI definitions; its fields are its flags.
type Generator struct {
	OutputDir, OutputPkg, OutputFile string
	ModelNameFile                    string
	ReadOnlyPkgs                     []string
	ReportFile                       string

	readonlyDirs map[string]bool // the directories of ReadOnlyPkgs, set by Generate
}

var _ run.Generator = (*Generator)(nil)

// Tool implements run.Generator.
func (g *Generator) Tool() string { return ToolName }

// BuildTag implements run.Generator: generated code (model-name methods
// among it) is invisible to the generator, as upstream's.
func (g *Generator) BuildTag() string { return "ignore_autogenerated" }

// AddFlags implements run.Generator.
func (g *Generator) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&g.OutputDir, "output-dir", "", "the base directory under which to generate results")
	fs.StringVar(&g.OutputPkg, "output-pkg", "", "the base Go import-path under which to generate results")
	fs.StringVar(&g.OutputFile, "output-file", "generated.openapi.go", "the name of the file to be generated")
	fs.StringVar(&g.ModelNameFile, "output-model-name-file", "", `the file name for the OpenAPIModelName() methods written into each package with a "+k8s:openapi-model-package" tag; empty: none`)
	fs.StringSliceVar(&g.ReadOnlyPkgs, "readonly-pkg", nil, "a package whose model-name file is not written (repeatable)")
	fs.StringVarP(&g.ReportFile, "report-filename", "r", "-", `the file for the API rule violations; "-" is standard output`)
}

// Validate implements run.Generator.
func (g *Generator) Validate() error {
	switch {
	case g.OutputDir == "":
		return errors.New("--output-dir must be specified")
	case g.OutputPkg == "":
		return errors.New("--output-pkg must be specified")
	case g.OutputFile == "" || strings.ContainsRune(g.OutputFile, filepath.Separator):
		return fmt.Errorf("--output-file %q must be a file name", g.OutputFile)
	case g.ReportFile == "":
		return errors.New(`--report-filename must be specified (use "-" for stdout)`)
	case strings.ContainsRune(g.ModelNameFile, filepath.Separator):
		return fmt.Errorf("--output-model-name-file %q must be a file name", g.ModelNameFile)
	}
	return nil
}

// Owns implements run.Generator.
func (g *Generator) Owns(path string, src []byte) bool {
	base := filepath.Base(path)
	if base != g.OutputFile && (g.ModelNameFile == "" || base != g.ModelNameFile) {
		return false
	}
	if g.readonlyDirs[filepath.Dir(path)] {
		return false // a read-only package's file is left alone, never stale
	}
	return gofile.IsGeneratedBy(src, ToolName)
}

// OutputDirs implements run.OutputDirs.
func (g *Generator) OutputDirs() []string { return []string{g.OutputDir} }

// Generate implements run.Generator.
func (g *Generator) Generate(ctx *run.Context) ([]*gofile.File, error) {
	u := ctx.Universe
	g.readonlyDirs = map[string]bool{}
	for _, path := range g.ReadOnlyPkgs {
		if p := u.Package(path); p != nil && p.Dir != "" {
			g.readonlyDirs[p.Dir] = true
		}
	}
	header := ctx.Header(ToolName, g.BuildTag())
	files, err := g.modelNameFiles(u, header, ctx.Warnf)
	if err != nil {
		return nil, err
	}
	selected, err := selectTypes(u)
	if err != nil {
		return nil, err
	}
	ctx.Log(1, "%d types selected for OpenAPI definitions", len(selected))

	main := gofile.New(filepath.Join(g.OutputDir, g.OutputFile), g.OutputPkg, packageName(g.OutputPkg), header)
	w := &writer{u: u, enums: newEnums(u), imports: main.Imports, warn: ctx.Warnf}
	main.Imports.Package(commonPkg)
	main.Imports.Package(specPkg)
	defs := &out{b: &main.Body, refs: map[string]*model.Type{}}
	defs.p("func GetOpenAPIDefinitions(ref common.ReferenceCallback) map[string]common.OpenAPIDefinition {\nreturn map[string]common.OpenAPIDefinition{\n")
	var errs []error
	for _, t := range selected {
		if t.Kind == model.Struct && t.IsExported() {
			errs = append(errs, w.entry(defs, t))
		}
	}
	defs.p("}\n}\n\n")
	for _, t := range selected {
		if t.Kind != model.Struct { // unexported ones too, as upstream
			continue
		}
		fn := &out{b: &bytes.Buffer{}, refs: map[string]*model.Type{}}
		if err := w.schemaFunc(fn, t); err != nil {
			errs = append(errs, err)
			continue
		}
		main.Body.Write(fn.b.Bytes())
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	files = append(files, main)

	var violations []rules.Violation
	for _, t := range selected {
		violations = append(violations, rules.Check(t)...)
	}
	rules.Sort(violations)
	report := &gofile.File{Path: g.ReportFile, Raw: true}
	for _, v := range violations {
		report.Printf("%s\n", v)
	}
	if g.ReportFile == "-" {
		ctx.Stdout.Write(report.Body.Bytes())
	} else {
		files = append(files, report)
	}
	return files, nil
}

// selectTypes returns the types to describe, sorted by full name.
func selectTypes(u *model.Universe) ([]*model.Type, error) {
	var out []*model.Type
	for _, p := range u.Inputs {
		pkgOn := hasGenValue(p.Comments.Lines, "true")
		for _, t := range p.Types {
			if strings.HasPrefix(t.Name.Name, "codecSelfer") || t.Generic {
				continue
			}
			if pkgOn && !hasGenValue(t.Doc.Lines, "false") || !pkgOn && hasGenValue(t.Doc.Lines, "true") {
				if t.Kind == model.Invalid {
					return nil, model.PosErrorf(t.Pos, "type %s did not type-check: %s", t.Name.Name, strings.Join(p.TypeErrors, "; "))
				}
				out = append(out, t)
			}
		}
	}
	slices.SortFunc(out, func(a, b *model.Type) int { return strings.Compare(a.Name.String(), b.Name.String()) })
	return out, nil
}
