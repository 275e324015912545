package gofile

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"reflect"
)

// gofmtMode is the printer mode of gofmt and go/format: spaces for
// alignment, tabs for indentation, and number literals normalized
// (go/printer's unexported normalizeNumbers bit, which go/format sets the
// same way).
const gofmtMode = printer.UseSpaces | printer.TabIndent | printer.Mode(1<<30)

// GofmtSimplify is gofmt -s of Go 1.26 on a complete file: sort the
// imports, simplify (see Simplify), print. name is the file's name in
// errors.
func GofmtSimplify(name string, src []byte) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	ast.SortImports(fset, f)
	Simplify(f)
	return Gofmt(fset, f)
}

// Gofmt prints a file as gofmt does.
func Gofmt(fset *token.FileSet, f *ast.File) ([]byte, error) {
	var buf bytes.Buffer
	cfg := printer.Config{Mode: gofmtMode, Tabwidth: 8}
	if err := cfg.Fprint(&buf, fset, f); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Simplify applies gofmt -s's rewrites to f:
//
//   - an empty declaration group with no comment, such as "const ()", goes;
//   - in an array, slice or map literal, an element (or map key) that is
//     a composite literal of exactly the element (key) type loses its
//     type, and &T{…} loses "&T" when the element type is *T;
//   - s[a:len(s)] becomes s[a:] for an identifier s;
//   - for x, _ = range v becomes for x = range v, and for _ = range v
//     becomes for range v.
//
// It reports whether it changed anything.
func Simplify(f *ast.File) bool {
	changed := false
	decls := f.Decls[:0]
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && emptyGroup(f, g) {
			changed = true
			continue
		}
		decls = append(decls, d)
	}
	f.Decls = decls
	ast.Walk(simplifier{&changed}, f)
	return changed
}

func emptyGroup(f *ast.File, g *ast.GenDecl) bool {
	if g.Doc != nil || g.Specs != nil {
		return false
	}
	for _, c := range f.Comments {
		if g.Pos() <= c.Pos() && c.End() <= g.End() {
			return false
		}
	}
	return true
}

type simplifier struct{ changed *bool }

func (s simplifier) Visit(n ast.Node) ast.Visitor {
	switch n := n.(type) {
	case *ast.CompositeLit:
		var key, elt ast.Expr
		switch t := n.Type.(type) {
		case *ast.ArrayType:
			elt = t.Elt
		case *ast.MapType:
			key, elt = t.Key, t.Value
		}
		if elt == nil {
			break
		}
		for i := range n.Elts {
			px := &n.Elts[i]
			if kv, ok := (*px).(*ast.KeyValueExpr); ok {
				if key != nil {
					s.element(key, &kv.Key)
				}
				px = &kv.Value
			}
			s.element(elt, px)
		}
		return nil // the elements are done
	case *ast.SliceExpr:
		if n.Max != nil {
			break
		}
		x, _ := n.X.(*ast.Ident)
		call, _ := n.High.(*ast.CallExpr)
		if x == nil || call == nil || len(call.Args) != 1 || call.Ellipsis.IsValid() {
			break
		}
		if fun, _ := call.Fun.(*ast.Ident); fun != nil && fun.Name == "len" {
			if arg, _ := call.Args[0].(*ast.Ident); arg != nil && arg.Name == x.Name {
				n.High = nil
				*s.changed = true
			}
		}
	case *ast.RangeStmt:
		if isBlank(n.Value) {
			n.Value = nil
			*s.changed = true
		}
		if isBlank(n.Key) && n.Value == nil {
			n.Key = nil
			*s.changed = true
		}
	}
	return s
}

func isBlank(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "_"
}

// element simplifies the element *px of a literal whose element type is
// typ.
func (s simplifier) element(typ ast.Expr, px *ast.Expr) {
	x := *px
	ast.Walk(s, x)
	if lit, ok := x.(*ast.CompositeLit); ok && sameSyntax(typ, lit.Type) {
		lit.Type = nil
		*s.changed = true
	}
	if ptr, ok := typ.(*ast.StarExpr); ok {
		if addr, ok := x.(*ast.UnaryExpr); ok && addr.Op == token.AND {
			if lit, ok := addr.X.(*ast.CompositeLit); ok && sameSyntax(ptr.X, lit.Type) {
				lit.Type = nil
				*px = lit
				*s.changed = true
			}
		}
	}
}

var (
	posType   = reflect.TypeFor[token.Pos]()
	objType   = reflect.TypeFor[*ast.Object]()
	scopeType = reflect.TypeFor[*ast.Scope]()
	identType = reflect.TypeFor[*ast.Ident]()
	callType  = reflect.TypeFor[*ast.CallExpr]()
)

// sameSyntax reports whether two expressions are the same syntax tree,
// positions aside (gofmt's pattern match, without wildcards).
func sameSyntax(a, b ast.Expr) bool {
	return sameValue(reflect.ValueOf(a), reflect.ValueOf(b))
}

func sameValue(x, y reflect.Value) bool {
	if !x.IsValid() || !y.IsValid() {
		return !x.IsValid() && !y.IsValid()
	}
	if x.Type() == identType && y.Type() == identType {
		xi, yi := x.Interface().(*ast.Ident), y.Interface().(*ast.Ident)
		if xi == nil || yi == nil {
			return xi == yi
		}
		return xi.Name == yi.Name
	}
	if x.Type() != y.Type() {
		return false
	}
	switch x.Type() {
	case posType, objType, scopeType:
		return true
	case callType:
		// f(x) and f(x...) differ
		xc, yc := x.Interface().(*ast.CallExpr), y.Interface().(*ast.CallExpr)
		if xc != nil && yc != nil && xc.Ellipsis.IsValid() != yc.Ellipsis.IsValid() {
			return false
		}
	}
	switch x.Kind() {
	case reflect.Array, reflect.Slice:
		if x.Len() != y.Len() {
			return false
		}
		for i := 0; i < x.Len(); i++ {
			if !sameValue(x.Index(i), y.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Struct:
		for i := 0; i < x.NumField(); i++ {
			if !sameValue(x.Field(i), y.Field(i)) {
				return false
			}
		}
		return true
	case reflect.Interface, reflect.Pointer:
		if x.IsNil() || y.IsNil() {
			return x.IsNil() && y.IsNil()
		}
		return sameValue(x.Elem(), y.Elem())
	}
	return x.Interface() == y.Interface()
}
