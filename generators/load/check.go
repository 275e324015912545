package load

import (
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"runtime"
	"sync"

	"golang.org/x/tools/go/packages"
)

// checkInputs parses and type-checks the input packages, filling in their
// Syntax, Types and (type) Errors. Files that hide reports are parsed as a
// bare package clause; function bodies are dropped, since no generator
// reads them. Packages are checked in parallel, each after the inputs it
// imports.
func checkInputs(fset *token.FileSet, inputs []*packages.Package, deps map[string]*types.Package, files *inputFiles) error {
	if err := parseInputs(fset, inputs, files); err != nil {
		return err
	}
	done := map[string]chan struct{}{}
	for _, p := range inputs {
		done[p.PkgPath] = make(chan struct{})
	}
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for _, p := range inputs {
		wg.Go(func() {
			defer close(done[p.PkgPath])
			for _, imp := range p.Imports {
				if ch, ok := done[imp.PkgPath]; ok && imp.PkgPath != p.PkgPath {
					<-ch
				}
			}
			sem <- struct{}{}
			defer func() { <-sem }()
			checkPackage(fset, p, inputs, deps)
		})
	}
	wg.Wait()
	return nil
}

func checkPackage(fset *token.FileSet, p *packages.Package, inputs []*packages.Package, deps map[string]*types.Package) {
	byPath := map[string]*packages.Package{}
	for _, in := range inputs {
		byPath[in.PkgPath] = in
	}
	conf := checkConfig(p, func(path string) *types.Package {
		if in, ok := byPath[path]; ok && in.Types != nil {
			return in.Types
		}
		return deps[path]
	})
	conf.Error = func(err error) {
		if te, ok := err.(types.Error); ok {
			p.Errors = append(p.Errors, packages.Error{
				Pos:  te.Fset.Position(te.Pos).String(),
				Msg:  te.Msg,
				Kind: packages.TypeError,
			})
		}
	}
	pkg, _ := conf.Check(p.PkgPath, fset, p.Syntax, nil)
	p.Types = pkg
}

// checkConfig is how every package is type-checked from source: without
// function bodies, at its module's language version, its imports (as the
// source writes them) resolved by lookup (nil: not found). Type errors are
// ignored unless the caller sets Error.
func checkConfig(p *packages.Package, lookup func(path string) *types.Package) types.Config {
	conf := types.Config{
		IgnoreFuncBodies: true,
		FakeImportC:      true,
		Sizes:            types.SizesFor("gc", runtime.GOARCH),
		Importer: importerFunc(func(path string) (*types.Package, error) {
			if imp, ok := p.Imports[path]; ok {
				path = imp.PkgPath
			}
			if pkg := lookup(path); pkg != nil {
				return pkg, nil
			}
			return nil, fmt.Errorf("could not import %s", path)
		}),
		Error: func(error) {},
	}
	if p.Module != nil && p.Module.GoVersion != "" {
		conf.GoVersion = "go" + p.Module.GoVersion
	}
	return conf
}

// dropBodies removes the bodies of f's functions, which no generator reads.
func dropBodies(f *ast.File) {
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok {
			fd.Body = nil
		}
	}
}

// parseInputs parses every file of every input, in parallel.
func parseInputs(fset *token.FileSet, inputs []*packages.Package, files *inputFiles) error {
	type job struct {
		pkg *packages.Package
		i   int
	}
	var jobs []job
	for _, p := range inputs {
		p.Syntax = make([]*ast.File, len(p.GoFiles))
		for i := range p.GoFiles {
			jobs = append(jobs, job{p, i})
		}
	}
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for j := range next {
				p, name := jobs[j].pkg, jobs[j].pkg.GoFiles[jobs[j].i]
				src, err := os.ReadFile(name)
				if err == nil {
					p.Syntax[jobs[j].i], err = files.parse(fset, p.PkgPath, name, src)
				}
				errs[j] = err
			}
		})
	}
	for j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
	return errors.Join(errs...)
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
