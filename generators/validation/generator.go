package validation

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/kubegen/kubegen/generators/gofile"
	"github.com/kubegen/kubegen/generators/model"
	"github.com/kubegen/kubegen/generators/names"
	"github.com/kubegen/kubegen/generators/run"
	"github.com/kubegen/kubegen/generators/validation/validators"
)

// ToolName is the upstream generator this package replaces.
const ToolName = "validation-gen"

const defaultOutFile = "generated.validations.go"

// Generator is validation-gen; its fields are its flags.
type Generator struct {
	run.PackageFile
	ReadOnlyPkgs         []string
	TestOutputRoot       string
	TestOutputFilePrefix string
	TestAllowlist        string
	// Docs is --docs: print the tags' documentation and exit (see
	// Main).
	Docs bool
}

var _ run.Generator = (*Generator)(nil)

// Tool implements run.Generator.
func (g *Generator) Tool() string { return ToolName }

// AddFlags implements run.Generator.
func (g *Generator) AddFlags(fs *pflag.FlagSet) {
	g.PackageFile.AddFlags(fs, ToolName, defaultOutFile, false)
	fs.StringSliceVar(&g.ReadOnlyPkgs, "readonly-pkg", nil,
		"the import path of a package whose validation can be used by generated code, but is not being generated for")
	fs.StringVar(&g.TestOutputRoot, "test-output-root", "",
		"if non-empty, also emit declarative-validation coverage test fixtures under this path, organized as <root>/<group>/<lowercase(kind)>/<file-prefix>{<version>,main}_test.go")
	fs.StringVar(&g.TestOutputFilePrefix, "test-output-file-prefix", "",
		"prefix prepended to every emitted test fixture filename; useful for marking files via a linguist-generated gitattributes pattern (e.g. \"zz_generated.\")")
	fs.BoolVar(&g.Docs, "docs", false, "print documentation for supported declarative validations, and then exit")
	fs.StringVar(&g.TestAllowlist, "test-allowlist", "",
		"path to a YAML config file of rule-level filters to exclude from coverage fixture generation; only meaningful with --test-output-root")
}

// Validate implements run.Generator.
func (g *Generator) Validate() error {
	if g.TestAllowlist != "" && g.TestOutputRoot == "" {
		return errors.New("--test-allowlist is only meaningful with --test-output-root")
	}
	if g.TestOutputFilePrefix != "" && g.TestOutputRoot == "" {
		return errors.New("--test-output-file-prefix is only meaningful with --test-output-root")
	}
	return g.PackageFile.Validate()
}

// fixtureFile is the name of the test fixture file of a package.
func (g *Generator) fixtureFile() string {
	return strings.TrimSuffix(g.OutputFile, ".go") + "_test.go"
}

// Owns implements run.Generator: the output file, the fixture and
// coverage test files beside it, and the files under --test-output-root,
// when they carry validation-gen's marker.
func (g *Generator) Owns(path string, src []byte) bool {
	if !gofile.IsGeneratedBy(src, ToolName) {
		return false
	}
	base := filepath.Base(path)
	switch {
	case base == g.OutputFile:
		return true
	case strings.HasSuffix(g.OutputFile, ".go") && (base == g.fixtureFile() || base == g.coverageFile()):
		return true
	}
	return g.TestOutputRoot != "" && isUnder(path, g.TestOutputRoot)
}

// OutputDirs implements run.OutputDirs: --test-output-root, where stale
// coverage fixtures are removed.
func (g *Generator) OutputDirs() []string {
	if g.TestOutputRoot == "" {
		return nil
	}
	root, err := filepath.Abs(g.TestOutputRoot)
	if err != nil {
		return []string{g.TestOutputRoot}
	}
	return []string{root}
}

