package pbgo

import (
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"strings"

	"github.com/gogo/protobuf/gogoproto"
	gogodesc "github.com/gogo/protobuf/protoc-gen-gogo/descriptor"
	plugin "github.com/gogo/protobuf/protoc-gen-gogo/plugin"
)

// precheck refuses, with positions, the inputs on which gogo's generator
// or one of its checking plugins would end the process (they call
// os.Exit, which no caller can intercept): gogo option combinations it
// rejects, and option values that would make it generate Go that does not
// parse. It covers what gogo checks for the options go-to-protobuf's IDL
// can carry (field options and the message options of
// +protobuf.options tags); other gogo options are passed through
// unchecked, as are clashes between the field names of embedded messages.
func precheck(req *plugin.CodeGeneratorRequest) error {
	var file *gogodesc.FileDescriptorProto
	for _, f := range req.ProtoFile {
		if f.GetName() == req.FileToGenerate[0] {
			file = f
		}
	}
	if file == nil {
		return fmt.Errorf("%s: not compiled", req.FileToGenerate[0])
	}
	c := &checker{file: file, spans: map[string][]int32{}}
	for _, loc := range file.GetSourceCodeInfo().GetLocation() {
		key := pathKey(loc.Path)
		if _, ok := c.spans[key]; !ok {
			c.spans[key] = loc.Span
		}
	}
	for i, m := range file.MessageType {
		c.message(m, []int32{4, int32(i)})
	}
	for i, e := range file.EnumType {
		c.enum(e, []int32{5, int32(i)})
	}
	for i, x := range file.Extension {
		p := []int32{7, int32(i)}
		if !gogoproto.IsNullable(x) {
			c.errorf(p, "extension %s: gogo does not allow (gogoproto.nullable) = false on an extension", x.GetName())
		}
		if gogoproto.IsEmbed(x) {
			c.errorf(p, "extension %s: gogo does not allow (gogoproto.embed) on an extension", x.GetName())
		}
	}
	return errors.Join(c.errs...)
}

type checker struct {
	file  *gogodesc.FileDescriptorProto
	spans map[string][]int32
	errs  []error
}

func pathKey(p []int32) string {
	var b strings.Builder
	for _, n := range p {
		fmt.Fprintf(&b, "%d,", n)
	}
	return b.String()
}

// errorf records an error at the element with source path p.
func (c *checker) errorf(p []int32, format string, args ...any) {
	pos := c.file.GetName()
	if sp, ok := c.spans[pathKey(p)]; ok && len(sp) >= 2 {
		pos = fmt.Sprintf("%s:%d:%d", pos, sp[0]+1, sp[1]+1)
	}
	c.errs = append(c.errs, fmt.Errorf("%s: %s", pos, fmt.Sprintf(format, args...)))
}

