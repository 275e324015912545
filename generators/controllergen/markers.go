package controllergen

import (
	"fmt"
	"go/ast"
	"go/token"
	"maps"
	"slices"
	"strings"

	"github.com/kubegen/kubegen/generators/model"
	"github.com/kubegen/kubegen/generators/run"
)

// The object generator's markers, as controller-gen registers them: the
// kubebuilder ones and the deepcopy-gen tags it still honours.
const (
	generateMarker   = "kubebuilder:object:generate"
	rootMarker       = "kubebuilder:object:root"
	legacyMarker     = "k8s:deepcopy-gen"
	interfacesMarker = "k8s:deepcopy-gen:interfaces"

	runtimeObject = "k8s.io/apimachinery/pkg/runtime.Object"
)

type argKind int

const (
	boolArg   argKind = iota // =true or =false
	rawArg                   // everything after "=", unparsed
	stringArg                // a string (quoted, or bare up to ",")
)

type markerDef struct {
	name     string
	pkg, typ bool // where it may stand
	arg      argKind
}

var markerDefs = []markerDef{
	{generateMarker, true, true, boolArg},
	{rootMarker, false, true, boolArg},
	{legacyMarker, true, true, rawArg},
	{interfacesMarker, false, true, stringArg},
}

type target int

const (
	onPackage target = iota
	onType
)

// lookupMarker finds the definition of a marker comment's text ("+name"
// or "+name=value") for a target, as controller-gen's registry does: the
// part before the first "=" whole, then (if there is a value) without its
// last ":"-element, so "+k8s:deepcopy-gen:nonpointer-interfaces=true"
// is +k8s:deepcopy-gen. It returns the definition and the value text.
func lookupMarker(text string, at target) (*markerDef, string) {
	head, value, hasValue := strings.Cut(strings.TrimPrefix(text, "+"), "=")
	names := []string{head}
	if i := strings.LastIndexByte(head, ':'); i >= 0 && hasValue {
		names = append(names, head[:i])
	}
	for _, n := range names {
		for i := range markerDefs {
			d := &markerDefs[i]
			if d.name == n && (at == onPackage && d.pkg || at == onType && d.typ) {
				return d, value
			}
		}
	}
	return nil, ""
}

// parseValue parses a marker's value text for its definition. Its errors
// say what to write instead.
func (d *markerDef) parseValue(value string) (any, error) {
	if value == "" {
		return nil, fmt.Errorf("+%s needs a value: %s", d.name, d.example())
	}
	if d.arg == rawArg {
		return value, nil
	}
	p := newValueParser(value)
	var v any
	if d.arg == boolArg {
		word, _ := p.ident()
		switch word {
		case "true", "false":
			v = word == "true"
		default:
			return nil, fmt.Errorf("+%s=%s: the value must be true or false", d.name, value)
		}
	} else {
		v = p.str(false)
	}
	if p.err == nil && !p.atEOF() {
		p.err = fmt.Errorf("extra text %q after the value", p.rest())
	}
	if p.err != nil {
		return nil, fmt.Errorf("+%s=%s: %v (%s)", d.name, value, p.err, d.example())
	}
	return v, nil
}

func (d *markerDef) example() string {
	switch d.arg {
	case boolArg:
		return "write +" + d.name + "=true or =false"
	case rawArg:
		return "write +" + d.name + "=package on a package, =true or =false on a type"
	}
	return "write +" + d.name + "=" + runtimeObject
}

// mark is one marker comment: a "//" comment whose text starts with "+".
type mark struct {
	c    *ast.Comment
	text string // without "//" and surrounding space
}

func isMark(c *ast.Comment) bool {
	return strings.HasPrefix(c.Text, "//") && strings.HasPrefix(strings.TrimSpace(c.Text[2:]), "+")
}

// fileMarks are the markers of one file, attached as controller-gen
// attaches them.
type fileMarks struct {
	pkg    []mark
	types  map[*ast.TypeSpec][]mark // every type spec, also those in functions
	fields []mark                   // on struct fields
	loose  []mark                   // attached to nothing
}

