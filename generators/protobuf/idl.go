package protobuf

import (
	"bytes"
	"cmp"
	"fmt"
	"go/token"
	"maps"
	"slices"
	"strings"

	"github.com/kubegen/kubegen/generators/model"
)

// gogoImport is the file that declares gogo's options.
const gogoImport = "github.com/gogo/protobuf/gogoproto/gogo.proto"

// plan is one generation: the packages in order (importees first) and the
// embedded types no message keeps.
type plan struct {
	pkgs           []*pkg
	byPath         map[string]*pkg
	omitFieldTypes map[typeName]bool
	universe       *model.Universe
	// warnf reports what upstream lets pass (see run.Context.Warnf).
	warnf func(pos token.Position, format string, args ...any)
}

// protoNameOf returns the protobuf name of the Go type n: a message of the
// package it belongs to, or of the first package that took it in; a bare
// name if none did.
func (r *plan) protoNameOf(n typeName) typeName {
	if p := r.byPath[n.Package]; p != nil {
		return typeName{Name: n.Name, Package: p.protoName, Path: p.protoFile()}
	}
	for _, p := range r.pkgs {
		if _, ok := p.local[n]; ok {
			return typeName{Name: n.Name, Package: p.protoName, Path: p.protoFile()}
		}
	}
	return typeName{Name: n.Name}
}

// idl writes the generated.proto of one package.
type idl struct {
	run            *plan
	p              *pkg
	gogo           bool // with gogo's options, the IDL that the Go code is compiled from
	omitFieldTypes map[typeName]bool
	body           bytes.Buffer
}

// writeIDL returns the package's generated.proto; with gogo, the variant
// with gogo's options that the Go code is generated from.
func (r *plan) writeIDL(p *pkg, header []byte, gogo bool) ([]byte, error) {
	g := &idl{run: r, p: p, gogo: gogo, omitFieldTypes: r.omitFieldTypes}
	types, err := r.messageTypes(p)
	if err != nil {
		return nil, err
	}
	for _, t := range types {
		if err := g.writeMessage(t); err != nil {
			return nil, err
		}
	}
	var out bytes.Buffer
	out.Write(header)
	out.WriteString("syntax = \"proto2\";\n\n")
	fmt.Fprintf(&out, "package %s;\n\n", p.protoName)
	imports := []string{}
	for path := range p.imports {
		imports = append(imports, path)
	}
	if gogo {
		imports = append(imports, gogoImport)
	}
	if len(imports) > 0 {
		slices.Sort(imports)
		for _, path := range imports {
			fmt.Fprintf(&out, "import %q;\n", path)
		}
		out.WriteString("\n")
	}
	out.WriteString("// Package-wide variables from generator \"generated\".\n")
	if gogo {
		for _, o := range []string{"marshaler_all", "stable_marshaler_all", "sizer_all"} {
			fmt.Fprintf(&out, "option (gogoproto.%s) = true;\n", o)
		}
		out.WriteString("option (gogoproto.goproto_stringer_all) = false;\n")
		out.WriteString("option (gogoproto.stringer_all) = true;\n")
		out.WriteString("option (gogoproto.unmarshaler_all) = true;\n")
		for _, o := range []string{"goproto_unrecognized_all", "goproto_enum_prefix_all", "goproto_getters_all"} {
			fmt.Fprintf(&out, "option (gogoproto.%s) = false;\n", o)
		}
	}
	fmt.Fprintf(&out, "option go_package = %q;\n\n", p.path)
	out.Write(g.body.Bytes())
	return out.Bytes(), nil
}

// messageTypes returns the types of the package's local set that get a
// message, in upstream's order (by their public name).
func (r *plan) messageTypes(p *pkg) ([]*model.Type, error) {
	var out []*model.Type
	for _, t := range p.local {
		if t != nil && t.Kind == model.Defined && (t.Underlying.Kind == model.Slice || t.Underlying.Kind == model.Map) {
			if _, err := boolTag(t.Doc.Lines, "protobuf.nullable"); err != nil {
				return nil, err
			}
		}
		if t == nil || !messageKind(t) {
			continue
		}
		want, err := r.wantsMessage(p, t)
		if err != nil {
			return nil, err
		}
		if want {
			out = append(out, t)
		}
	}
	slices.SortFunc(out, func(a, b *model.Type) int { return cmp.Compare(publicName(a), publicName(b)) })
	return out, nil
}

// messageKind reports whether a type of the local set can be a message at
// all: a named struct, a nullable alias, or an interface (which then fails
// isProtoable unless tagged).
func messageKind(t *model.Type) bool {
	if scalarOf(t) != "" {
		return false
	}
	switch t.Kind {
	case model.Struct:
		return t.Name.Name != "struct{}"
	case model.Defined:
		return isOptional(t)
	case model.Interface:
		return true
	}
	return false
}

// wantsMessage applies the +protobuf=true|false tag of a type, and else
// the package's mode: every protoable type, or only tagged ones.
func (r *plan) wantsMessage(p *pkg, t *model.Type) (bool, error) {
	if v, err := boolTag(t.Doc.Lines, "protobuf"); err != nil {
		return false, err
	} else if v != nil {
		return *v, nil
	}
	return p.allTypes && isProtoable(map[*model.Type]bool{}, t), nil
}

// isProtoable reports whether t has something protobuf can carry: a
// builtin, or a struct with no fields or with some protoable field.
func isProtoable(seen map[*model.Type]bool, t *model.Type) bool {
	if seen[t] {
		return true // optimistic on cycles
	}
	seen[t] = true
	switch t.Kind {
	case model.Builtin:
		return true
	case model.Defined:
		return isProtoable(seen, t.Underlying)
	case model.Slice, model.Pointer:
		return isProtoable(seen, t.Elem)
	case model.Map:
		return isProtoable(seen, t.Key) && isProtoable(seen, t.Elem)
	case model.Struct:
		if len(t.Members) == 0 {
			return true
		}
		return slices.ContainsFunc(t.Members, func(m model.Member) bool { return isProtoable(seen, m.Type) })
	}
	return false
}

