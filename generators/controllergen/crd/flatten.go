package crd

import (
	"fmt"
	"go/token"
	"reflect"
	"slices"

	apiext "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"

	"github.com/kubegen/kubegen/generators/model"
)

// Flattening turns a kind's schema, with its references and allOf
// branches, into the one self-contained schema a CRD holds, in
// controller-gen's two passes:
//
//  1. inline references: a "$ref" is replaced by the referenced type's
//     schema (itself inlined, once per type), and the schema written at
//     the reference (the field's description and markers) is kept beside
//     it as allOf [type's schema, field's schema], with the field's
//     description, title, example and external docs winning;
//  2. merge allOf branches into their parent, field by field: the first
//     value set wins, except that properties merge, required lists join,
//     validation rules join (the later branch's first), a later list or
//     map topology replaces an earlier, and two different values of any
//     other field (pointers compared by identity, as controller-gen
//     does) are both kept, as a new pair of allOf branches.

// flatSchemaFor makes (once) the flattened schema of a kind's type. The
// caller owns it: a kind's schema has one user, its CRD (or its entry of
// VersionSchemas).
func (g *parser) flatSchemaFor(k typeKey) *apiext.JSONSchemaProps {
	if s, ok := g.flattened[k]; ok {
		return s
	}
	s := g.inlineType(k)
	if s == nil {
		return nil
	}
	s = s.DeepCopy()
	before := len(g.errs)
	g.mergeAllOf(s)
	for i := before; i < len(g.errs); i++ {
		// Merging knows no positions: name the kind whose schema it is.
		pos := token.NoPos
		if info := g.lookupType(k.pkg, k.name); info != nil {
			pos = info.spec.Pos()
		}
		g.errs[i] = model.PosErrorf(g.fset.Position(pos), "the schema of %s: %v (a field's markers contradict its type's)", k.name, g.errs[i])
	}
	g.flattened[k] = s
	return s
}

// inlineType is the first pass over one type's schema.
func (g *parser) inlineType(k typeKey) *apiext.JSONSchemaProps {
	if s, ok := g.flatCache[k]; ok {
		return &s
	}
	base := g.unflattened(k)
	if base == nil {
		return nil
	}
	s := base.DeepCopy()
	g.inline(s, k.pkg)
	g.flatCache[k] = *s
	return s
}

func (g *parser) unflattened(k typeKey) *apiext.JSONSchemaProps {
	g.schemaFor(k)
	s, ok := g.schemata[k]
	if !ok {
		g.errs = append(g.errs, fmt.Errorf("unable to locate schema for type %s", k))
		return nil
	}
	return s
}

// inline replaces the references in s (a schema of package p) and its
// subschemas.
func (g *parser) inline(s *apiext.JSONSchemaProps, p *pkgInfo) {
	// A reference whose target is itself a reference is followed; each
	// target in the chain is cached and wrapped once its subschemas are
	// done, innermost first.
	var chain []pending
	seen := map[string]bool{}
	if s.Ref != nil {
		seen[*s.Ref] = true
	}
	for s.Ref != nil && *s.Ref != "" {
		k, err := g.refKey(*s.Ref, p)
		if err != nil {
			g.errs = append(g.errs, err)
			return
		}
		if cached, ok := g.flatCache[k]; ok {
			keepSite(&cached, *s)
			*s = cached
			g.finish(s, chain)
			return
		}
		target := g.unflattened(k)
		if target == nil {
			return
		}
		site := *s
		*s = *target.DeepCopy()
		g.flatCache[k] = apiext.JSONSchemaProps{} // a reference cycle ends here
		chain = append(chain, pending{k, site})
		p = k.pkg
		if s.Ref == nil || *s.Ref == "" || seen[*s.Ref] {
			break
		}
		seen[*s.Ref] = true
	}
	eachSubschema(s, func(sub *apiext.JSONSchemaProps) { g.inline(sub, p) })
	g.finish(s, chain)
}

// pending is a referenced type being inlined.
type pending struct {
	key  typeKey
	site apiext.JSONSchemaProps // the schema written at the reference
}

// finish caches and wraps the types of a reference chain, innermost
// first.
func (g *parser) finish(s *apiext.JSONSchemaProps, chain []pending) {
	for i := len(chain) - 1; i >= 0; i-- {
		g.flatCache[chain[i].key] = *s
		keepSite(s, chain[i].site)
	}
}

// refKey is the type a reference made in package p names.
func (g *parser) refKey(ref string, p *pkgInfo) (typeKey, error) {
	path, name, err := refTarget(ref)
	if err != nil {
		return typeKey{}, err
	}
	if path == "" {
		return typeKey{p, name}, nil
	}
	target := g.get(path)
	if target == nil {
		return typeKey{}, fmt.Errorf("unable to locate schema for type %s.%s", path, name)
	}
	return typeKey{target, name}, nil
}

// keepSite makes dst, a referenced type's schema, allOf [dst, site],
// where site is the schema written at the reference without its
// reference and documentation; the site's documentation replaces dst's
// where it has any.
func keepSite(dst *apiext.JSONSchemaProps, site apiext.JSONSchemaProps) {
	desc, title, docs, example := site.Description, site.Title, site.ExternalDocs, site.Example
	site.Description, site.Title, site.ExternalDocs, site.Example, site.Ref = "", "", nil, nil, nil
	*dst = apiext.JSONSchemaProps{
		AllOf:        []apiext.JSONSchemaProps{*dst, site},
		Description:  dst.Description,
		Title:        dst.Title,
		ExternalDocs: dst.ExternalDocs,
		Example:      dst.Example,
	}
	if desc != "" {
		dst.Description = desc
	}
	if title != "" {
		dst.Title = title
	}
	if docs != nil {
		dst.ExternalDocs = docs
	}
	if example != nil {
		dst.Example = example
	}
}

