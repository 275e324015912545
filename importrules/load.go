package importrules

import (
	"cmp"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/tools/go/packages"
)

// Variant tells a package from the two test builds of its directory.
type Variant int

const (
	Lib   Variant = iota // the package itself
	Test                 // the package compiled with its _test.go files
	XTest                // the external test package, <name>_test
)

// Unit is one build of one directory: a package, its internal test build or
// its external test package.
type Unit struct {
	Path    string // import path of the package under test (no _test suffix)
	Name    string // package name as declared
	Variant Variant
	Dir     string   // absolute directory
	Files   []string // absolute Go files of this build, sorted
	Imports []string // direct imports, sorted

	pkg  *packages.Package
	tree *Tree
}

// String names the unit: the import path, with " [test]" for an internal test
// build, or the _test path for an external test package.
func (u *Unit) String() string {
	switch u.Variant {
	case Test:
		return u.Path + " [test]"
	case XTest:
		return u.Path + "_test"
	}
	return u.Path
}

// Tree is the result of one package load; all checks run on it.
type Tree struct {
	Dir   string  // absolute directory the patterns were resolved in
	Units []*Unit // sorted by path, then variant

	mu      sync.Mutex
	imports map[string][]fileImport // parsed lazily, by absolute file
}

type fileImport struct {
	path string
	pos  Position
}

// Position is a place in a file; Line 0 means the whole file.
type Position struct {
	File string `json:"file"`
	Line int    `json:"line"`
}

func (p Position) String() string {
	if p.Line == 0 {
		return p.File
	}
	return p.File + ":" + strconv.Itoa(p.Line)
}

// Need says how much Load finds out about packages.
type Need int

const (
	NeedFiles   Need = iota // directories and files of the packages, not their tests
	NeedImports             // also direct imports, and the test builds
	NeedDeps                // also the whole import graph, for transitive rules
)

// Load lists the packages matching patterns, resolved in dir, through
// go/packages: no type checking, and no more than need asks for.
func Load(dir string, need Need, patterns ...string) (*Tree, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	mode := packages.NeedName | packages.NeedFiles
	if need >= NeedImports {
		mode |= packages.NeedImports
	}
	if need >= NeedDeps {
		mode |= packages.NeedDeps
	}
	cfg := &packages.Config{Mode: mode, Dir: abs, Tests: need >= NeedImports}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, fmt.Errorf("loading packages: %w", err)
	}
	tree := &Tree{Dir: abs, imports: map[string][]fileImport{}}
	var errs []error
	seen := map[string]bool{}
	for _, p := range pkgs {
		for _, e := range p.Errors {
			if e.Kind == packages.ListError || e.Kind == packages.ParseError {
				errs = append(errs, fmt.Errorf("%s: %v", p.ID, e))
			}
		}
		if strings.HasSuffix(p.PkgPath, ".test") {
			continue // the generated test main
		}
		u := &Unit{Path: p.PkgPath, Name: p.Name, pkg: p, tree: tree}
		switch {
		case strings.HasSuffix(p.PkgPath, "_test"):
			u.Variant, u.Path = XTest, strings.TrimSuffix(p.PkgPath, "_test")
		case slices.ContainsFunc(p.GoFiles, isTestFile):
			u.Variant = Test
		}
		u.Files = slices.Sorted(slices.Values(p.GoFiles))
		if len(u.Files) > 0 {
			u.Dir = filepath.Dir(u.Files[0])
		} else if len(p.IgnoredFiles) > 0 {
			u.Dir = filepath.Dir(p.IgnoredFiles[0])
		}
		key := u.String()
		if seen[key] {
			continue // a dependency recompiled for a test, seen already
		}
		seen[key] = true
		for imp := range p.Imports {
			u.Imports = append(u.Imports, imp)
		}
		slices.Sort(u.Imports)
		tree.Units = append(tree.Units, u)
	}
	if len(errs) > 0 {
		slices.SortFunc(errs, func(a, b error) int { return strings.Compare(a.Error(), b.Error()) })
		return nil, fmt.Errorf("cannot load packages; fix these errors first:\n%w", errors.Join(errs...))
	}
	tree.Units = tree.sortedUnits()
	return tree, nil
}

// sortedUnits returns the units by path, then variant. The checks iterate
// them in this order, whatever order a caller left t.Units in.
func (t *Tree) sortedUnits() []*Unit {
	return slices.SortedFunc(slices.Values(t.Units), func(a, b *Unit) int {
		return cmp.Or(strings.Compare(a.Path, b.Path), cmp.Compare(a.Variant, b.Variant))
	})
}

func isTestFile(name string) bool { return strings.HasSuffix(name, "_test.go") }

// ImportPos returns where u imports path: the first import declaration in
// u's files, or u's first file when no declaration names it.
func (u *Unit) ImportPos(path string) Position {
	for _, f := range u.Files {
		for _, imp := range u.tree.fileImports(f) {
			if imp.path == path {
				return imp.pos
			}
		}
	}
	if len(u.Files) > 0 {
		return Position{File: u.Files[0]}
	}
	return Position{File: u.Dir}
}

func (t *Tree) fileImports(file string) []fileImport {
	t.mu.Lock()
	defer t.mu.Unlock()
	if imps, ok := t.imports[file]; ok {
		return imps
	}
	var imps []fileImport
	fset := token.NewFileSet()
	// Files that do not parse were reported by Load; then there is no line.
	if f, err := parser.ParseFile(fset, file, nil, parser.ImportsOnly|parser.SkipObjectResolution); err == nil {
		for _, spec := range f.Imports {
			path, _ := strconv.Unquote(spec.Path.Value)
			imps = append(imps, fileImport{path, Position{file, fset.Position(spec.Pos()).Line}})
		}
	}
	t.imports[file] = imps
	return imps
}
