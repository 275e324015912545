package crd

import (
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	apiext "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
)

// The schemas of single types, before flattening: a named type that a
// field mentions is a "$ref" to "#/definitions/<path~1escaped>~0<Name>"
// (the type's own package: just the name), and an embedded field is an
// allOf branch. flatten.go then inlines them.

const defPrefix = "#/definitions/"

// typeKey names a type of a package.
type typeKey struct {
	pkg  *pkgInfo
	name string
}

func (k typeKey) String() string { return fmt.Sprintf("%q.%s", k.pkg.path, k.name) }

// refLink is the reference to a type: path "" for the referring package's
// own.
func refLink(path, name string) string {
	if path == "" {
		return defPrefix + name
	}
	return defPrefix + strings.ReplaceAll(path, "/", "~1") + "~0" + name
}

// refTarget splits a reference made by refLink.
func refTarget(ref string) (path, name string, err error) {
	rest, ok := strings.CutPrefix(ref, defPrefix)
	if !ok {
		return "", "", fmt.Errorf("non-standard reference link %q", ref)
	}
	rest = strings.ReplaceAll(strings.ReplaceAll(rest, "~1", "/"), "~0", "~")
	if path, name, ok := strings.Cut(rest, "~"); ok {
		return path, name, nil
	}
	return "", rest, nil
}

// schemaScope is where a schema is made: the package, the type spec
// whose schema it is part of (nil inside a field's type), and the
// package's markers when making the schema of the type itself.
type schemaScope struct {
	pkg     *pkgInfo
	info    *typeInfo
	pkgMark markerSet
}

func (s *schemaScope) inner() *schemaScope { return &schemaScope{pkg: s.pkg, info: &typeInfo{}} }

// schemaFor makes (once) the schema of a type.
func (g *parser) schemaFor(k typeKey) {
	g.needPackage(k.pkg)
	if _, ok := g.schemata[k]; ok {
		return
	}
	info := g.lookupType(k.pkg, k.name)
	if info == nil {
		g.errs = append(g.errs, fmt.Errorf("unknown type %s", k))
		return
	}
	g.schemata[k] = &apiext.JSONSchemaProps{} // a reference cycle ends here
	g.schemata[k] = g.infoSchema(&schemaScope{pkg: k.pkg, info: info, pkgMark: k.pkg.markers})
}

// infoSchema is the schema of a type spec. A type that marshals itself
// to JSON is what its markers say (if they give a type), one that
// marshals to text a string.
func (g *parser) infoSchema(s *schemaScope) *apiext.JSONSchemaProps {
	if obj := s.pkg.types.Scope().Lookup(s.info.name); obj != nil {
		switch {
		case implements(obj.Type(), jsonMarshaler):
			out := &apiext.JSONSchemaProps{}
			g.applyMarkers(s, s.info.markers, out, s.info.spec.Type)
			if out.Type != "" {
				return out
			}
		case implements(obj.Type(), textMarshaler):
			out := &apiext.JSONSchemaProps{Type: "string"}
			g.applyMarkers(s, s.info.markers, out, s.info.spec.Type)
			if out.Type != "string" {
				g.errorf(s.info.spec.Type.Pos(), "%q implements encoding.TextMarshaler but schema type is not string: %q", s.info.name, out.Type)
			}
			return out
		}
	}
	return g.exprSchema(s, s.info.file, s.info.spec.Type)
}

// exprSchema is the schema of a type expression, with the description
// and markers of the scope's type.
func (g *parser) exprSchema(s *schemaScope, f *ast.File, e ast.Expr) *apiext.JSONSchemaProps {
	var out *apiext.JSONSchemaProps
	switch e := e.(type) {
	case *ast.Ident:
		out = g.identSchema(s, f, e)
	case *ast.SelectorExpr:
		out = g.selectorSchema(s, f, e)
	case *ast.ArrayType:
		out = g.arraySchema(s, f, e)
	case *ast.MapType:
		out = g.mapSchema(s, f, e)
	case *ast.StarExpr:
		out = g.exprSchema(s.inner(), f, e.X)
	case *ast.StructType:
		out = g.structSchema(s, f, e)
	case *ast.InterfaceType:
		g.errorf(e.Pos(), "interface type is not supported in CRD schemas; consider using an explicit type or apiextensionsv1.JSON instead")
		return &apiext.JSONSchemaProps{}
	default:
		g.errorf(e.Pos(), "unsupported AST kind %T", e)
		return &apiext.JSONSchemaProps{}
	}
	out.Description = s.info.doc
	g.applyMarkers(s, s.info.markers, out, e)
	return out
}

