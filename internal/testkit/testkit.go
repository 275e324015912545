// Package testkit holds what kubegen's tests share: building our commands
// and the upstream tools they replace, and golden test cases kept as txtar
// archives.
//
// A golden case is one archive: the input files of a small module (with
// its go.mod), an "args" file (the command line, one argument per line;
// $HEADER stands for testdata/boilerplate.go.txt), and what is expected:
//
//	-- want/<path> --   every file the command must write (and no other)
//	-- want.stderr --   with them: what it prints on stderr (its warnings;
//	                    none if the file is absent)
//	-- want.err --      or: the command must fail, print this on stderr
//	                    ($WORK is the case's directory) and write nothing
//
// Run the tests with -update to rewrite the expectations from the actual
// output; review the diff before committing it.
package testkit

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/kubegen/kubegen/internal/sink"
)

// Update is the -update flag: rewrite golden expectations.
var Update = flag.Bool("update", false, "rewrite golden files from the actual output")

// RepoRoot returns the root of the kubegen module.
func RepoRoot(t testing.TB) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

var builds sync.Map // key → *buildResult

type buildResult struct {
	once sync.Once
	path string
	err  error
}

// BuildCommand builds one of our commands (e.g. "./cmd/gen-deepcopy") once
// per test binary and returns the executable's path, named name.
func BuildCommand(t testing.TB, pkg, name string) string {
	return build(t, "ours:"+pkg, func(dir string) (string, error) {
		out := filepath.Join(dir, name)
		cmd := exec.Command("go", "build", "-o", out, pkg)
		cmd.Dir = RepoRoot(t)
		if b, err := cmd.CombinedOutput(); err != nil {
			return "", fmt.Errorf("go build %s: %v\n%s", pkg, err, b)
		}
		return out, touchSources(RepoRoot(t), pkg)
	})
}

// touchSources opens every kubegen source file the command pkg is built
// from. The go test cache keys a cached result on the files a test opened,
// so a change to the command reruns the tests that use it, even when the
// test package itself does not import the changed code.
func touchSources(root, pkg string) error {
	cmd := exec.Command("go", "list", "-deps", "-f",
		`{{if not .Standard}}{{$d := .Dir}}{{range .GoFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}{{range .EmbedFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}{{end}}`, pkg)
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		return fmt.Errorf("go list %s: %v\n%s", pkg, err, stderr)
	}
	abs, _ := filepath.Abs(root)
	for _, file := range strings.Fields(string(out)) {
		if !strings.HasPrefix(file, abs+string(filepath.Separator)) {
			continue // dependencies outside kubegen change only with go.sum
		}
		if f, err := os.Open(file); err == nil {
			f.Close()
		}
	}
	return nil
}

// BuildUpstream builds an upstream command (e.g.
// "k8s.io/code-generator/cmd/deepcopy-gen" of module
// "k8s.io/code-generator@v0.37.2") in a throwaway module, through the Go
// module proxy, and returns the executable's path. The executable keeps
// the command's own name, which upstream tools print in their output.
//
// Outside CI a build failure (no module proxy) skips the test; in CI it
// fails it.
func BuildUpstream(t testing.TB, module, pkg string) string {
	return build(t, "upstream:"+pkg, func(dir string) (string, error) {
		modDir := filepath.Join(dir, "mod")
		if err := os.MkdirAll(modDir, 0o755); err != nil {
			return "", err
		}
		path, version, _ := strings.Cut(module, "@")
		gomod := fmt.Sprintf("module upstreamtools\n\ngo 1.26\n\nrequire %s %s\n", path, version)
		tools := fmt.Sprintf("//go:build tools\n\npackage tools\n\nimport _ %q\n", pkg)
		if err := os.WriteFile(filepath.Join(modDir, "go.mod"), []byte(gomod), 0o644); err != nil {
			return "", err
		}
		if err := os.WriteFile(filepath.Join(modDir, "tools.go"), []byte(tools), 0o644); err != nil {
			return "", err
		}
		out := filepath.Join(dir, filepath.Base(pkg))
		for _, args := range [][]string{{"mod", "tidy"}, {"build", "-o", out, pkg}} {
			cmd := exec.Command("go", args...)
			cmd.Dir = modDir
			cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
			if b, err := cmd.CombinedOutput(); err != nil {
				return "", fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, b)
			}
		}
		return out, nil
	})
}

// ControllerTools is the controller-tools release that kubegen's
// controller-gen follows.
const ControllerTools = "sigs.k8s.io/controller-tools@v0.23.0"

// BuildControllerGen builds upstream controller-gen of ControllerTools
// through the Go module proxy (see BuildUpstream).
func BuildControllerGen(t testing.TB) string {
	return BuildUpstream(t, ControllerTools, "sigs.k8s.io/controller-tools/cmd/controller-gen")
}

