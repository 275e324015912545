package kubegen_test

import (
	"os/exec"
	"testing"
)

// TestGoModTidy: go.mod and go.sum say exactly what the code imports, so
// that vendoring kubegen or `go get` on it pulls in nothing stale.
func TestGoModTidy(t *testing.T) {
	out, err := exec.Command("go", "mod", "tidy", "-diff").CombinedOutput()
	if err != nil {
		t.Errorf("go.mod or go.sum is not tidy (run go mod tidy):\n%s", out)
	}
}
