package markers

import (
	"go/ast"
	"go/token"
	"strings"
)

// Mark is one marker comment: a "//" comment whose text starts with "+".
type Mark struct {
	Comment *ast.Comment
	Text    string // without "//" and surrounding space
	// FromDoc is true for a marker in its node's doc comment, false for
	// one in the closest other comment group above it.
	FromDoc bool
}

// IsMark reports whether c is a marker comment.
func IsMark(c *ast.Comment) bool {
	return strings.HasPrefix(c.Text, "//") && strings.HasPrefix(strings.TrimSpace(c.Text[2:]), "+")
}

// Attached are the markers of one file, attached as controller-gen
// attaches them.
type Attached struct {
	Package []Mark
	Types   map[*ast.TypeSpec][]Mark // every type spec, also those in functions
	Fields  map[*ast.Field][]Mark    // struct fields
	Loose   []Mark                   // attached to nothing
}

// Attach attaches the markers of a file to the package, its type specs
// and struct fields, by controller-gen's rules:
//
//   - a node's doc comment belongs to it, and so does the closest other
//     comment group above it, for type specs and fields; for other
//     top-level declarations that group is the package's (except its
//     doc comment, which belongs to nothing);
//   - everything above the package clause, and comment groups standing
//     free at the top level, are the package's;
//   - a single type declaration hands its comments to its type spec; a
//     parenthesized one, or a var, const or import declaration, gives the
//     closest group to the package;
//   - comments inside a node are not the package's, and a trailing
//     comment on the line of a type spec or field belongs to nothing.
//
// Controller-gen then moves a type spec's markers from outside its doc
// comment that are package markers and not type markers to the package;
// reg, if not nil, says which those are.
func Attach(f *ast.File, reg *Registry) *Attached {
	a := &attacher{groups: f.Comments, out: &Attached{Types: map[*ast.TypeSpec][]Mark{}, Fields: map[*ast.Field][]Mark{}}}
	ast.Walk(attachVisitor{a: a, pkgLevel: true}, f)
	a.out.Package = append(a.out.Package, a.marks(a.next, len(a.groups), false)...)
	if reg != nil {
		for ts, ms := range a.out.Types {
			kept := ms[:0]
			for _, m := range ms {
				if !m.FromDoc && reg.Lookup(m.Text, Type) == nil && reg.Lookup(m.Text, Package) != nil {
					a.out.Package = append(a.out.Package, m)
					continue
				}
				kept = append(kept, m)
			}
			a.out.Types[ts] = kept
		}
	}
	// Which of the file's markers got a place, to find the loose ones.
	placed := map[*ast.Comment]bool{}
	for _, m := range a.out.Package {
		placed[m.Comment] = true
	}
	for _, ms := range a.out.Types {
		for _, m := range ms {
			placed[m.Comment] = true
		}
	}
	for _, ms := range a.out.Fields {
		for _, m := range ms {
			placed[m.Comment] = true
		}
	}
	for _, m := range a.marks(0, len(a.groups), false) {
		if !placed[m.Comment] {
			a.out.Loose = append(a.out.Loose, m)
		}
	}
	return a.out
}

type attacher struct {
	groups   []*ast.CommentGroup
	next     int               // the first group not yet handed out
	trailing *ast.CommentGroup // the trailing comment of the last node seen
	decl     []Mark            // a single type declaration's, for its spec
	out      *Attached
}

// marks returns the markers in groups [from, to).
func (a *attacher) marks(from, to int, doc bool) []Mark {
	var out []Mark
	for i := max(from, 0); i < to && i < len(a.groups); i++ {
		for _, c := range a.groups[i].List {
			if IsMark(c) {
				out = append(out, Mark{Comment: c, Text: strings.TrimSpace(c.Text[2:]), FromDoc: doc})
			}
		}
	}
	return out
}

type attachVisitor struct {
	a        *attacher
	node     ast.Node // whose children this visitor visits
	pkgLevel bool     // free comments among them are the package's
}

func (v attachVisitor) Visit(n ast.Node) ast.Visitor {
	a := v.a
	if n == nil {
		if !v.pkgLevel {
			for a.next < len(a.groups) && a.groups[a.next].Pos() < v.node.End() {
				a.next++
			}
		}
		return nil
	}
	if a.trailing != nil && a.next < len(a.groups) && a.groups[a.next] == a.trailing {
		a.next++
	}
	// last: the last group before n; closest: the last of those that is
	// not n's doc comment.
	var closest, doc []Mark
	last := a.next - 1
	if a.next < len(a.groups) {
		last = a.next
		for last < len(a.groups) && a.groups[last].Pos() < n.Pos() {
			last++
		}
		last--
		var docGroup *ast.CommentGroup
		docGroup, a.trailing = commentsOf(n)
		mark := last
		if docGroup != nil && mark >= 0 && a.groups[mark] == docGroup {
			mark--
		}
		if mark >= a.next {
			if v.pkgLevel {
				a.out.Package = append(a.out.Package, a.marks(a.next, mark, false)...)
			}
			closest = a.marks(mark, mark+1, false)
		}
		doc = a.marks(mark+1, last+1, true)
	}
	children := attachVisitor{a: a, node: n}
	switch n := n.(type) {
	case *ast.File:
		a.out.Package = append(a.out.Package, closest...)
		a.out.Package = append(a.out.Package, doc...)
		children.pkgLevel = true
	case *ast.GenDecl:
		if n.Lparen.IsValid() || n.Tok != token.TYPE {
			a.out.Package = append(a.out.Package, closest...)
			break
		}
		a.decl = append(append(a.decl, closest...), doc...)
	case *ast.TypeSpec:
		a.out.Types[n] = append(append(append(a.out.Types[n], a.decl...), closest...), doc...)
		a.decl = nil
	case *ast.Field:
		a.out.Fields[n] = append(append(a.out.Fields[n], closest...), doc...)
	default:
		if v.pkgLevel {
			a.out.Package = append(a.out.Package, closest...)
		}
	}
	a.next = last + 1
	return children
}

// commentsOf returns the doc comment and the trailing comment of a node.
func commentsOf(n ast.Node) (doc, trailing *ast.CommentGroup) {
	switch n := n.(type) {
	case *ast.Field:
		return n.Doc, n.Comment
	case *ast.File:
		return n.Doc, nil
	case *ast.FuncDecl:
		return n.Doc, nil
	case *ast.GenDecl:
		return n.Doc, nil
	case *ast.ImportSpec:
		return n.Doc, n.Comment
	case *ast.TypeSpec:
		return n.Doc, n.Comment
	case *ast.ValueSpec:
		return n.Doc, n.Comment
	}
	return nil, nil
}