func isUnder(path, dir string) bool {
	abs, err1 := filepath.Abs(path)
	root, err2 := filepath.Abs(dir)
	if err1 != nil || err2 != nil {
		return false
	}
	rel, err := filepath.Rel(root, abs)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// Generate implements run.Generator: one run over every input, since
// calls across packages depend on the whole set.
func (g *Generator) Generate(ctx *run.Context) (files []*gofile.File, err error) {
	defer func() {
		if r := recover(); r != nil {
			files, err = nil, fmt.Errorf("internal error (a kubegen bug, please report it): %v\n%s", r, debug.Stack())
		}
	}()
	return g.generate(ctx)
}

func (g *Generator) generate(ctx *run.Context) ([]*gofile.File, error) {
	lr := newLineReader()
	p, err := g.planTargets(ctx.Universe, lr, ctx.LoadSource)
	if err != nil {
		return nil, err
	}
	reg, err := validators.NewRegistry(validators.Config{Universe: ctx.Universe, InputToCanonical: p.canonical}, validators.All()...)
	if err != nil {
		return nil, err
	}
	d := &discoverer{reg: reg, canonical: p.canonical, consts: map[*model.Type][]*validators.Constant{},
		nodes: map[*model.Type]*typeNode{}, lines: lr.lines}
	if err := d.initConstants(p.included); err != nil {
		return nil, positioned(fmt.Errorf("Error discovering constants: %w", err))
	}
	// Every package is discovered and linted, so that one run reports
	// the errors of all.
	lint := newLinter(reg, lr.lines)
	var errs []error
	for _, t := range p.targets {
		failed := false
		for _, root := range t.roots {
			if err := d.discoverRoot(root); err != nil {
				errs = append(errs, positioned(fmt.Errorf("failed to generate validations: %w", err)))
				failed = true
				break
			}
		}
		if !failed && !t.noLint {
			for _, root := range t.roots {
				if err := lint.lintType(root); err != nil {
					errs = append(errs, positioned(fmt.Errorf("failed to lint type %s: %w", root.Name, err)))
					break
				}
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if err := validators.VerifyCustomValidationsHaveTags(reg); err != nil {
		return nil, err
	}
	if err := lint.err(); err != nil {
		return nil, err
	}

	var files []*gofile.File
	for _, t := range p.targets {
		f, err := g.file(ctx, d, p, t)
		if err != nil {
			errs = append(errs, positioned(err))
			continue
		}
		files = append(files, f)
		if t.fixture {
			if !strings.HasSuffix(g.OutputFile, ".go") {
				errs = append(errs, fmt.Errorf("%s requires that output file have .go suffix", testFixtureTag))
				continue
			}
			files = append(files, g.fixture(ctx, t))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	for i, f := range files {
		if files[i], err = simplified(f); err != nil {
			return nil, err
		}
	}
	more, err := g.coverage(ctx, d, p)
	if err != nil {
		return nil, err
	}
	return append(files, more...), nil
}

// emitOrder returns the types of pkg in the order gengo hands them to a
// generator: by public name (the first letter upper-cased).
func emitOrder(pkg *model.Package) []*model.Type {
	ts := slices.Clone(pkg.Types)
	slices.SortStableFunc(ts, func(a, b *model.Type) int {
		return cmp.Compare(names.Public(a.Name.Name), names.Public(b.Name.Name))
	})
	return ts
}

// file writes the validation file of one target.
func (g *Generator) file(ctx *run.Context, d *discoverer, p *plan, t *target) (*gofile.File, error) {
	f := gofile.New(filepath.Join(t.pkg.Dir, g.OutputFile), t.pkg.Path, t.pkg.Name, ctx.Header(ToolName, g.BuildTag()))
	e := &emitter{writer: &writer{buf: &bytes.Buffer{}, im: f.Imports}, out: t.pkg.Path, in: t.types.Path,
		canonical: p.canonical, nodes: d.nodes, lines: d.lines}
	if t.register {
		if err := e.emitRegister(t.roots, t.scheme); err != nil {
			return nil, err
		}
	}
	for _, typ := range emitOrder(t.types) {
		n := d.nodes[typ]
		if !slices.Contains(t.roots, typ) && (n == nil || !n.referenced || !hasValidations(n)) {
			continue
		}
		if err := e.emitVariables(typ); err != nil {
			return nil, at(typ.Pos, err)
		}
		if err := e.emitFunction(typ); err != nil {
			return nil, at(typ.Pos, err)
		}
	}
	f.Body.Write(e.buf.Bytes())
	return f, nil
}

// fixture writes the test file that runs the package's validateFalse
// fixtures.
func (g *Generator) fixture(ctx *run.Context, t *target) *gofile.File {
	f := gofile.New(filepath.Join(t.pkg.Dir, g.fixtureFile()), t.pkg.Path, t.pkg.Name, ctx.Header(ToolName, g.BuildTag()))
	f.Imports.Use("testing", "")
	f.Printf("func TestValidation(t *testing.T) {\n  localSchemeBuilder.Test(t).ValidateFixtures()\n}\n")
	return f
}

// simplified returns f formatted as gengo formats files (gofmt -s), as
// a file written as it is.
func simplified(f *gofile.File) (*gofile.File, error) {
	src, err := f.Bytes()
	if err != nil {
		return nil, err
	}
	if src, err = gofile.GofmtSimplify(f.Path, src); err != nil {
		return nil, err
	}
	out := &gofile.File{Path: f.Path, PkgName: f.PkgName, Imports: f.Imports, Raw: true}
	out.Body.Write(src)
	return out, nil
}
