package protobuf

import (
	"errors"
	"fmt"
	"go/token"
	"reflect"
	"strconv"
	"strings"

	"github.com/kubegen/kubegen/generators/model"
)

// field is one field of a message.
type field struct {
	tag      int // -1 until numbered
	name     string
	typ      *protoType
	isMap    bool
	repeated bool
	nullable bool
	extras   map[string]string // field options, "(gogoproto.nullable)" → "false"
	comments []string
	pos      token.Position // of the Go field
}

func (f *field) setExtra(k, v string) {
	if f.extras == nil {
		f.extras = map[string]string{}
	}
	f.extras[k] = v
}

// generatedMethods are the methods gogo's code declares on a message's
// Go type; a field of the same name clashes with them.
var generatedMethods = map[string]bool{"Marshal": true, "MarshalTo": true, "MarshalToSizedBuffer": true,
	"Unmarshal": true, "Size": true, "String": true, "Reset": true, "ProtoMessage": true, "Descriptor": true}

// plainInt returns "int", "uint" or "uintptr" when t is one of them, or a
// pointer, slice or map of one: protobuf carries them as 64-bit integers,
// and gogo's code assigns those to the Go field without a conversion.
func plainInt(t *model.Type) string {
	for {
		switch t.Kind {
		case model.Pointer, model.Slice:
			t = t.Elem
			continue
		case model.Map:
			if s := plainInt(t.Key); s != "" {
				return s
			}
			t = t.Elem
			continue
		case model.Builtin:
			switch t.Name.Name {
			case "int", "uint", "uintptr":
				return t.Name.Name
			}
		}
		return ""
	}
}

var errUnrecognized = errors.New("did not recognize the provided type")

// scalarOf returns the protobuf scalar a Go type maps to directly, or "".
func scalarOf(t *model.Type) string {
	switch t.Kind {
	case model.Slice:
		if t.Elem.Name == (model.Name{Name: "byte"}) {
			return "bytes"
		}
	case model.Builtin:
		switch t.Name.Name {
		case "string", "uint32", "int32", "uint64", "int64", "bool":
			return t.Name.Name
		case "int":
			return "int64"
		case "uint", "uintptr":
			return "uint64"
		case "float64":
			return "double"
		case "float32":
			return "float"
		}
	}
	return ""
}

// fromTag reads an existing `protobuf:"wire,number,label,name=x,..."` tag:
// the field number, the name, the cast options, and a message type when
// the first part is not a wire type (`protobuf:"Timestamp,1,req"`). local
// is the proto package (Package) and path (Path) a bare type name
// belongs to.
func (f *field) fromTag(tag string, m model.Member, t *model.Type, local typeName) error {
	if tag == "" || tag == "-" {
		return nil
	}
	parts := strings.Split(tag, ",")
	if len(parts) < 3 {
		return model.PosErrorf(m.Pos, "field %s of %s: malformed protobuf tag %q: want at least wire type, number and label", m.Name, t.Name, tag)
	}
	n, err := strconv.Atoi(parts[1])
	if err != nil {
		return model.PosErrorf(m.Pos, "field %s of %s: malformed protobuf tag %q: the field number %q is not an integer", m.Name, t.Name, tag, parts[1])
	}
	f.tag = n
	switch parts[0] {
	case "varint", "fixed32", "fixed64", "bytes", "group":
	default:
		name := typeName{Name: parts[0], Package: local.Package, Path: local.Path}
		if i := strings.LastIndex(parts[0], "."); i >= 0 {
			name = typeName{Name: parts[0][i+1:], Package: parts[0][:i], Path: strings.ReplaceAll(parts[0][:i], ".", "/")}
		}
		f.typ = &protoType{name: name}
	}
	f.extras = map[string]string{}
	for i, kv := range parts[3:] {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return model.PosErrorf(m.Pos, "field %s of %s: malformed protobuf tag %q: part %d should be key=value, got %q", m.Name, t.Name, tag, i+4, kv)
		}
		switch k {
		case "name":
			f.name = v
		case "casttype", "castkey", "castvalue":
			f.extras["(gogoproto."+k+")"] = strconv.Quote(v)
		}
	}
	return nil
}

