package openapi

import (
	"bytes"
	"fmt"
	"path"
	"reflect"
	"slices"
	"strings"

	"k8s.io/kube-openapi/pkg/common"

	"github.com/kubegen/kubegen/generators/gofile"
	"github.com/kubegen/kubegen/generators/model"
)

const (
	commonPkg = "k8s.io/kube-openapi/pkg/common"
	specPkg   = "k8s.io/kube-openapi/pkg/validation/spec"
	ptrPkg    = "k8s.io/utils/ptr"
)

// writer writes the schema functions of one output file.
type writer struct {
	u       *model.Universe
	enums   *enums
	imports *gofile.Imports
	warn    warnFunc // run.Context.Warnf
}

// out is the text of one schema function being written, and the types
// its properties refer to.
type out struct {
	b    *bytes.Buffer
	refs map[string]*model.Type
}

func (o *out) p(format string, args ...any) { fmt.Fprintf(o.b, format, args...) }

// funcName is the name of t's schema function: "schema_" and the last
// four elements of its package path, then the type name, joined by "_".
func funcName(t *model.Type) string {
	clean := strings.NewReplacer("-", "_", ".", "")
	var parts []string
	for _, d := range strings.Split(t.Name.Package, "/") {
		parts = append(parts, clean.Replace(d))
	}
	parts = append(parts, t.Name.Name)
	if len(parts) > 5 {
		parts = parts[len(parts)-5:]
	}
	return "schema_" + strings.Join(parts, "_")
}

// methodReturns reports whether t declares a method name() returning the
// type pkg.result.
func methodReturns(t *model.Type, name, pkg, result string) bool {
	m := t.Methods[name]
	if m == nil || len(m.Params) != 0 || len(m.Results) != 1 {
		return false
	}
	r := m.Results[0].Name
	return r.Package == pkg && r.Name == result
}

type customMethods struct {
	v2, typeAndFormat, v3, v3OneOf bool
}

func methodsOf(t *model.Type) customMethods {
	return customMethods{
		v2:            methodReturns(t, "OpenAPIDefinition", commonPkg, "OpenAPIDefinition"),
		typeAndFormat: methodReturns(t, "OpenAPISchemaType", "", "[]string") && methodReturns(t, "OpenAPISchemaFormat", "", "string"),
		v3:            methodReturns(t, "OpenAPIV3Definition", commonPkg, "OpenAPIDefinition"),
		v3OneOf:       methodReturns(t, "OpenAPIV3OneOfTypes", "", "[]string"),
	}
}

// usesModelName reports whether t is named in the definitions by its
// OpenAPIModelName method: a hand-written one, or one generated for a
// +k8s:openapi-model-package tag on the type or its package.
func (w *writer) usesModelName(t *model.Type) (bool, error) {
	// A dependency's package tag is not read, as upstream, and its
	// generated (build-tag hidden) OpenAPIModelName does not count.
	_, byMethod, _, err := modelName(w.u, t, w.warn)
	return byMethod, err
}

// name returns how the definitions name t: Go code for its model name,
// or a quoted Go type name.
func (w *writer) name(t *model.Type) (string, error) {
	ok, err := w.usesModelName(t)
	if err != nil || !ok {
		return fmt.Sprintf("%q", t.Name.String()), err
	}
	return w.imports.Type(t) + "{}.OpenAPIModelName()", nil
}

// entry writes t's line of GetOpenAPIDefinitions.
func (w *writer) entry(o *out, t *model.Type) error {
	key, err := w.name(t)
	if err != nil {
		return err
	}
	m := methodsOf(t)
	typ := func() string { return w.imports.Type(t) }
	switch {
	case m.typeAndFormat:
		o.p("%s: %s(ref),\n", key, funcName(t))
	case m.v2 && m.v3:
		o.p("%s: common.EmbedOpenAPIDefinitionIntoV2Extension(%s{}.OpenAPIV3Definition(), %[2]s{}.OpenAPIDefinition()),\n", key, typ())
	case m.v2:
		o.p("%s: %s{}.OpenAPIDefinition(),\n", key, typ())
	case m.v3:
		o.p("%s: %s{}.OpenAPIV3Definition(),\n", key, typ())
	default:
		o.p("%s: %s(ref),\n", key, funcName(t))
	}
	return nil
}

