package gendocs

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func toolDocs(t *testing.T) *Docs {
	t.Helper()
	root, _ := lintTree()
	docs, err := Generate(root, Options{Formats: []Format{Markdown, Man}})
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

func TestWriteAndVerifyDir(t *testing.T) {
	docs := toolDocs(t)
	dir := filepath.Join(t.TempDir(), "new", "docs")
	var outdated *OutdatedError
	if err := docs.VerifyDir(dir); !errors.As(err, &outdated) || len(outdated.Missing) != 4 {
		t.Fatalf("VerifyDir on a missing directory: %v", err)
	}
	if _, err := os.Stat(dir); err == nil {
		t.Fatal("VerifyDir created the directory")
	}
	result, err := docs.WriteDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"tool-get-all.1", "tool.1", "tool.md", "tool_get-all.md"}
	if !slices.Equal(result.Written, want) || !slices.Equal(dirNames(t, dir), want) {
		t.Errorf("wrote %v, directory has %v; want %v", result.Written, dirNames(t, dir), want)
	}
	if err := docs.VerifyDir(dir); err != nil {
		t.Errorf("VerifyDir after WriteDir: %v", err)
	}
	if result, err := docs.WriteDir(dir); err != nil || len(result.Written)+len(result.Removed) > 0 {
		t.Errorf("a second WriteDir changed %+v (%v)", result, err)
	}
}

// TestWriteDirAllOrNothing puts a directory where one page goes: WriteDir
// must fail naming it and leave the output directory as it was.
func TestWriteDirAllOrNothing(t *testing.T) {
	docs := toolDocs(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "tool.md"), []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "tool_get-all.md"), 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := docs.WriteDir(dir)
	if err == nil || err.Error() != filepath.Join(dir, "tool_get-all.md")+" is in the way: gendocs writes a file there; move it" {
		t.Errorf("WriteDir: got error %v", err)
	}
	if got := dirNames(t, dir); !slices.Equal(got, []string{"tool.md", "tool_get-all.md"}) {
		t.Errorf("WriteDir left %v", got)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "tool.md")); string(data) != "old\n" {
		t.Errorf("WriteDir changed tool.md to %q", data)
	}
}

// TestWriteDirReadOnly needs a user the file permissions stop (not root).
func TestWriteDirReadOnly(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root ignores directory permissions; TestWriteDirAllOrNothing covers failed writes")
	}
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o755)
	if _, err := toolDocs(t).WriteDir(dir); err == nil {
		t.Error("WriteDir into a read-only directory gave no error")
	}
	if got := dirNames(t, dir); len(got) > 0 {
		t.Errorf("WriteDir left %v", got)
	}
}
