package crd

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/build"
	goparser "go/parser"
	"go/token"
	"go/types"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/kubegen/kubegen/generators/controllergen/markers"
	"github.com/kubegen/kubegen/generators/model"
)

// A pkgInfo is one package as the crd generator reads it: its syntax with
// comments, its go/types package from the load, and its markers.
type pkgInfo struct {
	path  string
	name  string
	types *types.Package
	files []*ast.File
	// imports of each file: local name → import path
	imports map[*ast.File]map[string]string

	markers markerSet // the package's
	byName  map[string]*typeInfo
	order   []*typeInfo // top-level type specs in source order
}

// A typeInfo is a top-level type spec and what controller-gen reads of it.
type typeInfo struct {
	pkg     *pkgInfo
	name    string
	doc     string
	markers markerSet
	fields  []fieldInfo
	spec    *ast.TypeSpec
	file    *ast.File
}

// A fieldInfo is one field of a struct type spec (a field spec naming
// several fields gives one each).
type fieldInfo struct {
	name    string // "" for an embedded field
	doc     string
	tag     reflect.StructTag
	markers markerSet
	field   *ast.Field
}

// markerValue is one marker of a node: its definition and its value.
type markerValue struct {
	def   *markers.Def
	value any
}

// markerSet are the markers of one node by definition name, each name's
// in source order.
type markerSet map[string][]markerValue

func (m markerSet) has(name string) bool { return len(m[name]) > 0 }

// packages reads packages by import path, once each.
type packages struct {
	fset  *token.FileSet
	reg   *markers.Registry
	known map[string]*types.Package // every go/types package of the load
	// position finds the source of a go/types object of the load.
	position func(token.Pos) token.Position
	inputs   map[string]*model.Package
	byPath   map[string]*pkgInfo
	errs     []error
	// warn reports a marker of an input package that controller-gen
	// ignores.
	warn func(pos token.Position, format string, args ...any)
}

// indexTypes records a package and the packages its types mention, from
// the load.
func (ps *packages) indexTypes(p *types.Package) {
	if p == nil || ps.known[p.Path()] != nil {
		return
	}
	ps.known[p.Path()] = p
	for _, imp := range p.Imports() {
		ps.indexTypes(imp)
	}
}

func (ps *packages) errorf(pos token.Pos, format string, args ...any) {
	ps.errs = append(ps.errs, model.PosErrorf(ps.fset.Position(pos), format, args...))
}

// get returns the package at path, reading it on first use; nil (with an
// error recorded) if the load does not know it.
func (ps *packages) get(path string) *pkgInfo {
	if p, ok := ps.byPath[path]; ok {
		return p
	}
	ps.byPath[path] = nil
	tp := ps.known[path]
	if tp == nil {
		ps.errs = append(ps.errs, fmt.Errorf("package %s: not among the packages loaded", path))
		return nil
	}
	var names []string
	var declaring map[string]bool // a dependency's files that declare types or constants
	if in := ps.inputs[path]; in != nil {
		names = in.Files
	} else {
		var err error
		if names, declaring, err = ps.sourceFiles(tp); err != nil {
			ps.errs = append(ps.errs, fmt.Errorf("package %s: %w", path, err))
			return nil
		}
	}
	p := &pkgInfo{path: path, name: tp.Name(), types: tp, imports: map[*ast.File]map[string]string{}, byName: map[string]*typeInfo{}}
	// The files in parallel; the first error in file order wins.
	files := make([]*ast.File, len(names))
	errs := make([]error, len(names))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			files[i], errs[i] = ps.parse(name, declaring)
		})
	}
	wg.Wait()
	for i, f := range files {
		if errs[i] != nil {
			ps.errs = append(ps.errs, errs[i])
			return nil
		}
		if f != nil {
			p.files = append(p.files, f)
		}
	}
	ps.index(p)
	ps.byPath[path] = p
	return p
}

