package validation

import (
	"cmp"
	"errors"
	"fmt"
	"go/token"
	"maps"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/kubegen/kubegen/generators/apidefs"
	"github.com/kubegen/kubegen/generators/codetags"
	"github.com/kubegen/kubegen/generators/model"
)

// Package and type tags.
const (
	mainTag                = "k8s:validation-gen"
	inputTag               = "k8s:validation-gen-input"
	schemeRegistryTag      = "k8s:validation-gen-scheme-registry"
	testFixtureTag         = "k8s:validation-gen-test-fixture"
	noLintTag              = "k8s:validation-gen-nolint"
	testTargetsTag         = "k8s:validation-gen-test-targets"
	isSubresourceTag       = "k8s:isSubresource"
	supportsSubresourceTag = "k8s:supportsSubresource"
)

var (
	defaultScheme = model.Name{Package: "k8s.io/apimachinery/pkg/runtime", Name: "Scheme"}
	listMeta      = model.Name{Package: "k8s.io/apimachinery/pkg/apis/meta/v1", Name: "ListMeta"}
)

// target is one input package that gets a file.
type target struct {
	pkg      *model.Package // where the file goes
	types    *model.Package // where the validated types are declared
	criteria []string       // the +k8s:validation-gen values
	roots    []*model.Type
	scheme   model.Name // the registry type, when register
	register bool
	fixture  bool // +k8s:validation-gen-test-fixture=validateFalse
	noLint   bool
	// coverage is +k8s:validation-gen-test-targets: the package wants
	// coverage tests of its own root types.
	coverage bool
}

// lineReader converts model comment lines to codetags lines, reading and
// indexing each source file once.
type lineReader struct {
	files map[string][]byte
	tags  *codetags.Reader
}

func newLineReader() *lineReader {
	r := &lineReader{files: map[string][]byte{}}
	r.tags = codetags.NewReader(r.read)
	return r
}

func (r *lineReader) read(name string) ([]byte, error) {
	if b, ok := r.files[name]; ok {
		return b, nil
	}
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	r.files[name] = b
	return b, nil
}

func (r *lineReader) lines(ls []model.Line) []codetags.Line { return r.tags.Lines(ls) }

