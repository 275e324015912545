package pbgo

import (
	"fmt"
	"go/format"
	"strings"
	"sync"

	gogo "github.com/gogo/protobuf/proto"
	gogodesc "github.com/gogo/protobuf/protoc-gen-gogo/descriptor"
	"github.com/gogo/protobuf/protoc-gen-gogo/generator"
	plugin "github.com/gogo/protobuf/protoc-gen-gogo/plugin"
	_ "github.com/gogo/protobuf/vanity/command" // links gogo's plugins in, as protoc-gen-gogo does
)

// gogoMu serializes calls into gogo's generator: its plugins are package
// level singletons that keep per-run state.
var gogoMu sync.Mutex

// GenerateGo compiles the .proto file target (an import path such as
// "k8s.io/api/core/v1/generated.proto") and returns the Go source that
// protoc with code-generator's protoc-gen-gogo writes for it, before
// [Rewrite]. It is NewSet(sources, importDirs).GenerateGo(target); use a
// [Set] to generate several files that share imports.
func GenerateGo(target string, sources map[string][]byte, importDirs []string) ([]byte, error) {
	return NewSet(sources, importDirs).GenerateGo(target)
}

// A Set is a collection of .proto files to generate Go for: sources in
// memory and import directories on disk. Each file is compiled at most
// once, however many targets import it. Its methods may be called from
// several goroutines; the gogo generator itself runs one file at a time
// (it keeps global state), everything else in parallel.
type Set struct {
	sources map[string][]byte
	dirs    []string

	mu    sync.Mutex
	cache map[string]*compiled
}

// NewSet returns a Set that looks imports up the way protoc's -I path
// would: first in sources (keyed by import path), then in importDirs, in
// order. Two imports always come from the Go modules linked in, whatever
// the directories hold: gogo.proto ([GogoProtoPath]), from the gogoproto
// package's registered descriptor, and descriptor.proto
// ([DescriptorProtoPath]), from google.golang.org/protobuf; the other
// google/protobuf/*.proto files do when no directory has them. sources is
// not copied and must not change while the Set is in use.
func NewSet(sources map[string][]byte, importDirs []string) *Set {
	return &Set{sources: sources, dirs: importDirs, cache: map[string]*compiled{}}
}

// GenerateGo returns the Go that protoc-gen-gogo writes for target, which
// is found like an import. Errors in the .proto files come as
// "file:line:col: message", all of them, joined by newlines.
func (s *Set) GenerateGo(target string) ([]byte, error) {
	src, err := s.generate(target)
	if err != nil {
		return nil, err
	}
	// What vanity/command.Generate does last to each file.
	out, err := format.Source(src)
	if err != nil {
		return nil, fmt.Errorf("%s: protoc-gen-gogo: go format error: %v", target, err)
	}
	return out, nil
}

// Generate is GenerateGo followed by [Rewrite] (see there for header,
// hasGoType and isOptional), with the same result, but without the gofmt
// of gogo's output that Rewrite makes redundant: the way to go when the
// raw file is not wanted.
func (s *Set) Generate(target string, header []byte, hasGoType, isOptional func(name string) bool) (out []byte, structTags map[string]map[string]string, err error) {
	src, err := s.generate(target)
	if err != nil {
		return nil, nil, err
	}
	return rewrite(src, header, hasGoType, isOptional, rewriteMode{unformatted: true})
}

// generate returns gogo's output for target before its final gofmt.
func (s *Set) generate(target string) ([]byte, error) {
	req, err := s.request(target)
	if err != nil {
		return nil, err
	}
	if err := precheck(req); err != nil {
		return nil, err
	}
	pruneImports(req)
	return runGogo(req)
}

// request returns the plugin request protoc would send for target.
func (s *Set) request(target string) (*plugin.CodeGeneratorRequest, error) {
	files, err := s.compile(target)
	if err != nil {
		return nil, err
	}
	req := &plugin.CodeGeneratorRequest{FileToGenerate: []string{target}}
	if strings.Contains(target, "/") {
		// code-generator's protoc-gen-gogo adds this.
		req.Parameter = gogo.String("paths=source_relative")
	}
	for _, f := range files {
		fd := &gogodesc.FileDescriptorProto{}
		raw := f.raw
		if f.name == target {
			raw = f.rawWithInfo
		}
		if err := gogo.Unmarshal(raw, fd); err != nil {
			return nil, fmt.Errorf("%s: %w", f.name, err)
		}
		req.ProtoFile = append(req.ProtoFile, fd)
	}
	return req, nil
}

// runGogo runs what vanity/command.Generate runs up to its final gofmt
// and returns the .pb.go file. It leaves out Generate's last step: that
// one adds gogo's testgen output (which go-to-protobuf's IDL never asks
// for) and, as a side effect, replaces the generator's package-level
// plugin list with testgen alone, so that a second call in the same
// process would run no plugins. The steps here leave that list as they
// find it.
func runGogo(req *plugin.CodeGeneratorRequest) (src []byte, err error) {
	target := req.FileToGenerate[0]
	gogoMu.Lock()
	defer gogoMu.Unlock()
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%s: protoc-gen-gogo: %v", target, p)
		}
	}()
	g := generator.New()
	g.Request = req
	g.CommandLineParameters(req.GetParameter())
	g.WrapTypes()
	g.SetPackageNames()
	g.BuildTypeNameMap()
	g.GenerateAllFiles()
	if g.Response.Error != nil {
		return nil, fmt.Errorf("%s: protoc-gen-gogo: %s", target, g.Response.GetError())
	}
	// The response holds the .pb.go file and, with gogoproto's testgen
	// options, a pb_test.go file; only the first is wanted.
	for _, f := range g.Response.File {
		if strings.HasSuffix(f.GetName(), ".pb.go") {
			return []byte(f.GetContent()), nil
		}
	}
	return nil, fmt.Errorf("%s: protoc-gen-gogo wrote no .pb.go file", target)
}
