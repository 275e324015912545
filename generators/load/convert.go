package load

import (
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/kubegen/kubegen/generators/model"
)

// converter builds model types from go/types ones; each Go type becomes one
// *model.Type, whatever path it is reached by.
type converter struct {
	u      *model.Universe
	fset   *token.FileSet
	hidden *fileFilter
	// hiddenInputMethods are the methods of input types that hidden input
	// files declare (the type checker never saw those files).
	hiddenInputMethods map[string]map[string]*model.Method
	// comments indexes comment groups of input files (and of the files
	// in indexed) by the line they end on.
	comments map[fileLine]*ast.CommentGroup
	indexed  map[string]bool // files whose comments are in comments
	// lineOnly are the dependencies' files type-checked from source:
	// positions there keep only their line, as in export data.
	lineOnly *fileSet
}

// position is where pos stands: for a dependency, the line alone (column
// 1), whether it was loaded from export data (which records no columns)
// or from source, so that a message never depends on which.
func (c *converter) position(pos token.Pos) token.Position {
	p := c.fset.Position(pos)
	if p.IsValid() && c.lineOnly.has(p.Filename) {
		p.Column = 1
	}
	return p
}

type fileLine struct {
	file string
	line int
}

func (c *converter) inputPackage(p *packages.Package) *model.Package {
	return c.sourcePackage(p, true)
}

// sourcePackage converts a package parsed and type-checked from source.
func (c *converter) sourcePackage(p *packages.Package, input bool) *model.Package {
	mp := &model.Package{
		Path:       p.PkgPath,
		Name:       p.Name,
		Dir:        packageDir(p),
		Input:      input,
		Files:      slices.Sorted(slices.Values(p.GoFiles)),
		TypeErrors: typeErrors(p),
	}
	for _, f := range p.Syntax {
		name := c.fset.File(f.FileStart).Name()
		if filepath.Base(name) == "doc.go" {
			for _, g := range f.Comments {
				mp.Comments.Lines = append(mp.Comments.Lines, c.lines(g)...)
			}
		}
	}
	if p.Types == nil {
		return mp
	}
	for _, imp := range p.Types.Imports() {
		mp.Imports = append(mp.Imports, imp.Path())
	}
	slices.Sort(mp.Imports)
	scope := p.Types.Scope()
	for _, name := range scope.Names() { // sorted
		switch obj := scope.Lookup(name).(type) {
		case *types.Var:
			mp.Vars = append(mp.Vars, &model.Var{Name: obj.Name(), Type: c.typeOf(obj.Type()), Pos: c.fset.Position(obj.Pos())})
			continue
		case *types.Func:
			mp.Funcs = append(mp.Funcs, c.function(obj))
			continue
		case *types.Const:
			mp.Consts = append(mp.Consts, c.constant(obj))
			continue
		}
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		t := c.typeOf(tn.Type())
		pos := c.fset.Position(tn.Pos())
		t.Pos = pos
		doc := c.commentEndingAt(pos.Filename, pos.Line-1)
		t.Doc = model.Comment{Lines: c.lines(doc)}
		above := pos.Line - 2
		if doc != nil {
			above = c.fset.Position(doc.Pos()).Line - 2
		}
		t.Detached = model.Comment{Lines: c.lines(c.commentEndingAt(pos.Filename, above))}
		// The type may have been converted from export data first (another
		// package's signature names it): take field positions from source.
		st, _ := tn.Type().Underlying().(*types.Struct)
		for i := range t.Members {
			m := &t.Members[i]
			if st != nil && st.NumFields() == len(t.Members) {
				m.Pos = c.fset.Position(st.Field(i).Pos())
			}
			if m.Pos.IsValid() {
				m.Doc = model.Comment{Lines: c.lines(c.commentEndingAt(m.Pos.Filename, m.Pos.Line-1))}
			}
		}
		mp.Types = append(mp.Types, t)
	}
	return mp
}

// constant converts a declared constant, with the comment right above it.
func (c *converter) constant(k *types.Const) *model.Const {
	pos := c.fset.Position(k.Pos())
	value := k.Val().ExactString()
	if k.Val().Kind() == constant.String {
		value = constant.StringVal(k.Val())
	}
	return &model.Const{
		Name:  k.Name(),
		Type:  c.typeOf(k.Type()),
		Value: value,
		Doc:   model.Comment{Lines: c.lines(c.commentEndingAt(pos.Filename, pos.Line-1))},
		Pos:   pos,
	}
}

