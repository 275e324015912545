package importrules

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the .golden files under testdata from the current output")

// runMain runs Main in dir and returns its exit status, stdout and stderr.
func runMain(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	t.Chdir(dir)
	var stdout, stderr bytes.Buffer
	code := Main("importverifier", args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// golden compares got with testdata/name.golden, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	file := filepath.Join(testdataDir(t), name+".golden")
	if *update {
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (rerun with -update and review the diff):\n--- got\n%s--- want\n%s", file, got, want)
	}
}

// testdataAbs is the absolute testdata directory; tests change directory.
var testdataAbs, _ = filepath.Abs("testdata")

func testdataDir(*testing.T) string { return testdataAbs }

// The fixture modules under testdata cover every rule feature; their
// comments say what each package shows. The findings are the golden files.
func TestFixtures(t *testing.T) {
	for _, tc := range []struct {
		name, dir string
		args      []string
		wantCode  int
	}{
		{"restrictions", "restrictions", []string{"example.com/rs/", "restrictions.yaml"}, ExitFindings},
		{"restrictions-subcommand-json", "restrictions", []string{"restrictions", "--json", "example.com/rs/", "restrictions.yaml"}, ExitFindings},
		{"boss", "boss", []string{"import-boss", "./..."}, ExitFindings},
		{"boss-json", "boss", []string{"import-boss", "--json", "-v", "0", "./..."}, ExitFindings},
		{"boss-clean-subset", "boss", []string{"import-boss", "./closest/...", "./deep/src/...", "-logtostderr"}, ExitOK},
		{"aliases", "aliases", []string{"aliases"}, ExitFindings},
		{"aliases-include-all", "aliases", []string{"aliases", "--include-path", ".*", "./..."}, ExitFindings},
		{"depcheck", "deps", []string{"dependencycheck", "-restrict", `^example\.com/dc/internal/`, "-exclude", `^example\.com/dc/staging/`, "deps.json"}, ExitFindings},
		{"depcheck-json", "deps", []string{"dependencycheck", "--json", "-restrict", `^example\.com/dc/lib/b$`, "deps.json"}, ExitFindings},
		{"depcheck-clean", "deps", []string{"dependencycheck", "deps.json", "-restrict", `^example\.com/dc/internal/`, "-exclude", `^example\.com/dc/(app|lib|staging)(/|$)`}, ExitOK},
		{"depverifier-clean", "unwanted", []string{"dependencyverifier", "hack/unwanted-dependencies.json"}, ExitOK},
		{"depverifier-stale", "unwanted", []string{"dependencyverifier", "stale.json"}, ExitFindings},
		{"depverifier-new", "unwanted", []string{"dependencyverifier", "new.json"}, ExitFindings},
		{"depverifier-pinned", "unwanted", []string{"dependencyverifier", "pinned.json"}, ExitFindings},
		{"depverifier-noncanonical", "unwanted", []string{"dependencyverifier", "--json", "noncanonical.json"}, ExitFindings},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("GOWORK", "off") // dependencyverifier runs go mod graph in the fixture
			code, stdout, stderr := runMain(t, filepath.Join(testdataDir(t), tc.dir), tc.args...)
			if code != tc.wantCode {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tc.wantCode, stderr)
			}
			if tc.wantCode == ExitFindings && stdout == "" {
				t.Fatal("exit 1 without findings on stdout")
			}
			golden(t, tc.name, stdout)
		})
	}
}

// TestFix rewrites a copy of the aliases fixture, checks the result against
// a golden file, that it builds, and that a second check finds nothing.
func TestFix(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join(testdataDir(t), "aliases"))); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runMain(t, dir, "aliases", "--fix")
	if code != ExitOK {
		t.Fatalf("--fix: exit %d, want 0; stderr:\n%s", code, stderr)
	}
	golden(t, "aliases-fix", stdout)
	for _, f := range []string{"pods.go", "pods_test.go", "linux_only.go"} {
		data, err := os.ReadFile(filepath.Join(dir, "test/e2e/pods", f))
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "aliases-fixed-"+strings.TrimSuffix(f, ".go"), string(data))
	}
	vet := exec.Command("go", "vet", "./...")
	vet.Dir = dir
	if out, err := vet.CombinedOutput(); err != nil {
		t.Fatalf("fixed module does not vet: %v\n%s", err, out)
	}
	if code, stdout, _ := runMain(t, dir, "aliases", "--confirm"); code != ExitOK || stdout != "" {
		t.Errorf("second --confirm: exit %d, output %q; want 0 and nothing to fix", code, stdout)
	}
	if code, stdout, _ := runMain(t, dir, "aliases"); code != ExitOK || stdout != "" {
		t.Errorf("check after fix: exit %d, output %q; want 0 and no findings", code, stdout)
	}
}