// fieldsOf returns the fields of a message for the Go struct t, numbered:
// fields keep the numbers of their protobuf tags, and the others take the
// next numbers after the highest, in declaration order.
func (g *idl) fieldsOf(t *model.Type) ([]field, error) {
	var fields []field
	for _, m := range t.Members {
		if !isExported(m.Name) || g.run.omitFieldTypes[goName(m.Type)] {
			continue
		}
		tags := reflect.StructTag(m.Tag)
		pbTag := tags.Get("protobuf")
		if pbTag == "-" {
			continue
		}
		f := field{tag: -1, extras: map[string]string{}}
		if err := f.fromTag(pbTag, m, t, typeName{Package: g.p.protoName, Path: g.p.path}); err != nil {
			return nil, err
		}
		if json, ok := tags.Lookup("json"); ok && json != "" {
			jsonName, _, _ := strings.Cut(json, ",")
			if f.name == "" && jsonName != "" {
				f.name = jsonName
			}
			if f.tag == -1 && f.name == "-" {
				continue
			}
		}
		if generatedMethods[m.Name] {
			return nil, model.PosErrorf(m.Pos, "field %s of %s has the name of a method the generated code declares: gogo renames the field to %s_ and the code does not compile; rename the field", m.Name, t.Name, m.Name)
		}
		if leaf := plainInt(m.Type); leaf != "" && f.typ == nil {
			return nil, model.PosErrorf(m.Pos, "field %s of %s: %s has no protobuf form that decodes into it (the generated code does not compile); use int32 or int64, or a named type", m.Name, t.Name, leaf)
		}
		if f.typ == nil {
			if err := g.typeOf(&f, m.Type); err != nil {
				return nil, model.PosErrorf(m.Pos, "field %s of %s: type %s has no protobuf form (%v); give the field a `protobuf:\"-\"` tag to leave it out", m.Name, t.Name, m.Type.Name, err)
			}
		}
		if f.name == "" {
			f.name = strings.ToLower(m.Name[:1]) + m.Name[1:]
		}
		if f.isMap && f.repeated {
			f.repeated, f.nullable = false, true
		}
		if !f.nullable {
			f.extras["(gogoproto.nullable)"] = "false"
		}
		if f.typ.name == (typeName{Name: "bytes"}) || f.repeated && f.typ.name.Package == "" && !isExported(f.typ.name.Name) {
			delete(f.extras, "(gogoproto.nullable)")
		}
		if f.name != m.Name {
			f.extras["(gogoproto.customname)"] = strconv.Quote(m.Name)
		}
		f.comments, f.pos = m.Doc.Texts(), m.Pos
		fields = append(fields, f)
	}
	highest := 0
	byNumber := map[int]*field{}
	for i := range fields {
		f := &fields[i]
		if f.tag == -1 {
			continue
		}
		if other, ok := byNumber[f.tag]; ok {
			return nil, model.PosErrorf(f.pos, "field %s of %s: protobuf number %d is taken by field %s already; give it another", f.name, t.Name, f.tag, other.name)
		}
		byNumber[f.tag] = f
		highest = max(highest, f.tag)
	}
	for i := range fields {
		if fields[i].tag == -1 {
			highest++
			fields[i].tag = highest
		}
	}
	return fields, nil
}

// typeOf sets the protobuf type of a field of Go type t, and what the Go
// type adds: repeated for slices, nullable for pointers and nullable
// aliases, cast options for named types.
func (g *idl) typeOf(f *field, t *model.Type) error {
	switch t.Kind {
	case model.Builtin:
		return g.message(f, t)
	case model.Map:
		var key, val field
		if err := g.typeOf(&val, t.Elem); err != nil {
			return err
		}
		if err := g.typeOf(&key, t.Key); err != nil {
			return err
		}
		f.typ = &protoType{key: key.typ, elem: val.typ}
		if k, ok := key.extras["(gogoproto.casttype)"]; ok {
			f.setExtra("(gogoproto.castkey)", k)
		}
		if v, ok := val.extras["(gogoproto.casttype)"]; ok {
			f.setExtra("(gogoproto.castvalue)", v)
		}
		f.isMap = true
	case model.Pointer:
		if err := g.typeOf(f, t.Elem); err != nil {
			return err
		}
		f.nullable = true
	case model.Defined:
		if isOptional(t) {
			f.nullable = true
			return g.message(f, t)
		}
		if err := g.typeOf(f, t.Underlying); err != nil {
			return err
		}
		if !f.repeated {
			f.setExtra("(gogoproto.casttype)", strconv.Quote(g.castName(t)))
		}
	case model.Slice:
		if s := scalarOf(t); s != "" {
			f.typ = &protoType{name: typeName{Name: s}}
			return nil
		}
		if err := g.typeOf(f, t.Elem); err != nil {
			return err
		}
		f.repeated = true
	case model.Struct:
		f.nullable = false
		return g.message(f, t)
	default:
		return errUnrecognized
	}
	return nil
}

// message sets f's type to the scalar or message of the Go type t, and
// imports the message's file.
func (g *idl) message(f *field, t *model.Type) error {
	if s := scalarOf(t); s != "" {
		f.typ = &protoType{name: typeName{Name: s}}
		return nil
	}
	if t.Kind != model.Struct && !isOptional(t) {
		return errUnrecognized
	}
	f.typ = &protoType{name: g.run.protoNameOf(goName(t))}
	g.p.addImport(f.typ.name)
	return nil
}

// castName is how a cast option names a Go type: bare in its own package,
// else with its import path.
func (g *idl) castName(t *model.Type) string {
	if t.Name.Package == g.p.path {
		return t.Name.Name
	}
	return goName(t).String()
}

// isOptional reports whether t is a named slice or map tagged
// +protobuf.nullable=true: its message wraps the items, so that nil and
// empty differ on the wire.
func isOptional(t *model.Type) bool {
	if t.Kind != model.Defined || t.Underlying == nil || t.Underlying.Kind != model.Map && t.Underlying.Kind != model.Slice {
		return false
	}
	v, _ := boolTag(t.Doc.Lines, "protobuf.nullable")
	return v != nil && *v
}

// localName is how the IDL of package local refers to a protobuf type.
func localName(t *protoType, local string) string {
	if t.key != nil && t.elem != nil {
		return fmt.Sprintf("map<%s, %s>", localName(t.key, local), localName(t.elem, local))
	}
	if local != "" && t.name.Package == local {
		return t.name.Name
	}
	if strings.Contains(t.name.Package, ".") {
		return "." + t.name.String()
	}
	return t.name.String()
}
