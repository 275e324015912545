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
	return runUpstreamEnv(t, dir, []string{"GOWORK="}, tool, args...)
}

// runUpstreamEnv is runUpstream with env added to the environment.
func runUpstreamEnv(t *testing.T, dir string, env []string, tool string, args ...string) (int, []string) {
	t.Helper()
	cmd := exec.Command(upstreamTool(t, tool), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
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
	tree, err := Load(dir, NeedDeps, patterns...)
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
	tree, err := Load(dir, NeedImports, rs.Patterns()...)
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
func aliasesParity(t *testing.T, dir, include string, blankImports []string, args ...string) {
	t.Helper()
	theirCode, lines := runUpstream(t, dir, "preferredimports", append([]string{"--include-path", include}, args...)...)
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
	fs, err := RunAliases(dir, "hack/.import-aliases", include, false, args)
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
	compareVerdicts(t, "preferredimports --include-path "+include, ours, theirs, ourCode, theirCode)
}

// TestParityFixtures compares verdicts on our fixtures and on import-boss's
// own testdata.
func TestParityFixtures(t *testing.T) {
	t.Run("import-boss", func(t *testing.T) { bossParity(t, filepath.Join(testdataAbs, "boss"), "./...") })
	t.Run("importverifier", func(t *testing.T) {
		restrictionsParity(t, filepath.Join(testdataAbs, "restrictions"), "example.com/rs/", "restrictions.yaml")
	})
	t.Run("preferredimports", func(t *testing.T) {
		aliasesParity(t, filepath.Join(testdataAbs, "aliases"), "(test/e2e/|test/e2e_node)", []string{"example.com/al/core/v2 corev2 test/e2e/pods/pods.go"})
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

// probeImports are the packages each probe imports: ones the Kubernetes
// rules forbid in some places and allow in others.
var probeImports = []string{
	"github.com/google/cadvisor/lib/machine",
	"github.com/onsi/gomega",
	"k8s.io/api/core/v1",
	"k8s.io/client-go/kubernetes",
	"k8s.io/kubectl/pkg/scheme",
	"k8s.io/kubernetes/cmd/kubeadm/app/constants",
	"k8s.io/kubernetes/pkg/apis/core",
	"k8s.io/kubernetes/test/utils/ktesting",
}

// probeDir is the package the parity test adds below each rules file or
// restriction base; nothing imports it.
const probeDir = "zz_kubegen_probe"

// writeProbes adds a probe package to each of dirs (relative to tree) and
// removes them all when the test ends.
func writeProbes(t *testing.T, tree string, dirs []string) {
	t.Helper()
	var src strings.Builder
	src.WriteString("// Package probe is written by kubegen's parity test: its imports give the\n// rules around it something to judge.\npackage probe\n\nimport (\n")
	for _, imp := range probeImports {
		fmt.Fprintf(&src, "\t_ %q\n", imp)
	}
	src.WriteString(")\n")
	for _, d := range dirs {
		dir := filepath.Join(tree, d, probeDir)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.RemoveAll(dir) })
		if err := os.WriteFile(filepath.Join(dir, "probe.go"), []byte(src.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// kubernetesSubset is the part of the Kubernetes tree go test ./... checks:
// packages under six of the real .import-restrictions files (with the root
// and pkg/ files above them) and three importverifier bases.
var kubernetesSubset = struct{ dirs, bases []string }{
	dirs:  []string{"pkg/printers", "pkg/proxy/conntrack", "test/utils/ktesting", "pkg/kubelet/cadvisor"},
	bases: []string{"./staging/src/k8s.io/api", "./staging/src/k8s.io/apimachinery", "./staging/src/k8s.io/cli-runtime/pkg/genericclioptions"},
}

// TestParityKubernetes compares verdicts on the Kubernetes v1.37.2 tree,
// assembled from the module proxy, with a probe package next to each rules
// file and restriction base so that there are findings to compare. By
// default it checks a subset (kubernetesSubset); KUBEGEN_FULL=1 checks every
// workspace module with all .import-restrictions files, and the whole of
// staging/publishing/import-restrictions.yaml. Preferred aliases are
// checked on the whole tree either way.
func TestParityKubernetes(t *testing.T) {
	upstreamTool(t, "import-boss")
	full := os.Getenv("KUBEGEN_FULL") == "1"
	lockTree(t, filepath.Join(parityDir(), "kubernetes.lock"))
	tree, err := runScript("kubernetes-tree.sh", filepath.Join(parityDir(), "kubernetes"))
	if err != nil {
		t.Fatal(err)
	}

	var rulesDirs []string
	err = filepath.WalkDir(tree, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || d.Name() == "vendor" || d.Name() == probeDir) {
			return filepath.SkipDir
		}
		if d.Name() == RulesFileName {
			rel, _ := filepath.Rel(tree, filepath.Dir(path))
			rulesDirs = append(rulesDirs, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	restrictions := "staging/publishing/import-restrictions.yaml"
	rs, err := ReadRestrictions(filepath.Join(tree, restrictions))
	if err != nil {
		t.Fatal(err)
	}
	var patterns, bases []string
	if full {
		out, err := exec.Command("sh", "-c", "cd "+tree+" && go work edit -json").Output()
		if err != nil {
			t.Fatal(err)
		}
		var work struct{ Use []struct{ DiskPath string } }
		if err := json.Unmarshal(out, &work); err != nil {
			t.Fatal(err)
		}
		for _, u := range work.Use {
			patterns = append(patterns, u.DiskPath+"/...")
		}
		// In a git checkout ./vendor/k8s.io/kube-openapi exists; the module
		// has no vendor directory, and upstream fails on a missing base.
		for _, e := range rs.Entries {
			if info, err := os.Stat(filepath.Join(tree, e.baseDir())); err == nil && info.IsDir() {
				bases = append(bases, e.baseDir())
			} else {
				t.Logf("%s:%d: leaving out %s, not in the module", restrictions, e.Line, e.baseDir())
			}
		}
		if len(bases) < len(rs.Entries) {
			restrictions = writeRestrictionsSubset(t, tree, restrictions, rs, bases)
		}
	} else {
		rulesDirs = slices.DeleteFunc(rulesDirs, func(d string) bool {
			return !slices.ContainsFunc(kubernetesSubset.dirs, func(s string) bool { return d == s || strings.HasPrefix(d, s+"/") })
		})
		for _, d := range kubernetesSubset.dirs {
			patterns = append(patterns, "./"+d+"/...")
		}
		bases = kubernetesSubset.bases
		restrictions = writeRestrictionsSubset(t, tree, restrictions, rs, bases)
	}
	// The default --include-path finds nothing in a release; all test
	// directories give findings to compare. This walks files, no go list;
	// it runs before the probes are written, whose blank imports upstream
	// would report.
	t.Run("preferredimports", func(t *testing.T) {
		aliasesParity(t, tree, "(test/e2e/|test/e2e_node)", nil)
		aliasesParity(t, tree, "test/", nil)
	})

	probes := slices.Concat(rulesDirs, bases)
	if !full {
		probes = append(probes, kubernetesSubset.dirs...)
	}
	slices.Sort(probes)
	probes = slices.Compact(probes)
	writeProbes(t, tree, probes)
	t.Logf("%d probe packages, %d .import-restrictions files apply to them, %d import-boss patterns, %d restriction bases",
		len(probes), countRulesFiles(tree, probes), len(patterns), len(bases))

	t.Run("import-boss", func(t *testing.T) { bossParity(t, tree, patterns...) })
	t.Run("importverifier", func(t *testing.T) { restrictionsParity(t, tree, "k8s.io/", restrictions) })
}

// writeRestrictionsSubset writes the entries of rs for bases, as their
// lines in file, to a new file in tree and returns its name.
func writeRestrictionsSubset(t *testing.T, tree, file string, rs *Restrictions, bases []string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(tree, file))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	var out strings.Builder
	for i, e := range rs.Entries {
		if !slices.Contains(bases, e.baseDir()) {
			continue
		}
		end := len(lines)
		if i+1 < len(rs.Entries) {
			end = rs.Entries[i+1].Line - 1
		}
		out.WriteString(strings.Join(lines[e.Line-1:end], ""))
	}
	name := "zz_kubegen_restrictions.yaml"
	if err := os.WriteFile(filepath.Join(tree, name), []byte(out.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Remove(filepath.Join(tree, name)) })
	if sub, err := ReadRestrictions(filepath.Join(tree, name)); err != nil || len(sub.Entries) != len(bases) {
		t.Fatalf("subset of %s: %d entries for %d bases (%v)", file, len(sub.Entries), len(bases), err)
	}
	return name
}

// countRulesFiles counts the rules files that apply to packages in dirs.
func countRulesFiles(tree string, dirs []string) int {
	seen := map[string]bool{}
	for _, d := range dirs {
		for d := filepath.Join(tree, d); strings.HasPrefix(d, tree); d = filepath.Dir(d) {
			if f := filepath.Join(d, RulesFileName); !seen[f] && exists(f) {
				seen[f] = true
			}
		}
	}
	return len(seen)
}