// tagsNamed parses the tags called name among lines; raw keeps values as
// written (gengo's function-style tags and the activation tags).
func tagsNamed(lines []codetags.Line, name string, raw bool) ([]codetags.Tag, error) {
	var opts []codetags.Option
	if raw {
		opts = append(opts, codetags.Raw())
	}
	var out []codetags.Tag
	for _, e := range codetags.Extract("+", lines) {
		if e.Name != name {
			continue
		}
		t, err := codetags.Parse(e.Text, e.Pos, opts...)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

func values(tags []codetags.Tag) []string {
	out := make([]string, len(tags))
	for i, t := range tags {
		out[i] = t.Value
	}
	return out
}

// activation reads a package's +k8s:validation-gen and
// +k8s:validation-gen-input tags: whether it gets a file, its type
// criteria and the package of its types.
func activation(pkg *model.Package, lines []codetags.Line) (on bool, criteria []string, input string, pos token.Position, err error) {
	tags, err := tagsNamed(lines, mainTag, true)
	if err != nil {
		return false, nil, "", pos, err
	}
	if len(tags) > 0 {
		pos = tags[0].Pos
	}
	vals := values(tags)
	off := slices.Contains(vals, "false")
	if off && slices.ContainsFunc(vals, func(v string) bool { return v != "false" }) {
		return false, nil, "", pos, model.PosErrorf(tags[0].Pos, "+%s: cannot mix \"false\" with other values; got %v", mainTag, vals)
	}
	in, err := tagsNamed(lines, inputTag, true)
	if err != nil {
		return false, nil, "", pos, err
	}
	input = pkg.Path
	switch len(in) {
	case 0:
	case 1:
		input = in[0].Value
		if strings.HasPrefix(input, "./") || strings.HasPrefix(input, "../") {
			return false, nil, "", pos, model.PosErrorf(in[0].Pos, "+%s: relative path %q is not supported; use the full package import path", inputTag, input)
		}
	default:
		return false, nil, "", pos, model.PosErrorf(in[1].Pos, "+%s: expected at most one value, got %v", inputTag, values(in))
	}
	return !off && len(vals) > 0, vals, input, pos, nil
}

// checkCriteria rejects +k8s:validation-gen values upstream rejects.
func checkCriteria(pkg *model.Package, pos token.Position, criteria []string) error {
	if len(criteria) == 1 && criteria[0] == "" {
		return model.PosErrorf(pos, "%s: found package tag %q with no value", pkg.Path, mainTag)
	}
	for _, c := range criteria {
		if c == "*" {
			continue
		}
		if v, ok := strings.CutPrefix(c, "TypesWithField="); ok {
			if v == "" {
				return model.PosErrorf(pos, "%s: found package tag \"%s=%s\" with empty value", pkg.Path, mainTag, c)
			}
			continue
		}
		if v, ok := strings.CutPrefix(c, "TypesWithSuffix="); ok {
			if v == "" {
				return model.PosErrorf(pos, "%s: found package tag \"%s=%s\" with empty value", pkg.Path, mainTag, c)
			}
			continue
		}
		return model.PosErrorf(pos, "%s: unknown value for package tag %q: %q", pkg.Path, mainTag, c)
	}
	return nil
}

// schemeRegistry reads +k8s:validation-gen-scheme-registry: the registry
// type (runtime.Scheme by default), or no registration for "nil".
func schemeRegistry(pkg *model.Package, lines []codetags.Line) (model.Name, bool, error) {
	tags, err := tagsNamed(lines, schemeRegistryTag, true)
	switch {
	case err != nil:
		return model.Name{}, false, err
	case len(tags) == 0:
		return defaultScheme, true, nil
	case len(tags) > 1:
		return model.Name{}, false, model.PosErrorf(tags[1].Pos, "Package %q contains more than one usage of %q", pkg.Path, schemeRegistryTag)
	case tags[0].Value == "nil":
		return model.Name{}, false, nil
	}
	return model.SplitName(tags[0].Value), true, nil
}

// testFixture reads +k8s:validation-gen-test-fixture.
func testFixture(pkg *model.Package, lines []codetags.Line) (bool, error) {
	tags, err := tagsNamed(lines, testFixtureTag, true)
	if err != nil {
		return false, err
	}
	for _, t := range tags {
		if t.Value != "validateFalse" {
			return false, model.PosErrorf(t.Pos, "Package %q: %s must be one of '[validateFalse]', but got: %s", pkg.Path, testFixtureTag, t.Value)
		}
	}
	return len(tags) > 0, nil
}

func hasTag(lines []codetags.Line, name string) bool {
	for _, e := range codetags.Extract("+", lines) {
		if e.Name == name {
			return true
		}
	}
	return false
}

// mainTagIs reports whether lines hold exactly one +k8s:validation-gen,
// with value want.
func mainTagIs(lines []codetags.Line, want string) (bool, error) {
	tags, err := tagsNamed(lines, mainTag, true)
	if err != nil || len(tags) == 0 {
		return false, err
	}
	return reflect.DeepEqual(values(tags), []string{want}), nil
}

// isRoot reports whether t gets a validation function of its own (and a
// registration) in its package.
func isRoot(t *model.Type, criteria []string, lr *lineReader) (bool, error) {
	if !t.IsExported() {
		return false, nil
	}
	doc, detached := lr.lines(t.Doc.Lines), lr.lines(t.Detached.Lines)
	for _, want := range []string{"false", "true"} {
		for _, lines := range [][]codetags.Line{doc, detached} {
			is, err := mainTagIs(lines, want)
			if err != nil {
				return false, err
			}
			if is {
				return want == "true", nil
			}
		}
	}
	if t.Kind == model.Struct {
		for _, m := range t.Members {
			if m.Embedded && m.Type.Name == listMeta {
				return false, nil
			}
		}
	}
	for _, c := range criteria {
		if c == "*" {
			return true, nil
		}
		if f, ok := strings.CutPrefix(c, "TypesWithField="); ok && t.Kind == model.Struct &&
			slices.ContainsFunc(t.Members, func(m model.Member) bool { return m.Name == f }) {
			return true, nil
		}
		if s, ok := strings.CutPrefix(c, "TypesWithSuffix="); ok && strings.HasSuffix(t.Name.Name, s) {
			return true, nil
		}
	}
	return false, nil
}

// resourceList returns the quoted subresources a root type validates:
// its +k8s:supportsSubresource values and its +k8s:isSubresource, or "/".
func resourceList(t *model.Type, lines func([]model.Line) []codetags.Line) ([]string, error) {
	all := lines(t.TagLines())
	supported, err := tagsNamed(all, supportsSubresourceTag, false)
	if err != nil {
		return nil, err
	}
	is, err := tagsNamed(all, isSubresourceTag, false)
	if err != nil {
		return nil, err
	}
	set := map[string]bool{}
	for _, s := range supported {
		set[s.Value] = true
	}
	switch len(is) {
	case 0:
		set["/"] = true
	case 1:
		set[is[0].Value] = true
	default:
		return nil, model.PosErrorf(is[1].Pos, "Type %q contains more than one usage of %q", t.Name.String(), isSubresourceTag)
	}
	out := slices.Sorted(maps.Keys(set))
	for i, s := range out {
		out[i] = strconv.Quote(s)
	}
	return out, nil
}

// plan is the targets of a run and what they need loaded.
type plan struct {
	targets   []*target
	canonical map[string]string // input (and read-only) package → the package callers call
	included  []*model.Package  // the packages whose types are discovered
}

// planTargets selects the input packages that get a file and works out
// the canonical package of each validated package. load loads packages
// (the types of -input packages, read-only packages) from source.
func (g *Generator) planTargets(u *model.Universe, lr *lineReader, load func(patterns ...string) ([]*model.Package, error)) (*plan, error) {
	p := &plan{canonical: map[string]string{}}
	var extra []string
	var errs []error
	type candidate struct {
		pkg      *model.Package
		input    string
		criteria []string
		pos      token.Position
	}
	var candidates []candidate
	registers := map[string]bool{}
	for _, pkg := range u.Inputs {
		if err := apidefs.Lint(pkg, g.LintRules); err != nil {
			errs = append(errs, err)
			continue
		}
		lines := lr.lines(pkg.Comments.Lines)
		on, criteria, input, pos, err := activation(pkg, lines)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if !on {
			continue
		}
		_, reg, err := schemeRegistry(pkg, lines)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		registers[pkg.Path] = reg
		if input != pkg.Path {
			extra = append(extra, input)
		}
		// The registering package is the canonical one; else the first.
		if prev, ok := p.canonical[input]; !ok {
			p.canonical[input] = pkg.Path
		} else if reg {
			if registers[prev] {
				errs = append(errs, model.PosErrorf(apidefs.DocPos(pkg), "input %q is generated into two registering packages (%q, %q); mark one +%s=nil", input, prev, pkg.Path, schemeRegistryTag))
				continue
			}
			p.canonical[input] = pkg.Path
		}
		candidates = append(candidates, candidate{pkg, input, criteria, pos})
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}

	var readOnly []string
	for _, ro := range g.ReadOnlyPkgs {
		readOnly = append(readOnly, unvendored(ro))
	}
	if len(readOnly) > 0 {
		pkgs, err := load(readOnly...)
		if err != nil {
			return nil, fmt.Errorf("cannot find extra packages: %w", err)
		}
		for _, ro := range pkgs {
			extra = append(extra, ro.Path)
			if _, ok := p.canonical[ro.Path]; !ok {
				p.canonical[ro.Path] = ro.Path
			}
		}
	}
	var toLoad []string
	for _, path := range extra {
		if q := u.Package(path); (q == nil || len(q.Files) == 0) && !slices.Contains(toLoad, path) {
			toLoad = append(toLoad, path)
		}
	}
	if len(toLoad) > 0 {
		if _, err := load(toLoad...); err != nil {
			return nil, fmt.Errorf("cannot load packages: %w", err)
		}
	}
	for _, path := range slices.Sorted(maps.Keys(p.canonical)) {
		if q := u.Package(path); q != nil {
			p.included = append(p.included, q)
		}
	}

	for _, c := range candidates {
		lines := lr.lines(c.pkg.Comments.Lines)
		if err := checkCriteria(c.pkg, c.pos, c.criteria); err != nil {
			errs = append(errs, err)
			continue
		}
		scheme, reg, _ := schemeRegistry(c.pkg, lines)
		fixture, err := testFixture(c.pkg, lines)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		types := u.Package(c.input)
		if types == nil {
			errs = append(errs, model.PosErrorf(c.pos, "+%s=%s: package %s cannot be loaded", inputTag, c.input, c.input))
			continue
		}
		t := &target{pkg: c.pkg, types: types, criteria: c.criteria, scheme: scheme, register: reg, fixture: fixture,
			noLint: hasTag(lines, noLintTag), coverage: hasTag(lines, testTargetsTag)}
		for _, typ := range types.Types {
			root, err := isRoot(typ, c.criteria, lr)
			if err != nil {
				errs = append(errs, err)
			} else if root {
				t.roots = append(t.roots, typ)
			}
		}
		slices.SortFunc(t.roots, func(a, b *model.Type) int { return cmp.Compare(a.Name.String(), b.Name.String()) })
		p.targets = append(p.targets, t)
	}
	return p, errors.Join(errs...)
}