// identSchema: a predeclared type, or a reference to a type of the
// package (or, through a dot import, of another).
func (g *parser) identSchema(s *schemaScope, f *ast.File, id *ast.Ident) *apiext.JSONSchemaProps {
	t, ok := g.resolve(s.pkg, f, id)
	if !ok {
		g.errorf(id.Pos(), "unknown type %s", id.Name)
		return &apiext.JSONSchemaProps{}
	}
	if a, ok := t.(*types.Alias); ok {
		t = a.Rhs()
	}
	switch t := t.(type) {
	case *types.Basic:
		typ, format, err := basicSchema(t, g.opts.allowDangerousTypes)
		if err != nil {
			g.errorf(id.Pos(), "%v", err)
		}
		if t.Name() != id.Name { // an alias of a basic type
			g.schemaFor(typeKey{s.pkg, id.Name})
			link := refLink("", id.Name)
			return &apiext.JSONSchemaProps{Type: typ, Format: format, Ref: &link}
		}
		return &apiext.JSONSchemaProps{Type: typ, Format: format}
	case *types.Interface:
		g.errorf(id.Pos(), "cannot generate schema for %s; interface type is not supported in CRD schemas, consider using an explicit type or apiextensionsv1.JSON instead", id.Name)
		return &apiext.JSONSchemaProps{}
	case interface{ Obj() *types.TypeName }:
		tn := t.Obj()
		if tn.Pkg() == nil {
			g.errorf(id.Pos(), "unsupported type %s", id.Name)
			return &apiext.JSONSchemaProps{}
		}
		path := tn.Pkg().Path()
		target := g.get(path)
		if target == nil {
			return &apiext.JSONSchemaProps{}
		}
		if target == s.pkg {
			path = ""
		}
		g.schemaFor(typeKey{target, tn.Name()})
		link := refLink(path, tn.Name())
		out := &apiext.JSONSchemaProps{Ref: &link}
		// Slices and maps get their type, so that +listType and
		// +mapType apply; named basic types their type and format.
		switch types.Unalias(t.(types.Type)).Underlying().(type) {
		case *types.Slice:
			out.Type = "array"
		case *types.Map:
			out.Type = "object"
		case *types.Basic:
			if named := g.lookupType(s.pkg, tn.Name()); named != nil {
				ns := g.infoSchema(&schemaScope{pkg: s.pkg, info: named})
				out.Type, out.Format = ns.Type, ns.Format
			}
		}
		return out
	}
	g.errorf(id.Pos(), "unsupported type %T for identifier %s", t, id.Name)
	return &apiext.JSONSchemaProps{}
}

// selectorSchema: a reference to a type of another package.
func (g *parser) selectorSchema(s *schemaScope, f *ast.File, sel *ast.SelectorExpr) *apiext.JSONSchemaProps {
	t, ok := g.resolve(s.pkg, f, sel)
	if !ok {
		g.errorf(sel.Pos(), "unknown type %v.%s", sel.X, sel.Sel.Name)
		return &apiext.JSONSchemaProps{}
	}
	named, ok := t.(interface{ Obj() *types.TypeName })
	if !ok || named.Obj().Pkg() == nil {
		g.errorf(sel.Pos(), "unsupported type %v.%s", sel.X, sel.Sel.Name)
		return &apiext.JSONSchemaProps{}
	}
	path := named.Obj().Pkg().Path()
	if target := g.get(path); target != nil {
		g.schemaFor(typeKey{target, named.Obj().Name()})
	}
	link := refLink(path, named.Obj().Name())
	out := &apiext.JSONSchemaProps{Ref: &link}
	switch t.Underlying().(type) {
	case *types.Slice:
		out.Type = "array"
	case *types.Map:
		out.Type = "object"
	}
	return out
}

// arraySchema: []byte is a base64 string, other slices and arrays arrays
// of their element.
func (g *parser) arraySchema(s *schemaScope, f *ast.File, a *ast.ArrayType) *apiext.JSONSchemaProps {
	if elt, ok := g.resolve(s.pkg, f, a.Elt); ok && elt == byteType && a.Len == nil {
		return &apiext.JSONSchemaProps{Type: "string", Format: "byte"}
	}
	items := g.exprSchema(s.inner(), f, a.Elt)
	return &apiext.JSONSchemaProps{Type: "array", Items: &apiext.JSONSchemaPropsOrArray{Schema: items}}
}

var byteType = types.Universe.Lookup("byte").Type()