func build(t testing.TB, key string, do func(dir string) (string, error)) string {
	t.Helper()
	v, _ := builds.LoadOrStore(key, &buildResult{})
	r := v.(*buildResult)
	r.once.Do(func() {
		dir, err := os.MkdirTemp("", "kubegen-build-")
		if err != nil {
			r.err = err
			return
		}
		r.path, r.err = do(dir)
	})
	if r.err != nil {
		if strings.HasPrefix(key, "upstream:") && os.Getenv("CI") == "" {
			t.Skipf("cannot build the upstream tool (no module proxy?); CI runs this: %v", r.err)
		}
		t.Fatal(r.err)
	}
	return r.path
}

// Result is what one run of a command did.
type Result struct {
	ExitCode int
	Stdout   string
	Stderr   string
}

// Run runs a command in dir and returns its result; failing to start it at
// all fails the test.
func Run(t testing.TB, dir string, env []string, name string, args ...string) Result {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	res := Result{Stdout: stdout.String(), Stderr: stderr.String()}
	if ee, ok := err.(*exec.ExitError); ok {
		res.ExitCode = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running %s: %v", name, err)
	}
	return res
}

// Snapshot returns every regular file under dir (relative path → content).
func Snapshot(t testing.TB, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// CopyDir copies the tree at src to dst, making everything writable.
func CopyDir(t testing.TB, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Case is one golden test case.
type Case struct {
	Path    string // the archive
	Archive *txtar.Archive
	Args    []string
	Inputs  map[string][]byte
	Want    map[string][]byte // want/ files, without the prefix
	WantErr *string
	// WantStderr is what a successful run prints on stderr.
	WantStderr string
	// WantRemoved are the inputs a successful run deletes (want.removed,
	// one name a line).
	WantRemoved []string
}

// LoadCases reads every testdata/*.txtar in dir.
func LoadCases(t testing.TB, dir string) []*Case {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join(dir, "*.txtar"))
	if len(paths) == 0 {
		t.Fatalf("no golden cases in %s", dir)
	}
	var cases []*Case
	for _, p := range paths {
		a, err := txtar.ParseFile(p)
		if err != nil {
			t.Fatal(err)
		}
		c := &Case{Path: p, Archive: a, Inputs: map[string][]byte{}, Want: map[string][]byte{}}
		for _, f := range a.Files {
			switch {
			case f.Name == "args":
				c.Args = strings.Fields(string(f.Data))
			case f.Name == "want.err":
				s := string(f.Data)
				c.WantErr = &s
			case f.Name == "want.removed":
				c.WantRemoved = strings.Fields(string(f.Data))
			case f.Name == "want.stderr":
				c.WantStderr = string(f.Data)
			case strings.HasPrefix(f.Name, "want/"):
				c.Want[strings.TrimPrefix(f.Name, "want/")] = f.Data
			default:
				c.Inputs[f.Name] = f.Data
			}
		}
		cases = append(cases, c)
	}
	return cases
}

// Name is the case's name: its archive's base name.
func (c *Case) Name() string { return strings.TrimSuffix(filepath.Base(c.Path), ".txtar") }

// Setup writes the case's inputs into a new directory and returns it.
func (c *Case) Setup(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range c.Inputs {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// Expand replaces $HEADER in the case's args with header, and $WORK with
// the directory the case runs in.
func (c *Case) Expand(header, work string) []string {
	args := slices.Clone(c.Args)
	for i, a := range args {
		args[i] = strings.NewReplacer("$HEADER", header, "$WORK", work).Replace(a)
	}
	return args
}

// Check compares what a run in dir did with the expectations; with
// -update it rewrites them instead.
func (c *Case) Check(t testing.TB, dir string, res Result) {
	t.Helper()
	written, removed := c.outcome(t, dir)
	stderr := strings.ReplaceAll(res.Stderr, dir, "$WORK")
	if *Update {
		c.rewrite(t, written, removed, res, stderr)
		return
	}
	if c.WantErr != nil {
		if res.ExitCode == 0 {
			t.Errorf("exit code 0, want a failure with:\n%s", *c.WantErr)
		}
		if stderr != *c.WantErr {
			t.Errorf("stderr:\n%s\nwant:\n%s", stderr, *c.WantErr)
		}
		if len(written) > 0 || len(removed) > 0 {
			t.Errorf("a failed run wrote files %v and removed %v", slices.Sorted(mapKeys(written)), removed)
		}
		return
	}
	if res.ExitCode != 0 {
		t.Fatalf("exit code %d, stderr:\n%s", res.ExitCode, res.Stderr)
	}
	if stderr != c.WantStderr {
		t.Errorf("stderr:\n%s\nwant:\n%s", stderr, c.WantStderr)
	}
	CompareFiles(t, c.Want, written)
	c.compareRemoved(t, removed)
}

// outcome returns the files a run in dir wrote (new, or inputs it
// changed) and the inputs it removed.
func (c *Case) outcome(t testing.TB, dir string) (map[string][]byte, []string) {
	written := map[string][]byte{}
	after := Snapshot(t, dir)
	for name, data := range after {
		if in, isInput := c.Inputs[name]; !isInput || string(in) != data {
			written[name] = []byte(data)
		}
	}
	var removed []string
	for name := range c.Inputs {
		if _, ok := after[name]; !ok {
			removed = append(removed, name)
		}
	}
	slices.Sort(removed)
	return written, removed
}

func (c *Case) compareRemoved(t testing.TB, removed []string) {
	t.Helper()
	if !slices.Equal(removed, c.WantRemoved) {
		t.Errorf("removed %v, want %v", removed, c.WantRemoved)
	}
}

// RunGolden runs bin on every case in dir (with $HEADER standing for
// dir/boilerplate.go.txt) and checks each against its expectations. Each
// case runs twice, under GOMAXPROCS=1 and under GOMAXPROCS=8 in another
// time zone: both runs must write the same bytes and print the same errors.
func RunGolden(t *testing.T, dir, bin string) {
	header, _ := filepath.Abs(filepath.Join(dir, "boilerplate.go.txt"))
	for _, c := range LoadCases(t, dir) {
		t.Run(c.Name(), func(t *testing.T) {
			t.Parallel()
			work := c.Setup(t)
			res := Run(t, work, []string{"GOMAXPROCS=1", "TZ=UTC"}, bin, c.Expand(header, work)...)
			c.Check(t, work, res)
			again := c.Setup(t)
			res2 := Run(t, again, []string{"GOMAXPROCS=8", "TZ=Pacific/Kiritimati"}, bin, c.Expand(header, again)...)
			if strings.ReplaceAll(res2.Stderr, again, work) != res.Stderr || res2.ExitCode != res.ExitCode {
				t.Errorf("not deterministic: the GOMAXPROCS=8 run printed\n%s", res2.Stderr)
			}
			first, second := Snapshot(t, work), Snapshot(t, again)
			for name, data := range first {
				if second[name] != data {
					t.Errorf("not deterministic: %s differs between GOMAXPROCS=1 and 8", name)
				}
			}
			if len(first) != len(second) {
				t.Errorf("not deterministic: %d files, then %d", len(first), len(second))
			}
		})
	}
}

// RunGoldenUpstream runs an upstream tool on every case in dir that is
// expected to succeed, and requires exactly the case's expected files.
func RunGoldenUpstream(t *testing.T, dir, bin string) {
	RunGoldenUpstreamWith(t, dir, func(t *testing.T, work string, args []string) Result {
		return Run(t, work, nil, bin, args...)
	})
}

// RunGoldenUpstreamWith is RunGoldenUpstream for a tool that run runs in
// a case's directory with the case's arguments.
func RunGoldenUpstreamWith(t *testing.T, dir string, run func(t *testing.T, work string, args []string) Result) {
	header, _ := filepath.Abs(filepath.Join(dir, "boilerplate.go.txt"))
	for _, c := range LoadCases(t, dir) {
		if c.WantErr != nil {
			continue
		}
		t.Run(c.Name(), func(t *testing.T) {
			t.Parallel()
			work := c.Setup(t)
			res := run(t, work, c.Expand(header, work))
			if res.ExitCode != 0 {
				t.Fatalf("upstream failed (%d):\n%s", res.ExitCode, res.Stderr)
			}
			got, removed := c.outcome(t, work)
			CompareFiles(t, c.Want, got)
			c.compareRemoved(t, removed)
		})
	}
}

// CompareFiles reports files missing, extra or different in got.
func CompareFiles(t testing.TB, want, got map[string][]byte) {
	t.Helper()
	for _, name := range slices.Sorted(mapKeys(want)) {
		g, ok := got[name]
		switch {
		case !ok:
			t.Errorf("%s: not written", name)
		case !bytes.Equal(g, want[name]):
			t.Errorf("%s differs from the expected output:\n%s", name, Diff(string(want[name]), string(g)))
		}
	}
	for _, name := range slices.Sorted(mapKeys(got)) {
		if _, ok := want[name]; !ok {
			t.Errorf("%s: written, but not expected", name)
		}
	}
}

func (c *Case) rewrite(t testing.TB, written map[string][]byte, removed []string, res Result, stderr string) {
	var files []txtar.File
	for _, f := range c.Archive.Files {
		if f.Name != "want.err" && f.Name != "want.stderr" && f.Name != "want.removed" && !strings.HasPrefix(f.Name, "want/") {
			files = append(files, f)
		}
	}
	if res.ExitCode == 0 && len(removed) > 0 {
		files = append(files, txtar.File{Name: "want.removed", Data: []byte(strings.Join(removed, "\n") + "\n")})
	}
	if res.ExitCode != 0 {
		files = append(files, txtar.File{Name: "want.err", Data: []byte(stderr)})
	} else {
		if stderr != "" {
			files = append(files, txtar.File{Name: "want.stderr", Data: []byte(stderr)})
		}
		for _, name := range slices.Sorted(mapKeys(written)) {
			files = append(files, txtar.File{Name: "want/" + name, Data: written[name]})
		}
	}
	c.Archive.Files = files
	if err := os.WriteFile(c.Path, txtar.Format(c.Archive), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Diff returns a unified diff from want to got.
func Diff(want, got string) string { return sink.Unified("want", "got", want, got) }

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// ExampleModule copies the example API (examples/apis, with kubegen's
// go.mod and go.sum, which resolve its imports, and hack/boilerplate.go.txt)
// into a new directory and returns it. Generated files are copied too;
// remove what a test regenerates.
func ExampleModule(t testing.TB) string {
	t.Helper()
	root := RepoRoot(t)
	dir := t.TempDir()
	CopyDir(t, filepath.Join(root, "examples/apis"), filepath.Join(dir, "examples/apis"))
	for _, f := range []string{"go.mod", "go.sum", "hack/boilerplate.go.txt"} {
		b, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// RequireUnchanged fails the test unless the files under dir are exactly
// those of before (a Snapshot), apart from paths with one of the ignored
// prefixes.
func RequireUnchanged(t testing.TB, dir string, before map[string]string, ignore ...string) {
	t.Helper()
	RequireUnchangedBut(t, dir, before, func(name string) bool {
		return slices.ContainsFunc(ignore, func(prefix string) bool { return strings.HasPrefix(name, prefix) })
	})
}

// RequireUnchangedBut is RequireUnchanged for the files that ignored does
// not pick (by their names relative to dir).
func RequireUnchangedBut(t testing.TB, dir string, before map[string]string, ignored func(name string) bool) {
	t.Helper()
	after := Snapshot(t, dir)
	for name, data := range after {
		if ignored(name) {
			continue
		}
		if old, ok := before[name]; !ok {
			t.Errorf("%s was written", name)
		} else if old != data {
			t.Errorf("%s changed", name)
		}
	}
	for name := range before {
		if _, ok := after[name]; !ok && !ignored(name) {
			t.Errorf("%s was removed", name)
		}
	}
}

// CheckUpstreamVerdicts holds every error case in dir to upstream's
// verdict, which the last line of its comment states: "upstream: does not
// compile" (upstream exits 0, but its output does not build), or
// "upstream: TEXT", where upstream must fail and print TEXT ("..."
// standing for any text). run runs upstream in a case's directory, and
// build builds what it wrote. There must be at least min such cases.
func CheckUpstreamVerdicts(t *testing.T, dir string, min int, run func(t *testing.T, work string, args []string) Result, build func(t *testing.T, work string) Result) {
	header, _ := filepath.Abs(filepath.Join(dir, "boilerplate.go.txt"))
	checked := 0
	for _, c := range LoadCases(t, dir) {
		if c.WantErr == nil {
			continue
		}
		checked++
		lines := strings.Split(strings.TrimSpace(string(c.Archive.Comment)), "\n")
		verdict, ok := strings.CutPrefix(lines[len(lines)-1], "upstream: ")
		if !ok {
			t.Errorf("%s: the comment does not end in an \"upstream: ...\" line", c.Name())
			continue
		}
		t.Run(c.Name(), func(t *testing.T) {
			t.Parallel()
			work := c.Setup(t)
			res := run(t, work, c.Expand(header, work))
			if verdict == "does not compile" {
				if res.ExitCode != 0 {
					t.Fatalf("upstream failed (%d), want exit 0 with output that does not compile:\n%s", res.ExitCode, res.Stderr)
				}
				if build(t, work).ExitCode == 0 {
					t.Errorf("upstream's output compiles")
				}
				return
			}
			var parts []string
			for _, p := range strings.Split(verdict, "...") {
				parts = append(parts, regexp.QuoteMeta(strings.TrimSpace(p)))
			}
			if want := regexp.MustCompile(strings.Join(parts, ".*")); res.ExitCode == 0 || !want.MatchString(res.Stderr) {
				t.Errorf("upstream exited %d, want a failure saying %q:\n%s", res.ExitCode, verdict, res.Stderr)
			}
		})
	}
	if checked < min {
		t.Errorf("only %d error cases, want at least %d", checked, min)
	}
}
