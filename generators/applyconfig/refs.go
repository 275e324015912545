package applyconfig

import (
	"errors"
	"reflect"
	"strings"

	"github.com/kubegen/kubegen/generators/model"
	"github.com/kubegen/kubegen/generators/run"
)

// acSuffix ends the name of every apply configuration type.
const acSuffix = "ApplyConfiguration"

var (
	objectMeta = model.Name{Package: metaV1, Name: "ObjectMeta"}
	typeMeta   = model.Name{Package: metaV1, Name: "TypeMeta"}
	// noApplyConfig are the structs that never get an apply configuration.
	noApplyConfig = map[model.Name]bool{
		{Package: "k8s.io/apimachinery/pkg/runtime", Name: "RawExtension"}: true,
		{Package: "k8s.io/apimachinery/pkg/runtime", Name: "Unknown"}:      true,
	}
)

// refs maps each type that has an apply configuration to the package of
// that apply configuration.
type refs map[model.Name]string

// reachable returns the external apply configurations plus those of every
// struct of an input package that an apply root reaches.
func (g *Generator) reachable(ctx *run.Context, pkgs []*apiPackage) (refs, error) {
	r := refs{}
	for name, pkg := range g.Externals {
		r[name] = pkg
	}
	seen := map[model.Name]bool{}
	var errs []error
	for _, p := range pkgs {
		if p.outPkg == "" {
			continue
		}
		for _, t := range p.pkg.Types {
			tags := p.tags[t]
			if tags.GenerateClient && (tags.HasVerb("apply") || tags.HasVerb("applyStatus")) {
				walk(t, seen)
			}
			for _, m := range tags.Methods {
				if m.Verb != "apply" || m.Input == "" {
					continue
				}
				dot := strings.LastIndex(m.Input, ".")
				if dot < 0 {
					// Upstream takes the type itself, renamed: the named
					// type becomes reachable, the fields are t's.
					seen[model.Name{Package: t.Name.Package, Name: m.Input}] = true
					for _, mem := range t.Members {
						walk(mem.Type, seen)
					}
					continue
				}
				in, err := ctx.ResolveType(m.Input)
				if err != nil {
					errs = append(errs, model.PosErrorf(t.Pos, "%s: +genclient:method=%s: input type %s: %v", t.Name.Name, m.Name, m.Input, err))
					continue
				}
				walk(in, seen)
			}
		}
	}
	for _, p := range pkgs {
		if p.outPkg == "" {
			continue
		}
		for _, t := range p.pkg.Types {
			if seen[t.Name] && needsApplyConfig(t) {
				r[t.Name] = p.outPkg
			}
		}
	}
	return r, errors.Join(errs...)
}

// walk marks t and everything its fields reach.
func walk(t *model.Type, seen map[model.Name]bool) {
	if t == nil || seen[t.Name] {
		return
	}
	seen[t.Name] = true
	walk(t.Elem, seen)
	walk(t.Underlying, seen)
	walk(t.Key, seen)
	for _, m := range t.Members {
		walk(m.Type, seen)
	}
}

// needsApplyConfig reports whether t gets an apply configuration: a
// struct with at least one json-tagged field.
func needsApplyConfig(t *model.Type) bool {
	if t.Kind != model.Struct || noApplyConfig[t.Name] {
		return false
	}
	for _, m := range t.Members {
		if _, ok := jsonTagOf(m); ok {
			return true
		}
	}
	return false
}

// of returns the type a builder uses for a field of type t: the apply
// configuration of a struct that has one, of the elements of a slice or
// map; t itself otherwise. Pointers are dropped.
func (r refs) of(t *model.Type) *model.Type {
	switch t.Kind {
	case model.Struct:
		if pkg, ok := r[t.Name]; ok && t.IsNamed() {
			return &model.Type{Name: model.Name{Package: pkg, Name: t.Name.Name + acSuffix}, Kind: model.Struct}
		}
	case model.Map:
		if _, ok := r[t.Elem.Name]; ok && t.Elem.IsNamed() {
			return &model.Type{Kind: model.Map, Key: r.of(t.Key), Elem: r.of(t.Elem)}
		}
	case model.Slice:
		if _, ok := r[t.Elem.Name]; ok && t.Elem.IsNamed() {
			return &model.Type{Kind: model.Slice, Elem: r.of(t.Elem)}
		}
	case model.Pointer:
		return r.of(t.Elem)
	}
	return t
}

// is reports whether t (or what it points to) is a struct with an apply
// configuration.
func (r refs) is(t *model.Type) bool {
	switch t.Kind {
	case model.Struct:
		_, ok := r[t.Name]
		return ok && t.IsNamed()
	case model.Pointer:
		return r.is(t.Elem)
	}
	return false
}

// lacking returns the struct of a package that is no input, that t is or
// holds, if builders would have to hold it as it is although it has json
// fields (so it needs an apply configuration); nil if there is none.
// Structs of input packages that no root reaches are held as they are, as
// upstream does (it happens through +genclient:method input types).
func (r refs) lacking(t *model.Type, inputs map[string]bool) *model.Type {
	switch t.Kind {
	case model.Pointer, model.Slice, model.Array, model.Map:
		return r.lacking(t.Elem, inputs)
	case model.Struct:
		if t.IsNamed() && !inputs[t.Name.Package] && needsApplyConfig(t) && !r.is(t) {
			return t
		}
	}
	return nil
}

// jsonTag is a field's json tag, as the builders use it.
type jsonTag struct {
	name      string
	inline    bool
	omitempty bool
}

// String spells the tag for the builder's field.
func (j jsonTag) String() string {
	s := j.name
	if j.inline {
		s = ""
	}
	if j.omitempty {
		s += ",omitempty"
	}
	return s
}

// jsonTagOf returns a field's json tag; ok is false without one (or with
// "-").
func jsonTagOf(m model.Member) (j jsonTag, ok bool) {
	tag, ok := reflect.StructTag(m.Tag).Lookup("json")
	if !ok || tag == "-" {
		return j, false
	}
	name, opts, _ := strings.Cut(tag, ",")
	j.inline = m.Embedded && name == ""
	j.name = name
	if name == "" {
		j.name = m.Name
	}
	for _, o := range strings.Split(opts, ",") {
		j.omitempty = j.omitempty || o == "omitempty"
	}
	return j, true
}

// hasEmbedded reports whether t embeds the named type.
func hasEmbedded(t *model.Type, name model.Name) bool {
	for _, m := range t.Members {
		if m.Embedded && m.Type.Name == name {
			return true
		}
	}
	return false
}