// publicName is the name upstream orders types by: the last three
// elements of the import path and the type name, each capitalized.
func publicName(t *model.Type) string {
	parts := strings.Split(t.Name.Package, "/")
	for i, s := range parts {
		parts[i] = strings.NewReplacer("-", "_", ".", "").Replace(s)
	}
	parts = append(parts, t.Name.Name)
	parts = parts[max(0, len(parts)-4):]
	var b strings.Builder
	for _, s := range parts {
		if s != "" {
			b.WriteString(strings.ToUpper(s[:1]) + s[1:])
		}
	}
	return b.String()
}

// writeMessage writes the message of a struct, or of a nullable alias
// (wrapping its items).
func (g *idl) writeMessage(t *model.Type) error {
	if !isExported(t.Name.Name) {
		return nil
	}
	switch t.Kind {
	case model.Struct:
		return g.writeStruct(t, t)
	case model.Defined:
		kind := "slice"
		if t.Underlying.Kind == model.Map {
			kind = "map"
		}
		wrapper := &model.Type{Name: t.Name, Kind: model.Struct, Doc: t.Doc, Pos: t.Pos, Members: []model.Member{{
			Name: "Items",
			Type: t.Underlying,
			Doc:  model.Comment{Lines: []model.Line{{Text: fmt.Sprintf("items, if empty, will result in an empty %s\n", kind)}}},
			Pos:  t.Pos,
		}}}
		return g.writeStruct(wrapper, wrapper)
	}
	return model.PosErrorf(t.Pos, "type %s is of %s kind: protobuf has no form for it; remove its +protobuf=true tag", t.Name, t.Kind)
}

// writeStruct writes the message named after t with the fields of the
// struct from (t itself, or the type +protobuf.as names).
func (g *idl) writeStruct(t, from *model.Type) error {
	var options []string
	var fields []field
	embed := false
	tags := commentTags(t.Doc.Lines)
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		v := tags[k][0]
		switch {
		case strings.HasPrefix(k, "protobuf.options."):
			key := strings.TrimPrefix(k, "protobuf.options.")
			if key == "marshal" {
				if v == "false" && g.gogo {
					options = append(options, "(gogoproto.marshaler) = false", "(gogoproto.unmarshaler) = false", "(gogoproto.sizer) = false")
				}
				continue
			}
			if g.gogo || !strings.HasPrefix(key, "(gogoproto.") {
				if key == "(gogoproto.goproto_stringer)" && v == "false" {
					options = append(options, "(gogoproto.stringer) = false")
				}
				options = append(options, key+" = "+v)
			}
		case k == "protobuf.as":
			embed = false
			from = g.run.universe.Lookup(g.p.path + "." + v)
			if from == nil {
				g.run.warnf(tagPos(t.Doc.Lines, k), "+protobuf.as=%s: package %s declares no type %s, so message %s has no fields", v, g.p.path, v, t.Name.Name)
				from = &model.Type{Name: model.Name{Package: g.p.path, Name: v}, Kind: model.Struct}
			}
		case k == "protobuf.embed":
			if _, both := tags["protobuf.as"]; both {
				g.run.warnf(tagPos(t.Doc.Lines, k), "type %s has both +protobuf.as and +protobuf.embed: upstream takes either at random; here +protobuf.embed", t.Name.Name)
			}
			embed = true
			fields = []field{{tag: 1, name: v, typ: &protoType{name: typeName{Name: v, Package: g.p.protoName, Path: g.p.path}}}}
		}
	}
	if !embed {
		var err error
		if fields, err = g.fieldsOf(from); err != nil {
			return err
		}
	}
	w := &g.body
	writeComment(w, t.Doc.Texts(), "")
	fmt.Fprintf(w, "message %s {\n", t.Name.Name)
	if len(options) > 0 {
		slices.Sort(options)
		for _, o := range options {
			fmt.Fprintf(w, "  option %s;\n", o)
		}
		w.WriteString("\n")
	}
	for i, f := range fields {
		writeComment(w, f.comments, "  ")
		w.WriteString("  ")
		switch {
		case f.isMap:
		case f.repeated:
			w.WriteString("repeated ")
		default:
			w.WriteString("optional ")
		}
		fmt.Fprintf(w, "%s %s = %d", localName(f.typ, g.p.protoName), f.name, f.tag)
		var extras []string
		for k, v := range f.extras {
			if g.gogo || !strings.HasPrefix(k, "(gogoproto.") {
				extras = append(extras, k+" = "+v)
			}
		}
		if len(extras) > 0 {
			slices.Sort(extras)
			fmt.Fprintf(w, " [%s]", strings.Join(extras, ", "))
		}
		w.WriteString(";\n")
		if i != len(fields)-1 {
			w.WriteString("\n")
		}
	}
	w.WriteString("}\n\n")
	return nil
}

// tagPos is where the tag +key stands among lines.
func tagPos(lines []model.Line, key string) token.Position {
	for _, l := range lines {
		if k, _, _ := strings.Cut(strings.Trim(l.Text, " "), "="); k == "+"+key {
			return l.Pos
		}
	}
	return token.Position{}
}

// writeComment writes comment lines as // comments, without trailing
// blank ones.
func writeComment(w *bytes.Buffer, lines []string, indent string) {
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	for _, l := range lines {
		if l == "" {
			fmt.Fprintf(w, "%s//\n", indent)
			continue
		}
		fmt.Fprintf(w, "%s// %s\n", indent, l)
	}
}
