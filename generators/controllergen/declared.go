package controllergen

import (
	"go/types"

	"github.com/kubegen/kubegen/generators/model"
)

// declared builds model types as the source spells them. The loader
// resolves type aliases (type A = B is B); controller-gen does not: it
// names an alias by its own name (new(PortNumber), not new(int32)) and
// never copies one by plain assignment. A declared type is a copy of the
// model's, with the types it is made of declared too (walking go/types
// and the model side by side), and each alias a type of its own that
// unalias maps to what it stands for.
type declared struct {
	nodes   map[types.Type]*model.Type
	aliasOf map[*model.Type]*model.Type
}

func newDeclared() *declared {
	return &declared{nodes: map[types.Type]*model.Type{}, aliasOf: map[*model.Type]*model.Type{}}
}

// of returns the declared type of the go/types type g, whose model type
// (aliases resolved) is m; m may be nil where the model has none.
func (d *declared) of(g types.Type, m *model.Type) *model.Type {
	if n, ok := d.nodes[g]; ok {
		return n
	}
	switch g := g.(type) {
	case *types.Alias:
		target := d.of(types.Unalias(g), m)
		obj := g.Obj()
		if obj.Pkg() == nil { // any
			return target
		}
		n := *target
		n.Name, n.Go = model.Name{Package: obj.Pkg().Path(), Name: obj.Name()}, g
		d.nodes[g], d.aliasOf[&n] = &n, target
		return &n
	case *types.Named, *types.Basic:
		if m == nil {
			return d.invalid(g)
		}
		if _, ok := g.(*types.Basic); ok {
			return m
		}
		n := *m
		d.nodes[g] = &n // before the parts: types may be recursive
		switch u := g.Underlying().(type) {
		case *types.Struct:
			n.Members = d.members(m.Members, u)
		case *types.Basic, *types.Map, *types.Slice:
			n.Underlying = d.of(u, m.Underlying)
		case *types.Pointer:
			n.Elem = d.of(u.Elem(), m.Elem)
		}
		return &n
	}
	n := &model.Type{Name: model.Name{Name: types.TypeString(g, nil)}, Go: g}
	d.nodes[g] = n
	var elem, key *model.Type // the model's parts, as hints
	var known []model.Member
	if m != nil {
		elem, key, known = m.Elem, m.Key, m.Members
	}
	switch g := g.(type) {
	case *types.Pointer:
		n.Kind, n.Elem = model.Pointer, d.of(g.Elem(), elem)
	case *types.Slice:
		n.Kind, n.Elem = model.Slice, d.of(g.Elem(), elem)
	case *types.Map:
		n.Kind, n.Key, n.Elem = model.Map, d.of(g.Key(), key), d.of(g.Elem(), elem)
	case *types.Array:
		n.Kind, n.Len, n.Elem = model.Array, g.Len(), d.of(g.Elem(), elem)
	case *types.Chan:
		n.Kind, n.Elem = model.Chan, d.of(g.Elem(), elem)
	case *types.Struct:
		n.Kind, n.Members = model.Struct, d.members(known, g)
	case *types.Interface:
		n.Kind = model.Interface
	case *types.Signature:
		n.Kind = model.Func
	case *types.TypeParam:
		n.Kind = model.TypeParam
	default:
		n.Kind = model.Unsupported
	}
	return n
}

// members returns a struct's fields with declared types, keeping what the
// model knows of them (types, positions, doc) where it has them.
func (d *declared) members(known []model.Member, s *types.Struct) []model.Member {
	out := make([]model.Member, s.NumFields())
	for i := range out {
		f := s.Field(i)
		var m *model.Type
		if len(known) == len(out) {
			out[i], m = known[i], known[i].Type
		} else {
			out[i] = model.Member{Name: f.Name(), Embedded: f.Embedded(), Tag: s.Tag(i)}
		}
		out[i].Type = d.of(f.Type(), m)
	}
	return out
}

func (d *declared) invalid(g types.Type) *model.Type {
	n := &model.Type{Name: model.Name{Name: types.TypeString(g, nil)}, Kind: model.Invalid, Go: g}
	d.nodes[g] = n
	return n
}

// unalias returns the type an alias stands for, and any other type itself.
func (d *declared) unalias(t *model.Type) *model.Type {
	if target := d.aliasOf[t]; target != nil {
		return target
	}
	return t
}

// assignable reports whether controller-gen copies a value of t by plain
// assignment: builtins, defined types over them and structs of such, but
// no alias.
func (d *declared) assignable(t *model.Type) bool {
	if d.aliasOf[t] != nil {
		return false
	}
	switch t.Kind {
	case model.Builtin:
		return true
	case model.Defined:
		return d.assignable(t.Underlying)
	case model.Struct:
		for _, m := range t.Members {
			if !d.assignable(m.Type) {
				return false
			}
		}
		return true
	}
	return false
}
