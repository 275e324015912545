package load

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/packages"
)

// The two hot loads of every run, the inputs' listing and their
// dependencies' export data, ask the go command directly: go/packages
// lists the whole dependency graph for the first (it has no way to ask
// for imports without -deps) and decodes JSON fields no generator reads,
// which costs about as much as the generation of a small API group.

// goPackage is a package as `go list -json` prints it: the fields the two
// listings ask for.
type goPackage struct {
	ImportPath string
	Name       string
	Dir        string
	GoFiles    []string
	CgoFiles   []string
	Imports    []string
	ImportMap  map[string]string
	Export     string
	Standard   bool
	Module     *packages.Module
	Error      *struct{ Pos, Err string }
}

// goList runs `go list -e -json=<fields> args...` as cfg says (directory,
// environment) and decodes its packages in the order it prints them.
func goList(ctx context.Context, cfg Config, fields string, args ...string) ([]*goPackage, error) {
	goCommands.Add(1)
	cmd := exec.CommandContext(ctx, "go", append([]string{"list", "-e", "-json=" + fields, "-pgo=off"}, args...)...)
	cmd.WaitDelay = time.Second // a stopped go command's compilers may hold its output open
	cmd.Dir = cfg.Dir
	if cfg.Env != nil {
		cmd.Env = cfg.Env
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, errors.New(msg)
	}
	var out []*goPackage
	for dec := json.NewDecoder(&stdout); dec.More(); {
		p := new(goPackage)
		if err := dec.Decode(p); err != nil {
			return nil, fmt.Errorf("reading the go command's package list: %w", err)
		}
		out = append(out, p)
	}
	return out, nil
}

// asPackage converts a listing to the go/packages form the rest of the
// loader works on: absolute file names, imports keyed by the path the
// source writes, list errors.
func (gp *goPackage) asPackage() *packages.Package {
	p := &packages.Package{ID: gp.ImportPath, PkgPath: gp.ImportPath, Name: gp.Name, Module: gp.Module}
	for _, f := range slices.Concat(gp.GoFiles, gp.CgoFiles) {
		p.GoFiles = append(p.GoFiles, filepath.Join(gp.Dir, f))
	}
	p.CompiledGoFiles = p.GoFiles
	p.Imports = map[string]*packages.Package{}
	for _, path := range gp.Imports {
		if path != "C" {
			p.Imports[path] = &packages.Package{ID: path, PkgPath: path}
		}
	}
	for src, path := range gp.ImportMap {
		delete(p.Imports, path)
		p.Imports[src] = &packages.Package{ID: path, PkgPath: path}
	}
	if gp.Error != nil {
		p.Errors = append(p.Errors, packages.Error{Pos: gp.Error.Pos, Msg: strings.TrimSpace(gp.Error.Err), Kind: packages.ListError})
	}
	return p
}

// listInputs lists the packages patterns name: their files, imports and
// module, not their dependencies.
func listInputs(ctx context.Context, cfg Config) ([]*packages.Package, error) {
	listed, err := goList(ctx, cfg, "ImportPath,Name,Dir,GoFiles,CgoFiles,Imports,ImportMap,Module,Error", append([]string{"--"}, cfg.Patterns...)...)
	if err != nil {
		return nil, err
	}
	out := make([]*packages.Package, len(listed))
	for i, gp := range listed {
		out[i] = gp.asPackage()
	}
	return out, nil
}

// exportDeps loads the packages named by paths from the export data the go
// command compiles (and caches) for them. A package without export data
// (it does not compile, usually because code it needs is not generated
// yet) is type-checked from source instead, with function bodies ignored,
// as are those of its dependencies that lack export data too. Packages
// that cannot be found are left out: the inputs' type check reports them.
//
// With a cold build cache the go command would compile the whole
// dependency closure, the standard library included, which takes far
// longer than type-checking it: so when listing the export data takes more
// than exportBudget, the go command is stopped (what it compiled so far
// stays in its cache) and every dependency is type-checked from source.
// The two ways give the same types. KUBEGEN_DEPS=export or =source picks
// one way.
func exportDeps(ctx context.Context, cfg Config, fset *token.FileSet, paths []string, lineOnly *fileSet) (map[string]*types.Package, error) {
	const fields = "ImportPath,Name,Dir,GoFiles,CgoFiles,Imports,ImportMap,Export,Standard,Module,Error"
	args := append([]string{"-deps", "--"}, paths...)
	var listed []*goPackage
	var err error
	switch mode := os.Getenv("KUBEGEN_DEPS"); mode {
	case "source":
	case "export":
		listed, err = goList(ctx, cfg, fields, append([]string{"-export"}, args...)...)
	case "":
		listed, err = listExportWithin(ctx, cfg, fields, args, exportBudget)
	default:
		return nil, fmt.Errorf("KUBEGEN_DEPS=%s: want export, source, or nothing (export data, or source when the go command would compile for long)", mode)
	}
	if err == nil && listed == nil {
		sourceLoads.Add(1)
		listed, err = goList(ctx, cfg, fields, args...)
	}
	if err != nil {
		return nil, fmt.Errorf("loading the dependencies of the input packages: %w", err)
	}
	byPath := map[string]*goPackage{}
	for _, gp := range listed {
		byPath[gp.ImportPath] = gp
	}
	d := &depLoader{fset: fset, byPath: byPath, shared: map[string]*types.Package{}, done: map[string]*types.Package{}, lineOnly: lineOnly}
	out := map[string]*types.Package{}
	for _, path := range paths {
		if pkg := d.load(path); pkg != nil {
			out[path] = pkg
		}
	}
	return out, nil
}

