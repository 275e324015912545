package importrules

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// Parity with upstream dependencycheck compares the set of (package,
// restricted import) pairs and the exit status; with dependencyverifier,
// the computed status (upstream prints it when it differs from the file's),
// the references and vendored modules found new or stale, the pinned
// modules found updated, and the exit status.

// depcheckParity compares dependencycheck verdicts on a go list -json file.
func depcheckParity(t *testing.T, dir, file, restrict, exclude string) {
	t.Helper()
	args := []string{"-restrict", restrict}
	if exclude != "" {
		args = append(args, "-exclude", exclude)
	}
	theirCode, lines := runUpstream(t, dir, "dependencycheck", append(args, file)...)
	var theirs []string
	var pkg string
	for _, l := range lines {
		if p, ok := strings.CutPrefix(l, "Found dependency violations in package "); ok {
			pkg = strings.TrimSuffix(p, ":")
		} else if imp, ok := strings.CutPrefix(l, "--> "); ok {
			theirs = append(theirs, pkg+" -> "+imp)
		} else if strings.Contains(l, "Error") || strings.Contains(l, "usage") {
			t.Fatalf("upstream dependencycheck failed: %s", l)
		}
	}
	fs, err := RunDependencyCheck(dir, restrict, exclude, file)
	if err != nil {
		t.Fatal(err)
	}
	var ours []string
	for _, f := range fs {
		ours = append(ours, f.Package+" -> "+f.Other)
	}
	label := strings.Join(args, " ")
	if len(label) > 90 { // the staging alternation
		label = label[:90] + "..."
	}
	compareVerdicts(t, fmt.Sprintf("dependencycheck %s %s", label, filepath.Base(file)), ours, theirs, exitCode(fs), theirCode)
}

// verifierEnv is how hack/lint-dependencies.sh runs dependencyverifier.
var verifierEnv = []string{"GOWORK=off", "GOFLAGS=-mod=mod"}

var (
	upstreamNoLonger = regexp.MustCompile(`^Good news! Unwanted dependency "(.*?)" is no longer referenced\.`)
	upstreamDropped  = regexp.MustCompile(`^Good news! Unwanted module "(.*?)" dropped the following dependants:$`)
	upstreamNew      = regexp.MustCompile(`^Unwanted module "(.*?)" marked in .* is referenced( by new dependants:)?$`)
	upstreamRef      = regexp.MustCompile(`^   (\S+)$`)
	upstreamUnvendor = regexp.MustCompile(`^Good news! Unwanted modules are no longer vendered: \[(.*)\]$`)
	upstreamVendor   = regexp.MustCompile(`^Unwanted modules are newly vendored: \[(.*)\]$`)
	upstreamPinned   = regexp.MustCompile(`^Module: (\S+)$`)
	upstreamUpdate   = regexp.MustCompile(`^  Attempted update to: (\S*)$`)
)