// attachMarks attaches the markers of a file to the package, its type
// specs and struct fields, by controller-gen's rules:
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
func attachMarks(f *ast.File) *fileMarks {
	a := &attacher{groups: f.Comments, out: &fileMarks{types: map[*ast.TypeSpec][]mark{}}}
	ast.Walk(attachVisitor{a: a, pkgLevel: true}, f)
	a.out.pkg = append(a.out.pkg, a.marks(a.next, len(a.groups))...)
	// Which of the file's markers got a place, to find the loose ones.
	placed := map[*ast.Comment]bool{}
	for _, m := range a.out.pkg {
		placed[m.c] = true
	}
	for _, ms := range a.out.types {
		for _, m := range ms {
			placed[m.c] = true
		}
	}
	for _, m := range a.out.fields {
		placed[m.c] = true
	}
	for _, m := range a.marks(0, len(a.groups)) {
		if !placed[m.c] {
			a.out.loose = append(a.out.loose, m)
		}
	}
	return a.out
}

type attacher struct {
	groups   []*ast.CommentGroup
	next     int               // the first group not yet handed out
	trailing *ast.CommentGroup // the trailing comment of the last node seen
	decl     []mark            // a single type declaration's, for its spec
	out      *fileMarks
}

// marks returns the markers in groups [from, to).
func (a *attacher) marks(from, to int) []mark {
	var out []mark
	for i := max(from, 0); i < to && i < len(a.groups); i++ {
		for _, c := range a.groups[i].List {
			if isMark(c) {
				out = append(out, mark{c: c, text: strings.TrimSpace(c.Text[2:])})
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
	var closest, doc []mark
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
				a.out.pkg = append(a.out.pkg, a.marks(a.next, mark)...)
			}
			closest = a.marks(mark, mark+1)
		}
		doc = a.marks(mark+1, last+1)
	}
	children := attachVisitor{a: a, node: n}
	switch n := n.(type) {
	case *ast.File:
		a.out.pkg = append(a.out.pkg, closest...)
		a.out.pkg = append(a.out.pkg, doc...)
		children.pkgLevel = true
	case *ast.GenDecl:
		if n.Lparen.IsValid() || n.Tok != token.TYPE {
			a.out.pkg = append(a.out.pkg, closest...)
			break
		}
		a.decl = append(append(a.decl, closest...), doc...)
	case *ast.TypeSpec:
		a.out.types[n] = append(append(append(a.out.types[n], a.decl...), closest...), doc...)
		a.decl = nil
	case *ast.Field:
		a.out.fields = append(append(a.out.fields, closest...), doc...)
	default:
		if v.pkgLevel {
			a.out.pkg = append(a.out.pkg, closest...)
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

// values are the parsed markers of one node, by definition name, in
// source order.
type values map[string][]any

func (v values) first(name string) (any, bool) {
	if vs := v[name]; len(vs) > 0 {
		return vs[0], true
	}
	return nil, false
}

// pkgMarks are the markers of one package.
type pkgMarks struct {
	pkg   values
	types map[string]values // top-level type specs, by name
	order []string          // their names, in source order
	errs  []error
}

// readMarks parses the object markers of a package's files, in file
// order, as controller-gen does: a marker that does not parse fails the
// package, wherever it stands. What controller-gen silently ignores or
// reads in a surprising way is a warning.
func readMarks(ctx *run.Context, fset *token.FileSet, files []*ast.File) *pkgMarks {
	m := &pkgMarks{pkg: values{}, types: map[string]values{}}
	for _, f := range files {
		fm := attachMarks(f)
		for _, mk := range fm.pkg {
			m.parse(ctx, fset, mk, onPackage, m.pkg)
		}
		top := map[*ast.TypeSpec]bool{}
		for _, d := range f.Decls {
			if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.TYPE {
				for _, s := range gd.Specs {
					ts := s.(*ast.TypeSpec)
					top[ts] = true
					m.order = append(m.order, ts.Name.Name)
					if m.types[ts.Name.Name] == nil {
						m.types[ts.Name.Name] = values{}
					}
				}
			}
		}
		// Every type spec's markers are parsed (errors count), but only
		// top-level ones decide anything.
		for _, ts := range sortedSpecs(fm.types) {
			v := values{}
			if top[ts] {
				v = m.types[ts.Name.Name]
			}
			for _, mk := range fm.types[ts] {
				m.parse(ctx, fset, mk, onType, v)
			}
		}
		for _, mk := range fm.fields {
			if ours(mk.text) {
				ctx.Warnf(markerPos(fset, mk), "%s is on a struct field, where controller-gen ignores object markers: put it on the type", mk.text)
			}
		}
		for _, mk := range fm.loose {
			if ours(mk.text) {
				ctx.Warnf(markerPos(fset, mk), "%s belongs to nothing where it stands (a trailing comment, or the doc comment of a parenthesized type declaration, a function, variable or constant), so controller-gen ignores it: put it in the package's or a type's doc comment", mk.text)
			}
		}
	}
	return m
}

// parse parses one marker for a node, recording its value in v.
func (m *pkgMarks) parse(ctx *run.Context, fset *token.FileSet, mk mark, at target, v values) {
	pos := markerPos(fset, mk)
	def, value := lookupMarker(mk.text, at)
	if def == nil {
		switch other, _ := lookupMarker(mk.text, onType); {
		case at == onPackage && other != nil:
			ctx.Warnf(pos, "%s applies to types, and stands where controller-gen reads package markers, so it is ignored: put it in a type's doc comment", mk.text)
		case ours(mk.text):
			ctx.Warnf(pos, "unknown marker %s, which controller-gen ignores; its object markers are +%s=true|false (package or type), +%s=true (type), and the deepcopy-gen tags +%s=package|true|false and +%s=%s", mk.text, generateMarker, rootMarker, legacyMarker, interfacesMarker, runtimeObject)
		}
		return
	}
	val, err := def.parseValue(value)
	if err != nil {
		m.errs = append(m.errs, model.PosErrorf(pos, "%v", err))
		return
	}
	if head, _, _ := strings.Cut(strings.TrimPrefix(mk.text, "+"), "="); head != def.name {
		ctx.Warnf(pos, "controller-gen reads %s as +%s=%s: write that, or remove it", mk.text, def.name, value)
	}
	switch s, _ := val.(string); {
	case def.name == legacyMarker && at == onType && s != "true" && s != "false":
		ctx.Warnf(pos, "controller-gen reads %s on a type as false: the type gets no deep-copy functions (\"package\" goes in the package's doc comment)", mk.text)
	case def.name == legacyMarker && at == onPackage && !strings.HasPrefix(s, "package") && s != "false":
		ctx.Warnf(pos, "controller-gen reads %s as false: use +%s=package or =false", mk.text, legacyMarker)
	case def.name == interfacesMarker && s != runtimeObject:
		ctx.Warnf(pos, "controller-gen generates no DeepCopy%s for %s: of the deepcopy-gen interfaces it honours only %s (DeepCopyObject)", s[strings.LastIndexByte(s, '.')+1:], mk.text, runtimeObject)
	}
	v[def.name] = append(v[def.name], val)
}

// ours reports whether a marker is in the object generator's namespaces.
func ours(text string) bool {
	return strings.HasPrefix(text, "+kubebuilder:object") || strings.HasPrefix(text, "+"+legacyMarker)
}

func sortedSpecs(m map[*ast.TypeSpec][]mark) []*ast.TypeSpec {
	specs := slices.Collect(maps.Keys(m))
	slices.SortFunc(specs, func(a, b *ast.TypeSpec) int { return int(a.Pos() - b.Pos()) })
	return specs
}

func markerPos(fset *token.FileSet, m mark) token.Position { return fset.Position(m.c.Slash) }
