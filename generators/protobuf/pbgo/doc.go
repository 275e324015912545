// Package pbgo is the Go half of gen-protobuf: from a package's
// generated.proto (the gogo-annotated IDL that package protobuf writes)
// to the generated.pb.go and struct tags that k8s.io/code-generator
// v0.37.2's go-to-protobuf ships, byte for byte, with no program outside
// the process. Upstream runs protoc with code-generator's protoc-gen-gogo,
// rewrites the output, then runs goimports -w and gofmt -s -w; here each
// step is a library call.
//
// # Steps
//
//	GenerateGo         protoc + protoc-gen-gogo: compile the .proto
//	                   (github.com/bufbuild/protocompile), run gogo's
//	                   generator (github.com/gogo/protobuf v1.3.2) on it
//	Rewrite            go-to-protobuf's rewrite of that file (with its
//	                   default --drop-gogo-go), goimports -w, gofmt -s -w
//	RewriteKeepGogo    the same for --drop-gogo-go=false
//	RewriteStructTags  go-to-protobuf's update of the Go types' struct tags
//
// A run that writes several packages makes one [Set] of all the IDL it
// has (the files of the packages it writes, in memory, by import path)
// and the import directories, and calls [Set.Generate] (GenerateGo and
// Rewrite in one) for each package, from as many goroutines as it likes,
// with the boilerplate header and what it knows about the Go package
// (which types it declares, which are nullable); then RewriteStructTags
// on each non-test .go file of the package with the tags it returned.
// [Set.GenerateGo] alone is for --skip-generated-rewrite.
//
// # Compiling
//
// Imports resolve as protoc's -I path does: the Set's sources first, then
// its directories in order (go-to-protobuf passes ".", --output-dir, then
// each --proto-import). gogo.proto
// (github.com/gogo/protobuf/gogoproto/gogo.proto) and
// google/protobuf/descriptor.proto are never read from disk: the first is
// the descriptor the gogoproto Go package registers, the second
// google.golang.org/protobuf's, so a project needs neither a vendored
// gogo.proto nor a protobuf include directory; the other
// google/protobuf/*.proto files are protocompile's built-in copies when
// no directory has them.
//
// gogo reads the plugin request protoc would send, so it gets one: the
// target and, before it, every file it imports (depth first, in import
// order), with json_name set on every field as protoc sets it for
// plugins, and the target's source code info, from which gogo takes the
// comments (protocompile's matches protoc's). What differs from protoc's
// request is known not to change the output:
//
//   - the imported files carry no source code info (gogo reads only the
//     target's);
//   - custom options are encoded in field-number order instead of source
//     order (gogo re-encodes options in field-number order anyway);
//   - the imported files hold only the types the target reaches (see
//     pruneImports: gogo generates, and throws away, the code of every
//     imported file, which for the 27 packages importing core/v1 was half
//     of all of gogo's time; one side effect of that code does reach the
//     target, and pruning is skipped where it would change it);
//   - there is no compiler version (gogo v1.3.2 does not print it).
//
// Errors in the .proto files are reported as protoc's are, file:line:col,
// all of them.
//
// # Running gogo in process
//
// protoc-gen-gogo is meant to run once per process, and three of its
// habits need care:
//
//   - Its plugins (marshaler, sizer, ...) are package-level singletons
//     holding per-run state, so calls into it are serialized (one
//     process-wide lock; compiling and everything after generation run in
//     parallel).
//   - vanity/command.Generate ends with gogo's testgen plugin, which
//     replaces the generator's global plugin list for good; GenerateGo
//     runs the same steps without that one (testgen writes only test
//     files, which go-to-protobuf's IDL never asks for).
//   - It ends the process (os.Exit) on some inputs. Those that the IDL's
//     options can lead to are checked first and returned as errors with
//     the .proto position: gogo's rules on defaults, embedding, oneofs and
//     sizers, and option values that would generate Go that does not
//     parse (a customname that is not an identifier, a casttype that is
//     not a type). Panics inside gogo come back as errors too. gogo's
//     warnings (such as "nullable=false has no effect") go to standard
//     error, as protoc-gen-gogo's do.
//
// The gogoproto "description" option (which embeds the descriptors of all
// imported files, descriptor.proto included) would show that
// descriptor.proto is google.golang.org/protobuf's rather than the one of
// the protoc installation; go-to-protobuf's IDL never sets it.
//
// # Rewriting
//
// Rewrite drops what the Go package already has or does not want: gogo's
// declarations of the package's own types (collecting their struct tags),
// all other types, consts, blank and gogo imports, vars but the three
// Err…Generated ones, and funcs but the marshal, unmarshal, size, Reset
// and String methods and their helpers; it rewrites the methods of
// nullable map and slice types to work on the type itself, and gogo's
// sortkeys to the standard sort package. The comments left without a
// node go too.
//
// goimports and gofmt -s are reimplemented for complete files.
// goimports: delete the imports the file does not use, merge, sort and
// group the rest (golang.org/x/tools v0.47.0's algorithm, down to its
// line merging, since its library entry point would run the go command).
// It never adds an import (goimports would look for one in GOPATH and the
// module cache; a rewritten file never needs one), and it takes an
// unnamed import's package name from its path, where goimports, when a
// file refers to something it cannot resolve, would load the package to
// learn its name. gofmt -s: all of Go 1.26's simplifications (on gogo's
// code, "for k, _ := range" in String methods becomes "for k := range").
// As both steps change nothing but the import declaration and what they
// simplify, the file is formatted and simplified in one pass and only its
// head goes through the import steps; the literal five-pass route is kept
// for the odd file (and tests check that both agree).
//
// [Set.Generate] skips GenerateGo's final gofmt, which Rewrite makes
// redundant (gogo prints its code with gofmt's printer already; only the
// import order is left to fix).
//
// RewriteStructTags is go-to-protobuf's RewriteTypesWithProtobufStructTags:
// an existing protobuf key is kept, not replaced, and the file is printed
// and gofmt'ed again even when no tag changes.
//
// # Why gogo as a library
//
// The alternative is a writer of our own that emits the final
// generated.pb.go directly. Measured on k8s.io/api and apimachinery
// v0.37.2 (67 packages, 330,000 lines of generated.pb.go):
//
//   - gogo's code behind that output (the generator and the marshalto,
//     unmarshal, size and stringer plugins) is 6,600 lines of code; the
//     output, with names and numbers taken out, has about 1,060 distinct
//     line shapes, which a writer of ours would have to produce in the
//     right combinations for every field kind, cast type, nullability and
//     map form, and the quirks of the import block (its blank lines come
//     from the gaps gogo's dropped imports leave);
//   - this package is 1,800 lines of code: 700 to compile and drive gogo
//     (with the guard against its os.Exit and the pruning of imports),
//     1,100 for upstream's rewrite and the goimports and gofmt -s steps;
//   - with it, all 67 files, and GenerateGo's raw output, come out
//     identical, and so will files of options and shapes k8s.io does not
//     use: any gogo option the IDL carries (+protobuf.options tags) has
//     exactly gogo's effect, and --skip-generated-rewrite gets gogo's raw
//     file.
//
// A writer of ours would likely be about as long (an estimated 1,500 to
// 2,500 lines) and much faster (gogo formats its output twice and runs
// one file at a time), but it would be a second implementation of gogo
// to keep byte-identical, tested only on the shapes we thought of. The
// speed gogo costs fits the budget: the 67 files (struct tags included)
// take 5.5 s of CPU, 2.8 s of it in gogo, serialized, and 3.6 s on two
// cores; see TestReference.
package pbgo
