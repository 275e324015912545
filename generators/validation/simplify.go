package validation

import (
	"bytes"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"go/types"
)

// simplify applies gofmt -s's composite-literal simplification to
// formatted Go source, as upstream's gengo runs gofmt -s on its output:
// inside an array, slice or map literal, an element (or key) literal of
// the element type drops the type, and &T{...} of a *T element drops &T.
func simplify(src []byte) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	changed := false
	ast.Inspect(f, func(n ast.Node) bool {
		lit, ok := n.(*ast.CompositeLit)
		if !ok {
			return true
		}
		var keyType, eltType ast.Expr
		switch t := lit.Type.(type) {
		case *ast.ArrayType:
			eltType = t.Elt
		case *ast.MapType:
			keyType, eltType = t.Key, t.Value
		}
		if eltType == nil {
			return true
		}
		for i := range lit.Elts {
			px := &lit.Elts[i]
			if kv, ok := (*px).(*ast.KeyValueExpr); ok {
				if keyType != nil {
					changed = simplifyElement(keyType, &kv.Key) || changed
				}
				px = &kv.Value
			}
			changed = simplifyElement(eltType, px) || changed
		}
		return true
	})
	if !changed {
		return src, nil
	}
	var b bytes.Buffer
	if err := format.Node(&b, fset, f); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func simplifyElement(typ ast.Expr, px *ast.Expr) bool {
	if inner, ok := (*px).(*ast.CompositeLit); ok && inner.Type != nil && sameExpr(typ, inner.Type) {
		inner.Type = nil
		return true
	}
	if ptr, ok := typ.(*ast.StarExpr); ok {
		if addr, ok := (*px).(*ast.UnaryExpr); ok && addr.Op == token.AND {
			if inner, ok := addr.X.(*ast.CompositeLit); ok && inner.Type != nil && sameExpr(ptr.X, inner.Type) {
				inner.Type = nil
				*px = inner
				return true
			}
		}
	}
	return false
}

func sameExpr(a, b ast.Expr) bool { return types.ExprString(a) == types.ExprString(b) }