// indexComments records the comment groups of every input file, before
// any input is converted: a struct's fields may be declared in another
// input package (type MatchCondition v1.MatchCondition), and their comments
// are theirs.
func (c *converter) indexComments(inputs []*packages.Package) {
	c.comments = map[fileLine]*ast.CommentGroup{}
	c.indexed = map[string]bool{}
	for _, p := range inputs {
		for _, f := range p.Syntax {
			c.indexFile(f)
		}
	}
}

// commentEndingAt returns the comment group of file that ends on line. A
// file outside the inputs (a dependency's, whose struct an input type is
// declared over: type C dep.C) is parsed for its comments on first use, as
// export data has none.
func (c *converter) commentEndingAt(file string, line int) *ast.CommentGroup {
	if c.comments == nil {
		return nil
	}
	if !c.indexed[file] && strings.HasSuffix(file, ".go") {
		c.indexed[file] = true
		if f, err := parser.ParseFile(c.fset, file, nil, parser.ParseComments|parser.SkipObjectResolution); err == nil {
			c.indexFile(f)
		}
	}
	return c.comments[fileLine{file, line}]
}

func (c *converter) indexFile(f *ast.File) {
	name := c.fset.File(f.FileStart).Name()
	c.indexed[name] = true
	for _, g := range f.Comments {
		c.comments[fileLine{name, c.fset.Position(g.End()).Line}] = g
	}
}

// lines splits a comment group into lines the way ast.CommentGroup.Text
// does (comment markers and directives removed, trailing space trimmed,
// leading and trailing blank lines dropped, blank runs folded into one),
// keeping each line's position.
func (c *converter) lines(g *ast.CommentGroup) []model.Line {
	if g == nil {
		return nil
	}
	var out []model.Line
	for _, cm := range g.List {
		pos := c.fset.Position(cm.Slash)
		var body string
		if strings.HasPrefix(cm.Text, "//") {
			body = cm.Text[2:]
			if strings.HasPrefix(body, " ") {
				body = body[1:]
			} else if isDirective(body) {
				continue
			}
		} else {
			body = strings.TrimSuffix(cm.Text[2:], "*/")
		}
		for i, text := range strings.Split(body, "\n") {
			p := pos
			if i > 0 {
				p.Line, p.Column = pos.Line+i, 1
			}
			text = strings.TrimRight(text, " \t\r\n")
			if text == "" && (len(out) == 0 || out[len(out)-1].Text == "") {
				continue // leading blank, or a blank run
			}
			out = append(out, model.Line{Text: text, Pos: p})
		}
	}
	for len(out) > 0 && out[len(out)-1].Text == "" {
		out = out[:len(out)-1]
	}
	return out
}

// isDirective reports whether a "//" comment without a leading space is a
// tool directive ("//go:build", "//line …", "//export …"), which comment
// text leaves out.
func isDirective(body string) bool {
	for _, p := range []string{"line ", "extern ", "export "} {
		if strings.HasPrefix(body, p) {
			return true
		}
	}
	colon := strings.IndexByte(body, ':')
	if colon <= 0 || colon+1 >= len(body) {
		return false
	}
	for i := 0; i <= colon+1; i++ {
		if b := body[i]; i != colon && !('a' <= b && b <= 'z' || '0' <= b && b <= '9') {
			return false
		}
	}
	return true
}

// typeOf returns the model type of t, converting it on first sight.
func (c *converter) typeOf(t types.Type) *model.Type {
	t = types.Unalias(t)
	switch t := t.(type) {
	case *types.Named:
		return c.named(t)
	case *types.Basic:
		return c.basic(t)
	case *types.TypeParam:
		return &model.Type{Name: model.Name{Name: t.Obj().Name()}, Kind: model.TypeParam, Go: t}
	}
	out, seen := c.u.Intern(model.Name{Name: types.TypeString(t, nil)})
	if !seen {
		c.fill(out, t)
	}
	return out
}

