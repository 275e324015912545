package importrules

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
)

// The parity tests run the upstream Kubernetes v1.37.2 tools, built from the
// module cache by hack/upstream-tools.sh, next to ours on the same trees and
// compare the verdicts: the set of (package, import, problem, rules file)
// for import-boss, (base, package, import) for importverifier and (import,
// alias, file) for preferredimports, and the exit status.

// parityDir holds the upstream tools and the assembled Kubernetes tree
// between runs; KUBEGEN_PARITY_DIR overrides it.
func parityDir() string {
	if d := os.Getenv("KUBEGEN_PARITY_DIR"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "kubegen-parity-v1.37.2")
}

var upstream = sync.OnceValues(func() (string, error) {
	return runScript("upstream-tools.sh", filepath.Join(parityDir(), "tools"))
})

// upstreamTool returns the path of an upstream binary, skipping the test
// when the Go module proxy cannot provide the Kubernetes module.
func upstreamTool(t *testing.T, name string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("parity with upstream needs the Kubernetes module; skipped in -short mode")
	}
	bin, err := upstream()
	if err != nil {
		if out, derr := exec.Command("go", "mod", "download", "k8s.io/kubernetes@v1.37.2").CombinedOutput(); derr != nil {
			t.Skipf("k8s.io/kubernetes@v1.37.2 not available from the module proxy: %s", out)
		}
		t.Fatal(err)
	}
	return filepath.Join(bin, name)
}

// runScript runs hack/<name> with args and returns the last line it prints.
func runScript(name string, args ...string) (string, error) {
	cmd := exec.Command(filepath.Join(testdataAbs, "..", "..", "hack", name), args...)
	cmd.Env = append(os.Environ(), "GOWORK=off")
	out, err := cmd.Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		return "", fmt.Errorf("hack/%s: %v\n%s", name, err, stderr)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return lines[len(lines)-1], nil
}

