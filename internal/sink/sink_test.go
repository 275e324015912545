package sink

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestUnified(t *testing.T) {
	a := "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n"
	b := "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n11\n12\n13\n"
	want := `--- a
+++ b
@@ -2,7 +2,7 @@
 2
 3
 4
-5
+five
 6
 7
 8
@@ -10,3 +10,4 @@
 10
 11
 12
+13
`
	if got := Unified("a", "b", a, b); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if got := Unified("a", "b", a, a); got != "" {
		t.Errorf("equal inputs: %q", got)
	}
	// The hunk headers are diff -u's: a count of one is left out.
	if got := Unified("/dev/null", "b", "", "x\n"); got != "--- /dev/null\n+++ b\n@@ -0,0 +1 @@\n+x\n" {
		t.Errorf("new file: %q", got)
	}
	if got := Unified("a", "b", "x\n", "x"); got != "--- a\n+++ b\n@@ -1 +1 @@\n-x\n+x\n\\ No newline at end of file\n" {
		t.Errorf("a lost final newline: %q", got)
	}
}

// TestVerifyLargeFile: verifying a file with one changed line among
// 100,000 prints one small hunk, where a quadratic diff would give up or
// run out of memory.
func TestVerifyLargeFile(t *testing.T) {
	var a strings.Builder
	for i := range 100_000 {
		fmt.Fprintf(&a, "line %d\n", i)
	}
	p := filepath.Join(t.TempDir(), "big.go")
	if err := os.WriteFile(p, []byte(a.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	b := strings.Replace(a.String(), "line 54321\n", "line 54321 changed\n", 1)
	var diffs bytes.Buffer
	if _, err := Apply([]File{{p, []byte(b)}}, nil, Verify, &diffs); err != nil {
		t.Fatal(err)
	}
	want := "--- " + p + "\n+++ " + p + `
@@ -54319,7 +54319,7 @@
 line 54318
 line 54319
 line 54320
-line 54321
+line 54321 changed
 line 54322
 line 54323
 line 54324
`
	if got := diffs.String(); got != want {
		t.Errorf("got %d bytes:\n%.2000s\nwant:\n%s", len(got), got, want)
	}
}

// TestCompare sorts what is on disk into creations, rewrites, removals
// and unchanged files, and refuses a directory where a file goes.
func TestCompare(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	same, changed, stale := write("same", "s\n"), write("changed", "old\n"), write("stale", "x\n")
	created := filepath.Join(dir, "created")
	c, err := Compare([]File{{same, []byte("s\n")}, {created, []byte("c\n")}, {changed, []byte("new\n")}},
		[]string{stale, filepath.Join(dir, "gone already")})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Create) != 1 || c.Create[0].Path != created || c.Create[0].Exists ||
		len(c.Modify) != 1 || c.Modify[0].Path != changed || string(c.Modify[0].Old) != "old\n" ||
		!slices.Equal(c.Remove, []string{stale}) || !slices.Equal(c.Unchanged, []string{same}) || c.Empty() {
		t.Errorf("Compare = %+v", c)
	}
	var diffs bytes.Buffer
	c.Diff(&diffs)
	for _, want := range []string{"--- /dev/null\n+++ " + created, "-old\n+new\n", stale + ": stale generated file"} {
		if !strings.Contains(diffs.String(), want) {
			t.Errorf("Diff lacks %q:\n%s", want, diffs.String())
		}
	}
	if err := c.Write(); err != nil {
		t.Fatal(err)
	}
	if c, err := Compare([]File{{same, []byte("s\n")}, {created, []byte("c\n")}, {changed, []byte("new\n")}}, []string{stale}); err != nil || !c.Empty() {
		t.Errorf("after Write: %+v, %v", c, err)
	}

	os.Mkdir(filepath.Join(dir, "adir"), 0o755)
	_, err = Compare([]File{{filepath.Join(dir, "adir"), []byte("x")}}, nil)
	var inTheWay *InTheWayError
	if !errors.As(err, &inTheWay) || inTheWay.Path != filepath.Join(dir, "adir") {
		t.Errorf("a directory where a file goes: %v", err)
	}
}

// TestWriteAllRemovesItsDirectories: a failed write leaves no directory it
// created behind.
func TestWriteAllRemovesItsDirectories(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "blocker")
	os.WriteFile(blocker, nil, 0o644)
	err := writeAll([]Change{
		{File: File{filepath.Join(dir, "new", "deep", "a.go"), []byte("a\n")}},
		{File: File{filepath.Join(blocker, "x.go"), []byte("x\n")}},
	})
	if err == nil || !strings.Contains(err.Error(), "is a file") {
		t.Fatalf("writeAll: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "new")); !os.IsNotExist(err) {
		t.Errorf("the directory made for a.go is left: %v", err)
	}
}

// TestWriteAllIsAllOrNothing: when one file cannot be written, none is.
func TestWriteAllIsAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.go")
	os.WriteFile(good, []byte("old\n"), 0o644)
	blocker := filepath.Join(dir, "blocker")
	os.WriteFile(blocker, nil, 0o644) // a file where a directory is needed
	err := writeAll([]Change{{File: File{good, []byte("new\n")}}, {File: File{filepath.Join(blocker, "x.go"), []byte("x\n")}}})
	if err == nil {
		t.Fatal("writeAll succeeded")
	}
	if b, _ := os.ReadFile(good); string(b) != "old\n" {
		t.Errorf("good.go = %q after a failed run", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestApplyVerifyWritesNothing(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.go")
	var diffs bytes.Buffer
	rep, err := Apply([]File{{p, []byte("x\n")}}, nil, Verify, &diffs)
	if err != nil || !rep.Differs() {
		t.Fatalf("rep=%+v err=%v", rep, err)
	}
	if _, err := os.Stat(p); !os.IsNotExist(err) {
		t.Errorf("verify wrote %s", p)
	}
	if !strings.Contains(diffs.String(), "+x") {
		t.Errorf("diff: %s", diffs.String())
	}
}
