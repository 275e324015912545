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

// idl builds the messages of one package's generated.proto.
type idl struct {
	run      *plan
	p        *pkg
	messages []message
}

// message is one message of the IDL, with gogo's options among its own
// and its fields'; the IDL without them leaves those out when printed.
type message struct {
	comments []string
	name     string
	options  []string // "key = value"
	fields   []field
}

// writeIDL returns the package's generated.proto in both of upstream's
// variants: with gogo's options (what the Go code is generated from) and
// without them (what it writes, unless told to keep them).
func (r *plan) writeIDL(p *pkg, header []byte) (gogo, plain []byte, err error) {
	g := &idl{run: r, p: p}
	types, err := r.messageTypes(p)
	if err != nil {
		return nil, nil, err
	}
	for _, t := range types {
		if err := g.addMessage(t); err != nil {
			return nil, nil, err
		}
	}
	return g.print(header, true), g.print(header, false), nil
}

// print writes the IDL, with or without gogo's options.
func (g *idl) print(header []byte, gogo bool) []byte {
	var out bytes.Buffer
	out.Write(header)
	out.WriteString("syntax = \"proto2\";\n\n")
	fmt.Fprintf(&out, "package %s;\n\n", g.p.protoName)
	imports := slices.Collect(maps.Keys(g.p.imports))
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
	fmt.Fprintf(&out, "option go_package = %q;\n\n", g.p.path)
	for _, m := range g.messages {
		m.print(&out, g.p.protoName, gogo)
	}
	return out.Bytes()
}

// keep reports whether an option ("key = value") is printed: gogo's only
// in the IDL with them.
func keep(option string, gogo bool) bool { return gogo || !strings.HasPrefix(option, "(gogoproto.") }

func (m message) print(w *bytes.Buffer, local string, gogo bool) {
	writeComment(w, m.comments, "")
	fmt.Fprintf(w, "message %s {\n", m.name)
	var options []string
	for _, o := range m.options {
		if keep(o, gogo) {
			options = append(options, o)
		}
	}
	if len(options) > 0 {
		slices.Sort(options)
		for _, o := range options {
			fmt.Fprintf(w, "  option %s;\n", o)
		}
		w.WriteString("\n")
	}
	for i, f := range m.fields {
		writeComment(w, f.comments, "  ")
		w.WriteString("  ")
		switch {
		case f.isMap:
		case f.repeated:
			w.WriteString("repeated ")
		default:
			w.WriteString("optional ")
		}
		fmt.Fprintf(w, "%s %s = %d", localName(f.typ, local), f.name, f.tag)
		var extras []string
		for k, v := range f.extras {
			if e := k + " = " + v; keep(e, gogo) {
				extras = append(extras, e)
			}
		}
		if len(extras) > 0 {
			slices.Sort(extras)
			fmt.Fprintf(w, " [%s]", strings.Join(extras, ", "))
		}
		w.WriteString(";\n")
		if i != len(m.fields)-1 {
			w.WriteString("\n")
		}
	}
	w.WriteString("}\n\n")
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

// addMessage adds the message of a struct, or of a nullable alias
// (wrapping its items).
func (g *idl) addMessage(t *model.Type) error {
	if !isExported(t.Name.Name) {
		return nil
	}
	switch t.Kind {
	case model.Struct:
		return g.addStruct(t, t)
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
		return g.addStruct(wrapper, wrapper)
	}
	return model.PosErrorf(t.Pos, "type %s is of %s kind: protobuf has no form for it; remove its +protobuf=true tag", t.Name, t.Kind)
}

// addStruct adds the message named after t with the fields of the struct
// from (t itself, or the type +protobuf.as names).
func (g *idl) addStruct(t, from *model.Type) error {
	m := message{comments: t.Doc.Texts(), name: t.Name.Name}
	embed := false
	tags := model.ExtractTags(t.Doc.Lines)
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		v, at := tags[k][0].Value, tags[k][0].Line.Pos
		switch {
		case strings.HasPrefix(k, "protobuf.options."):
			key := strings.TrimPrefix(k, "protobuf.options.")
			if key == "marshal" {
				if v == "false" {
					m.options = append(m.options, "(gogoproto.marshaler) = false", "(gogoproto.unmarshaler) = false", "(gogoproto.sizer) = false")
				}
				continue
			}
			if key == "(gogoproto.goproto_stringer)" && v == "false" {
				m.options = append(m.options, "(gogoproto.stringer) = false")
			}
			m.options = append(m.options, key+" = "+v)
		case k == "protobuf.as":
			embed = false
			from = g.run.universe.Lookup(g.p.path + "." + v)
			if from == nil {
				g.run.warnf(at, "+protobuf.as=%s: package %s declares no type %s, so message %s has no fields", v, g.p.path, v, t.Name.Name)
				from = &model.Type{Name: model.Name{Package: g.p.path, Name: v}, Kind: model.Struct}
			}
		case k == "protobuf.embed":
			if _, both := tags["protobuf.as"]; both {
				g.run.warnf(at, "type %s has both +protobuf.as and +protobuf.embed: upstream takes either at random; here +protobuf.embed", t.Name.Name)
			}
			embed = true
			m.fields = []field{{tag: 1, name: v, typ: &protoType{name: typeName{Name: v, Package: g.p.protoName, Path: g.p.path}}}}
		}
	}
	if !embed {
		var err error
		if m.fields, err = g.fieldsOf(from); err != nil {
			return err
		}
	}
	g.messages = append(g.messages, m)
	return nil
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