// verifierParity compares dependencyverifier verdicts for file in dir.
// Upstream reports pinned modules only when the status holds.
func verifierParity(t *testing.T, dir, file string) {
	t.Helper()
	for _, kv := range verifierEnv {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	theirCode, lines := runUpstreamEnv(t, dir, verifierEnv, "dependencyverifier", file)
	var msgs []string // log messages; lines without a timestamp continue one
	for _, l := range lines {
		if m := logPrefix.ReplaceAllString(l, ""); m != l || len(msgs) == 0 {
			msgs = append(msgs, m)
		} else {
			msgs[len(msgs)-1] += "\n" + l
		}
	}
	var theirs []string
	var theirStatus []byte
	var refs, pinned string // what the indented lines that follow are about
	quoted := func(list string, prefix string) {
		for q := range strings.FieldsSeq(list) {
			mod, err := strconv.Unquote(q)
			if err != nil {
				t.Fatalf("upstream list %s: %v", list, err)
			}
			theirs = append(theirs, prefix+" "+mod+" vendored")
		}
	}
	for _, m := range msgs {
		if sub := upstreamRef.FindStringSubmatch(m); sub != nil && refs != "" {
			theirs = append(theirs, refs+sub[1])
			continue
		}
		refs = ""
		if st, ok := strings.CutPrefix(m, "Got status of\n"); ok {
			theirStatus = []byte(st)
		} else if strings.HasPrefix(m, "Expected status of") {
			theirs = append(theirs, "status differs")
		} else if sub := upstreamNoLonger.FindStringSubmatch(m); sub != nil {
			theirs = append(theirs, "stale "+sub[1])
		} else if sub := upstreamDropped.FindStringSubmatch(m); sub != nil {
			refs = "stale " + sub[1] + " <- "
		} else if sub := upstreamNew.FindStringSubmatch(m); sub != nil {
			refs = "unwanted " + sub[1] + " <- "
		} else if sub := upstreamUnvendor.FindStringSubmatch(m); sub != nil {
			quoted(sub[1], "stale")
		} else if sub := upstreamVendor.FindStringSubmatch(m); sub != nil {
			quoted(sub[1], "unwanted")
		} else if sub := upstreamPinned.FindStringSubmatch(m); sub != nil {
			pinned = sub[1]
		} else if sub := upstreamUpdate.FindStringSubmatch(m); sub != nil {
			theirs = append(theirs, "pinned "+pinned+" "+sub[1])
		} else if strings.HasPrefix(m, "Error") || strings.HasPrefix(m, "Usage") || strings.HasPrefix(m, "open ") {
			t.Fatalf("upstream dependencyverifier failed: %s", m)
		}
	}

	u, err := ReadUnwanted(filepath.Join(dir, file))
	if err != nil {
		t.Fatal(err)
	}
	in, err := ReadUnwantedInputs(dir)
	if err != nil {
		t.Fatal(err)
	}
	status, err := json.MarshalIndent(in.Status(u), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if theirStatus == nil { // upstream found the file's status
		if theirStatus, err = json.MarshalIndent(u.Status, "", "  "); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(status, theirStatus) {
		t.Errorf("%s: computed status differs from upstream's:\n%s\nupstream:\n%s", file, status, theirStatus)
	}
	fs := CheckUnwanted(u, in)
	var ours, ourPinned []string
	for _, f := range fs {
		switch {
		case f.Problem == Repinned:
			ourPinned = append(ourPinned, "pinned "+f.Package+" "+in.Graph.selected()[f.Package].version)
		case f.Relation == "<-":
			ours = append(ours, fmt.Sprintf("%s %s <- %s", f.Problem, f.Package, f.Other))
		case strings.HasPrefix(f.Detail, "no longer vendored") || strings.HasPrefix(f.Detail, "newly vendored"):
			ours = append(ours, fmt.Sprintf("%s %s vendored", f.Problem, f.Package))
		case f.Problem == Stale && strings.HasPrefix(f.Detail, "no longer referenced"):
			ours = append(ours, "stale "+f.Package)
		case f.Problem != NotCanonical:
			t.Errorf("unexpected finding %v", f)
		}
	}
	if slices.ContainsFunc(fs, func(f Finding) bool { return f.Problem != Repinned }) {
		ours = append(ours, "status differs")
	} else {
		ours = ourPinned
	}
	var n int
	for _, by := range in.Status(u).UnwantedReferences {
		n += len(by)
	}
	t.Logf("%s: status with %d references, %d vendored modules, equal to upstream's", file, n, len(in.Status(u).UnwantedVendored))
	compareVerdicts(t, "dependencyverifier "+file, ours, theirs, exitCode(fs), theirCode)
}

// goModsUnchanged fails the test at its end if a go.mod file below dir
// changed: upstream runs go commands with -mod=mod, which could otherwise
// give the two tools different inputs.
func goModsUnchanged(t *testing.T, dir string) {
	t.Helper()
	read := func() map[string]string {
		files := map[string]string{}
		filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err == nil && d.Name() == "go.mod" {
				data, _ := os.ReadFile(path)
				files[path] = string(data)
			}
			return err
		})
		return files
	}
	before := read()
	if len(before) == 0 {
		t.Fatalf("no go.mod below %s", dir)
	}
	t.Cleanup(func() {
		for path, data := range read() {
			if before[path] != data {
				t.Errorf("%s changed during the test", path)
			}
		}
	})
}

// goList writes `go list -e -json args...`, run in dir, to a new file.
func goList(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", append([]string{"list", "-e", "-json"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list %s: %v", strings.Join(args, " "), err)
	}
	t.Logf("%s: %d packages", name, bytes.Count(out, []byte("\n\t\"ImportPath\": ")))
	file := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(file, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// TestParityDependencyFixtures compares verdicts on the deps and unwanted
// fixtures.
func TestParityDependencyFixtures(t *testing.T) {
	upstreamTool(t, "dependencycheck")
	t.Run("dependencycheck", func(t *testing.T) {
		dir := filepath.Join(testdataAbs, "deps")
		listings := map[string]string{
			"deps.json": filepath.Join(dir, "deps.json"),
			"-test":     goList(t, dir, "test.json", "-deps", "-test", "./app", "./lib/c", "./staging/x"),
			"no -test":  goList(t, dir, "notest.json", "-deps", "./app", "./lib/c", "./staging/x"),
		}
		for _, name := range sortedKeys(listings) {
			for _, flags := range [][2]string{
				{`^example\.com/dc/internal/`, `^example\.com/dc/staging/`},
				{`^example\.com/dc/internal/`, ""},
				{`^example\.com/dc/internal/`, `^example\.com/dc/(app|lib|staging)(/|$)`},
				{`^example\.com/dc/lib/b$`, ""},
				{`^nothing/`, ""},
			} {
				t.Run(name, func(t *testing.T) { depcheckParity(t, dir, listings[name], flags[0], flags[1]) })
			}
		}
	})
	t.Run("dependencyverifier", func(t *testing.T) {
		upstreamTool(t, "dependencyverifier")
		dir := t.TempDir()
		if err := os.CopyFS(dir, os.DirFS(filepath.Join(testdataAbs, "unwanted"))); err != nil {
			t.Fatal(err)
		}
		goModsUnchanged(t, dir)
		for _, file := range []string{"hack/unwanted-dependencies.json", "stale.json", "new.json", "pinned.json", "noncanonical.json"} {
			verifierParity(t, dir, file)
		}
	})
}

// stagingRepos lists the staging modules of the tree, as
// kube::util::list_staging_repos does.
func stagingRepos(t *testing.T, tree string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(tree, "staging/src/k8s.io"))
	if err != nil {
		t.Fatal(err)
	}
	var repos []string
	for _, e := range entries {
		if e.IsDir() {
			repos = append(repos, e.Name())
		}
	}
	if len(repos) < 20 {
		t.Fatalf("only %d staging modules in %s", len(repos), tree)
	}
	return repos
}

