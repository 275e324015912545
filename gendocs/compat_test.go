package gendocs

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kubegen/kubegen/internal/sink"
)

// TestKubectlMatchesCobra renders kubectl v0.37.2's docs with cobra
// v1.10.2's doc package and with this package, in a throwaway module
// copied from testdata/kubectl, and requires the trees to be identical
// file by file. The first run downloads and compiles kubectl (minutes);
// later runs take seconds. -short skips it.
func TestKubectlMatchesCobra(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the kubectl compatibility build")
	}
	repoRoot, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	module := t.TempDir()
	for _, name := range []string{"go.mod", "go.sum", "main.go"} {
		data, err := os.ReadFile(filepath.Join("testdata/kubectl", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(module, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	goCommand(t, module, "mod", "edit", "-replace", "github.com/kubegen/kubegen="+repoRoot)
	out := t.TempDir()
	goCommand(t, module, "run", ".", out)

	for _, format := range []string{"md", "yaml", "man", "rst"} {
		cobraDir, ourDir := filepath.Join(out, "cobra", format), filepath.Join(out, "gendocs", format)
		cobraFiles, ourFiles := dirNames(t, cobraDir), dirNames(t, ourDir)
		if !slices.Equal(cobraFiles, ourFiles) {
			t.Errorf("%s: file sets differ:\ncobra:   %v\ngendocs: %v", format, cobraFiles, ourFiles)
		}
		identical, keptAngles := 0, []string(nil)
		for _, name := range cobraFiles {
			want, err := os.ReadFile(filepath.Join(cobraDir, name))
			if err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(filepath.Join(ourDir, name))
			if err != nil {
				continue // reported with the file sets
			}
			switch {
			case bytes.Equal(got, want):
				identical++
			case format == "man" && dropAngleText(string(got)) == dropZeroWidth(string(want)):
				// The one deliberate difference: cobra's man pages drop <text> outside examples.
				keptAngles = append(keptAngles, name)
			default:
				t.Errorf("%s/%s differs from cobra's:\n%s", format, name, sink.Unified("cobra/"+name, "gendocs/"+name, string(want), string(got)))
			}
		}
		if len(cobraFiles) < 100 {
			t.Errorf("%s: only %d files from cobra; kubectl has over 100 commands", format, len(cobraFiles))
		}
		t.Logf("kubectl %s: %d/%d identical", format, identical, len(cobraFiles))
		if format == "man" {
			t.Logf("kubectl man: %d/%d identical once the <text> cobra drops (and roff's zero-width \\&) is removed: %v", len(keptAngles), len(cobraFiles), keptAngles)
			if !slices.Contains(keptAngles, "kubectl-cp.1") {
				t.Errorf("kubectl-cp.1 should keep the <file-spec-src> <file-spec-dest> of its synopsis, which cobra drops")
			}
		}
	}

	// The same tree as gendocs --root gets it, through Load: a program of
	// its own and JSON in between must not change a byte.
	tree, err := Load(context.Background(), module, Root{"k8s.io/kubectl/pkg/cmd", "NewDefaultKubectlCommand"}, false)
	if err != nil {
		t.Fatal(err)
	}
	for format, dir := range map[Format]string{Markdown: "md", YAML: "yaml", Man: "man", ReST: "rst"} {
		opts := kubectlOptions
		opts.Formats = []Format{format}
		docs, err := Render(tree, opts)
		if err != nil {
			t.Fatal(err)
		}
		if err := docs.VerifyDir(filepath.Join(out, "gendocs", dir)); err != nil {
			t.Errorf("kubectl through Load, %s: %v", format, err)
		} else {
			t.Logf("kubectl through Load: %s %d/%d identical to Generate's", format, len(docs.Files), len(docs.Files))
		}
	}
}

// dropAngleText removes <text> from a man page outside its example blocks.
func dropAngleText(page string) string {
	lines := strings.Split(page, "\n")
	inExample := false
	for i, line := range lines {
		switch line {
		case ".EX":
			inExample = true
		case ".EE":
			inExample = false
		default:
			if !inExample {
				lines[i] = angleText.ReplaceAllString(line, "")
			}
		}
	}
	return dropZeroWidth(strings.Join(lines, "\n"))
}

// dropZeroWidth removes roff's invisible \& escapes, which go-md2man places
// differently around the text cobra drops.
func dropZeroWidth(page string) string { return strings.ReplaceAll(page, `\&`, "") }

var angleText = regexp.MustCompile(`<[^<>\n]*>`)

// kubectlOptions are the options testdata/kubectl/main.go renders with.
var kubectlOptions = Options{
	Date: time.Date(2026, time.March, 15, 12, 0, 0, 0, time.UTC),
	Man:  ManHeader{Section: "1", Source: "Kubernetes", Manual: "Kubernetes User Manuals"},
}

func goCommand(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=readonly")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %v in %s: %v\n%s", args, dir, err, out)
	}
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