func (c *checker) message(m *gogodesc.DescriptorProto, p []int32) {
	f := c.file
	if gogoproto.IsSizer(f, m) && gogoproto.IsProtoSizer(f, m) {
		c.errorf(p, "message %s: gogo does not allow both sizer and protosizer", m.GetName())
	}
	getters, face := gogoproto.HasGoGetters(f, m), gogoproto.IsFace(f, m)
	for i, fld := range m.Field {
		fp := append(append([]int32{}, p...), 2, int32(i))
		name := fmt.Sprintf("field %s.%s", m.GetName(), fld.GetName())
		nullable := gogoproto.IsNullable(fld)
		if fld.GetDefaultValue() != "" {
			switch {
			case !getters:
				c.errorf(fp, "%s: gogo does not allow a default value without getters", name)
			case face:
				c.errorf(fp, "%s: gogo does not allow a default value in a face", name)
			case !nullable:
				c.errorf(fp, "%s: gogo does not allow a default value on a field with (gogoproto.nullable) = false", name)
			}
		}
		if !nullable && fld.GetType() == gogodesc.FieldDescriptorProto_TYPE_ENUM && !c.enumStartsAtZero(fld.GetTypeName()) {
			c.errorf(fp, "%s: gogo does not allow (gogoproto.nullable) = false on an enum whose first value is not 0", name)
		}
		if !nullable && f.GetSyntax() == "proto3" && fld.GetType() != gogodesc.FieldDescriptorProto_TYPE_MESSAGE && !gogoproto.IsCustomType(fld) && fld.GetLabel() != gogodesc.FieldDescriptorProto_LABEL_REPEATED {
			c.errorf(fp, "%s: gogo does not allow (gogoproto.nullable) = false on a scalar in proto3", name)
		}
		if gogoproto.IsEmbed(fld) {
			switch {
			case gogoproto.IsCustomName(fld):
				c.errorf(fp, "%s: gogo does not allow (gogoproto.embed) with (gogoproto.customname)", name)
			case fld.GetType() == gogodesc.FieldDescriptorProto_TYPE_BYTES:
				c.errorf(fp, "%s: gogo does not allow (gogoproto.embed) on a bytes field", name)
			case fld.GetLabel() == gogodesc.FieldDescriptorProto_LABEL_REPEATED:
				c.errorf(fp, "%s: gogo does not allow (gogoproto.embed) on a repeated field", name)
			}
		}
		if fld.OneofIndex != nil && (face || gogoproto.IsEmbed(fld) || !nullable || gogoproto.IsUnion(f, m)) {
			c.errorf(fp, "%s: gogo does not allow a oneof field to be embedded, non-nullable, or in a face or union", name)
		}
		if gogoproto.IsCustomType(fld) && (gogoproto.IsCastType(fld) || gogoproto.IsCastValue(fld)) {
			c.errorf(fp, "%s: gogo does not allow (gogoproto.customtype) with (gogoproto.casttype) or (gogoproto.castvalue)", name)
		}
		if gogoproto.IsCustomName(fld) && !token.IsIdentifier(gogoproto.GetCustomName(fld)) {
			c.errorf(fp, "%s: (gogoproto.customname) %q is not a Go identifier", name, gogoproto.GetCustomName(fld))
		}
		for opt, v := range map[string]string{
			"casttype":   gogoproto.GetCastType(fld),
			"castkey":    gogoproto.GetCastKey(fld),
			"castvalue":  gogoproto.GetCastValue(fld),
			"customtype": gogoproto.GetCustomType(fld),
		} {
			if v != "" && !goTypeRef(v) {
				c.errorf(fp, "%s: (gogoproto.%s) %q does not name a Go type", name, opt, v)
			}
		}
		for opt, v := range map[string]*string{"jsontag": gogoproto.GetJsonTag(fld), "moretags": gogoproto.GetMoreTags(fld)} {
			if v != nil && strings.ContainsAny(*v, "`\n\r") {
				c.errorf(fp, "%s: (gogoproto.%s) %q cannot go in a struct tag", name, opt, *v)
			}
		}
	}
	for i, n := range m.NestedType {
		c.message(n, append(append([]int32{}, p...), 3, int32(i)))
	}
	for i, e := range m.EnumType {
		c.enum(e, append(append([]int32{}, p...), 4, int32(i)))
	}
}

func (c *checker) enum(e *gogodesc.EnumDescriptorProto, p []int32) {
	for i, v := range e.Value {
		if gogoproto.IsEnumValueCustomName(v) && !token.IsIdentifier(gogoproto.GetEnumValueCustomName(v)) {
			c.errorf(append(append([]int32{}, p...), 2, int32(i)), "enum value %s: (gogoproto.enumvalue_customname) %q is not a Go identifier", v.GetName(), gogoproto.GetEnumValueCustomName(v))
		}
	}
	if gogoproto.IsEnumCustomName(e) && !token.IsIdentifier(gogoproto.GetEnumCustomName(e)) {
		c.errorf(p, "enum %s: (gogoproto.enum_customname) %q is not a Go identifier", e.GetName(), gogoproto.GetEnumCustomName(e))
	}
}

// enumStartsAtZero reports whether the enum of a fully qualified name
// defined in the target file has 0 as its first value (enums of other
// files are not checked).
func (c *checker) enumStartsAtZero(typeName string) bool {
	prefix := "."
	if c.file.GetPackage() != "" {
		prefix += c.file.GetPackage() + "."
	}
	rest, ok := strings.CutPrefix(typeName, prefix)
	if !ok {
		return true
	}
	var find func(msgs []*gogodesc.DescriptorProto, enums []*gogodesc.EnumDescriptorProto, name string) *gogodesc.EnumDescriptorProto
	find = func(msgs []*gogodesc.DescriptorProto, enums []*gogodesc.EnumDescriptorProto, name string) *gogodesc.EnumDescriptorProto {
		for _, e := range enums {
			if e.GetName() == name {
				return e
			}
		}
		head, tail, ok := strings.Cut(name, ".")
		if !ok {
			return nil
		}
		for _, m := range msgs {
			if m.GetName() == head {
				return find(m.NestedType, m.EnumType, tail)
			}
		}
		return nil
	}
	e := find(c.file.MessageType, c.file.EnumType, rest)
	return e == nil || len(e.Value) > 0 && e.Value[0].GetNumber() == 0
}

// goTypeRef reports whether a gogo cast or custom type ("pkg/path.Name",
// or a type expression without a dot) becomes a Go type expression the
// way gogo writes it.
func goTypeRef(v string) bool {
	if i := strings.LastIndexByte(v, '.'); i >= 0 {
		return token.IsIdentifier(v[i+1:])
	}
	_, err := parser.ParseExpr(v)
	return err == nil
}