// listExportWithin lists packages with their export data, or returns
// nothing when the go command takes longer than budget (it is stopped).
func listExportWithin(ctx context.Context, cfg Config, fields string, args []string, budget time.Duration) ([]*goPackage, error) {
	ctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	// A stopped go command leaves its work directory behind: give it one
	// of ours, removed afterwards.
	tmp, err := os.MkdirTemp("", "kubegen-golist-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	env := cfg.Env
	if env == nil {
		env = os.Environ()
	}
	cfg.Env = append(slices.Clone(env), "GOTMPDIR="+tmp)
	listed, err := goList(ctx, cfg, fields, append([]string{"-export"}, args...)...)
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return nil, nil
	}
	return listed, err
}

// fileSet is a set of file names, safe for concurrent use.
type fileSet struct {
	mu    sync.Mutex
	names map[string]bool
}

func (s *fileSet) add(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.names == nil {
		s.names = map[string]bool{}
	}
	s.names[name] = true
}

func (s *fileSet) has(name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.names[name]
}

// goCommands counts the go commands run (for tests).
var goCommands atomic.Int64

// sourceLoads counts the loads that type-checked every dependency from
// source (for tests).
var sourceLoads atomic.Int64

// exportBudget bounds the time the go command may take to list the
// dependencies' export data (see exportDeps): well above what listing a
// warm cache takes (a few tenths of a second for k8s.io/api), well below
// compiling a cold one (45 s for k8s.io/api's closure on 2 cores).
var exportBudget = 3 * time.Second

type depLoader struct {
	lineOnly *fileSet // the files it type-checks from source
	fset     *token.FileSet
	byPath   map[string]*goPackage
	shared   map[string]*types.Package // export data's packages, shared for type identity
	done     map[string]*types.Package
}

// load returns the package at path, from export data or else from source;
// nil if it has neither.
func (d *depLoader) load(path string) *types.Package {
	if path == "unsafe" {
		return types.Unsafe
	}
	if pkg, ok := d.done[path]; ok {
		return pkg
	}
	d.done[path] = nil // an import cycle ends here
	gp := d.byPath[path]
	var pkg *types.Package
	switch {
	case gp == nil:
	case gp.Export != "":
		pkg = d.fromExport(gp)
	case len(gp.GoFiles)+len(gp.CgoFiles) > 0:
		pkg = d.fromSource(gp)
	}
	d.done[path] = pkg
	return pkg
}

func (d *depLoader) fromExport(gp *goPackage) *types.Package {
	f, err := os.Open(gp.Export)
	if err != nil {
		return d.fromSource(gp)
	}
	defer f.Close()
	r, err := gcexportdata.NewReader(bufio.NewReader(f))
	if err == nil {
		var pkg *types.Package
		if pkg, err = gcexportdata.Read(r, d.fset, d.shared, gp.ImportPath); err == nil {
			return pkg
		}
	}
	return d.fromSource(gp)
}

// fromSource type-checks a dependency without export data. Errors are
// tolerated: whatever part of it checks is what the inputs see.
func (d *depLoader) fromSource(gp *goPackage) *types.Package {
	p := gp.asPackage()
	srcRoot := "" // of a standard package: GOROOT/src
	if gp.Standard {
		srcRoot = strings.TrimSuffix(gp.Dir, filepath.FromSlash(gp.ImportPath))
	}
	files, err := parseDeclarations(d.fset, p.GoFiles, srcRoot)
	for _, f := range files {
		d.lineOnly.add(d.fset.File(f.FileStart).Name())
	}
	if err != nil && len(files) == 0 {
		return nil
	}
	conf := checkConfig(p, d.load)
	pkg, _ := conf.Check(gp.ImportPath, d.fset, files, nil)
	return pkg
}

// parseDeclarations parses files without their function bodies; a file
// that does not parse is left out. Files under srcRoot (GOROOT/src, for a
// standard package) are named as the go command's export data names them
// ("$GOROOT/src/..."), so that a package has the same positions whichever
// way it loads.
func parseDeclarations(fset *token.FileSet, names []string, srcRoot string) ([]*ast.File, error) {
	var files []*ast.File
	var errs []error
	for _, name := range names {
		var src any
		display := name
		if rel, ok := strings.CutPrefix(name, srcRoot); ok && srcRoot != "" {
			b, err := os.ReadFile(name)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			src, display = b, "$GOROOT/src/"+filepath.ToSlash(rel)
		}
		f, err := parser.ParseFile(fset, display, src, parser.SkipObjectResolution)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		dropBodies(f)
		files = append(files, f)
	}
	return files, errors.Join(errs...)
}
