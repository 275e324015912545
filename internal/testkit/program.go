package testkit

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// BuildProgram builds a small main package of our own against upstream
// modules, in a throwaway module outside kubegen's go.mod, and returns
// the executable's path: dir holds the program's .go files (keep it under
// testdata, so that kubegen's build ignores it) and requires lists the
// modules it imports ("k8s.io/gengo/v2@v2.0.0-…"). It is built once per
// test binary; as with BuildUpstream, outside CI a failed build (no
// module proxy) skips the test.
func BuildProgram(t testing.TB, dir string, requires ...string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	return build(t, "upstream:program:"+abs, func(tmp string) (string, error) {
		gomod := "module upstreamprogram\n\ngo 1.26\n"
		for _, r := range requires {
			path, version, _ := strings.Cut(r, "@")
			gomod += fmt.Sprintf("\nrequire %s %s\n", path, version)
		}
		files := map[string][]byte{"go.mod": []byte(gomod)}
		srcs, _ := filepath.Glob(filepath.Join(abs, "*.go"))
		if len(srcs) == 0 {
			return "", fmt.Errorf("no .go files in %s", abs)
		}
		for _, src := range srcs {
			b, err := os.ReadFile(src)
			if err != nil {
				return "", err
			}
			files[filepath.Base(src)] = b
		}
		modDir := filepath.Join(tmp, "mod")
		if err := os.MkdirAll(modDir, 0o755); err != nil {
			return "", err
		}
		for name, b := range files {
			if err := os.WriteFile(filepath.Join(modDir, name), b, 0o644); err != nil {
				return "", err
			}
		}
		out := filepath.Join(tmp, filepath.Base(abs))
		for _, args := range [][]string{{"mod", "tidy"}, {"build", "-o", out, "."}} {
			cmd := exec.Command("go", args...)
			cmd.Dir, cmd.Env = modDir, append(os.Environ(), "GOFLAGS=-mod=mod")
			if b, err := cmd.CombinedOutput(); err != nil {
				return "", fmt.Errorf("go %s in %s: %v\n%s", strings.Join(args, " "), modDir, err, b)
			}
		}
		return out, nil
	})
}
