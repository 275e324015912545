package testkit

import (
	"os"
	"testing"
)

// GoldenFile compares got with the file at path or, with -update,
// rewrites the file with it; a difference fails the test with a diff
// from the file to got.
func GoldenFile(t testing.TB, path, got string) {
	t.Helper()
	if *Update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	switch {
	case err != nil:
		t.Fatalf("%v (run go test -update to create it)", err)
	case got != string(want):
		t.Errorf("%s differs (go test -update rewrites it; review the diff):\n%s", path, Diff(string(want), got))
	}
}
