package codegen

import (
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/kubegen/kubegen/generators/cache"
	"github.com/kubegen/kubegen/generators/run"
	"github.com/kubegen/kubegen/generators/validation"
)

// calls are the subcommands, by name.
var calls = map[string]func([]string, where) (*call, error){
	"helpers":  helpersCall,
	"register": registerCall,
	"client":   clientCall,
	"openapi":  openapiCall,

	"controller-gen": controllerGenCall,
}

const usage = `Usage:
  kubegen helpers  [flags] <input-dir>   as kube::codegen::gen_helpers
  kubegen register [flags] <input-dir>   as kube::codegen::gen_register
  kubegen client   [flags] <input-dir>   as kube::codegen::gen_client
  kubegen openapi  [flags] <input-dir>   as kube::codegen::gen_openapi
  kubegen <tool> [flags] <packages>...   an upstream generator's own command
                                         line (deepcopy-gen, defaulter-gen,
                                         conversion-gen, validation-gen,
                                         client-gen, ...)
  kubegen all <call> [flags] <input-dir> [-- <call> ...]...
                                         several calls over one load

Every call takes kube_codegen.sh's flags (a tool, its own and
--go-header-file), plus --verify, --year and -v.
See 'go doc github.com/kubegen/kubegen/generators/codegen'.
`

// Main runs kubegen with args (without the program name) and returns its
// exit code: 0 done (or up to date), 1 failure or out-of-date files with
// --verify, 2 bad command line.
func Main(args []string, stdout, stderr io.Writer) int {
	cs, err := parseCalls(args)
	if err != nil {
		fmt.Fprintf(stderr, "kubegen: %s\n", run.RelativePaths(err.Error()))
		var u usageError
		if errors.As(err, &u) {
			fmt.Fprintf(stderr, "\n%s", usage)
			return 2
		}
		return 1
	}
	if len(cs) == 0 {
		fmt.Fprint(stdout, usage)
		return 0
	}
	verify, strict, verbosity := cs[0].flags.verify, false, 0
	var jobs []run.Job
	var patterns []string
	merged := map[string]int{} // job key → index in jobs
	for _, c := range cs {
		if c.flags.verify != verify {
			fmt.Fprintf(stderr, "kubegen: give --verify to every call of 'kubegen all' or to none\n")
			return 2
		}
		verbosity = max(verbosity, c.flags.verbosity)
		strict = strict || c.flags.strict
		for _, n := range c.notes {
			fmt.Fprintln(stdout, n)
		}
		for i, j := range c.jobs {
			if k, ok := merged[c.keys[i]]; ok {
				// The same tool with the same flags in two calls (helpers
				// on two trees): one job, so each sees the other's output.
				jobs[k].Inputs = append(jobs[k].Inputs, j.Inputs...)
				if w, ok := jobs[k].Generator.(*within); ok {
					if w2, ok := j.Generator.(*within); ok {
						w.roots = append(w.roots, w2.roots...)
					}
				}
			} else {
				merged[c.keys[i]] = len(jobs)
				jobs = append(jobs, j)
			}
			for _, in := range j.Inputs {
				if !slices.Contains(patterns, in) {
					patterns = append(patterns, in)
				}
			}
		}
	}
	if len(jobs) == 0 {
		return 0
	}
	jobs = validationLast(jobs)
	p := newProgress(stderr, verbosity)
	// With the cache on, one snapshot of the files both answers a hit and,
	// on a miss, tells inputs edited during the run from our own writes.
	var (
		store  = cache.Open()
		key    string
		scope  cache.Scope
		before cache.Files
	)
	if store != nil {
		key, scope = runKey(args, cs), cacheScope(cs, jobs)
		var err error
		if before, err = cache.Snapshot(scope); err != nil {
			store = nil // no fingerprint, no entry
		} else if warnings, ok := store.Hit(key, before); ok {
			p.done("up to date: nothing changed since the last run (KUBEGEN_CACHE=off to regenerate anyway)")
			run.PrintWarnings(stderr, "kubegen", warnings)
			return 0
		}
	}
	rep, err := run.Execute(run.Options{Patterns: patterns, Verify: verify, Strict: strict, Diff: stdout, Stdout: stdout, Log: p.log}, jobs...)
	if err != nil {
		p.done("")
		fmt.Fprintf(stderr, "kubegen: %s\n", run.RelativePaths(err.Error()))
		return 1
	}
	p.done(fmt.Sprintf("%d packages, %d files: %d written, %d unchanged, %d stale removed",
		rep.Packages, rep.Files, len(rep.Written), len(rep.Unchanged), len(rep.Removed)))
	run.PrintWarnings(stderr, "kubegen", rep.Warnings)
	if verify && rep.Differs() {
		fmt.Fprintf(stderr, "kubegen: %d generated files are out of date, %d stale; regenerate them (run without --verify)\n",
			len(rep.Written), len(rep.Removed))
		return 1
	}
	if err := store.Store(key, scope, before, slices.Concat(rep.Written, rep.Removed), rep.Warnings); err != nil && verbosity > 0 {
		fmt.Fprintf(stderr, "kubegen: not cached: %v\n", err)
	}
	return 0
}

