package pbgo

import (
	"github.com/gogo/protobuf/gogoproto"
	gogo "github.com/gogo/protobuf/proto"
	gogodesc "github.com/gogo/protobuf/protoc-gen-gogo/descriptor"
	plugin "github.com/gogo/protobuf/protoc-gen-gogo/plugin"
)

// pruneImports removes from the imported files of a request the messages
// and enums that the target does not reach, when that is known to leave
// gogo's output as it is.
//
// gogo generates code for every file of the request, imported ones
// included (it throws that code away), so that a file importing
// k8s.io/api/core/v1 pays for generating all of core/v1 again; with 27 of
// the 67 packages of k8s.io doing so, that was half of gogo's time. What
// gogo needs from an imported file is its options and the types the
// target's code refers to, and, as it generates code for them, every
// type those (and the file's extensions and services) refer to in turn.
// That closure is kept, top-level types whole; the rest goes. Files with
// public or weak imports are left alone (a public import makes gogo
// collect the symbols of the imported file).
//
// One effect of the thrown-away code does reach the target: gogo's
// unmarshal plugin leaves the generator's indentation one tab deeper for
// each field of each message after the first, and one shallower (down to
// none) for a message without fields; the target is generated starting
// from whatever indentation the imported files left. Only whether that
// is none matters: a comment printed at column 1 right before the next
// line is a top-level doc comment to gofmt, which reformats it (lists,
// code blocks), so the target's comments are reformatted only after
// imports that leave no indentation. pruneImports prunes only when the
// pruned request leaves none exactly when the whole one does, and only
// for imported files of the kind that model was checked on (see
// indentLeft).
func pruneImports(req *plugin.CodeGeneratorRequest) {
	target := req.FileToGenerate[0]
	for _, f := range req.ProtoFile {
		if len(f.PublicDependency) > 0 || len(f.WeakDependency) > 0 {
			return
		}
	}
	imported := req.ProtoFile[:len(req.ProtoFile)-1]
	if req.ProtoFile[len(req.ProtoFile)-1].GetName() != target {
		return
	}
	keep := reached(req.ProtoFile, target)
	before, ok1 := indentLeft(imported, func(*gogodesc.FileDescriptorProto, *gogodesc.DescriptorProto) bool { return true })
	after, ok2 := indentLeft(imported, func(f *gogodesc.FileDescriptorProto, m *gogodesc.DescriptorProto) bool {
		return keptWhole(f) || keep[m]
	})
	if ok1 && ok2 && (before == 0) == (after == 0) {
		prune(imported, keep)
	}
}

// keptWhole tells the files that are never pruned: descriptor.proto and
// gogo.proto are small, and gogo.proto's extensions need most of
// descriptor.proto anyway.
func keptWhole(f *gogodesc.FileDescriptorProto) bool {
	return f.GetName() == DescriptorProtoPath || f.GetName() == GogoProtoPath
}

// prune removes the top-level types not in keep from files.
func prune(files []*gogodesc.FileDescriptorProto, keep map[any]bool) {
	for _, f := range files {
		if keptWhole(f) {
			continue
		}
		msgs := f.MessageType[:0:0]
		for _, m := range f.MessageType {
			if keep[m] {
				msgs = append(msgs, m)
			}
		}
		enums := f.EnumType[:0:0]
		for _, e := range f.EnumType {
			if keep[e] {
				enums = append(enums, e)
			}
		}
		f.MessageType, f.EnumType = msgs, enums
	}
}

// reached returns the top-level messages and enums of the files other
// than target that target's types reach, and with them the types all
// files' extensions and services reach.
func reached(files []*gogodesc.FileDescriptorProto, target string) map[any]bool {
	// Every type by full name → the top-level declaration it is part of.
	owner := map[string]any{}
	var index func(top any, prefix string, m *gogodesc.DescriptorProto)
	index = func(top any, prefix string, m *gogodesc.DescriptorProto) {
		name := prefix + "." + m.GetName()
		owner[name] = top
		for _, e := range m.EnumType {
			owner[name+"."+e.GetName()] = top
		}
		for _, n := range m.NestedType {
			index(top, name, n)
		}
	}
	ofTarget := map[any]bool{}
	for _, f := range files {
		prefix := ""
		if f.GetPackage() != "" {
			prefix = "." + f.GetPackage()
		}
		for _, m := range f.MessageType {
			index(m, prefix, m)
			ofTarget[m] = f.GetName() == target
		}
		for _, e := range f.EnumType {
			owner[prefix+"."+e.GetName()] = e
			ofTarget[e] = f.GetName() == target
		}
	}

	var work []string
	field := func(f *gogodesc.FieldDescriptorProto) { work = append(work, f.GetTypeName(), f.GetExtendee()) }
	var refs func(m *gogodesc.DescriptorProto)
	refs = func(m *gogodesc.DescriptorProto) {
		for _, f := range m.Field {
			field(f)
		}
		for _, f := range m.Extension {
			field(f)
		}
		for _, n := range m.NestedType {
			refs(n)
		}
	}
	for _, f := range files {
		for _, x := range f.Extension {
			field(x)
		}
		for _, s := range f.Service {
			for _, m := range s.Method {
				work = append(work, m.GetInputType(), m.GetOutputType())
			}
		}
		if f.GetName() == target {
			for _, m := range f.MessageType {
				refs(m)
			}
		}
	}
	keep := map[any]bool{}
	for len(work) > 0 {
		name := work[len(work)-1]
		work = work[:len(work)-1]
		top, ok := owner[name]
		if !ok || ofTarget[top] || keep[top] {
			continue
		}
		keep[top] = true
		if m, ok := top.(*gogodesc.DescriptorProto); ok {
			refs(m)
		}
	}
	return keep
}

