package pbgo

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bufbuild/protocompile"
	"github.com/bufbuild/protocompile/linker"
	"github.com/bufbuild/protocompile/reporter"
	gogoproto "github.com/gogo/protobuf/gogoproto"
	gogo "github.com/gogo/protobuf/proto"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"
)

// GogoProtoPath and DescriptorProtoPath are the two import paths that are
// always answered from Go modules (see [NewSet]).
const (
	GogoProtoPath       = "github.com/gogo/protobuf/gogoproto/gogo.proto"
	DescriptorProtoPath = "google/protobuf/descriptor.proto"
)

// compiled is one linked .proto file, as gogo will read it.
type compiled struct {
	name        string
	fd          protoreflect.FileDescriptor
	deps        []string // its imports, in order
	raw         []byte   // FileDescriptorProto without source code info
	rawWithInfo []byte   // and with it
}

// compile returns target and everything it imports the way protoc hands
// them to a plugin: dependencies before dependents (depth first, in
// import order), target last, with json_name on every field. protoc also
// sends every file's source code info; gogo reads only the target's (its
// comments), so only the target gets it.
func (s *Set) compile(target string) ([]*compiled, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cache[target] == nil {
		if err := s.compileLocked(target); err != nil {
			return nil, err
		}
	}
	var out []*compiled
	seen := map[string]bool{}
	var visit func(name string)
	visit = func(name string) {
		if seen[name] {
			return
		}
		seen[name] = true
		c := s.cache[name]
		for _, d := range c.deps {
			visit(d)
		}
		out = append(out, c)
	}
	visit(target)
	return out, nil
}

func (s *Set) compileLocked(target string) error {
	rep := &collector{}
	c := protocompile.Compiler{
		Resolver:       &resolver{set: s},
		SourceInfoMode: protocompile.SourceInfoStandard,
		Reporter:       rep,
	}
	files, err := c.Compile(context.Background(), target)
	if err != nil {
		if len(rep.errs) > 0 {
			return rep.joined()
		}
		return err
	}
	var add func(fd protoreflect.FileDescriptor) error
	add = func(fd protoreflect.FileDescriptor) error {
		if s.cache[fd.Path()] != nil {
			return nil
		}
		c := &compiled{name: fd.Path(), fd: fd}
		imps := fd.Imports()
		for i := 0; i < imps.Len(); i++ {
			dep := imps.Get(i).FileDescriptor
			if err := add(dep); err != nil {
				return err
			}
			c.deps = append(c.deps, dep.Path())
		}
		p := fileProto(fd)
		opts := proto.MarshalOptions{Deterministic: true}
		var err error
		if c.rawWithInfo, err = opts.Marshal(p); err != nil {
			return fmt.Errorf("%s: %w", c.name, err)
		}
		p.SourceCodeInfo = nil
		if c.raw, err = opts.Marshal(p); err != nil {
			return fmt.Errorf("%s: %w", c.name, err)
		}
		s.cache[c.name] = c
		return nil
	}
	return add(files[0])
}

// fileProto returns fd as a descriptor proto, with json_name filled in the
// way protoc fills it for plugins.
func fileProto(fd protoreflect.FileDescriptor) *descriptorpb.FileDescriptorProto {
	var p *descriptorpb.FileDescriptorProto
	if r, ok := fd.(linker.Result); ok {
		p = proto.Clone(r.FileDescriptorProto()).(*descriptorpb.FileDescriptorProto)
	} else {
		p = protodesc.ToFileDescriptorProto(fd)
	}
	for _, f := range p.Extension {
		setJSONName(f)
	}
	for _, m := range p.MessageType {
		setJSONNames(m)
	}
	return p
}

func setJSONNames(m *descriptorpb.DescriptorProto) {
	for _, f := range m.Field {
		setJSONName(f)
	}
	for _, f := range m.Extension {
		setJSONName(f)
	}
	for _, n := range m.NestedType {
		setJSONNames(n)
	}
}

func setJSONName(f *descriptorpb.FieldDescriptorProto) {
	if f.JsonName != nil {
		return
	}
	// protoc's rule: drop each underscore and upper-case the letter after it.
	var b strings.Builder
	up := false
	for i := 0; i < len(f.GetName()); i++ {
		c := f.GetName()[i]
		switch {
		case c == '_':
			up = true
		case up && 'a' <= c && c <= 'z':
			b.WriteByte(c - 'a' + 'A')
			up = false
		default:
			b.WriteByte(c)
			up = false
		}
	}
	f.JsonName = proto.String(b.String())
}