// eachSubschema calls f with every direct subschema of s, in
// controller-gen's walking order (maps by key).
func eachSubschema(s *apiext.JSONSchemaProps, f func(*apiext.JSONSchemaProps)) {
	if s.Items != nil {
		if s.Items.Schema != nil {
			f(s.Items.Schema)
		}
		for i := range s.Items.JSONSchemas {
			f(&s.Items.JSONSchemas[i])
		}
	}
	for _, list := range [][]apiext.JSONSchemaProps{s.AllOf, s.OneOf, s.AnyOf} {
		for i := range list {
			f(&list[i])
		}
	}
	if s.Not != nil {
		f(s.Not)
	}
	eachInMap(s.Properties, f)
	if s.AdditionalProperties != nil && s.AdditionalProperties.Schema != nil {
		f(s.AdditionalProperties.Schema)
	}
	eachInMap(s.PatternProperties, f)
	for _, name := range sortedKeys(s.Dependencies) {
		dep := s.Dependencies[name]
		if dep.Schema != nil {
			f(dep.Schema)
		}
		s.Dependencies[name] = dep
	}
	if s.AdditionalItems != nil && s.AdditionalItems.Schema != nil {
		f(s.AdditionalItems.Schema)
	}
	eachInMap(s.Definitions, f)
}

func eachInMap(m map[string]apiext.JSONSchemaProps, f func(*apiext.JSONSchemaProps)) {
	for _, k := range sortedKeys(m) {
		v := m[k]
		f(&v)
		m[k] = v
	}
}

// mergeAllOf is the second pass: every allOf, top down, merged into its
// parent.
func (g *parser) mergeAllOf(s *apiext.JSONSchemaProps) {
	branches := s.AllOf
	s.AllOf = nil
	for _, b := range branches {
		g.mergeInto(s, b)
	}
	eachSubschema(s, g.mergeAllOf)
}

var schemaFields = reflect.TypeFor[apiext.JSONSchemaProps]()

// mergeInto merges the schema src (and, first, its own allOf branches)
// into dst.
func (g *parser) mergeInto(dst *apiext.JSONSchemaProps, src apiext.JSONSchemaProps) {
	for _, b := range src.AllOf {
		g.mergeInto(dst, b)
	}
	dv, sv := reflect.ValueOf(dst).Elem(), reflect.ValueOf(src)
	var dstKept, srcKept apiext.JSONSchemaProps
	dk, sk := reflect.ValueOf(&dstKept).Elem(), reflect.ValueOf(&srcKept).Elem()
	conflict := false
	for i := range schemaFields.NumField() {
		switch name := schemaFields.Field(i).Name; name {
		case "AllOf", "Title", "Description", "Example", "ExternalDocs":
			continue
		case "Enum":
			if len(src.Enum) > 0 && len(dst.Enum) == 0 {
				dst.Enum = slices.Clone(src.Enum)
			}
			continue
		}
		sf, df := sv.Field(i), dv.Field(i)
		if unset(sf) {
			continue
		}
		if unset(df) {
			df.Set(sf)
			continue
		}
		if sf.Type().Comparable() && sf.Interface() == df.Interface() {
			continue
		}
		if g.mergeField(schemaFields.Field(i).Name, sf, df) {
			sk.Field(i).Set(sf)
			dk.Field(i).Set(df)
			df.SetZero()
			conflict = true
		}
	}
	if conflict {
		dst.AllOf = append(dst.AllOf, dstKept, srcKept)
	}
	if len(dst.Required) > 0 {
		slices.Sort(dst.Required)
		dst.Required = slices.Compact(dst.Required)
	}
}

// mergeField merges one field both schemas set, differently; true means
// they conflict and both values are kept aside.
func (g *parser) mergeField(name string, sf, df reflect.Value) bool {
	switch name {
	case "Properties":
		dm := df.Interface().(map[string]apiext.JSONSchemaProps)
		for k, v := range sf.Interface().(map[string]apiext.JSONSchemaProps) {
			if d, ok := dm[k]; ok {
				g.mergeInto(&d, v)
				dm[k] = d
			} else {
				dm[k] = v
			}
		}
	case "Required":
		df.Set(reflect.AppendSlice(df, sf))
	case "MinProperties", "MaxProperties":
		s, d := sf.Interface().(*int64), df.Interface().(*int64)
		return *s != *d
	case "Type":
		if sf.String() != df.String() {
			g.errs = append(g.errs, fmt.Errorf("conflicting types in allOf branches in schema: %s vs %s", df.String(), sf.String()))
		}
	case "AdditionalProperties":
		s, d := sf.Interface().(*apiext.JSONSchemaPropsOrBool), df.Interface().(*apiext.JSONSchemaPropsOrBool)
		if s.Schema != nil {
			if d.Schema == nil {
				d.Schema = &apiext.JSONSchemaProps{}
			}
			g.mergeInto(d.Schema, *s.Schema)
		}
	case "XPreserveUnknownFields", "XMapType", "XListType", "XListMapKeys":
		df.Set(sf)
	case "XValidations":
		df.Set(reflect.AppendSlice(sf, df))
	default:
		return true
	}
	return false
}

// unset reports whether a field of a schema is nil or zero.
func unset(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Chan, reflect.Func, reflect.Interface, reflect.Map, reflect.Pointer, reflect.Slice:
		return v.IsNil()
	}
	return v.IsZero()
}
