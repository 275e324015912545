package app

import (
	"bytes"
	"flag"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kubegen/kubegen/gendocs"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from the current output")

// toolModule copies testdata/tool, a throwaway module with its own go.mod
// and a cobra tree in package example.com/tool/cli, to a temporary
// directory and returns that directory.
func toolModule(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	err := os.CopyFS(dir, os.DirFS("testdata/tool"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// runGendocs runs Main and returns the exit status, stdout and stderr.
func runGendocs(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Main(args, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

// snapshotDir reads every file below dir, by slash-separated relative path.
func snapshotDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func sameFiles(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	for name, data := range want {
		if g, ok := got[name]; !ok {
			t.Errorf("%s: %s is missing", what, name)
		} else if g != data {
			t.Errorf("%s: %s differs", what, name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s: unexpected %s", what, name)
		}
	}
}

// documentTool writes the docs of the tool module's function fn in every
// format, with the options of the golden files, and returns their directory.
func documentTool(t *testing.T, module, fn string) string {
	t.Helper()
	out := t.TempDir()
	code, stdout, stderr := runGendocs(t, "--root", "example.com/tool/cli."+fn, "--module-dir", module,
		"--format", "markdown,man,yaml,rst", "--output-dir", out,
		"--date", "2026-03-15", "--man-source", "tool 1.0", "--man-manual", "Tool Manual")
	if code != ExitOK {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	return out
}

// TestRootOnThrowawayModule documents the tool module with --root, with no
// code added to it, and compares the result with testdata/golden.
func TestRootOnThrowawayModule(t *testing.T) {
	module := toolModule(t)
	before := snapshotDir(t, module)
	out := documentTool(t, module, "NewRoot")
	sameFiles(t, "the tool module after gendocs", snapshotDir(t, module), before)

	got := snapshotDir(t, out)
	if *update {
		os.RemoveAll("testdata/golden")
		if err := os.CopyFS("testdata/golden", os.DirFS(out)); err != nil {
			t.Fatal(err)
		}
	}
	sameFiles(t, "docs compared with testdata/golden", got, snapshotDir(t, "testdata/golden"))

	// 5 documented commands (not the hidden, deprecated and help-topic ones) in 4 formats.
	if len(got) != 20 {
		t.Errorf("got %d files, want 20: %v", len(got), keys(got))
	}
	if _, ok := got["tool_debug.md"]; ok {
		t.Error("the hidden command debug was documented without --include-hidden")
	}

	t.Run("streams", func(t *testing.T) {
		out2 := documentTool(t, module, "NewWithStreams")
		sameFiles(t, "docs of NewWithStreams compared with NewRoot's", snapshotDir(t, out2), got)
	})

	t.Run("include-hidden", func(t *testing.T) {
		out3 := t.TempDir()
		code, stdout, stderr := runGendocs(t, "--root", "example.com/tool/cli.NewRoot", "--module-dir", module,
			"--include-hidden", "--output-dir", out3)
		if code != ExitOK {
			t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
		}
		docs := snapshotDir(t, out3)
		if _, ok := docs["tool_debug.md"]; !ok {
			t.Errorf("--include-hidden did not document the hidden command: %v", keys(docs))
		}
		if _, ok := docs["tool_old.md"]; ok {
			t.Error("the deprecated command old was documented")
		}
		if !strings.Contains(docs["tool.md"], "[tool debug](tool_debug.md)") {
			t.Errorf("tool.md does not link the hidden command:\n%s", docs["tool.md"])
		}
	})
}

func keys(m map[string]string) []string {
	var names []string
	for name := range m {
		names = append(names, name)
	}
	return names
}

// TestOwnConventions lints gendocs' own command tree.
func TestOwnConventions(t *testing.T) {
	if findings := gendocs.Lint(gendocs.Snapshot(New(nil, io.Discard, io.Discard), true)); len(findings) > 0 {
		t.Errorf("gendocs breaks its own lint rules: %v", findings)
	}
}