// parse parses a file of a package with comments; a file of a dependency
// outside declaring without markers is left out (nil): it has nothing the
// parser reads (generated.pb.go, deep-copy code).
func (ps *packages) parse(name string, declaring map[string]bool) (*ast.File, error) {
	src, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	if declaring != nil && !declaring[name] && !mayHoldMarkers(src) {
		return nil, nil
	}
	f, err := goparser.ParseFile(ps.fset, name, src, goparser.ParseComments|goparser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	return f, nil
}

// sourceFiles finds the Go files of a dependency: those of the directory
// its declarations come from that the default build context takes; and
// those of them that declare the package's types and constants (all the
// parser reads of a dependency, besides markers), as the export data
// places them.
func (ps *packages) sourceFiles(tp *types.Package) (names []string, declaring map[string]bool, err error) {
	var dir string
	declaring = map[string]bool{}
	for _, name := range tp.Scope().Names() {
		obj := tp.Scope().Lookup(name)
		pos := ps.position(obj.Pos())
		if pos.Filename == "" {
			continue
		}
		if dir == "" {
			dir = filepath.Dir(pos.Filename)
		}
		switch obj.(type) {
		case *types.TypeName, *types.Const:
			declaring[pos.Filename] = true
		}
	}
	if dir == "" {
		return nil, nil, fmt.Errorf("no source position in its export data")
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		if ok, err := build.Default.MatchFile(dir, n); err == nil && ok {
			names = append(names, filepath.Join(dir, n))
		}
	}
	return names, declaring, nil
}

// mayHoldMarkers reports whether src may have a marker comment: a "//"
// followed by "+" after white space (or anything not ASCII, which may be
// white space too).
func mayHoldMarkers(src []byte) bool {
	for {
		i := bytes.Index(src, []byte("//"))
		if i < 0 {
			return false
		}
		src = src[i+2:]
		j := 0
		for j < len(src) && (src[j] == ' ' || src[j] == '\t' || src[j] == '\v' || src[j] == '\f' || src[j] == '\r' || src[j] >= utf8.RuneSelf) {
			j++
		}
		if j < len(src) && src[j] == '+' {
			return true
		}
	}
}

// index attaches and parses the package's markers and records its
// top-level type specs, as controller-gen's collector does.
func (ps *packages) index(p *pkgInfo) {
	p.markers = markerSet{}
	for _, f := range p.files {
		imps := map[string]string{}
		for _, is := range f.Imports {
			path, _ := strconv.Unquote(is.Path.Value)
			name := ""
			if is.Name != nil {
				name = is.Name.Name
			} else if tp := ps.known[path]; tp != nil {
				name = tp.Name()
			} else {
				name = path[strings.LastIndexByte(path, '/')+1:]
			}
			imps[name] = path
		}
		p.imports[f] = imps
		at := markers.Attach(f, ps.reg)
		ps.parseMarks(p, at.Package, markers.Package, p.markers)
		fieldSets := map[*ast.Field]markerSet{}
		for fld, ms := range at.Fields {
			set := markerSet{}
			ps.parseMarks(p, ms, markers.Field, set)
			fieldSets[fld] = set
		}
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, s := range gd.Specs {
				ts := s.(*ast.TypeSpec)
				ti := &typeInfo{pkg: p, name: ts.Name.Name, doc: docText(ts.Doc, gd, ts), markers: markerSet{}, spec: ts, file: f}
				ps.parseMarks(p, at.Types[ts], markers.Type, ti.markers)
				if st, ok := ts.Type.(*ast.StructType); ok {
					for _, fld := range st.Fields.List {
						fi := fieldInfo{doc: docText(fld.Doc, nil, nil), tag: structTag(fld.Tag), markers: fieldSets[fld], field: fld}
						if fi.markers == nil {
							fi.markers = markerSet{}
						}
						if len(fld.Names) == 0 {
							ti.fields = append(ti.fields, fi)
						}
						for _, n := range fld.Names {
							fi.name = n.Name
							ti.fields = append(ti.fields, fi)
						}
					}
				}
				p.byName[ti.name] = ti
				p.order = append(p.order, ti)
			}
		}
	}
}

// parseMarks parses markers for a target into set; those without a
// definition are not controller-gen's crd markers and are skipped.
func (ps *packages) parseMarks(p *pkgInfo, ms []markers.Mark, t markers.Target, set markerSet) {
	for _, m := range ms {
		def := ps.reg.Lookup(m.Text, t)
		if def == nil {
			if ps.inputs[p.path] != nil && ps.warn != nil {
				ps.warnIgnored(m, t)
			}
			continue
		}
		v, err := def.Parse(m.Text)
		if err != nil {
			ps.errorf(m.Comment.Slash, "%s: %v", m.Text, err)
			continue
		}
		set[def.Name] = append(set[def.Name], markerValue{def, v})
	}
}

// otherGenerators' markers are not the crd generator's business.
var otherGenerators = []string{"+kubebuilder:object:", "+kubebuilder:rbac:", "+kubebuilder:webhook:", "+kubebuilder:ac:", "+kubebuilder:scaffold:"}

