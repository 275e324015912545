package gendocs

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

// Root names the function that builds a command tree: a package-level
// func() *cobra.Command, or a func(in io.Reader, out, errOut io.Writer)
// *cobra.Command that gets the standard streams.
type Root struct {
	Package string // import path
	Func    string
}

func (r Root) String() string { return r.Package + "." + r.Func }

// ParseRoot reads "<import path>.<Func>", e.g. "example.com/tool/cmd.NewRootCommand".
func ParseRoot(spec string) (Root, error) {
	dot := strings.LastIndex(spec, ".")
	if dot <= strings.LastIndex(spec, "/") || dot == len(spec)-1 || dot == 0 {
		return Root{}, fmt.Errorf("root %q: want <import path>.<Func>, e.g. example.com/tool/cmd.NewRootCommand", spec)
	}
	r := Root{spec[:dot], spec[dot+1:]}
	if !token.IsIdentifier(r.Func) || !token.IsExported(r.Func) {
		return Root{}, fmt.Errorf("root %q: %q is not an exported Go function name", spec, r.Func)
	}
	return r, nil
}

// packageClause finds snapshot.go's package clause, to make it a main package.
var packageClause = regexp.MustCompile(`(?m)^package \w+$`)

//go:embed snapshot.go
var snapshotSource string

// The generated program's main. It reports a function of the wrong type
// with wrongTypeMarker and the type, so Load can say what it found.
const (
	wrongTypeMarker = "gendocs: wrong root type: "
	nilRootMarker   = "gendocs: root function returned nil"
	programMain     = `package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
	rootpkg %q
)

func main() {
	var root *cobra.Command
	switch f := any(rootpkg.%s).(type) {
	case func() *cobra.Command:
		root = f()
	case func(io.Reader, io.Writer, io.Writer) *cobra.Command:
		root = f(os.Stdin, os.Stdout, os.Stderr)
	default:
		fmt.Fprintf(os.Stderr, "%s%%T\n", f)
		os.Exit(3)
	}
	if root == nil {
		fmt.Fprintln(os.Stderr, %q)
		os.Exit(3)
	}
	data, err := json.Marshal(snapshotTree(root, %t))
	if err == nil {
		err = os.WriteFile(os.Args[1], data, 0o600)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
`
)

// Load builds the tree that root's function returns and reads it, without
// the user writing a main: it compiles a small program in a temporary
// module that has the requirements and replacements of the module in
// moduleDir, with that module replaced by its directory, runs it there,
// and removes it. Nothing is added to the user's module.
func Load(ctx context.Context, moduleDir string, root Root, includeHidden bool) (*Command, error) {
	if info, err := os.Stat(moduleDir); err != nil || !info.IsDir() {
		return nil, fmt.Errorf("module directory %s does not exist: pass the directory of the module that can import %s", moduleDir, root.Package)
	}
	goMod, err := goOutput(ctx, moduleDir, "env", "GOMOD")
	if err != nil {
		return nil, err
	}
	if goMod == "" || goMod == os.DevNull {
		return nil, fmt.Errorf("%s is not in a Go module (no go.mod): run gendocs in the module that can import %s, or pass its directory with --module-dir", moduleDir, root.Package)
	}
	modRoot := filepath.Dir(goMod)
	var mod struct {
		Module  struct{ Path string }
		Replace []struct {
			Old, New struct{ Path, Version string }
		}
	}
	modJSON, err := goOutput(ctx, modRoot, "mod", "edit", "-json")
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(modJSON), &mod); err != nil {
		return nil, fmt.Errorf("reading %s: %w", goMod, err)
	}

	work, err := os.MkdirTemp("", "gendocs-root-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)

	edits := []string{"mod", "edit", "-module", "gendocs-root",
		"-require", mod.Module.Path + "@" + zeroVersion(mod.Module.Path),
		"-replace", mod.Module.Path + "=" + modRoot}
	for _, r := range mod.Replace {
		if r.New.Version == "" && !filepath.IsAbs(r.New.Path) { // a directory relative to the user's module
			old := r.Old.Path
			if r.Old.Version != "" {
				old += "@" + r.Old.Version
			}
			edits = append(edits, "-replace", old+"="+filepath.Join(modRoot, r.New.Path))
		}
	}
	mainSource := fmt.Sprintf(programMain, root.Package, root.Func, wrongTypeMarker, nilRootMarker, includeHidden)
	snapshot := packageClause.ReplaceAllLiteralString(snapshotSource, "package main")
	for name, data := range map[string][]byte{
		"main.go":     []byte(mainSource),
		"snapshot.go": []byte(snapshot),
		"go.mod":      readOrNil(goMod),
		"go.sum":      readOrNil(filepath.Join(modRoot, "go.sum")),
	} {
		if err := os.WriteFile(filepath.Join(work, name), data, 0o600); err != nil {
			return nil, err
		}
	}
	if _, err := goOutput(ctx, work, edits...); err != nil {
		return nil, err
	}

	program := filepath.Join(work, "gendocs-root")
	if _, err := goOutput(ctx, work, "build", "-mod=readonly", "-o", program, "."); err != nil {
		return nil, explainBuildError(root, mod.Module.Path, err)
	}
	treeFile := filepath.Join(work, "tree.json")
	run := exec.CommandContext(ctx, program, treeFile)
	run.Dir = modRoot
	var stderr bytes.Buffer
	run.Stderr = &stderr
	if err := run.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if typ, ok := strings.CutPrefix(msg, wrongTypeMarker); ok {
			return nil, fmt.Errorf("root %s has type %s: it must be a func() *cobra.Command or a func(in io.Reader, out, errOut io.Writer) *cobra.Command", root, typ)
		}
		if msg == nilRootMarker {
			return nil, fmt.Errorf("root %s returned a nil command", root)
		}
		return nil, fmt.Errorf("running %s failed: %v\n%s", root, err, msg)
	}
	var tree Command
	if err := json.Unmarshal(readOrNil(treeFile), &tree); err != nil {
		return nil, fmt.Errorf("reading the tree of %s: %w", root, err)
	}
	return &tree, nil
}

