package pbgo

import (
	"go/ast"
	"go/token"
)

// A nullable map or slice type T (+protobuf.nullable=true) is a message
// in the IDL with one repeated field, items; gogo generates its methods
// for a struct with an Items field. The Go type is the map or slice
// itself, so its methods are rewritten: m.Items becomes m (or *m where
// the value is assigned or compared), and the pointer receivers of
// Marshal, MarshalTo, MarshalToSizedBuffer, Size and String become value
// receivers. Independently, wherever an Unmarshal method initializes a
// field with &T{} for such a T, that becomes T{}, since the field holds T
// by value. These are the exact shapes gogo emits; nothing else is
// touched.
func rewriteOptionalMethod(fd *ast.FuncDecl, isOptional func(string) bool) {
	recv, ptr, ok := receiverType(fd)
	if !ok || fd.Body == nil {
		return
	}
	if fd.Name.Name == "Unmarshal" {
		ast.Walk(fieldInit{isOptional}, fd.Body)
	}
	if !isOptional(recv.Name) {
		return
	}
	switch fd.Name.Name {
	case "Unmarshal":
		ast.Walk(itemsToSelf{}, fd.Body)
	case "MarshalTo", "MarshalToSizedBuffer", "Size", "String":
		ast.Walk(itemsToSelf{}, fd.Body)
		if ptr {
			fd.Recv.List[0].Type = recv
		}
	case "Marshal":
		if ptr {
			fd.Recv.List[0].Type = recv
		}
	}
}

// receiverType returns the named type of a method's single receiver and
// whether it is a pointer receiver.
func receiverType(fd *ast.FuncDecl) (*ast.Ident, bool, bool) {
	if fd.Recv == nil || len(fd.Recv.List) != 1 {
		return nil, false, false
	}
	switch t := fd.Recv.List[0].Type.(type) {
	case *ast.Ident:
		return t, false, true
	case *ast.StarExpr:
		if id, ok := t.X.(*ast.Ident); ok {
			return id, true, true
		}
	}
	return nil, false, false
}

// fieldInit turns "m.F = &T{}" into "m.F = T{}" for optional T. It does
// not descend into assignments.
type fieldInit struct{ isOptional func(string) bool }

func (v fieldInit) Visit(n ast.Node) ast.Visitor {
	as, ok := n.(*ast.AssignStmt)
	if !ok {
		return v
	}
	if len(as.Lhs) != 1 || len(as.Rhs) != 1 || !isSelectorOf(as.Lhs[0], "m", "") {
		return nil
	}
	addr, ok := as.Rhs[0].(*ast.UnaryExpr)
	if !ok || addr.Op != token.AND {
		return nil
	}
	lit, ok := addr.X.(*ast.CompositeLit)
	if !ok || len(lit.Elts) != 0 {
		return nil
	}
	if id, ok := lit.Type.(*ast.Ident); ok && v.isOptional(id.Name) {
		as.Rhs[0] = lit
	}
	return nil
}

// itemsToSelf rewrites the uses of m.Items in a method of an optional
// type, in the shapes gogo generates:
//
//	range m.Items             → range m
//	m.Items[k] = v            → (*m)[k] = v
//	m.Items = x               → *m = x
//	x = append(m.Items, ...)  → x = append(m, ...)  (and append(m…) → append(*m…))
//	if m.Items == nil         → if *m == nil
//	if err := m.Items[len(m.Items)-1].Unmarshal(…)  → (*m)[len(*m)-1]
//	m.Items[i]                → m[i]
//	f(m.Items)                → f(m)
type itemsToSelf struct{}

func (v itemsToSelf) Visit(n ast.Node) ast.Visitor {
	switch x := n.(type) {
	case *ast.RangeStmt:
		if isItems(x.X) {
			x.X = ast.NewIdent("m")
		}
	case *ast.AssignStmt:
		if len(x.Lhs) != 1 || len(x.Rhs) != 1 {
			break
		}
		if ix, ok := x.Lhs[0].(*ast.IndexExpr); ok {
			if isItems(ix.X) {
				ix.X = derefM()
			}
		} else if isItems(x.Lhs[0]) {
			x.Lhs[0] = derefM()
		}
		if call, ok := x.Rhs[0].(*ast.CallExpr); ok && isIdentNamed(call.Fun, "append") {
			ast.Walk(v, call)
			if len(call.Args) > 0 && isIdentNamed(call.Args[0], "m") {
				call.Args[0] = derefM()
			}
			return nil
		}
	case *ast.IfStmt:
		if c, ok := x.Cond.(*ast.BinaryExpr); ok && c.Op == token.EQL && isItems(c.X) && isIdentNamed(c.Y, "nil") {
			c.X = derefM()
		}
		if init, ok := x.Init.(*ast.AssignStmt); ok {
			rewriteItemsUnmarshalCall(init)
		}
	case *ast.IndexExpr:
		if isItems(x.X) {
			x.X = ast.NewIdent("m")
			return nil
		}
	case *ast.CallExpr:
		changed := false
		for i, a := range x.Args {
			if isItems(a) {
				x.Args[i] = ast.NewIdent("m")
				changed = true
			}
		}
		if changed {
			return nil
		}
	}
	return v
}

// rewriteItemsUnmarshalCall handles the init statement
// "err := m.Items[len(m.Items)-1].Unmarshal(…)".
func rewriteItemsUnmarshalCall(as *ast.AssignStmt) {
	call, ok := as.Rhs[0].(*ast.CallExpr)
	if !ok {
		return
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return
	}
	ix, ok := sel.X.(*ast.IndexExpr)
	if !ok {
		return
	}
	if s, ok := ix.X.(*ast.SelectorExpr); ok && isIdentNamed(s.X, "m") {
		ix.X = derefM()
	}
	if b, ok := ix.Index.(*ast.BinaryExpr); ok {
		if lc, ok := b.X.(*ast.CallExpr); ok && len(lc.Args) == 1 && isItems(lc.Args[0]) {
			lc.Args[0] = derefM()
		}
	}
}

func derefM() ast.Expr { return &ast.StarExpr{X: ast.NewIdent("m")} }

func isItems(e ast.Expr) bool { return isSelectorOf(e, "m", "Items") }

// isSelectorOf reports whether e is x.sel (any selector when sel is "").
func isSelectorOf(e ast.Expr, x, sel string) bool {
	s, ok := e.(*ast.SelectorExpr)
	if !ok || s.Sel == nil || (sel != "" && s.Sel.Name != sel) {
		return false
	}
	return isIdentNamed(s.X, x)
}

func isIdentNamed(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}
