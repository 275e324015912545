package codegen

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestExecutableID: the cache key names this binary by the build ID the go
// command gave it.
func TestExecutableID(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("go", "tool", "buildid", exe).Output()
	if err != nil {
		t.Skipf("go tool buildid: %v", err)
	}
	if got, want := string(executableID()), "go build id "+strings.TrimSpace(string(out)); got != want {
		t.Errorf("executableID() = %q, want %q", got, want)
	}
}