// schemaFunc writes t's schema function, unless its methods provide it.
func (w *writer) schemaFunc(o *out, t *model.Type) error {
	vs, err := w.validations(t, t.Doc.Lines, typePos(t))
	if err != nil {
		return err
	}
	m := methodsOf(t)
	if m.v2 || m.v3 && !m.typeAndFormat {
		return nil
	}
	var typ string
	if m.typeAndFormat || m.v3 {
		typ = w.imports.Type(t)
	}
	desc := description(texts(t.Doc.Lines))
	o.p("func %s(ref common.ReferenceCallback) common.OpenAPIDefinition {\n", funcName(t))
	custom := func(typeLine string) error {
		o.p("Schema: spec.Schema{\nSchemaProps: spec.SchemaProps{\n")
		w.description(o, desc)
		o.p(typeLine+"Format:%s{}.OpenAPISchemaFormat(),\n", typ)
		w.valueValidations(o, vs)
		o.p("},\n")
		if err := w.structExtensions(o, t, vs.extensions); err != nil {
			return err
		}
		o.p("},\n")
		return nil
	}
	schemaType := fmt.Sprintf("Type:%s{}.OpenAPISchemaType(),\n", typ)
	switch {
	case m.typeAndFormat && m.v3:
		o.p("return common.EmbedOpenAPIDefinitionIntoV2Extension(%s{}.OpenAPIV3Definition(), common.OpenAPIDefinition{\n", typ)
		if err := custom(schemaType); err != nil {
			return err
		}
		o.p("})\n}\n\n")
		return nil
	case m.typeAndFormat && m.v3OneOf:
		o.p("return common.EmbedOpenAPIDefinitionIntoV2Extension(common.OpenAPIDefinition{\n")
		if err := custom(fmt.Sprintf("OneOf:common.GenerateOpenAPIV3OneOfSchema(%s{}.OpenAPIV3OneOfTypes()),\n", typ)); err != nil {
			return err
		}
		o.p("},common.OpenAPIDefinition{\n")
		if err := custom(schemaType); err != nil {
			return err
		}
		o.p("})\n}\n\n")
		return nil
	case m.typeAndFormat:
		o.p("return common.OpenAPIDefinition{\n")
		if err := custom(schemaType); err != nil {
			return err
		}
		o.p("}\n}\n\n")
		return nil
	case m.v3OneOf:
		return model.PosErrorf(t.Pos, "type %s has an OpenAPIV3OneOfTypes method but no OpenAPISchemaType and OpenAPISchemaFormat methods; add them", t.Name.Name)
	}

	o.p("return common.OpenAPIDefinition{\nSchema: spec.Schema{\nSchemaProps: spec.SchemaProps{\n")
	w.description(o, desc)
	o.p("Type: []string{\"object\"},\n")
	w.valueValidations(o, vs)
	props := &out{b: &bytes.Buffer{}, refs: o.refs}
	required, err := w.members(props, t, nil, map[string]string{})
	if err != nil {
		return err
	}
	if props.b.Len() > 0 {
		o.p("Properties: map[string]spec.Schema{\n%s},\n", props.b)
	}
	if len(required) > 0 {
		o.p("Required: []string{\"%s\"},\n", strings.Join(required, "\",\""))
	}
	o.p("},\n")
	if err := w.structExtensions(o, t, vs.extensions); err != nil {
		return err
	}
	o.p("},\n")
	var deps []string
	for _, k := range slices.Sorted(mapsKeys(o.refs)) {
		rt := o.refs[k]
		if typ, _ := common.OpenAPITypeFormat(rt.Name.String()); typ != "" {
			continue
		}
		n, err := w.name(rt)
		if err != nil {
			return err
		}
		deps = append(deps, n)
	}
	if len(deps) > 0 {
		o.p("Dependencies: []string{\n%s,},\n", strings.Join(deps, ","))
	}
	o.p("}\n}\n\n")
	return nil
}