// indentLeft returns the indentation (in tabs) gogo's generator is left
// with after generating files, of which only the top-level messages kept
// (with their nested ones) count; ok is false if a file has what the
// model was not checked on: a message with a oneof, a required or group
// field, an enum field or extensions, or gogo options other than those
// of go-to-protobuf's IDL.
func indentLeft(files []*gogodesc.FileDescriptorProto, kept func(*gogodesc.FileDescriptorProto, *gogodesc.DescriptorProto) bool) (indent int, ok bool) {
	var visit func(f *gogodesc.FileDescriptorProto, m *gogodesc.DescriptorProto) bool
	visit = func(f *gogodesc.FileDescriptorProto, m *gogodesc.DescriptorProto) bool {
		if (gogoproto.IsUnmarshaler(f, m) || gogoproto.IsUnsafeUnmarshaler(f, m)) && !m.GetOptions().GetMapEntry() {
			if !knownOptions(m.Options, idlMessageOptions) || len(m.ExtensionRange) > 0 || len(m.OneofDecl) > 0 {
				return false
			}
			for _, fld := range m.Field {
				switch {
				case fld.OneofIndex != nil,
					fld.GetLabel() == gogodesc.FieldDescriptorProto_LABEL_REQUIRED,
					fld.GetType() == gogodesc.FieldDescriptorProto_TYPE_GROUP,
					fld.GetType() == gogodesc.FieldDescriptorProto_TYPE_ENUM,
					!knownOptions(fld.Options, idlFieldOptions):
					return false
				}
			}
			indent = max(0, indent+len(m.Field)-1)
		}
		for _, n := range m.NestedType {
			if !visit(f, n) {
				return false
			}
		}
		return true
	}
	for _, f := range files {
		if !knownOptions(f.Options, idlFileOptions) {
			return 0, false
		}
		for _, m := range f.MessageType {
			if kept(f, m) && !visit(f, m) {
				return 0, false
			}
		}
	}
	return indent, true
}

// The gogo options go-to-protobuf's IDL sets, the only ones indentLeft's
// model was checked with.
var (
	idlFileOptions = extensionSet(gogoproto.E_MarshalerAll, gogoproto.E_StableMarshalerAll, gogoproto.E_SizerAll,
		gogoproto.E_GoprotoStringerAll, gogoproto.E_StringerAll, gogoproto.E_UnmarshalerAll,
		gogoproto.E_GoprotoUnrecognizedAll, gogoproto.E_GoprotoEnumPrefixAll, gogoproto.E_GoprotoGettersAll)
	idlMessageOptions = extensionSet(gogoproto.E_GoprotoStringer, gogoproto.E_Stringer,
		gogoproto.E_Marshaler, gogoproto.E_Unmarshaler, gogoproto.E_Sizer)
	idlFieldOptions = extensionSet(gogoproto.E_Customname, gogoproto.E_Nullable,
		gogoproto.E_Casttype, gogoproto.E_Castkey, gogoproto.E_Castvalue)
)

func extensionSet(descs ...*gogo.ExtensionDesc) map[int32]bool {
	set := map[int32]bool{}
	for _, d := range descs {
		set[d.Field] = true
	}
	return set
}

// knownOptions reports whether the options message (which may be nil)
// sets no extension outside allowed.
func knownOptions(opts gogo.Message, allowed map[int32]bool) bool {
	if opts == nil || isNilMessage(opts) {
		return true
	}
	descs, err := gogo.ExtensionDescs(opts)
	if err != nil {
		return false
	}
	for _, d := range descs {
		if !allowed[d.Field] {
			return false
		}
	}
	return true
}

func isNilMessage(m gogo.Message) bool {
	switch m := m.(type) {
	case *gogodesc.FileOptions:
		return m == nil
	case *gogodesc.MessageOptions:
		return m == nil
	case *gogodesc.FieldOptions:
		return m == nil
	}
	return false
}
