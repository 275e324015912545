package protobuf

import (
	"reflect"
	"slices"
	"strings"

	"github.com/kubegen/kubegen/generators/model"
)

// typeName identifies a type as upstream's type universe does: Package is
// a Go import path for Go types and a proto package for protobuf types;
// Path is the .proto file that declares a protobuf type.
type typeName struct {
	Package, Name, Path string
}

func goName(t *model.Type) typeName { return typeName{Package: t.Name.Package, Name: t.Name.Name} }

// String spells a name as upstream prints it: "pkg.Name", or "Name".
func (n typeName) String() string { return model.Name{Package: n.Package, Name: n.Name}.String() }

// protoType is a protobuf type: a scalar ("string", "bytes"), a message of
// some proto package, or (with Key and Elem) a map.
type protoType struct {
	name      typeName
	key, elem *protoType
}

// pkg is one package of the run: its Go package and what the IDL writer
// learns about it.
type pkg struct {
	goPkg     *model.Package
	path      string // Go import path
	protoName string // proto package: the path with '/' → '.', '-' → '_'
	allTypes  bool   // without '+': every protoable type gets a message
	output    bool   // without '-': its files are written

	// local holds the Go types the package's declarations reach that no
	// earlier package claimed, the types it may write messages for;
	// localNames the names of all that was reached so (upstream's
	// LocalNames), declarations and protobuf types too.
	local      map[typeName]*model.Type
	localNames map[string]bool
	// optional are the local types that are nullable slices or maps.
	optional map[string]bool
	// imports are the .proto files the IDL imports.
	imports map[string]bool
}

// protoFile is the import path of the package's generated.proto.
func (p *pkg) protoFile() string { return p.path + "/generated.proto" }

// ownName is the package's name as a proto type, which the import tracker
// compares with: types of this proto package need no import.
func (p *pkg) ownName() typeName {
	return typeName{Name: p.path, Package: p.protoName, Path: p.protoFile()}
}

func (p *pkg) addImport(t typeName) {
	if t.Package == "" || t.Package == p.protoName {
		return
	}
	path := t.Path
	if path == "" {
		path = t.Package
	}
	p.imports[path] = true
}

// hasGoType reports whether the package's Go code declares a type that the
// IDL made a message for: the generated Go type of that name is dropped.
func (p *pkg) hasGoType(name string) bool { return p.localNames[name] }

// assignTypes decides, package after package (in the run's order), which
// types each package's IDL covers, as upstream does: walking from each
// exported declaration of the package (types, variables, constants), a
// type that belongs to an earlier package is imported from it; any other
// type reached becomes local to this package, and a type of the package's
// own Go package is claimed for it.
func assignTypes(pkgs []*pkg) {
	global := map[typeName]*pkg{}
	for _, p := range pkgs {
		a := &assigner{p: p, global: global, local: map[typeName]bool{}}
		p.local = map[typeName]*model.Type{}
		p.optional = map[string]bool{}
		p.imports = map[string]bool{}
		a.types = p.local
		for _, d := range declarations(p.goPkg) {
			if d.typ != nil {
				a.walk(d.typ)
				continue
			}
			// A variable or constant is a node of its own whose type is
			// walked from it.
			n := typeName{Package: p.path, Name: d.name}
			if owner, ok := global[n]; ok && !a.local[n] {
				p.addImport(owner.ownName())
				continue
			}
			global[n] = p
			if a.local[n] {
				continue
			}
			a.local[n] = true
			a.walk(d.of)
		}
		p.localNames = map[string]bool{}
		for n := range a.local {
			p.localNames[n.Name] = true
		}
	}
}

// decl is an exported top-level declaration: a type, or a variable or
// constant of type of.
type decl struct {
	name string
	typ  *model.Type
	of   *model.Type
}

// declarations returns the package's exported types, variables and
// constants by name (functions reach nothing).
func declarations(p *model.Package) []decl {
	var out []decl
	for _, t := range p.Types {
		if t.IsExported() {
			out = append(out, decl{name: t.Name.Name, typ: t})
		}
	}
	for _, v := range p.Vars {
		if isExported(v.Name) {
			out = append(out, decl{name: v.Name, of: v.Type})
		}
	}
	for _, c := range p.Consts {
		if isExported(c.Name) {
			out = append(out, decl{name: c.Name, of: c.Type})
		}
	}
	slices.SortFunc(out, func(a, b decl) int { return strings.Compare(a.name, b.name) })
	return out
}

func isExported(name string) bool { return name != "" && strings.ToLower(name[:1]) != name[:1] }

type assigner struct {
	p      *pkg
	global map[typeName]*pkg
	local  map[typeName]bool
	types  map[typeName]*model.Type // the Go types among local
}

func (a *assigner) walk(t *model.Type) {
	if t == nil {
		return
	}
	if scalarOf(t) != "" {
		return // scalars need neither a message nor an import
	}
	n := goName(t)
	if owner, ok := a.global[n]; ok {
		if !a.local[n] {
			a.p.addImport(owner.ownName())
		}
		return
	}
	if n.Package == a.p.path {
		a.global[n] = a.p
	}
	if a.local[n] {
		return
	}
	a.local[n] = true
	a.types[n] = t
	for _, m := range t.Members {
		if !isExported(m.Name) {
			continue
		}
		tag := reflect.StructTag(m.Tag).Get("protobuf")
		if tag == "-" {
			continue
		}
		var f field
		if err := f.fromTag(tag, m, t, a.p.ownName()); err == nil && f.typ != nil {
			// A type named by the tag is a protobuf type: it is local
			// (upstream's LocalNames has its name) and reaches nothing.
			a.local[f.typ.name] = true
			continue
		}
		a.walk(m.Type)
	}
	a.walk(t.Elem)
	a.walk(t.Key)
	if t.Kind == model.Defined {
		if isOptional(t) {
			a.p.optional[t.Name.Name] = true
		}
		a.walk(t.Underlying)
	}
}