// TestParityDependencyKubernetes compares verdicts on the Kubernetes
// v1.37.2 tree that TestParityKubernetes assembles.
//
// dependencycheck runs with hack/verify-no-vendor-cycles.sh's patterns on
// two go list -deps listings for linux: one of third-party packages (the
// release has no vendor directory to list), which passes, and one of
// Kubernetes packages, which fails. With KUBEGEN_FULL=1 the listings are
// every package of the k8s.io/kubernetes module with tests, and every
// third-party package they need, for the tags other, linux and windows.
//
// dependencyverifier runs on hack/unwanted-dependencies.json in a copy of
// the tree's go.mod files in which the staging modules require each other
// at v0.0.0 with replace directives, as in a git checkout (the published
// staging modules require v0.37.2 instead). The release has no
// vendor/modules.txt either; the copy's lists the modules the status says
// are vendored. Then it runs on two altered copies of the file: one with
// references and vendored modules added and removed, one with a pinned
// version changed.
func TestParityDependencyKubernetes(t *testing.T) {
	upstreamTool(t, "dependencycheck")
	full := os.Getenv("KUBEGEN_FULL") == "1"
	lockTree(t, filepath.Join(parityDir(), "kubernetes.lock"))
	tree, err := runScript("kubernetes-tree.sh", filepath.Join(parityDir(), "kubernetes"))
	if err != nil {
		t.Fatal(err)
	}
	staging := stagingRepos(t, tree)
	stagingPattern := `^k8s\.io/(` + strings.Join(staging, "|") + `)(/|$)`

	t.Run("dependencycheck", func(t *testing.T) {
		tags := []string{"linux"}
		kube := []string{"./pkg/kubelet/cadvisor", "./pkg/proxy/conntrack"}
		third := []string{"k8s.io/kube-openapi/pkg/...", "sigs.k8s.io/structured-merge-diff/v6/...", "github.com/google/cadvisor/lib/..."}
		if full {
			tags, kube, third = []string{"other", "linux", "windows"}, []string{"./..."}, nil
		}
		for _, tag := range tags {
			kubeDeps := goList(t, tree, "kubernetes-"+tag+".json", append([]string{"-deps", "-test", "-tags", tag}, kube...)...)
			roots := third
			if full {
				roots = thirdParty(t, kubeDeps, stagingPattern)
			}
			thirdDeps := goList(t, tree, "third-party-"+tag+".json", append([]string{"-deps", "-tags", tag}, roots...)...)
			for _, file := range []string{thirdDeps, kubeDeps} {
				depcheckParity(t, tree, file, `^k8s\.io/kubernetes/`, stagingPattern)
				depcheckParity(t, tree, file, stagingPattern, stagingPattern)
			}
		}
	})

	t.Run("dependencyverifier", func(t *testing.T) {
		dir := kubernetesModules(t, tree, staging)
		goModsUnchanged(t, dir)
		verifierParity(t, dir, "hack/unwanted-dependencies.json")

		var doc map[string]map[string]any
		data, err := os.ReadFile(filepath.Join(dir, "hack/unwanted-dependencies.json"))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		refs := doc["status"]["unwantedReferences"].(map[string]any)
		keys := sortedKeys(refs)
		first := refs[keys[0]].([]any)
		refs[keys[0]] = append(first[1:], "example.com/not-a-dependant")
		delete(refs, keys[len(keys)-1])
		vendored := doc["status"]["unwantedVendored"].([]any)
		doc["status"]["unwantedVendored"] = append(vendored[1:], keys[len(keys)-1])
		writeJSON(t, filepath.Join(dir, "altered.json"), doc)
		verifierParity(t, dir, "altered.json")

		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		pinned := doc["spec"]["pinnedModules"].(map[string]any)
		for _, mod := range sortedKeys(pinned) {
			pinned[mod].(map[string]any)["version"] = "v0.0.1"
		}
		writeJSON(t, filepath.Join(dir, "repinned.json"), doc)
		verifierParity(t, dir, "repinned.json")
	})
}