// validationLast moves the validation-gen jobs after the others.
// validation-gen loads its read-only packages (apimachinery's) from
// source, and a generator run after it would see their doc comments,
// which it does not see run alone: openapi-gen would take the
// +k8s:openapi-model-package tag of a dependency's type (intstr's
// IntOrString) and name it by its OpenAPIModelName method. The other way
// round nothing leaks: validation-gen reads only its inputs and read-only
// packages, which it loads itself. Nothing else depends on the order of
// these jobs (the openapi job still precedes the client's).
func validationLast(jobs []run.Job) []run.Job {
	var others, validations []run.Job
	for _, j := range jobs {
		if j.Generator.Tool() == validation.ToolName {
			validations = append(validations, j)
		} else {
			others = append(others, j)
		}
	}
	return append(others, validations...)
}

// parseCalls turns the command line into calls: one, or with "all"
// several separated by "--".
func parseCalls(args []string) ([]*call, error) {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		return nil, nil
	}
	var segments [][]string
	if args[0] == "all" {
		for seg := range splitOn(args[1:], "--") {
			segments = append(segments, seg)
		}
	} else {
		segments = [][]string{args}
	}
	var cs []*call
	sc := scans{}
	for _, seg := range segments {
		if len(seg) == 0 {
			return nil, usageError{errors.New("all: a call is missing (an empty one between '--')")}
		}
		w := where{scans: sc}
		if seg[0] == "-C" {
			if len(seg) < 3 {
				return nil, usageError{errors.New("-C: give a directory and a call: -C <dir> <call> [flags] <input-dir>")}
			}
			if _, ok := calls[seg[2]]; !ok || seg[2] == "controller-gen" {
				return nil, usageError{fmt.Errorf("-C %s %s: -C is for the kube_codegen.sh calls (helpers, register, client, openapi)", seg[1], seg[2])}
			}
			w.dir, seg = seg[1], seg[2:]
		}
		var c *call
		var err error
		if parse, ok := calls[seg[0]]; ok {
			c, err = parse(seg[1:], w)
		} else if _, ok := toolset[seg[0]]; ok {
			c, err = toolCall(seg[0], seg[1:])
		} else {
			return nil, usageError{fmt.Errorf("unknown call %q (a kube_codegen.sh function: helpers, register, openapi, client; or an upstream generator: %s)", seg[0], strings.Join(slices.Sorted(maps.Keys(toolset)), ", "))}
		}
		if err != nil {
			return nil, err
		}
		cs = append(cs, c)
	}
	if err := linkSchemas(cs); err != nil {
		return nil, err
	}
	return cs, nil
}

func splitOn(args []string, sep string) func(func([]string) bool) {
	return func(yield func([]string) bool) {
		start := 0
		for i, a := range args {
			if a == sep {
				if !yield(args[start:i]) {
					return
				}
				start = i + 1
			}
		}
		yield(args[start:])
	}
}

// runKey describes everything a run's output depends on besides files:
// this binary, the Go toolchain, where and how it runs.
func runKey(args []string, cs []*call) string {
	parts := [][]byte{[]byte("kubegen run"), executableID(), []byte(runtime.Version())}
	wd, _ := os.Getwd()
	parts = append(parts, []byte(wd))
	// Verify and update runs agree on an up-to-date tree, and the log
	// level changes no output: neither is part of the key.
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "--verify" || a == "--verify=true":
		case a == "-v" || a == "--v":
			i++ // and its value
		case strings.HasPrefix(a, "-v=") || strings.HasPrefix(a, "--v=") || len(a) > 2 && a[:2] == "-v" && isDigits(a[2:]):
		default:
			parts = append(parts, []byte(a))
		}
	}
	for _, c := range cs {
		parts = append(parts, c.flags.header)
	}
	for _, v := range []string{"GOFLAGS", "GOOS", "GOARCH", "GOWORK", "GOEXPERIMENT", "CGO_ENABLED"} {
		parts = append(parts, []byte(v+"="+os.Getenv(v)))
	}
	return cache.Key(parts...)
}

// executableID identifies this binary: its Go build ID, which the go
// command derives from the binary's content (read from the ELF note, or
// the marked string other formats carry near the start), else a hash of
// the whole file. Hashing 30 MB would be most of a cache hit's time.
func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

