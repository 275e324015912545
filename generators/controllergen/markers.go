package controllergen

import (
	"go/ast"
	"go/token"
	"maps"
	"slices"
	"strings"

	"github.com/kubegen/kubegen/generators/controllergen/markers"
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

// objectMarkers are the object generator's marker definitions.
var objectMarkers = func() *markers.Registry {
	boolean := markers.Arg{Kind: markers.Bool}
	r := &markers.Registry{}
	r.Add(
		markers.Anonymous(generateMarker, markers.Package, boolean),
		markers.Anonymous(generateMarker, markers.Type, boolean),
		markers.Anonymous(rootMarker, markers.Type, boolean),
		markers.Anonymous(legacyMarker, markers.Package, markers.Arg{Kind: markers.Raw}),
		markers.Anonymous(legacyMarker, markers.Type, markers.Arg{Kind: markers.Raw}),
		markers.Anonymous(interfacesMarker, markers.Type, markers.Arg{Kind: markers.String}),
	)
	return r
}()

// example says how a marker is written, for errors.
func example(d *markers.Def) string {
	switch d.Name {
	case generateMarker, rootMarker:
		return "write +" + d.Name + "=true or =false"
	case legacyMarker:
		return "write +" + d.Name + "=package on a package, =true or =false on a type"
	}
	return "write +" + d.Name + "=" + runtimeObject
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
		fm := markers.Attach(f, nil)
		for _, mk := range fm.Package {
			m.parse(ctx, fset, mk, markers.Package, m.pkg)
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
		for _, ts := range sortedSpecs(fm.Types) {
			v := values{}
			if top[ts] {
				v = m.types[ts.Name.Name]
			}
			for _, mk := range fm.Types[ts] {
				m.parse(ctx, fset, mk, markers.Type, v)
			}
		}
		for _, fld := range sortedFields(fm.Fields) {
			for _, mk := range fm.Fields[fld] {
				if ours(mk.Text) {
					ctx.Warnf(markerPos(fset, mk), "%s is on a struct field, where controller-gen ignores object markers: put it on the type", mk.Text)
				}
			}
		}
		for _, mk := range fm.Loose {
			if ours(mk.Text) {
				ctx.Warnf(markerPos(fset, mk), "%s belongs to nothing where it stands (a trailing comment, or the doc comment of a parenthesized type declaration, a function, variable or constant), so controller-gen ignores it: put it in the package's or a type's doc comment", mk.Text)
			}
		}
	}
	return m
}

// parse parses one marker for a node, recording its value in v.
func (m *pkgMarks) parse(ctx *run.Context, fset *token.FileSet, mk markers.Mark, at markers.Target, v values) {
	pos := markerPos(fset, mk)
	def := objectMarkers.Lookup(mk.Text, at)
	if def == nil {
		switch other := objectMarkers.Lookup(mk.Text, markers.Type); {
		case at == markers.Package && other != nil:
			ctx.Warnf(pos, "%s applies to types, and stands where controller-gen reads package markers, so it is ignored: put it in a type's doc comment", mk.Text)
		case ours(mk.Text):
			ctx.Warnf(pos, "unknown marker %s, which controller-gen ignores; its object markers are +%s=true|false (package or type), +%s=true (type), and the deepcopy-gen tags +%s=package|true|false and +%s=%s", mk.Text, generateMarker, rootMarker, legacyMarker, interfacesMarker, runtimeObject)
		}
		return
	}
	head, value, _ := strings.Cut(strings.TrimPrefix(mk.Text, "+"), "=")
	val, err := def.Parse(mk.Text)
	if err != nil {
		m.errs = append(m.errs, model.PosErrorf(pos, "+%s=%s: %v (%s)", def.Name, value, err, example(def)))
		return
	}
	if head != def.Name {
		ctx.Warnf(pos, "controller-gen reads %s as +%s=%s: write that, or remove it", mk.Text, def.Name, value)
	}
	switch s, _ := val.(string); {
	case def.Name == legacyMarker && at == markers.Type && s != "true" && s != "false":
		ctx.Warnf(pos, "controller-gen reads %s on a type as false: the type gets no deep-copy functions (\"package\" goes in the package's doc comment)", mk.Text)
	case def.Name == legacyMarker && at == markers.Package && !strings.HasPrefix(s, "package") && s != "false":
		ctx.Warnf(pos, "controller-gen reads %s as false: use +%s=package or =false", mk.Text, legacyMarker)
	case def.Name == interfacesMarker && s != runtimeObject:
		ctx.Warnf(pos, "controller-gen generates no DeepCopy%s for %s: of the deepcopy-gen interfaces it honours only %s (DeepCopyObject)", s[strings.LastIndexByte(s, '.')+1:], mk.Text, runtimeObject)
	}
	v[def.Name] = append(v[def.Name], val)
}

// ours reports whether a marker is in the object generator's namespaces.
func ours(text string) bool {
	return strings.HasPrefix(text, "+kubebuilder:object") || strings.HasPrefix(text, "+"+legacyMarker)
}

func sortedSpecs(m map[*ast.TypeSpec][]markers.Mark) []*ast.TypeSpec {
	return slices.SortedFunc(maps.Keys(m), func(a, b *ast.TypeSpec) int { return int(a.Pos() - b.Pos()) })
}

func sortedFields(m map[*ast.Field][]markers.Mark) []*ast.Field {
	return slices.SortedFunc(maps.Keys(m), func(a, b *ast.Field) int { return int(a.Pos() - b.Pos()) })
}

func markerPos(fset *token.FileSet, m markers.Mark) token.Position {
	return fset.Position(m.Comment.Slash)
}