// thirdParty returns the packages of a go list -json file that are neither
// in the standard library nor Kubernetes' own, nor test builds: what
// ./vendor/... would list.
func thirdParty(t *testing.T, file, stagingPattern string) []string {
	t.Helper()
	pkgs, err := ReadDeps(file)
	if err != nil {
		t.Fatal(err)
	}
	staging := regexp.MustCompile(stagingPattern)
	var roots []string
	for _, p := range pkgs {
		first, _, _ := strings.Cut(p.ImportPath, "/")
		if strings.Contains(first, ".") && !strings.ContainsAny(p.ImportPath, " ") && !strings.HasSuffix(p.ImportPath, ".test") &&
			!strings.HasPrefix(p.ImportPath, "k8s.io/kubernetes/") && !staging.MatchString(p.ImportPath) {
			roots = append(roots, p.ImportPath)
		}
	}
	slices.Sort(roots)
	return slices.Compact(roots)
}

// kubernetesModules copies the go.mod and go.sum files of the tree and its
// staging modules, and hack/unwanted-dependencies.json, to a new directory,
// rewriting the staging modules' requirements on each other as a git
// checkout has them, and writes a vendor/modules.txt with the modules the
// status calls vendored.
func kubernetesModules(t *testing.T, tree string, staging []string) string {
	t.Helper()
	dir := t.TempDir()
	copyFile := func(from, to string, edit func(string) string) {
		data, err := os.ReadFile(filepath.Join(tree, from))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, to)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, to), []byte(edit(string(data))), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	same := func(s string) string { return s }
	for _, f := range []string{"go.mod", "go.sum", "hack/unwanted-dependencies.json"} {
		copyFile(f, f, same)
	}
	published := regexp.MustCompile(`(?m)^(\t|require )(k8s\.io/(?:` + strings.Join(staging, "|") + `)) v0\.37\.2\b`)
	for _, repo := range staging {
		mod := "staging/src/k8s.io/" + repo + "/"
		copyFile(mod+"go.mod", mod+"go.mod", func(s string) string {
			s = published.ReplaceAllString(s, "${1}${2} v0.0.0")
			s += "\nreplace (\n"
			for _, other := range staging {
				if other != repo {
					s += fmt.Sprintf("\tk8s.io/%s => ../%s\n", other, other)
				}
			}
			return s + ")\n"
		})
		copyFile(mod+"go.sum", mod+"go.sum", same)
	}
	u, err := ReadUnwanted(filepath.Join(dir, "hack/unwanted-dependencies.json"))
	if err != nil {
		t.Fatal(err)
	}
	var txt strings.Builder
	for _, mod := range u.Status.UnwantedVendored {
		fmt.Fprintf(&txt, "# %s v0.0.1\n## explicit\n%s\n", mod, mod)
	}
	if err := os.MkdirAll(filepath.Join(dir, "vendor"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "vendor/modules.txt"), []byte(txt.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func writeJSON(t *testing.T, file string, v any) {
	t.Helper()
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, append(data, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}