func executableID() []byte {
	exe, err := os.Executable()
	if err != nil {
		return nil
	}
	if f, err := elf.Open(exe); err == nil {
		defer f.Close()
		if sec := f.Section(".note.go.buildid"); sec != nil {
			// namesz, descsz, type (4 bytes each), "Go\x00\x00", the ID
			note, err := sec.Data()
			if err == nil && len(note) > 16 && string(note[12:16]) == "Go\x00\x00" {
				if n := int(f.ByteOrder.Uint32(note[4:8])); n > 0 && 16+n <= len(note) {
					return append([]byte("go build id "), note[16:16+n]...)
				}
			}
		}
	}
	b, err := os.ReadFile(exe)
	if err != nil {
		return nil
	}
	const mark = "\xff Go build ID: \""
	if i := bytes.Index(b[:min(len(b), 32<<10)], []byte(mark)); i >= 0 {
		if id, _, ok := bytes.Cut(b[i+len(mark):], []byte(`"`)); ok && len(id) > 0 {
			return append([]byte("go build id "), id...)
		}
	}
	sum := sha256.Sum256(b)
	return sum[:]
}

// cacheScope is what a run may read or write: the module (and workspace),
// the input trees and the output directories.
func cacheScope(cs []*call, jobs []run.Job) cache.Scope {
	var s cache.Scope
	s.Trees = append(s.Trees, moduleRoots()...)
	for _, c := range cs {
		if c.tree != nil { // tool calls name packages, inside the module roots
			s.Trees = append(s.Trees, c.tree.root)
		}
		s.Files = append(s.Files, c.files...)
	}
	for _, j := range jobs {
		var dirs []string
		if od, ok := j.Generator.(run.OutputDirs); ok {
			dirs = append(dirs, od.OutputDirs()...)
		}
		if ct, ok := j.Generator.(run.CacheTrees); ok {
			dirs = append(dirs, ct.CacheTrees()...)
		}
		for _, d := range dirs {
			abs, _ := filepath.Abs(d)
			s.Trees = append(s.Trees, abs)
		}
		if cf, ok := j.Generator.(cacheFiles); ok {
			s.Files = append(s.Files, cf.CacheFiles()...)
		}
	}
	slices.Sort(s.Trees)
	s.Trees = slices.Compact(s.Trees)
	return s
}

// cacheFiles is implemented by generators that read files other than Go
// code which their flags name (validation-gen's --test-allowlist).
type cacheFiles interface{ CacheFiles() []string }

// moduleRoots are the directories of the main module and, in a
// workspace, of every module it uses.
func moduleRoots() []string {
	out, err := exec.Command("go", "env", "-json", "GOMOD", "GOWORK").Output()
	if err != nil {
		return nil
	}
	var env struct{ GOMOD, GOWORK string }
	if json.Unmarshal(out, &env) != nil {
		return nil
	}
	var roots []string
	if env.GOMOD != "" && env.GOMOD != os.DevNull {
		roots = append(roots, filepath.Dir(env.GOMOD))
	}
	if env.GOWORK != "" && env.GOWORK != "off" {
		out, err := exec.Command("go", "work", "edit", "-json").Output()
		var work struct{ Use []struct{ DiskPath string } }
		if err == nil && json.Unmarshal(out, &work) == nil {
			for _, u := range work.Use {
				p := u.DiskPath
				if !filepath.IsAbs(p) {
					p = filepath.Join(filepath.Dir(env.GOWORK), p)
				}
				roots = append(roots, filepath.Clean(p))
			}
		}
	}
	return roots
}

// progress shows what a run does: on a terminal, one line that is
// rewritten as the run goes on and ends with the summary; elsewhere
// nothing, unless -v asks for log lines.
type progress struct {
	w         io.Writer
	verbosity int
	tty       bool
	shown     bool
}

func newProgress(w io.Writer, verbosity int) *progress {
	p := &progress{w: w, verbosity: verbosity}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.tty = true
		}
	}
	return p
}

func (p *progress) log(level int, format string, args ...any) {
	switch {
	case p.verbosity >= level:
		p.clear()
		fmt.Fprintf(p.w, format+"\n", args...)
	case p.tty && level <= 1:
		fmt.Fprintf(p.w, "\r\033[Kkubegen: "+format, args...)
		p.shown = true
	}
}

func (p *progress) clear() {
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
		p.shown = false
	}
}

// done replaces the progress line with the summary (on a terminal, or
// with -v).
func (p *progress) done(summary string) {
	p.clear()
	if summary != "" && (p.tty || p.verbosity > 0) {
		fmt.Fprintf(p.w, "kubegen: %s\n", summary)
	}
}
