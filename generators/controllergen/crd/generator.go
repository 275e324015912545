package crd

import (
	"errors"
	"fmt"
	"go/token"
	"go/types"
	"path/filepath"
	"runtime"
	"slices"
	"sync"

	apiext "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"

	"github.com/kubegen/kubegen/generators/controllergen/manifest"
	"github.com/kubegen/kubegen/generators/controllergen/markers"
	"github.com/kubegen/kubegen/generators/gofile"
	"github.com/kubegen/kubegen/generators/model"
	"github.com/kubegen/kubegen/generators/run"
)

// Generator is controller-gen's crd generator: a YAML file
// "<group>_<plural>.yaml" in Dir for each kind of the input packages.
// Its fields are the crd:… options.
type Generator struct {
	manifest.Output // where the files go

	// ToolVersion is written as the controller-gen.kubebuilder.io/version
	// annotation, unless OmitToolVersion.
	ToolVersion     string
	OmitToolVersion bool

	CRDVersions                []string // default: v1
	MaxDescLen                 *int
	AllowDangerousTypes        bool
	IgnoreUnexportedFields     bool
	GenerateEmbeddedObjectMeta bool
	// PreserveUnknownFields, if set, is written as
	// spec.preserveUnknownFields (deprecatedV1beta1CompatibilityPreserveUnknownFields).
	PreserveUnknownFields *bool
	Header                []byte // crd:headerFile, with YEAR replaced
}

// Validate implements run.Generator.
func (g *Generator) Validate() error {
	for _, v := range g.CRDVersions {
		if v != "v1" {
			return fmt.Errorf("crd:crdVersions=%s: apiVersion %q is not supported (only v1 is)", v, "apiextensions.k8s.io/"+v)
		}
	}
	return nil
}

// Generate implements run.Generator.
func (g *Generator) Generate(ctx *run.Context) ([]*gofile.File, error) {
	pr, roots := newRun(ctx, options{
		allowDangerousTypes:        g.AllowDangerousTypes,
		ignoreUnexportedFields:     g.IgnoreUnexportedFields,
		generateEmbeddedObjectMeta: g.GenerateEmbeddedObjectMeta,
	})
	ps := pr.packages
	versions := g.CRDVersions
	if len(versions) == 0 {
		versions = []string{"v1"}
	}
	tool := g.ToolVersion
	if g.OmitToolVersion {
		tool = ""
	}
	// The CRDs one after the other (they share the parser's schemas),
	// each written as YAML while the next is assembled.
	kinds := pr.kinds(roots)
	written := make([][]*gofile.File, len(kinds))
	failed := make([]error, len(kinds))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, gk := range kinds {
		crd := pr.crdFor(gk, g.MaxDescLen)
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			written[i], failed[i] = g.files(crd, tool, versions)
		})
	}
	wg.Wait()
	for _, err := range failed {
		if err != nil {
			return nil, err
		}
	}
	if len(ps.errs) > 0 {
		return nil, errors.Join(ps.errs...)
	}
	return slices.Concat(written...), nil
}

// files are a CRD's files, one for each of versions.
func (g *Generator) files(crd apiext.CustomResourceDefinition, tool string, versions []string) ([]*gofile.File, error) {
	var files []*gofile.File
	for i, v := range versions {
		out, err := finishCRD(crd, tool, v)
		if err != nil {
			return nil, err
		}
		name := fmt.Sprintf("%s_%s.yaml", crd.Spec.Group, crd.Spec.Names.Plural)
		if i > 0 {
			name = fmt.Sprintf("%s_%s.%s.yaml", crd.Spec.Group, crd.Spec.Names.Plural, v)
		}
		f, err := manifest.File(filepath.Join(g.Dir, name), g.Header, []any{out}, g.edit)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		files = append(files, f)
	}
	return files, nil
}

// newRun reads the input packages of ctx as controller-gen's crd parser
// does, and returns the parser their schemas come from and the root
// packages (those with types), every root's types known.
func newRun(ctx *run.Context, opts options, extraMarkers ...*markers.Def) (*parser, []*pkgInfo) {
	ps := &packages{
		fset: token.NewFileSet(), known: map[string]*types.Package{}, position: ctx.Position,
		inputs: map[string]*model.Package{}, byPath: map[string]*pkgInfo{},
		warn: ctx.Warnf,
	}
	reg, rules := newRegistry()
	reg.Add(extraMarkers...)
	ps.reg = reg
	var roots []*pkgInfo
	for _, in := range ctx.Universe.Inputs {
		ps.inputs[in.Path] = in
		for _, t := range in.Types {
			if n, ok := t.Go.(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == in.Path {
				ps.indexTypes(n.Obj().Pkg())
				break
			}
		}
	}
	for _, in := range ctx.Universe.Inputs {
		if ps.known[in.Path] == nil {
			continue // no types: no kinds
		}
		if p := ps.get(in.Path); p != nil {
			roots = append(roots, p)
		}
	}
	g := newParser(ps, rules, opts)
	for _, p := range roots {
		g.needPackage(p)
	}
	return g, roots
}

// edit changes a CRD's document as controller-gen does: no status, and
// spec.preserveUnknownFields if set.
func (g *Generator) edit(obj map[string]any) {
	delete(obj, "status")
	if g.PreserveUnknownFields != nil {
		if spec, ok := obj["spec"].(map[string]any); ok {
			spec["preserveUnknownFields"] = *g.PreserveUnknownFields
		}
	}
}
