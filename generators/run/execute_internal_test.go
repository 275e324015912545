package run

import (
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kubegen/kubegen/generators/model"
	"github.com/kubegen/kubegen/internal/sink"
)

// TestOutsideModuleCache: in the module cache, an up-to-date file passes
// (the sink does not rewrite it); a change, a new file or a stale one to remove
// is refused, naming the file and what would happen to it.
func TestOutsideModuleCache(t *testing.T) {
	cache := t.TempDir()
	roots := []string{cache}
	shipped := filepath.Join(cache, "example.com/m@v1.0.0/p/zz_generated.model_name.go")
	if err := os.MkdirAll(filepath.Dir(shipped), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(shipped, []byte("package p\n"), 0o444); err != nil {
		t.Fatal(err)
	}
	mine := sink.File{Path: filepath.Join(t.TempDir(), "out.go"), Data: []byte("package out\n")}

	if err := outsideModuleCache(roots, []sink.File{mine, {Path: shipped, Data: []byte("package p\n")}}, nil); err != nil {
		t.Errorf("up to date: %v", err)
	}
	for _, c := range []struct {
		name  string
		files []sink.File
		stale []string
		want  string
	}{
		{"change", []sink.File{{Path: shipped, Data: []byte("package p\n\nvar X = 1\n")}}, nil, "change this file as follows"},
		{"new file", []sink.File{{Path: filepath.Join(filepath.Dir(shipped), "new.go"), Data: []byte("package p\n")}}, nil, "create this file"},
		{"stale", nil, []string{shipped}, "remove this stale generated file"},
	} {
		err := outsideModuleCache(roots, c.files, c.stale)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "read-only source") {
			t.Errorf("%s: err %v, want one that says %q", c.name, err, c.want)
		}
	}
	if b, _ := os.ReadFile(shipped); string(b) != "package p\n" {
		t.Errorf("the module cache file changed: %q", b)
	}
}

// TestWarningsSorted: warnings come by file, line and column (line 9
// before line 10), each once.
func TestWarningsSorted(t *testing.T) {
	w := &warnings{}
	at := func(file string, line int) token.Position {
		return token.Position{Filename: file, Line: line, Column: 2}
	}
	for _, e := range []*model.PosError{
		{Pos: at("b.go", 1), Msg: "b"},
		{Pos: at("a.go", 10), Msg: "ten"},
		{Pos: at("a.go", 9), Msg: "nine"},
		{Pos: at("a.go", 10), Msg: "ten"},
		{Msg: "no position"},
	} {
		w.add(e)
	}
	want := []string{"no position", "a.go:9:2: nine", "a.go:10:2: ten", "b.go:1:2: b"}
	if got := w.sorted(); !slices.Equal(got, want) {
		t.Errorf("sorted() = %q, want %q", got, want)
	}
}

// fakeTool is a generator that only has a name, for combine.
type fakeTool struct{ Generator }

func (fakeTool) Tool() string { return "fake-gen" }

// TestCombine: the jobs' files and stale paths end as the jobs run one by
// one would leave them: a file two jobs write identically once, one they
// write differently with the later content and a warning naming both, a
// file a later job finds stale removed, and a stale file a later job
// writes kept.
func TestCombine(t *testing.T) {
	file := func(path, data string) sink.File { return sink.File{Path: path, Data: []byte(data)} }
	done := func(stale []string, files ...sink.File) *jobOutput {
		o := &jobOutput{done: make(chan struct{}), files: files, stale: stale}
		close(o.done)
		return o
	}
	jobs := []Job{{Generator: fakeTool{}}, {Generator: fakeTool{}}, {Generator: fakeTool{}}}
	outputs := []*jobOutput{
		done([]string{"w.go"}, file("x.go", "same"), file("y.go", "first"), file("z.go", "z")),
		done([]string{"z.go"}, file("x.go", "same"), file("y.go", "second")),
		done(nil, file("w.go", "w")),
	}
	w := &warnings{}
	files, stale, err := combine(jobs, outputs, w)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range files {
		got = append(got, f.Path+"="+string(f.Data))
	}
	if want := []string{"x.go=same", "y.go=second", "w.go=w"}; !slices.Equal(got, want) {
		t.Errorf("files = %q, want %q", got, want)
	}
	if want := []string{"z.go"}; !slices.Equal(stale, want) {
		t.Errorf("stale = %q, want %q", stale, want)
	}
	msgs := w.sorted()
	if len(msgs) != 1 || !strings.HasPrefix(msgs[0], "y.go: two calls generate it differently (fake-gen, then fake-gen)") {
		t.Errorf("warnings = %q, want one for y.go", msgs)
	}
}