func typePos(t *model.Type) model.Line { return model.Line{Pos: t.Pos} }

func (w *writer) description(o *out, desc string) {
	if desc != "" {
		o.p("Description: %s,\n", goValue(desc))
	}
}

// members writes the properties of t's fields, lifting inlined embedded
// structs, and returns the required names. seen holds the fields written
// so far, by json name: a name written twice (a field and one of an
// inlined struct) repeats a key of the Properties map literal, so the
// definitions do not compile; upstream writes them so, and so does this,
// with a warning.
func (w *writer) members(o *out, t *model.Type, required []string, seen map[string]string) ([]string, error) {
	for t.Kind == model.Pointer {
		t = t.Elem
	}
	for i := range t.Members {
		m := &t.Members[i]
		if hasGenValue(m.Doc.Lines, "false") {
			continue
		}
		if inlined(m) {
			var err error
			if required, err = w.members(o, m.Type, required, seen); err != nil {
				return required, err
			}
			continue
		}
		name := jsonName(m)
		if name == "" {
			continue
		}
		field := t.Name.Name + "." + m.Name
		if first, dup := seen[name]; dup {
			w.warn(m.Pos, "field %s has the json name %q of field %s, inlined into the same definition, so the definitions repeat that key and do not compile (upstream writes them so too): rename one of them, or stop inlining the struct that holds one", field, name, first)
		} else {
			seen[name] = fmt.Sprintf("%s (%s)", field, m.Pos)
		}
		opt, err := isOptional(m)
		if err != nil {
			return required, err
		}
		if !opt {
			required = append(required, name)
		}
		if err := w.property(o, m, t, name); err != nil {
			return required, err
		}
	}
	return required, nil
}

// property writes the schema of one field.
func (w *writer) property(o *out, m *model.Member, parent *model.Type, name string) error {
	at := model.Line{Pos: m.Pos}
	vs, err := w.validations(m.Type, m.Doc.Lines, at)
	if err != nil {
		return err
	}
	if err := checkPatchTags(m, parent); err != nil {
		return err
	}
	checkMemberExtensions(m, w.warn)
	o.p("%q: {\n", name)
	exts := parseExtensions(m.Doc.Lines, w.warn)
	w.extensions(o, exts, nil, vs.extensions)
	o.p("SchemaProps: spec.SchemaProps{\n")
	lines := texts(m.Doc.Lines)
	enum := w.enums.of(m.Type)
	if enum != nil {
		lines = append(lines, enum.descriptionLines()...)
	}
	w.description(o, description(lines))
	if tag, _ := jsonTag(m); len(strings.Split(tag, ",")) > 1 && strings.Split(tag, ",")[1] == "string" {
		o.p("Type: []string{\"string\"},\nFormat: \"\",\n},\n},\n")
		return nil
	}
	if err := w.defaultValue(o, m, parent); err != nil {
		return err
	}
	w.valueValidations(o, vs)
	t := resolve(m.Type)
	if typ, format := common.OpenAPITypeFormat(t.Name.String()); typ != "" {
		o.p("Type: []string{%q},\nFormat: %q,\n", typ, format)
		if enum != nil {
			o.p("Enum: []interface{}{%s},\n", strings.Join(enum.values(), ", "))
		}
		o.p("},\n},\n")
		return nil
	}
	if err := w.complexType(o, t, fmt.Sprintf("field %s of %s", m.Name, parent.Name.Name), at); err != nil {
		return err
	}
	o.p("},\n},\n")
	return nil
}

