// Package protobuf generates the protobuf serialization of Kubernetes API
// types: each package's generated.proto, its generated.pb.go (Marshal,
// Unmarshal, Size, String, ...), and the `protobuf:"..."` struct tags on
// the Go types. It is a drop-in for k8s.io/code-generator's
// go-to-protobuf (v0.37.2): the same flags, tags and files, byte-identical,
// but with no program outside the process: no protoc, no protoc-gen-gogo,
// no goimports or gofmt. The .proto is compiled in process and gogo's
// generator runs as a library (package pbgo).
//
// # What a run does
//
// The packages come from two flags, both comma-separated lists of import
// paths:
//
//	--apimachinery-packages   the apimachinery packages every API needs
//	                          (default: intstr, resource, runtime/schema and
//	                          runtime with '+', meta/v1, meta/v1beta1,
//	                          testapigroup/v1)
//	--packages, -p            the API packages
//
// An entry "+path" writes messages only for types tagged +protobuf=true;
// "-path" loads the package (its types can be referred to) but writes
// none of its files; "path=proto.name" names the proto package (by
// default the import path with '/' turned into '.' and '-' into '_').
// Positional arguments are an error. Kubernetes passes every package with
// a doc.go tagged
//
//	// +k8s:protobuf-gen=package
//
// (the tag itself is only how its script finds them; this package does
// not read it).
//
// The packages are ordered so that each comes after the packages it
// imports. Then, package after package, every exported declaration
// (type, variable, constant) is walked: a type of an earlier package is
// imported from that package's generated.proto; every other type reached
// is taken in by this package, and a type of its own is claimed by it.
// A package writes a message for each type it took in that is a named
// struct, or a named slice or map tagged +protobuf.nullable=true, unless
// tagged +protobuf=false; in a '+' package, only types tagged
// +protobuf=true; without the tag, only types with something protobuf can
// carry (a struct without fields, or with a builtin, slice, pointer or
// map field that leads to one).
//
// For each written package the files are:
//
//	<package dir>/generated.proto            the IDL, without gogo's options
//	<output-dir>/<import path>/generated.pb.go
//	<output-dir>/<import path>/*.go          the Go types, with the
//	                                         protobuf struct tags of the
//	                                         fields (only files that change)
//
// The Go code is generated from the IDL with gogo's options (the
// marshaler, sizer, stringer and unmarshaler of every message; custom
// names; non-nullable fields; cast types), then rewritten as upstream
// rewrites it: the types are dropped (the Go package declares them; their
// struct tags move onto the package's own types), and so is everything
// but the helpers, Reset, Marshal, MarshalTo, MarshalToSizedBuffer, Size,
// String and Unmarshal; gogo's sortkeys becomes the standard sort; the
// methods of a nullable alias work on the slice or map itself.
//
// # Messages
//
// Each exported field of a struct is a field of its message, except those
// tagged `protobuf:"-"`, those whose json name is "-" (and that carry no
// protobuf tag), and embedded fields of a --drop-embedded-fields type
// (default metav1.TypeMeta). A field keeps the number of its protobuf
// struct tag; fields without one are numbered after the highest number in
// use, in declaration order. The name is the tag's name=, else the json
// name, else the Go name with a lower-case first letter.
//
//	string, bool, int32, int64, uint32, uint64   the same scalar
//	int, uint, uintptr                           int64, uint64, uint64
//	float32, float64                             float, double
//	[]byte                                       bytes
//	[]T                                          repeated T
//	*T                                           T, nullable
//	map[K]V                                      map<K, V>
//	a named struct                               its message
//	a named type over one of these               that, with (gogoproto.casttype)
//
// A protobuf struct tag whose first part is not a wire type
// (`protobuf:"Timestamp,1,req,name=time"`) names the message to use.
//
// # Tags
//
// On types:
//
//	+protobuf=true|false               write a message for the type, or not
//	+protobuf.nullable=true            on a named slice or map: a message
//	                                   wrapping the items, so that nil and
//	                                   empty differ on the wire
//	+protobuf.as=Type                  the message has the fields of Type
//	                                   (of the same package)
//	+protobuf.embed=Type               the message has one field, 1, of
//	                                   message Type
//	+protobuf.options.marshal=false    no gogo marshaler, unmarshaler or
//	                                   sizer: the type has its own
//	+protobuf.options.(OPTION)=VALUE   a message option, e.g.
//	                                   (gogoproto.goproto_stringer)=false
//
// # Flags
//
//	--output-dir DIR          the tree the packages are in, by import path
//	                          (kubernetes: staging/src); default "."
//	--proto-import DIR        where imported .proto files not written by
//	                          the run are found (repeatable). gogo.proto and
//	                          google/protobuf/descriptor.proto come from Go
//	                          modules, so the vendor/ directory kubernetes
//	                          passes need not exist
//	--drop-embedded-fields L  see Messages
//	--conditional TAG         a "// +build TAG" line on the Go code
//	--only-idl                write only the .proto files, with gogo's
//	                          options (the Go code is deleted, as upstream
//	                          deletes it)
//	--keep-gogoproto          keep gogo's options in the .proto files
//	--clean                   delete the packages' generated files and stop
//	--drop-gogo-go            (default true) the rewrite above
//	--skip-generated-rewrite  gogo's Go code as it comes (needs
//	                          --drop-gogo-go=false)
//
// plus the flags of package run (--go-header-file, -v, --verify, --strict,
// --year).
//
// # Beyond upstream
//
// Where upstream dies with a log line or a protoc error, a run returns an
// error with the file:line of the Go declaration: a malformed protobuf
// struct tag; two fields with the same number; a field type protobuf
// cannot carry (an interface, a channel, an array) in a type that gets a
// message; a +protobuf or +protobuf.nullable tag that is not true or
// false; +protobuf=true on a type that cannot be a message; a field of
// plain int, uint or uintptr, or named like a generated method (Size,
// String, Marshal, ...), for which upstream writes code that does not
// compile. Nothing is written then.
//
// Where upstream writes code that compiles, so does this package, with a
// warning (an error with --strict): +protobuf.as naming a type the package
// does not declare (the message has no fields); a type with both
// +protobuf.as and +protobuf.embed (see below).
//
// Upstream loads the packages with the build tag "proto" set; here they
// load without it, so a file that only builds with it (//go:build proto)
// is not read. Kubernetes has none.
//
// # Order and determinism
//
// Upstream reads a type's tags into a map and ranges over it, so a type
// tagged both +protobuf.as and +protobuf.embed gets one or the other at
// random; here the tags are read in name order, so +protobuf.embed wins.
// Everything else is sorted as upstream sorts it.
package protobuf
