package app

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestManPagesRender renders every golden man page with groff, requires no
// warnings, and checks that the text shows the commands, flags and examples.
func TestManPagesRender(t *testing.T) {
	groff, err := exec.LookPath("groff")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("groff is not installed; CI must install it (apt-get install -y groff-base man-db)")
		}
		t.Skip("groff is not installed (apt-get install -y groff-base man-db); skipped outside CI")
	}
	pages, _ := filepath.Glob("testdata/golden/*.1")
	own, _ := filepath.Glob("../../../docs/man/*.1")
	pages = append(pages, own...)
	if len(pages) < 6 {
		t.Fatalf("found only %d man pages to render: %v", len(pages), pages)
	}
	text := map[string]string{}
	for _, page := range pages {
		cmd := exec.Command(groff, "-man", "-Tutf8", "-ww", "-rLL=200n", "-rHY=0", "-P-cbou", page)
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil || stderr.Len() > 0 {
			t.Errorf("groff %s: %v\n%s", page, err, stderr.String())
		}
		text[filepath.Base(page)] = stdout.String()
		if man, err := exec.LookPath("man"); err == nil {
			cmd := exec.Command(man, "--warnings", "-l", page)
			cmd.Env = append(os.Environ(), "MANPAGER=cat", "MANWIDTH=200")
			if out, err := cmd.CombinedOutput(); err != nil || strings.Contains(string(out), "warning") {
				t.Errorf("man -l %s: %v\n%s", page, err, out)
			}
		}
	}
	want := map[string][]string{
		"tool.1": {"tool - Manage widgets", "Widgets live in a <store>", "tool get --store <dir> NAME", "a list item with <code>",
			"-h, --help", "--store=\"~/.widgets\"", "-v, --verbose", "tool-config(1), tool-get(1)"},
		"tool-get.1": {"tool get NAME [--output <format>] [flags]", "--color[=\"\"]", "--label=[]", "as <key>=<value>",
			"--limit=10", "-o, --output=\"text\"", "--store", "--verbose", "# Print the widget \"a\"", "tool get a --output json", "tool(1)"},
		"tool-config.1":           {"tool-config - Read and change the configuration", "tool-config-set-value(1), tool-config-view(1)"},
		"tool-config-view.1":      {"tool config view [flags]", "tool-config(1)"},
		"tool-config-set-value.1": {"tool config set-value <name> <value> [flags]", "--store"},
		"gendocs.1":               {"gendocs --root <import path>.<Func> --output-dir <dir> [flags]", "--verify", "--format", "gendocs-lint(1)"},
		"gendocs-lint.1":          {"gendocs lint --root <import path>.<Func> [flags]", "example-indent", "gendocs(1)"},
	}
	for page, strs := range want {
		for _, s := range strs {
			if !strings.Contains(text[page], s) {
				t.Errorf("%s rendered by groff lacks %q:\n%s", page, s, text[page])
			}
		}
	}
	for _, hidden := range []string{"--secret", "--format", "debug"} {
		if strings.Contains(text["tool-get.1"]+text["tool.1"], hidden) {
			t.Errorf("the man pages show the hidden or deprecated %s", hidden)
		}
	}
}