// resolver finds imports in the order protoc's -I path would, after the
// two files that always come from Go modules.
type resolver struct{ set *Set }

func (r *resolver) FindFileByPath(name string) (protocompile.SearchResult, error) {
	// Compiled before (the Set's lock is held, nothing writes the cache).
	if c := r.set.cache[name]; c != nil {
		return protocompile.SearchResult{Desc: c.fd}, nil
	}
	switch name {
	case GogoProtoPath:
		p, err := gogoDescriptor()
		if err != nil {
			return protocompile.SearchResult{}, err
		}
		return protocompile.SearchResult{Proto: p}, nil
	case DescriptorProtoPath:
		return protocompile.SearchResult{Desc: descriptorpb.File_google_protobuf_descriptor_proto}, nil
	}
	if src, ok := r.set.sources[name]; ok {
		return protocompile.SearchResult{Source: bytes.NewReader(src)}, nil
	}
	if path.IsAbs(name) || strings.HasPrefix(path.Clean(name), "..") {
		return protocompile.SearchResult{}, r.notFound()
	}
	for _, d := range r.set.dirs {
		src, err := os.ReadFile(filepath.Join(d, filepath.FromSlash(name)))
		if err == nil {
			return protocompile.SearchResult{Source: bytes.NewReader(src)}, nil
		}
		if !errors.Is(err, os.ErrNotExist) {
			return protocompile.SearchResult{}, err
		}
	}
	return protocompile.WithStandardImports(noFiles{r}).FindFileByPath(name)
}

// notFound says where an import was looked for.
func (r *resolver) notFound() error {
	where := "not among the .proto files in memory"
	if len(r.set.dirs) > 0 {
		where += " nor in " + strings.Join(r.set.dirs, ", ")
	}
	return notFoundError(where)
}

type notFoundError string

func (e notFoundError) Error() string        { return "file not found (" + string(e) + ")" }
func (e notFoundError) Is(target error) bool { return target == os.ErrNotExist }

type noFiles struct{ r *resolver }

func (n noFiles) FindFileByPath(string) (protocompile.SearchResult, error) {
	return protocompile.SearchResult{}, n.r.notFound()
}

// gogoDescriptor returns gogo.proto as the gogoproto Go package registers it
// (compressed, under the name "gogo.proto"), named by its import path.
func gogoDescriptor() (*descriptorpb.FileDescriptorProto, error) {
	gz := gogo.FileDescriptor(gogoproto.E_Nullable.Filename)
	if gz == nil {
		return nil, fmt.Errorf("gogoproto: no descriptor registered for %q", gogoproto.E_Nullable.Filename)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("gogoproto descriptor: %w", err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("gogoproto descriptor: %w", err)
	}
	p := &descriptorpb.FileDescriptorProto{}
	if err := proto.Unmarshal(raw, p); err != nil {
		return nil, fmt.Errorf("gogoproto descriptor: %w", err)
	}
	p.Name = proto.String(GogoProtoPath)
	return p, nil
}

// collector keeps every error protocompile reports (with its position)
// and lets it go on, so one call reports them all, like protoc.
type collector struct {
	errs []reporter.ErrorWithPos
}

// joined returns the errors in the order of their positions (files are
// compiled in parallel, so they are reported in any order).
func (c *collector) joined() error {
	slices.SortStableFunc(c.errs, func(a, b reporter.ErrorWithPos) int {
		pa, pb := a.GetPosition(), b.GetPosition()
		return cmp.Or(strings.Compare(pa.Filename, pb.Filename), cmp.Compare(pa.Line, pb.Line), cmp.Compare(pa.Col, pb.Col))
	})
	errs := make([]error, len(c.errs))
	for i, e := range c.errs {
		errs[i] = e
	}
	return errors.Join(errs...)
}

func (c *collector) Error(err reporter.ErrorWithPos) error {
	c.errs = append(c.errs, err)
	return nil
}

func (c *collector) Warning(reporter.ErrorWithPos) {}