// mapSchema: an object with additionalProperties; keys must be strings
// or marshal to text.
func (g *parser) mapSchema(s *schemaScope, f *ast.File, m *ast.MapType) *apiext.JSONSchemaProps {
	key, _ := g.resolve(s.pkg, f, m.Key)
	for k := key; k != nil; {
		switch kt := k.(type) {
		case *types.Basic:
			if kt.Info()&types.IsString == 0 && !implements(key, textMarshaler) {
				g.errorf(m.Key.Pos(), "map keys must be strings or implement encoding.TextMarshaler, not %s", kt.String())
				return &apiext.JSONSchemaProps{}
			}
			k = nil
		case *types.Named:
			k = kt.Underlying()
		default:
			if !implements(key, textMarshaler) {
				g.errorf(m.Key.Pos(), "map keys must be strings or implement encoding.TextMarshaler, not %s", kt.String())
				return &apiext.JSONSchemaProps{}
			}
			k = nil
		}
	}
	if key == nil {
		g.errorf(m.Key.Pos(), "unknown map key type")
		return &apiext.JSONSchemaProps{}
	}
	var val *apiext.JSONSchemaProps
	in := s.inner()
	switch v := m.Value.(type) {
	case *ast.Ident:
		val = g.identSchema(in, f, v)
	case *ast.SelectorExpr:
		val = g.selectorSchema(in, f, v)
	case *ast.ArrayType:
		val = g.arraySchema(in, f, v)
	case *ast.StarExpr, *ast.MapType:
		val = g.exprSchema(in, f, v)
	case *ast.InterfaceType:
		g.errorf(v.Pos(), "interface type is not supported as map value in CRD schemas; consider using an explicit type or apiextensionsv1.JSON instead")
		return &apiext.JSONSchemaProps{}
	default:
		g.errorf(v.Pos(), "not a supported map value type: %T", v)
		return &apiext.JSONSchemaProps{}
	}
	return &apiext.JSONSchemaProps{Type: "object", AdditionalProperties: &apiext.JSONSchemaPropsOrBool{Schema: val, Allows: true}}
}

// structSchema: the fields by JSON name (embedded ones as allOf
// branches), which are required by controller-gen's rules, and the
// rules that keep optional immutable fields set.
func (g *parser) structSchema(s *schemaScope, f *ast.File, st *ast.StructType) *apiext.JSONSchemaProps {
	out := &apiext.JSONSchemaProps{Type: "object", Properties: map[string]apiext.JSONSchemaProps{}}
	if s.info.spec == nil {
		g.errorf(st.Pos(), "inline struct types are not supported, use a named type instead")
		return out
	}
	if s.info.spec.Type != st {
		g.errorf(st.Pos(), "encountered non-top-level struct (possibly embedded), those aren't allowed")
		return out
	}
	inOneOf := map[string]bool{}
	for _, name := range []string{markerExactlyOneOf, markerAtMostOneOf, markerAtLeastOneOf} {
		for _, mv := range s.info.markers[name] {
			list, _ := mv.value.([]any)
			var nested []string
			for _, v := range list {
				field := fmt.Sprint(v)
				if strings.Contains(field, ".") {
					nested = append(nested, field)
				}
				inOneOf[field] = true
			}
			if len(nested) > 0 {
				g.errorf(st.Pos(), "%s: cannot reference nested fields: %s", name, strings.Join(nested, ","))
				return out
			}
		}
	}
	defaultOptional := s.pkgMark.has(markerOptional)
	var immutable []string
	for _, fld := range s.info.fields {
		if fld.name != "" && g.opts.ignoreUnexportedFields && !token.IsExported(fld.name) {
			continue
		}
		tag, ok := fld.tag.Lookup("json")
		if !ok {
			g.errorf(fld.field.Pos(), "encountered struct field %q without JSON tag in type %q", fld.name, s.info.name)
			continue
		}
		opts := strings.Split(tag, ",")
		if len(opts) == 1 && opts[0] == "-" {
			continue
		}
		name := opts[0]
		inline, omitEmpty := name == "", false
		for _, o := range opts[1:] {
			switch o {
			case "inline":
				inline = true
			case "omitempty", "omitzero":
				omitEmpty = true
			}
		}
		required := false
		switch m := fld.markers; {
		case m.has(markerOptional):
		case m.has(markerRequired):
			required = true
		case m.has("optional"), m.has("k8s:optional"):
		case m.has("required"), m.has("k8s:required"):
			required = true
		case !defaultOptional && !inline && !omitEmpty:
			if inOneOf[name] {
				g.errorf(st.Pos(), "field %s is part of OneOf constraint and must have omitempty or omitzero tag", name)
				return out
			}
			out.Required = append(out.Required, name)
		}
		if required {
			if inOneOf[name] {
				g.errorf(st.Pos(), "field %s is part of OneOf constraint and cannot be marked as required", name)
				return out
			}
			out.Required = append(out.Required, name)
		}
		var prop *apiext.JSONSchemaProps
		if fld.markers.has(markerSchemaless) {
			prop = &apiext.JSONSchemaProps{}
		} else {
			prop = g.exprSchema(s.inner(), f, fld.field.Type)
		}
		prop.Description = fld.doc
		g.applyMarkers(s, fld.markers, prop, fld.field)
		if inline {
			out.AllOf = append(out.AllOf, *prop)
			continue
		}
		if fld.markers.has("k8s:immutable") {
			immutable = append(immutable, name)
		}
		out.Properties[name] = *prop
	}
	slices.Sort(out.Required)
	for _, name := range immutable {
		if !slices.Contains(out.Required, name) {
			out.XValidations = append(out.XValidations, apiext.ValidationRule{
				Rule:    fmt.Sprintf("!has(oldSelf.%s) || has(self.%s)", name, name),
				Message: fmt.Sprintf("field %s is immutable once set", name),
			})
		}
	}
	return out
}