// zeroVersion is the placeholder version the temporary module requires the
// user's module at; the replacement makes it the directory.
func zeroVersion(modulePath string) string {
	major := "v0"
	if m := regexp.MustCompile(`/(v[2-9][0-9]*)$`).FindStringSubmatch(modulePath); m != nil {
		major = m[1]
	}
	return major + ".0.0-00010101000000-000000000000"
}

func readOrNil(path string) []byte {
	data, _ := os.ReadFile(path)
	return data
}

// goError is a failed go command with its output.
type goError struct {
	args   []string
	output string
}

func (e *goError) Error() string {
	return fmt.Sprintf("go %s failed:\n%s", strings.Join(e.args, " "), e.output)
}

// goOutput runs the go command in dir, outside any go.work file, and
// returns its trimmed standard output.
func goOutput(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return "", errors.New("the go command is not on PATH: gendocs --root needs it to build the root function")
		}
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			return "", fmt.Errorf("go %s: %w", strings.Join(args, " "), err)
		}
		return "", &goError{args, strings.TrimSpace(stderr.String() + stdout.String())}
	}
	return strings.TrimSpace(stdout.String()), nil
}

// explainBuildError turns the go command's complaint about the generated
// program into what the user has to fix in --root.
func explainBuildError(root Root, module string, err error) error {
	var ge *goError
	if !errors.As(err, &ge) {
		return err
	}
	out := ge.output
	switch {
	case strings.Contains(out, "undefined: rootpkg."+root.Func):
		return fmt.Errorf("root %s: package %s has no function %s: check the name (it must be exported and package-level)", root, root.Package, root.Func)
	case strings.Contains(out, "(type) is not an expression"):
		return fmt.Errorf("root %s: %s is a type, not a function returning *cobra.Command", root, root.Func)
	case strings.Contains(out, "is a program, not an importable package"):
		return fmt.Errorf("root %s: package %s is a main package, which cannot be imported: move the function into a library package", root, root.Package)
	case strings.Contains(out, "no required module provides package"),
		strings.Contains(out, "cannot find module providing package"),
		strings.Contains(out, "is not in std"),
		strings.Contains(out, "does not contain package"):
		return fmt.Errorf("root %s: package %s is neither in module %s nor in its requirements: check the import path, or add the module with go get", root, root.Package, module)
	}
	return fmt.Errorf("root %s: cannot build the program that calls it:\n%s", root, out)
}
