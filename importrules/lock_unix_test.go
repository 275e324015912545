//go:build unix

package importrules

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// lockTree keeps concurrent test runs and hack/bench-imports.sh from adding
// and removing probe packages in the shared Kubernetes tree under each
// other; the lock is released when the test ends.
func lockTree(t *testing.T, lockFile string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(lockFile), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(lockFile, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
}