// runUpstream runs an upstream tool in dir and returns its exit status and
// output lines (stdout, then stderr).
func runUpstream(t *testing.T, dir, tool string, args ...string) (int, []string) {
	t.Helper()
	cmd := exec.Command(upstreamTool(t, tool), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=")
	out, err := cmd.CombinedOutput()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for sc := bufio.NewScanner(strings.NewReader(string(out))); sc.Scan(); {
		lines = append(lines, sc.Text())
	}
	return code, lines
}

func exitCode(fs []Finding) int {
	if len(fs) > 0 {
		return ExitFindings
	}
	return ExitOK
}

// compareVerdicts fails the test unless both sides found the same set.
func compareVerdicts(t *testing.T, what string, ours, theirs []string, ourCode, theirCode int) {
	t.Helper()
	slices.Sort(ours)
	slices.Sort(theirs)
	ours, theirs = slices.Compact(ours), slices.Compact(theirs)
	if ourCode != theirCode {
		t.Errorf("%s: exit %d, upstream %d", what, ourCode, theirCode)
	}
	for _, s := range theirs {
		if _, found := slices.BinarySearch(ours, s); !found {
			t.Errorf("%s: only upstream: %s", what, s)
		}
	}
	for _, s := range ours {
		if _, found := slices.BinarySearch(theirs, s); !found {
			t.Errorf("%s: only ours: %s", what, s)
		}
	}
	if !t.Failed() {
		t.Logf("%s: same %d verdicts as upstream, exit %d", what, len(ours), ourCode)
	}
}

// bossParity compares import-boss verdicts for patterns in dir.
func bossParity(t *testing.T, dir string, patterns ...string) {
	t.Helper()
	theirCode, lines := runUpstream(t, dir, "import-boss", patterns...)
	var theirs []string
	for _, l := range lines {
		if v, ok := strings.CutPrefix(l, "ERROR: "); ok {
			theirs = append(theirs, v)
		} else if strings.Contains(l, "failed to load packages") {
			t.Fatalf("upstream import-boss could not load the packages, so it checked nothing: %s", l)
		}
	}
	tree, err := Load(dir, true, patterns...)
	if err != nil {
		t.Fatal(err)
	}
	fs, err := CheckBoss(tree)
	if err != nil {
		t.Fatal(err)
	}
	var ours []string
	for _, f := range fs {
		s := fmt.Sprintf("%q %s %q", f.unit.bossName(), f.Relation, f.Other)
		if f.other != nil { // inverse rule: upstream names the checked package plainly
			s = fmt.Sprintf("%q %s %q", f.unit.Path, f.Relation, f.other.bossName())
		}
		if f.Problem == Forbidden {
			s += " is forbidden by " + f.Rule.File
		} else {
			s += " did not match any rule"
		}
		ours = append(ours, s)
	}
	compareVerdicts(t, "import-boss "+strings.Join(patterns, " "), ours, theirs, exitCode(fs), theirCode)
}

var logPrefix = regexp.MustCompile(`^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d `)

// restrictionsParity compares importverifier verdicts for a file in dir.
func restrictionsParity(t *testing.T, dir, root, file string) {
	t.Helper()
	theirCode, lines := runUpstream(t, dir, "importverifier", root, file)
	var theirs []string
	var base, pkg string
	for _, l := range lines {
		l = logPrefix.ReplaceAllString(l, "")
		if b, ok := strings.CutPrefix(l, "Inspecting imports under "); ok {
			base = strings.TrimSuffix(b, "/...")
		} else if p, ok := strings.CutPrefix(l, "-- found forbidden imports for "); ok {
			pkg = strings.TrimSuffix(p, ":")
		} else if imp, ok := strings.CutPrefix(l, "--- "); ok {
			theirs = append(theirs, base+" "+pkg+" "+imp)
		} else if strings.Contains(l, "Failed") || strings.Contains(l, "Found no packages") {
			t.Fatalf("upstream importverifier failed: %s", l)
		}
	}
	rs, err := ReadRestrictions(filepath.Join(dir, file))
	if err != nil {
		t.Fatal(err)
	}
	tree, err := Load(dir, false, rs.Patterns()...)
	if err != nil {
		t.Fatal(err)
	}
	fs, err := CheckRestrictions(tree, root, rs)
	if err != nil {
		t.Fatal(err)
	}
	var ours []string
	for _, f := range fs {
		i := slices.IndexFunc(rs.Entries, func(e Restriction) bool { return e.Line == f.Rule.Line })
		ours = append(ours, rs.Entries[i].baseDir()+" "+f.unit.Path+" "+f.Other)
	}
	compareVerdicts(t, "importverifier "+file, ours, theirs, exitCode(fs), theirCode)
}

var upstreamAlias = regexp.MustCompile(`^ERROR wrong alias for import "(.*)" should be (.*) in file (.*)$`)

// aliasesParity compares preferredimports verdicts in dir. Upstream also
// reports blank imports, which we leave alone on purpose; blankImports
// lists those expected extra findings.
func aliasesParity(t *testing.T, dir string, blankImports []string, args ...string) {
	t.Helper()
	theirCode, lines := runUpstream(t, dir, "preferredimports", args...)
	var theirs []string
	for _, l := range lines {
		if m := upstreamAlias.FindStringSubmatch(strings.TrimPrefix(l, "\r")); m != nil {
			if s := m[1] + " " + m[2] + " " + m[3]; !slices.Contains(blankImports, s) {
				theirs = append(theirs, s)
			}
		}
	}
	if got := len(lines); theirCode == 1 && len(theirs)+len(blankImports) == 0 {
		t.Fatalf("upstream preferredimports failed without findings (%d lines): %q", got, lines)
	}
	t.Chdir(dir)
	fs, err := RunAliases(dir, "hack/.import-aliases", "(test/e2e/|test/e2e_node)", false, args)
	if err != nil {
		t.Fatal(err)
	}
	var ours []string
	for _, f := range Relative(dir, fs) {
		ours = append(ours, f.Package+" "+strings.TrimPrefix(f.Detail, "want ")+" "+f.Pos.File)
	}
	ourCode := exitCode(fs)
	if len(blankImports) > 0 {
		ourCode = ExitFindings // upstream's verdict, given the blank imports it counts
	}
	compareVerdicts(t, "preferredimports", ours, theirs, ourCode, theirCode)
}

// TestParityFixtures compares verdicts on our fixtures and on import-boss's
// own testdata.
func TestParityFixtures(t *testing.T) {
	t.Run("import-boss", func(t *testing.T) { bossParity(t, filepath.Join(testdataAbs, "boss"), "./...") })
	t.Run("importverifier", func(t *testing.T) {
		restrictionsParity(t, filepath.Join(testdataAbs, "restrictions"), "example.com/rs/", "restrictions.yaml")
	})
	t.Run("preferredimports", func(t *testing.T) {
		aliasesParity(t, filepath.Join(testdataAbs, "aliases"), []string{"example.com/al/core/v2 corev2 test/e2e/pods/pods.go"})
	})
	t.Run("import-boss testdata", func(t *testing.T) {
		upstreamTool(t, "import-boss")
		out, err := exec.Command("go", "mod", "download", "-json", "k8s.io/kubernetes@v1.37.2").Output()
		if err != nil {
			t.Fatal(err)
		}
		var mod struct{ Dir string }
		if err := json.Unmarshal(out, &mod); err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		testdata := filepath.Join(mod.Dir, "cmd/import-boss/testdata")
		if err := os.CopyFS(filepath.Join(dir, "cmd/import-boss/testdata"), os.DirFS(testdata)); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module k8s.io/kubernetes\n\ngo 1.26\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, d := range []string{"inverse", "nested-fwd", "simple-fwd", "transitive"} {
			bossParity(t, dir, "./cmd/import-boss/testdata/"+d+"/...")
		}
	})
}
