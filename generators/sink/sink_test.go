package sink

import (
	"bytes"
	"os"
	"path/filepath"
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
	if got := Unified("/dev/null", "b", "", "x\n"); got != "--- /dev/null\n+++ b\n@@ -0,0 +1,1 @@\n+x\n" {
		t.Errorf("new file: %q", got)
	}
}

// TestWriteAllIsAllOrNothing: when one file cannot be written, none is.
func TestWriteAllIsAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.go")
	os.WriteFile(good, []byte("old\n"), 0o644)
	blocker := filepath.Join(dir, "blocker")
	os.WriteFile(blocker, nil, 0o644) // a file where a directory is needed
	err := writeAll([]File{{good, []byte("new\n")}, {filepath.Join(blocker, "x.go"), []byte("x\n")}})
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
