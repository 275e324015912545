package pbgo

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/kubegen/kubegen/internal/testkit"
)

// goTypes stands in for what package protobuf knows about a Go package:
// the type names its files declare (hasGoType), and which of those are
// maps or slices tagged +protobuf.nullable=true (isOptional).
func goTypes(t testing.TB, files map[string][]byte) (has, optional map[string]bool) {
	t.Helper()
	has, optional = map[string]bool{}, map[string]bool{}
	for name, src := range files {
		f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.TYPE {
				continue
			}
			for _, s := range g.Specs {
				ts := s.(*ast.TypeSpec)
				has[ts.Name.Name] = true
				doc := ts.Doc
				if doc == nil && len(g.Specs) == 1 {
					doc = g.Doc
				}
				if doc == nil || !slices.Contains(strings.Split(doc.Text(), "\n"), "+protobuf.nullable=true") {
					continue
				}
				switch ts.Type.(type) {
				case *ast.MapType, *ast.ArrayType:
					optional[ts.Name.Name] = true
				}
			}
		}
	}
	return has, optional
}

// The golden case: a small API of three packages (two importing the first)
// with every kind of field and gogo option go-to-protobuf's IDL writer
// produces. testdata/golden.txtar holds the Go sources (src/) and what
// upstream makes of them, from a real run (go test -run TestGolden
// -update redoes it; see updateGolden): the IDL of --only-idl (idl/, the
// input here), protoc-gen-gogo's raw output for it (gogo/), and the final
// generated.pb.go and types.go of a full run with --conditional=pbtest
// (want/), and the generated.pb.go of one with --drop-gogo-go=false
// (want-keepgogo/).
const (
	goldenFile        = "testdata/golden.txtar"
	goldenModule      = "example.com/pbtest"
	goldenConditional = "pbtest"
)

var goldenPackages = []string{"common/v1", "api/v1", "extra/v1"}

func TestGolden(t *testing.T) {
	if *testkit.Update {
		updateGolden(t)
	}
	files := readArchive(t, goldenFile)
	sources := map[string][]byte{}
	for _, p := range goldenPackages {
		sources[protoPath(p)] = files["idl/"+p+"/generated.proto"]
	}
	header := append([]byte("// +build "+goldenConditional+"\n\n"), files["boilerplate.go.txt"]...)
	header = append(header, '\n') // as gengo's GoBoilerplate adds
	plainHeader := append(slices.Clip(files["boilerplate.go.txt"]), '\n')
	set := NewSet(sources, nil)
	for _, p := range goldenPackages {
		t.Run(p, func(t *testing.T) {
			raw, err := set.GenerateGo(protoPath(p))
			if err != nil {
				t.Fatal(err)
			}
			expect(t, "GenerateGo", files["gogo/"+p+"/generated.pb.go"], raw)

			goFiles := map[string][]byte{}
			for name, b := range files {
				if strings.HasPrefix(name, "src/"+p+"/") && strings.HasSuffix(name, ".go") {
					goFiles[name] = b
				}
			}
			has, opt := goTypes(t, goFiles)
			out, tags, err := Rewrite(raw, header, mapFunc(has), mapFunc(opt))
			if err != nil {
				t.Fatal(err)
			}
			expect(t, "Rewrite", files["want/"+p+"/generated.pb.go"], out)

			fused, _, err := set.Generate(protoPath(p), header, mapFunc(has), mapFunc(opt))
			if err != nil {
				t.Fatal(err)
			}
			expect(t, "Set.Generate", out, fused)

			// The literal route (goimports and gofmt -s on the whole file)
			// agrees with the short one.
			literal, _, err := rewrite(raw, header, mapFunc(has), mapFunc(opt), rewriteMode{literal: true})
			if err != nil {
				t.Fatal(err)
			}
			expect(t, "Rewrite, literal route", out, literal)

			keep, keepTags, err := RewriteKeepGogo(raw, plainHeader, mapFunc(has), mapFunc(opt))
			if err != nil {
				t.Fatal(err)
			}
			expect(t, "RewriteKeepGogo", files["want-keepgogo/"+p+"/generated.pb.go"], keep)
			if !maps.EqualFunc(tags, keepTags, maps.Equal) {
				t.Errorf("RewriteKeepGogo's struct tags differ from Rewrite's")
			}

			for name, src := range goFiles {
				got, err := RewriteStructTags(name, src, tags)
				if err != nil {
					t.Fatal(err)
				}
				expect(t, "RewriteStructTags "+name, files["want/"+strings.TrimPrefix(name, "src/")], got)
			}
		})
	}
}