// warnIgnored warns of a +kubebuilder: marker that means nothing where
// it stands: one for another target, or one controller-gen does not know.
func (ps *packages) warnIgnored(m markers.Mark, t markers.Target) {
	if !strings.HasPrefix(m.Text, "+kubebuilder:") {
		return
	}
	for _, prefix := range otherGenerators {
		if strings.HasPrefix(m.Text, prefix) {
			return
		}
	}
	pos := ps.fset.Position(m.Comment.Slash)
	var elsewhere []string
	for _, other := range []markers.Target{markers.Package, markers.Type, markers.Field} {
		if other != t && ps.reg.Lookup(m.Text, other) != nil {
			elsewhere = append(elsewhere, "a "+other.String())
		}
	}
	if len(elsewhere) > 0 {
		ps.warn(pos, "%s stands on a %s, where controller-gen ignores it: it belongs on %s", m.Text, t, strings.Join(elsewhere, " or "))
		return
	}
	ps.warn(pos, "unknown marker %s, which controller-gen ignores: check its spelling (go doc github.com/kubegen/kubegen/cmd/controller-gen lists the markers)", m.Text)
}

func structTag(lit *ast.BasicLit) reflect.StructTag {
	if lit == nil {
		return ""
	}
	s, err := strconv.Unquote(lit.Value)
	if err != nil {
		return ""
	}
	return reflect.StructTag(s)
}

// docText is a description as controller-gen takes it from a doc
// comment: marker lines dropped, "TODO" lines dropped and the text cut at
// a "---" line (outside fenced code blocks), blank lines kept as "\n"
// lines. A type spec without a doc comment of its own takes that of its
// unparenthesized declaration.
func docText(doc *ast.CommentGroup, decl *ast.GenDecl, spec *ast.TypeSpec) string {
	if doc == nil && spec != nil && decl != nil && !decl.Lparen.IsValid() {
		doc = decl.Doc
	}
	if doc == nil {
		return ""
	}
	var kept ast.CommentGroup
	block := false // a /* */ comment among them
	for _, c := range doc.List {
		if markers.IsMark(c) {
			continue
		}
		kept.List = append(kept.List, c)
		block = block || strings.HasPrefix(c.Text, "/*")
	}
	lines := strings.Split(kept.Text(), "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	var out []string
	fenced := false
	for _, line := range lines {
		if block {
			line = strings.TrimSpace(line)
		}
		if strings.HasPrefix(line, "```") || strings.HasPrefix(line, "~~~") {
			fenced = !fenced
		}
		if !fenced {
			if strings.HasPrefix(line, "TODO") {
				continue
			}
			if strings.HasPrefix(line, "---") {
				break
			}
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

// resolve resolves a type expression as it stands in a file of p: a package
// name of the file's imports with a selector, or a name of p's scope, or
// a predeclared one.
func (ps *packages) resolve(p *pkgInfo, f *ast.File, e ast.Expr) (types.Type, bool) {
	switch e := e.(type) {
	case *ast.Ident:
		if obj := p.types.Scope().Lookup(e.Name); obj != nil {
			if tn, ok := obj.(*types.TypeName); ok {
				return tn.Type(), true
			}
			return nil, false
		}
		if tn, ok := types.Universe.Lookup(e.Name).(*types.TypeName); ok {
			return tn.Type(), true
		}
	case *ast.SelectorExpr:
		x, ok := e.X.(*ast.Ident)
		if !ok {
			return nil, false
		}
		tp := ps.known[p.imports[f][x.Name]]
		if tp == nil {
			return nil, false
		}
		if tn, ok := tp.Scope().Lookup(e.Sel.Name).(*types.TypeName); ok {
			return tn.Type(), true
		}
	case *ast.StarExpr:
		if t, ok := ps.resolve(p, f, e.X); ok {
			return types.NewPointer(t), true
		}
	case *ast.ArrayType:
		if t, ok := ps.resolve(p, f, e.Elt); ok {
			if e.Len == nil {
				return types.NewSlice(t), true
			}
			return types.NewArray(t, 0), true
		}
	case *ast.MapType:
		k, ok1 := ps.resolve(p, f, e.Key)
		v, ok2 := ps.resolve(p, f, e.Value)
		if ok1 && ok2 {
			return types.NewMap(k, v), true
		}
	case *ast.ParenExpr:
		return ps.resolve(p, f, e.X)
	}
	return nil, false
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