// applyMarkers applies the schema markers of a node (see
// rules.applySchema), reporting errors at the node.
func (g *parser) applyMarkers(s *schemaScope, set markerSet, out *apiext.JSONSchemaProps, at ast.Node) {
	rc := &ruleContext{Types: s.pkg.types, Files: s.pkg.files, TypeName: s.info.name}
	for _, err := range g.rules.applySchema(rc, set, out) {
		g.errorf(at.Pos(), "%v", err)
	}
}

// applySchema applies the schema markers of a node by priority (for
// equal priorities by name; controller-gen takes them in map order, and
// no two markers of one priority touch the same part of a schema), the
// "items:" ones to the array's items after the others.
func (r *rules) applySchema(rc *ruleContext, set markerSet, out *apiext.JSONSchemaProps) []error {
	type applied struct {
		name  string
		rule  schemaRule
		value any
	}
	var direct, items []applied
	for _, name := range sortedKeys(set) {
		for _, mv := range set[name] {
			rule, ok := r.schema[mv.def]
			if !ok {
				continue
			}
			if strings.HasPrefix(name, itemsPrefix) {
				items = append(items, applied{name, rule, mv.value})
			} else {
				direct = append(direct, applied{name, rule, mv.value})
			}
		}
	}
	byPriority := func(a, b applied) int { return a.rule.priority - b.rule.priority }
	slices.SortStableFunc(direct, byPriority)
	slices.SortStableFunc(items, byPriority)
	var errs []error
	for _, a := range direct {
		if err := a.rule.apply(rc, a.value, out); err != nil {
			errs = append(errs, err)
		}
	}
	for _, a := range items {
		if out.Type != "array" || out.Items == nil || out.Items.Schema == nil {
			errs = append(errs, fmt.Errorf("must apply %s to an array value, found %s", a.name, out.Type))
			continue
		}
		if err := a.rule.apply(rc, a.value, out.Items.Schema); err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// basicSchema is the JSON type and format of a predeclared type, as the
// Kubernetes API conventions allow them (floats only when asked for).
func basicSchema(b *types.Basic, allowFloats bool) (typ, format string, err error) {
	switch info := b.Info(); {
	case info&types.IsBoolean != 0:
		typ = "boolean"
	case info&types.IsString != 0:
		typ = "string"
	case info&types.IsInteger != 0:
		typ = "integer"
	case info&types.IsFloat != 0:
		if !allowFloats {
			return "", "", errors.New("found float, the usage of which is highly discouraged, as support for them varies across languages. Please consider serializing your float as string instead. If you are really sure you want to use them, re-run with crd:allowDangerousTypes=true")
		}
		typ = "number"
	default:
		return "", "", fmt.Errorf("unsupported type %q", b.String())
	}
	switch b.Kind() {
	case types.Int32, types.Uint32:
		format = "int32"
	case types.Int64, types.Uint64:
		format = "int64"
	}
	return typ, format, nil
}

var (
	jsonMarshaler = methodInterface("MarshalJSON")
	textMarshaler = methodInterface("MarshalText")
)

// methodInterface is interface{ name() ([]byte, error) }.
func methodInterface(name string) *types.Interface {
	results := types.NewTuple(
		types.NewVar(token.NoPos, nil, "", types.NewSlice(byteType)),
		types.NewVar(token.NoPos, nil, "", types.Universe.Lookup("error").Type()))
	sig := types.NewSignatureType(nil, nil, nil, nil, results, false)
	return types.NewInterfaceType([]*types.Func{types.NewFunc(token.NoPos, nil, name, sig)}, nil).Complete()
}

func implements(t types.Type, iface *types.Interface) bool {
	return types.Implements(t, iface) || types.Implements(types.NewPointer(t), iface)
}