// TestProgramName checks that a binary named import-boss,
// preferredimports, dependencycheck or dependencyverifier runs that mode
// without a subcommand, with upstream's command lines.
func TestProgramName(t *testing.T) {
	t.Setenv("GOWORK", "off")
	for _, tc := range []struct {
		prog, dir, golden string
		args              []string
		stderr            string // a line stderr must have
	}{
		{"/usr/bin/import-boss", "boss", "boss", []string{"./..."}, ""},
		{"preferredimports", "aliases", "aliases", []string{"./..."}, ""},
		{"/tmp/go-build1/b001/exe/dependencycheck", "deps", "depcheck",
			[]string{"-restrict", `^example\.com/dc/internal/`, "-exclude", `^example\.com/dc/(staging)(/|$)`, "deps.json"},
			"Found restricted dependency violations in packages"},
		{"dependencyverifier", "unwanted", "depverifier-stale", []string{"stale.json"}, ""},
	} {
		t.Chdir(filepath.Join(testdataDir(t), tc.dir))
		var stdout, stderr bytes.Buffer
		code := Main(tc.prog, tc.args, &stdout, &stderr)
		want, err := os.ReadFile(filepath.Join(testdataDir(t), tc.golden+".golden"))
		if err != nil {
			t.Fatal(err)
		}
		if code != ExitFindings || stdout.String() != string(want) {
			t.Errorf("%s: exit %d, output differs from %s.golden:\n%s%s", tc.prog, code, tc.golden, stdout.String(), stderr.String())
		}
		if tc.stderr != "" && !slices.Contains(strings.Split(stderr.String(), "\n"), tc.stderr) {
			t.Errorf("%s: stderr %q lacks the line %q", tc.prog, stderr.String(), tc.stderr)
		}
	}
}

// TestDeterminism runs each check repeatedly under different GOMAXPROCS
// settings and with the units in reverse order; the findings must not change.
func TestDeterminism(t *testing.T) {
	for _, dir := range []string{"boss", "restrictions", "aliases"} {
		tree, err := Load(filepath.Join(testdataDir(t), dir), NeedDeps, "./...")
		if err != nil {
			t.Fatal(err)
		}
		check := func() string {
			var fs []Finding
			var err error
			switch dir {
			case "boss":
				fs, err = CheckBoss(tree)
			case "restrictions":
				var rs *Restrictions
				if rs, err = ReadRestrictions(filepath.Join(tree.Dir, "restrictions.yaml")); err == nil {
					fs, err = CheckRestrictions(tree, "example.com/rs/", rs)
				}
			case "aliases":
				fs, err = RunAliases(tree.Dir, "hack/.import-aliases", "", false, nil)
			}
			if err != nil {
				t.Fatal(err)
			}
			return fmt.Sprint(fs)
		}
		first := check()
		if len(first) < 10 {
			t.Fatalf("%s: no findings to compare", dir)
		}
		for i := range 6 {
			if i%2 == 1 {
				for l, r := 0, len(tree.Units)-1; l < r; l, r = l+1, r-1 {
					tree.Units[l], tree.Units[r] = tree.Units[r], tree.Units[l]
				}
			}
			prev := runtime.GOMAXPROCS(1 + i%2)
			got := check()
			runtime.GOMAXPROCS(prev)
			if got != first {
				t.Fatalf("%s: run %d differs:\n%s\nfirst:\n%s", dir, i, got, first)
			}
		}
	}
}