// TestVerify checks that --verify passes on fresh docs, reports an edited,
// a missing and an extra file, writes nothing, and that an update then
// repairs the directory, removing the extra file but not foreign ones.
func TestVerify(t *testing.T) {
	module := toolModule(t)
	out := t.TempDir()
	args := []string{"--root", "example.com/tool/cli.NewRoot", "--module-dir", module, "--format", "markdown,man", "--output-dir", out}
	if code, stdout, stderr := runGendocs(t, args...); code != ExitOK {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	if code, stdout, stderr := runGendocs(t, append(args, "--verify")...); code != ExitOK || !strings.Contains(stdout, "up to date") {
		t.Fatalf("--verify on fresh docs: exit %d\n%s%s", code, stdout, stderr)
	}

	edit := func(name, content string) {
		if err := os.WriteFile(filepath.Join(out, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	get, _ := os.ReadFile(filepath.Join(out, "tool_get.md"))
	edit("tool_get.md", strings.Replace(string(get), "print at most this many", "print at most that many", 1))
	os.Remove(filepath.Join(out, "tool-config.1"))
	edit("tool_gone.md", "## tool gone\n")
	edit("README.md", "not ours\n")
	before := snapshotDir(t, out)

	code, stdout, stderr := runGendocs(t, append(args, "--verify")...)
	if code != ExitFindings {
		t.Errorf("--verify on edited docs: exit %d, want %d", code, ExitFindings)
	}
	for _, want := range []string{
		"1 missing, 1 changed, 1 extra",
		"missing: " + filepath.Join(out, "tool-config.1"),
		"extra:   " + filepath.Join(out, "tool_gone.md"),
		"changed: " + filepath.Join(out, "tool_get.md"),
		"-      --limit int               print at most that many (default 10)",
		"+      --limit int               print at most this many (default 10)",
		"without --verify to update",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("--verify output lacks %q:\n%s%s", want, stdout, stderr)
		}
	}
	if strings.Contains(stderr, "README.md") {
		t.Errorf("--verify reported README.md, which gendocs does not own:\n%s", stderr)
	}
	sameFiles(t, "the output dir after --verify", snapshotDir(t, out), before)

	if code, stdout, stderr := runGendocs(t, args...); code != ExitOK || !strings.Contains(stdout, "2 written, 1 removed") {
		t.Fatalf("update: exit %d\n%s%s", code, stdout, stderr)
	}
	if code, _, stderr := runGendocs(t, append(args, "--verify")...); code != ExitOK {
		t.Errorf("--verify after the update: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "README.md")); err != nil {
		t.Errorf("the update removed README.md: %v", err)
	}
}

// TestBadInput checks that each mistake gets exit status 2, a message
// saying what is wrong, and no output directory.
func TestBadInput(t *testing.T) {
	module := toolModule(t)
	fileInTheWay := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(fileInTheWay, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, root, outputDir string
		extra                 []string
		want                  string
	}{
		{"missing package", "example.com/tool/nope.NewRoot", "", nil,
			"package example.com/tool/nope is neither in module example.com/tool nor in its requirements"},
		{"missing module", "example.org/other/cli.NewRoot", "", nil,
			"package example.org/other/cli is neither in module example.com/tool nor in its requirements"},
		{"missing function", "example.com/tool/cli.NewMissing", "", nil,
			"package example.com/tool/cli has no function NewMissing"},
		{"function of the wrong type", "example.com/tool/cli.WrongType", "", nil,
			"has type func(string) *cobra.Command: it must be a func() *cobra.Command or a func(in io.Reader, out, errOut io.Writer) *cobra.Command"},
		{"a type", "example.com/tool/cli.Options", "", nil, "Options is a type, not a function"},
		{"nil command", "example.com/tool/cli.NewNil", "", nil, "returned a nil command"},
		{"panic", "example.com/tool/cli.NewPanics", "", nil, "tool: no widgets configured"},
		{"no function", "example.com/tool/cli", "", nil, "want <import path>.<Func>"},
		{"unexported function", "example.com/tool/cli.newRoot", "", nil, "not an exported Go function name"},
		{"unknown format", "example.com/tool/cli.NewRoot", "", []string{"--format", "markdown,pdf"}, `unknown format "pdf"`},
		{"bad date", "example.com/tool/cli.NewRoot", "", []string{"--date", "15/03/2026"}, "want YYYY-MM-DD"},
		{"missing module dir", "example.com/tool/cli.NewRoot", "", []string{"--module-dir", filepath.Join(module, "nope")}, "does not exist"},
		{"unwritable output dir", "example.com/tool/cli.NewRoot", filepath.Join(fileInTheWay, "docs"), nil, "cannot create the output directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := tc.outputDir
			if out == "" {
				out = filepath.Join(t.TempDir(), "docs")
			}
			args := append([]string{"--root", tc.root, "--module-dir", module, "--output-dir", out}, tc.extra...)
			code, stdout, stderr := runGendocs(t, args...)
			if code != ExitError {
				t.Errorf("exit %d, want %d", code, ExitError)
			}
			if !strings.Contains(stderr, tc.want) {
				t.Errorf("stderr lacks %q:\n%s%s", tc.want, stdout, stderr)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("%s was created", out)
			}
		})
	}
}

// TestLintCommand checks gendocs lint on a clean and on a bad tree.
func TestLintCommand(t *testing.T) {
	module := toolModule(t)
	if code, stdout, stderr := runGendocs(t, "lint", "--root", "example.com/tool/cli.NewRoot", "--module-dir", module); code != ExitOK {
		t.Errorf("lint of a clean tree: exit %d\n%s%s", code, stdout, stderr)
	}
	code, stdout, stderr := runGendocs(t, "lint", "--root", "example.com/tool/cli.NewLintBad", "--module-dir", module)
	if code != ExitFindings {
		t.Errorf("lint of a bad tree: exit %d, want %d", code, ExitFindings)
	}
	want := `bad: short-period: the short description ends with a period: drop it
bad Sub: command-name: name "Sub" should be lowercase words joined by dashes
bad Sub: example-indent: example line 1 is not indented by two spaces (kubectl: templates.Examples): "bad Sub"
bad Sub --dryRun: flag-name: flag names should be lowercase words or digits joined by dashes
bad Sub --dryRun: flag-usage-missing: no description: say what the flag does
`
	if stdout != want {
		t.Errorf("lint output:\n%s\nwant:\n%s", stdout, want)
	}
	if !strings.Contains(stderr, "5 lint findings") {
		t.Errorf("stderr: %s", stderr)
	}
}

// TestOwnDocsUpToDate runs hack/verify-docs.sh: docs/cli and docs/man must
// be what hack/update-docs.sh writes for kubegen's own CLIs.
func TestOwnDocsUpToDate(t *testing.T) {
	cmd := exec.Command("bash", "hack/verify-docs.sh")
	cmd.Dir = "../../.."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("hack/verify-docs.sh: %v\n%s\nRun hack/update-docs.sh and commit docs/.", err, out)
	}
}