// TestImportDirs finds an import on disk instead of in memory, and never
// reads gogo.proto or descriptor.proto from disk (broken copies are put
// first).
func TestImportDirs(t *testing.T) {
	files := readArchive(t, goldenFile)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, protoPath("common/v1")), files["idl/common/v1/generated.proto"])
	writeFile(t, filepath.Join(dir, GogoProtoPath), []byte("this is not a .proto file"))
	writeFile(t, filepath.Join(dir, DescriptorProtoPath), []byte("this is not a .proto file"))
	sources := map[string][]byte{protoPath("api/v1"): files["idl/api/v1/generated.proto"]}
	got, err := GenerateGo(protoPath("api/v1"), sources, []string{t.TempDir(), dir})
	if err != nil {
		t.Fatal(err)
	}
	expect(t, "GenerateGo", files["gogo/api/v1/generated.pb.go"], got)
}

// TestDeterministic: the same bytes from fresh Sets, from one Set used
// again, and from concurrent calls (run with -race to check the locking).
func TestDeterministic(t *testing.T) {
	files := readArchive(t, goldenFile)
	sources := map[string][]byte{}
	for _, p := range goldenPackages {
		sources[protoPath(p)] = files["idl/"+p+"/generated.proto"]
	}
	set := NewSet(sources, nil)
	want := map[string][]byte{}
	for _, p := range goldenPackages {
		want[p] = files["gogo/"+p+"/generated.pb.go"]
	}
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := range 8 {
		for _, p := range goldenPackages {
			wg.Go(func() {
				s := set
				if i%2 == 1 {
					s = NewSet(sources, nil)
				}
				got, err := s.GenerateGo(protoPath(p))
				if err == nil && !bytes.Equal(got, want[p]) {
					err = fmt.Errorf("%s: call %d differs", p, i)
				}
				if err != nil {
					errs <- err
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestPruneGuard: pruning extra/v1's import common/v1 to what it reaches
// would leave gogo no indentation to start extra/v1 with, where the whole
// common/v1 leaves some (see pruneImports), and gogo would then reformat
// extra/v1's comments; pruneImports sees that and sends the whole file.
func TestPruneGuard(t *testing.T) {
	files := readArchive(t, goldenFile)
	sources := map[string][]byte{}
	for _, p := range goldenPackages {
		sources[protoPath(p)] = files["idl/"+p+"/generated.proto"]
	}
	set := NewSet(sources, nil)
	target := protoPath("extra/v1")
	want := files["gogo/extra/v1/generated.pb.go"]

	got, err := set.GenerateGo(target)
	if err != nil {
		t.Fatal(err)
	}
	expect(t, "GenerateGo", want, got)

	req, err := set.request(target)
	if err != nil {
		t.Fatal(err)
	}
	prune(req.ProtoFile[:len(req.ProtoFile)-1], reached(req.ProtoFile, target))
	raw, err := runGogo(req)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := format.Source(raw); err != nil || bytes.Equal(got, want) {
		t.Errorf("pruned without the guard: err %v, same output: %v; the test no longer shows why the guard is there", err, err == nil)
	} else if !bytes.Contains(got, []byte("//   - one\n")) {
		t.Errorf("pruned without the guard: the comment is not reformatted as expected:\n%s", testkit.Diff(string(want), string(got)))
	}
}

func TestErrors(t *testing.T) {
	const head = "syntax = \"proto2\";\npackage bad;\nimport \"github.com/gogo/protobuf/gogoproto/gogo.proto\";\n"
	for _, tc := range []struct {
		name, src string
		want      []string // substrings of the error
	}{
		{"syntax", head + "message A {\n  optional string a = 1\n}\n",
			[]string{"bad.proto:6:1: syntax error"}},
		{"missing import", head + "import \"no/such.proto\";\nmessage A {}\n",
			[]string{"bad.proto:4:8:", "no/such.proto", "not found"}},
		{"unknown type", head + "message A {\n  optional Nope a = 1;\n}\n",
			[]string{"bad.proto:5:12:", "unknown type Nope"}},
		{"two errors", head + "message A {\n  optional Nope a = 1;\n  optional Nope2 b = 2;\n}\n",
			[]string{"bad.proto:5:12:", "bad.proto:6:12:"}},
		{"customname", head + "message A {\n  optional string a = 1 [(gogoproto.customname) = \"not valid\"];\n}\n",
			[]string{"bad.proto:5:3: field A.a: (gogoproto.customname) \"not valid\" is not a Go identifier"}},
		{"casttype", head + "message A {\n  optional string a = 1 [(gogoproto.casttype) = \"k8s.io/x.[]\"];\n}\n",
			[]string{"bad.proto:5:3: field A.a: (gogoproto.casttype) \"k8s.io/x.[]\" does not name a Go type"}},
		{"customtype and casttype", head + "message A {\n  optional string a = 1 [(gogoproto.customtype) = \"T\", (gogoproto.casttype) = \"U\"];\n}\n",
			[]string{"bad.proto:5:3:", "customtype"}},
		{"default without getters", head + "option (gogoproto.goproto_getters_all) = false;\nmessage A {\n  optional string a = 1 [default = \"x\"];\n}\n",
			[]string{"bad.proto:6:3:", "default value without getters"}},
		{"repeated embed", head + "message B {}\nmessage A {\n  repeated B b = 1 [(gogoproto.embed) = true];\n}\n",
			[]string{"bad.proto:6:3:", "embed"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := GenerateGo("bad.proto", map[string][]byte{"bad.proto": []byte(tc.src)}, nil)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
	t.Run("gogo panics", func(t *testing.T) {
		// gogo's face plugin panics on a face with getters; the panic is
		// an error, and gogo still works afterwards.
		src := head + "message A {\n  option (gogoproto.face) = true;\n  optional string a = 1;\n}\n"
		_, err := GenerateGo("bad.proto", map[string][]byte{"bad.proto": []byte(src)}, nil)
		if err == nil || !strings.Contains(err.Error(), "bad.proto: protoc-gen-gogo: face requires getters to be disabled") {
			t.Errorf("error %v, want gogo's panic", err)
		}
		files := readArchive(t, goldenFile)
		got, err := GenerateGo(protoPath("common/v1"), map[string][]byte{protoPath("common/v1"): files["idl/common/v1/generated.proto"]}, nil)
		if err != nil {
			t.Fatal(err)
		}
		expect(t, "GenerateGo after a panic", files["gogo/common/v1/generated.pb.go"], got)
	})
	t.Run("no such target", func(t *testing.T) {
		_, err := GenerateGo("none.proto", nil, []string{t.TempDir()})
		if err == nil || !strings.Contains(err.Error(), "none.proto") {
			t.Errorf("error %v does not name the file", err)
		}
	})
}

func TestRewriteErrors(t *testing.T) {
	never := func(string) bool { return false }
	if _, _, err := Rewrite([]byte("package x\nfunc {"), nil, never, never); err == nil || !strings.Contains(err.Error(), "generated.pb.go:2:") {
		t.Errorf("Rewrite of bad Go: error %v, want one with a position", err)
	}

	tags := map[string]map[string]string{"T": {"A": `protobuf:"bytes,1,opt,name=a"`, "G": `protobuf:"bytes,2,opt,name=g"`}}
	src := "package x\n\ntype T struct {\n\tA string `json:\"a\\z\"`\n\tG[int]\n}\n"
	_, err := RewriteStructTags("types.go", []byte(src), tags)
	if err == nil {
		t.Fatal("RewriteStructTags: no error")
	}
	for _, w := range []string{"types.go:4:2: struct T: field A: cannot read struct tag", "types.go:5:2: struct T: embedded field"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not contain %q", err, w)
		}
	}
}

// TestRewriteStructTags: a new tag is appended, an existing protobuf key
// kept, a malformed tail dropped (all as upstream), and the file gofmt'ed.
func TestRewriteStructTags(t *testing.T) {
	tags := map[string]map[string]string{"T": {
		"A":     `protobuf:"bytes,1,opt,name=a"`,
		"B":     `protobuf:"bytes,2,opt,name=b"`,
		"C":     `protobuf:"bytes,3,opt,name=c"`,
		"Inner": `protobuf:"bytes,4,opt,name=inner"`,
	}}
	src := "package x\n\ntype T struct {\n\tA string\n\tB string `json:\"b\" protobuf:\"old\"`\n\tC string `json:\"c\"   junk`\n\t*Inner\n\tD   int\n}\n"
	want := "package x\n\ntype T struct {\n\tA      string `protobuf:\"bytes,1,opt,name=a\"`\n\tB      string `json:\"b\" protobuf:\"old\"`\n\tC      string `json:\"c\" protobuf:\"bytes,3,opt,name=c\"`\n\t*Inner `protobuf:\"bytes,4,opt,name=inner\"`\n\tD      int\n}\n"
	got, err := RewriteStructTags("types.go", []byte(src), tags)
	if err != nil {
		t.Fatal(err)
	}
	expect(t, "RewriteStructTags", []byte(want), got)
}

func mapFunc(m map[string]bool) func(string) bool { return func(s string) bool { return m[s] } }

func protoPath(p string) string { return path.Join(goldenModule, p, "generated.proto") }

func expect(t *testing.T, what string, want, got []byte) {
	t.Helper()
	if want == nil {
		t.Errorf("%s: no expected output", what)
		return
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s differs from upstream's:\n%s", what, testkit.Diff(string(want), string(got)))
	}
}

func readArchive(t testing.TB, name string) map[string][]byte {
	t.Helper()
	a, err := txtar.ParseFile(name)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range a.Files {
		files[f.Name] = f.Data
	}
	return files
}

func writeFile(t testing.TB, name string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