func (c *converter) named(t *types.Named) *model.Type {
	obj := t.Obj()
	if obj.Pkg() == nil { // error, comparable
		return c.basic(types.Typ[types.Invalid])
	}
	name := obj.Name()
	if args := t.TypeArgs(); args.Len() > 0 {
		var as []string
		for i := range args.Len() {
			as = append(as, types.TypeString(args.At(i), nil))
		}
		name += "[" + strings.Join(as, ",") + "]"
	}
	out, seen := c.u.Intern(model.Name{Package: obj.Pkg().Path(), Name: name})
	if seen {
		return out
	}
	out.Generic = t.TypeParams().Len() > 0
	switch u := t.Underlying().(type) {
	case *types.Basic, *types.Map, *types.Slice:
		out.Kind = model.Defined
		out.Go = t
		out.Underlying = c.typeOf(u)
	default:
		c.fill(out, u)
		out.Go = t
	}
	for i := range t.NumMethods() {
		f := t.Method(i)
		set := &out.Methods
		if c.hidden.excludes(c.fset.Position(f.Pos()).Filename) {
			set = &out.Hidden
		}
		if *set == nil {
			*set = map[string]*model.Method{}
		}
		(*set)[f.Name()] = c.method(f)
	}
	if hm := c.hiddenInputMethods[out.Name.String()]; hm != nil {
		if out.Hidden == nil {
			out.Hidden = map[string]*model.Method{}
		}
		for name, m := range hm {
			if out.Hidden[name] == nil && out.Methods[name] == nil {
				out.Hidden[name] = m
			}
		}
	}
	if out.Kind == model.Interface && out.Methods == nil {
		if it, ok := t.Underlying().(*types.Interface); ok && it.NumMethods() > 0 {
			out.Methods = map[string]*model.Method{}
			for i := range it.NumMethods() {
				out.Methods[it.Method(i).Name()] = c.method(it.Method(i))
			}
		}
	}
	return out
}

// function converts a top-level function of a package loaded from source.
func (c *converter) function(f *types.Func) *model.Function {
	m := c.method(f)
	pos := c.fset.Position(f.Pos())
	return &model.Function{
		Name: m.Name, Params: m.Params, Results: m.Results, IsVariadic: m.IsVariadic,
		Doc: model.Comment{Lines: c.lines(c.commentEndingAt(pos.Filename, pos.Line-1))},
		Pos: pos,
	}
}

func (c *converter) method(f *types.Func) *model.Method {
	sig := f.Type().(*types.Signature)
	m := &model.Method{Name: f.Name(), IsVariadic: sig.Variadic()}
	if r := sig.Recv(); r != nil {
		_, m.PtrRecv = r.Type().(*types.Pointer)
	}
	for i := range sig.Params().Len() {
		m.Params = append(m.Params, c.typeOf(sig.Params().At(i).Type()))
	}
	for i := range sig.Results().Len() {
		m.Results = append(m.Results, c.typeOf(sig.Results().At(i).Type()))
	}
	return m
}

func (c *converter) basic(t *types.Basic) *model.Type {
	out, seen := c.u.Intern(model.Name{Name: t.Name()})
	if seen {
		return out
	}
	out.Go = t
	switch {
	case t.Kind() == types.Invalid:
		out.Kind = model.Invalid
	case t.Info()&(types.IsBoolean|types.IsInteger|types.IsFloat|types.IsString) != 0 && t.Info()&types.IsUntyped == 0 && t.Kind() != types.UnsafePointer:
		out.Kind = model.Builtin
	default:
		out.Kind = model.Unsupported
	}
	return out
}

// fill sets the kind and parts of out from the unnamed type u.
func (c *converter) fill(out *model.Type, u types.Type) {
	out.Go = u
	switch u := u.(type) {
	case *types.Struct:
		out.Kind = model.Struct
		for i := range u.NumFields() {
			f := u.Field(i)
			m := model.Member{
				Name:     f.Name(),
				Embedded: f.Embedded(),
				Tag:      u.Tag(i),
				Type:     c.typeOf(f.Type()),
				Pos:      c.position(f.Pos()),
			}
			if m.Pos.IsValid() {
				// Fields of dependencies too: their files are parsed for
				// comments when first asked about.
				m.Doc = model.Comment{Lines: c.lines(c.commentEndingAt(m.Pos.Filename, m.Pos.Line-1))}
			}
			out.Members = append(out.Members, m)
		}
	case *types.Map:
		out.Kind = model.Map
		out.Key = c.typeOf(u.Key())
		out.Elem = c.typeOf(u.Elem())
	case *types.Slice:
		out.Kind = model.Slice
		out.Elem = c.typeOf(u.Elem())
	case *types.Array:
		out.Kind = model.Array
		out.Len = u.Len()
		out.Elem = c.typeOf(u.Elem())
	case *types.Pointer:
		out.Kind = model.Pointer
		out.Elem = c.typeOf(u.Elem())
	case *types.Chan:
		out.Kind = model.Chan
		out.Elem = c.typeOf(u.Elem())
	case *types.Signature:
		out.Kind = model.Func
	case *types.Interface:
		out.Kind = model.Interface
	case *types.Basic:
		b := c.basic(u)
		out.Kind = b.Kind
	default:
		out.Kind = model.Unsupported
	}
}