// complexType writes the schema of a map, list, struct or interface.
func (w *writer) complexType(o *out, t *model.Type, what string, at model.Line) error {
	switch t.Kind {
	case model.Map:
		return w.mapProperty(o, t, what, at)
	case model.Slice, model.Array:
		return w.sliceProperty(o, t, what, at)
	case model.Struct:
		return w.reference(o, t)
	case model.Interface:
		return nil // no schema for interfaces
	case model.Invalid:
		return posErr(at, "%s: its type %s did not type-check; fix the package first", what, t.Name)
	}
	return posErr(at, "%s: OpenAPI has no schema for type %s (%s); give the field a supported type or tag it +k8s:openapi-gen=false", what, t.Name, t.Kind)
}

func (w *writer) reference(o *out, t *model.Type) error {
	o.refs[t.Name.String()] = t
	n, err := w.name(t)
	if err != nil {
		return err
	}
	o.p("Ref: ref(%s),\n", n)
	return nil
}

// resolve follows pointers and defined types to the type that decides
// the schema.
func resolve(t *model.Type) *model.Type {
	for {
		switch t.Kind {
		case model.Defined:
			t = t.Underlying
		case model.Pointer:
			t = t.Elem
		default:
			return t
		}
	}
}

func (w *writer) elemSchema(o *out, elem *model.Type, container *model.Type, what string, at model.Line) error {
	e := resolve(elem)
	if typ, format := common.OpenAPITypeFormat(e.Name.String()); typ != "" {
		o.p("Type: []string{%q},\nFormat: %q,\n", typ, format)
		if enum := w.enums.of(elem); enum != nil {
			o.p("Enum: []interface{}{%s},\n", strings.Join(enum.values(), ", "))
		}
		o.p("},\n},\n},\n")
		return nil
	}
	switch e.Kind {
	case model.Struct, model.Slice, model.Array, model.Map:
		if err := w.complexType(o, e, what, at); err != nil {
			return err
		}
	default:
		return posErr(at, "%s: OpenAPI has no schema for the elements of %s (%s)", what, container.Name, e.Kind)
	}
	o.p("},\n},\n},\n")
	return nil
}

func (w *writer) mapProperty(o *out, t *model.Type, what string, at model.Line) error {
	if resolve(t.Key).Name.Name != "string" {
		return posErr(at, "%s: map %s has non-string keys, which OpenAPI does not support; use string keys", what, t.Name)
	}
	o.p("Type: []string{\"object\"},\nAdditionalProperties: &spec.SchemaOrBool{\nAllows: true,\nSchema: &spec.Schema{\nSchemaProps: spec.SchemaProps{\n")
	return w.elemSchema(o, t.Elem, t, what, at)
}

func (w *writer) sliceProperty(o *out, t *model.Type, what string, at model.Line) error {
	o.p("Type: []string{\"array\"},\nItems: &spec.SchemaOrArray{\nSchema: &spec.Schema{\nSchemaProps: spec.SchemaProps{\n")
	return w.elemSchema(o, t.Elem, t, what, at)
}

// checkPatchTags requires +patchStrategy and +patchMergeKey comment tags
// to agree with the struct tags of the same name.
func checkPatchTags(m *model.Member, parent *model.Type) error {
	tags := tagsOf(m.Doc.Lines)
	for _, key := range []string{"patchMergeKey", "patchStrategy"} {
		st := reflect.StructTag(m.Tag).Get(key)
		ct, err := tags.single(key, model.Line{Pos: m.Pos})
		if err != nil {
			return err
		}
		if st != ct {
			return model.PosErrorf(m.Pos, "field %s of %s: the comment tag +%s=%s and the struct tag %s:%q must match",
				m.Name, parent.Name.Name, key, ct, key, st)
		}
	}
	return nil
}

// defaultValue writes the field's Default: its +default, or the zero value
// that a non-pointer, non-omitempty field always has.
func (w *writer) defaultValue(o *out, m *model.Member, parent *model.Type) error {
	def, ref, err := defaultValue(m, parent.Name.Package)
	if err != nil {
		return err
	}
	enforced, err := zeroDefault(m.Type, hasOmitempty(m))
	if err != nil {
		return model.PosErrorf(m.Pos, "field %s of %s: %v", m.Name, parent.Name.Name, err)
	}
	if enforced != nil {
		if def == nil {
			def = enforced
		} else if !reflect.DeepEqual(def, enforced) {
			return model.PosErrorf(m.Pos, "field %s of %s: +default=%s cannot hold: a field that is neither a pointer nor omitempty always defaults to %s",
				m.Name, parent.Name.Name, goJSON(def), goJSON(enforced))
		}
	}
	switch {
	case def != nil:
		o.p("Default: %s,\n", goValue(def))
	case ref != nil:
		o.p("Default: %s,\n", w.imports.Qualify(ref.Package, ref.Name))
	}
	return nil
}

// unmarshalsItself reports whether t has a custom UnmarshalJSON, which
// makes its zero value null.
func unmarshalsItself(t *model.Type) bool {
	switch t.Kind {
	case model.Pointer:
		m := t.Elem.Methods["UnmarshalJSON"]
		return m != nil && m.PtrRecv
	case model.Struct:
		return t.Methods["UnmarshalJSON"] != nil
	}
	return false
}

// zeroDefault returns the default a field of type t always has, or nil.
func zeroDefault(t *model.Type, omitEmpty bool) (any, error) {
	if unmarshalsItself(t) {
		return nil, nil
	}
	switch t.Kind {
	case model.Defined:
		return zeroDefault(t.Underlying, omitEmpty)
	case model.Pointer, model.Map, model.Slice, model.Array, model.Interface:
		return nil, nil
	case model.Struct:
		if len(t.Members) == 1 && t.Members[0].Embedded {
			return zeroDefault(t.Members[0].Type, omitEmpty)
		}
		return map[string]any{}, nil
	case model.Builtin:
		if omitEmpty {
			return nil, nil
		}
		if zero, ok := common.OpenAPIZeroValue(t.Name.String()); ok {
			return zero, nil
		}
		return nil, fmt.Errorf("OpenAPI has no schema for type %s", t.Name)
	}
	return nil, fmt.Errorf("OpenAPI has no schema for type %s (%s); give the field a supported type, or tag it +k8s:openapi-gen=false", t.Name, t.Kind)
}

// structExtensions writes the vendor extensions of a struct type.
func (w *writer) structExtensions(o *out, t *model.Type, other map[string]any) error {
	exts := parseExtensions(t.Doc.Lines, w.warn)
	unions, err := parseUnions(t, w.warn)
	if err != nil {
		return err
	}
	w.extensions(o, exts, unions, other)
	return nil
}

func (w *writer) extensions(o *out, exts []extension, unions []union, other map[string]any) {
	if len(exts) == 0 && len(unions) == 0 && len(other) == 0 {
		return
	}
	o.p("VendorExtensible: spec.VendorExtensible{\nExtensions: spec.Extensions{\n")
	for _, e := range exts {
		o.p("%q: ", e.name)
		list := len(e.values) > 1 || e.array
		if list {
			o.p("[]interface{}{\n")
		}
		for _, v := range e.values {
			o.p("%q,\n", v)
		}
		if list {
			o.p("},\n")
		}
	}
	if len(unions) > 0 {
		o.p("\"x-kubernetes-unions\": []interface{}{\n")
		for _, u := range unions {
			u.write(o)
		}
		o.p("},\n")
	}
	for _, k := range slices.Sorted(mapsKeys(other)) {
		o.p("%s: %s,\n", goValue(k), goValue(other[k]))
	}
	o.p("},\n},\n")
}

// packageDirs is the last path element, for the name of the file's package.
func packageName(importPath string) string { return path.Base(importPath) }
