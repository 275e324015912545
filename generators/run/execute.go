package run

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/kubegen/kubegen/generators/gofile"
	"github.com/kubegen/kubegen/generators/load"
	"github.com/kubegen/kubegen/generators/model"
	"github.com/kubegen/kubegen/internal/sink"
)

// Options configure one run: one load, then every job's generator.
type Options struct {
	// Patterns name every package to load: the union of the jobs' inputs.
	Patterns []string
	// Verify writes nothing and reports in Report what would change.
	Verify bool
	// Strict fails the run, before anything is written, if a generator
	// warned (Context.Warnf).
	Strict bool
	// Diff receives the unified diffs of a Verify run.
	Diff io.Writer
	// Stdout is the command's standard output (Context.Stdout).
	Stdout io.Writer
	// Log prints progress; nil is quiet.
	Log func(level int, format string, args ...any)
}

// Job is a generator and the share of the loaded packages it works on.
type Job struct {
	Generator Generator
	// Inputs select the job's input packages among those loaded, as
	// patterns: import paths or directories, either ending in "/..." for
	// the tree below. Nil means every loaded input.
	Inputs []string
	// Boilerplate is the header text with YEAR replaced, or nil.
	Boilerplate []byte
	// Filter, if set, sees the job's formatted files before anything is
	// written and returns those to write: it may check, drop or keep
	// them, or fail the run. Later jobs run after it.
	Filter func([]sink.File) ([]sink.File, error)
}

// Report says what a run did (or, verifying, would do).
type Report struct {
	sink.Report
	Files    int // generated files, written or not
	Packages int // input packages loaded
	// Warnings are the generators' warnings (Context.Warnf), sorted, each
	// with its position.
	Warnings []string
}

// Execute loads opts.Patterns once, runs every job's generator over its
// share, formats all files in parallel and applies them through the sink:
// either all files are written (only those whose bytes change) and stale
// ones removed, or, on any error, nothing is.
func Execute(opts Options, jobs ...Job) (*Report, error) {
	logf := opts.Log
	if logf == nil {
		logf = func(int, string, ...any) {}
	}
	gens := make([]Generator, len(jobs))
	for i, j := range jobs {
		gens[i] = j.Generator
	}
	start := time.Now()
	readOnly := readOnlyRoots() // asked now, answered while the run loads
	inputs := make([][]inputPattern, len(jobs))
	for i, j := range jobs {
		inputs[i] = compilePatterns(j.Inputs)
	}
	loaded, err := load.Load(context.Background(), load.Config{
		Patterns: opts.Patterns,
		Regenerated: func(pkgPath, path string, src []byte) bool {
			for i, j := range jobs {
				if j.regenerates(inputs[i], pkgPath, path, src) {
					return true
				}
			}
			return false
		},
		BuildTags: buildTags(gens),
		Prefetch:  prefetch(gens, opts.Patterns),
	})
	if errors.Is(err, load.ErrNoPackages) && !opts.Strict {
		// Upstream writes nothing, and removes nothing either.
		return &Report{Warnings: []string{err.Error() + ", so nothing is generated"}}, nil
	}
	if err != nil {
		return nil, err
	}
	logf(1, "loaded %d packages in %v", len(loaded.Universe.Inputs), time.Since(start).Round(time.Millisecond))

	// The jobs generate one after another, in order (a job may use what an
	// earlier one's Filter saw); each job's files are formatted on the other
	// cores meanwhile.
	outputs := make([]*jobOutput, len(jobs))
	warned, state := &warnings{}, &shared{values: map[string]any{}}
	resolveMu := &sync.Mutex{}
	for i, j := range jobs {
		u := loaded.Universe
		if j.Inputs != nil {
			in, err := selectInputs(u.Inputs, j.Inputs)
			if err != nil {
				return nil, err
			}
			u = u.WithInputs(in)
		}
		produced := map[string]bool{}
		ctx := &Context{Universe: u, Boilerplate: j.Boilerplate, Log: logf, Stdout: opts.Stdout, resolveMu: resolveMu, loaded: loaded, warnings: warned, shared: state}
		gfiles, err := j.Generator.Generate(ctx)
		if err != nil {
			return nil, err
		}
		for _, f := range gfiles {
			if produced[f.Path] {
				return nil, fmt.Errorf("%s: generated twice by %s (its --output-file names a file it also writes otherwise?)", f.Path, j.Generator.Tool())
			}
			produced[f.Path] = true
		}
		out := renderAsync(gfiles)
		outputs[i] = out
		if j.Filter != nil {
			if err := out.wait(); err != nil {
				return nil, err
			}
			if out.files, err = j.Filter(out.files); err != nil {
				return nil, err
			}
		}
		if out.stale, err = staleFiles(u, j.Generator, produced); err != nil {
			return nil, err
		}
	}
	files, stale, err := combine(jobs, outputs, warned)
	if err != nil {
		return nil, err
	}
	logf(1, "generated and formatted %d files (%v)", len(files), time.Since(start).Round(time.Millisecond))
	msgs := warned.sorted()
	if opts.Strict && len(msgs) > 0 {
		return nil, fmt.Errorf("--strict: nothing written, because of:\n\t%s", strings.Join(msgs, "\n\t"))
	}
	roots, err := readOnly()
	if err != nil {
		return nil, err
	}
	if err := outsideModuleCache(roots, files, stale); err != nil {
		return nil, err
	}
	mode := sink.Update
	if opts.Verify {
		mode = sink.Verify
	}
	diff := opts.Diff
	if diff == nil {
		diff = io.Discard
	}
	rep, err := sink.Apply(files, stale, mode, diff)
	if err != nil {
		return nil, err
	}
	logf(1, "%d files: %d written, %d unchanged, %d stale removed (%v)",
		len(files), len(rep.Written), len(rep.Unchanged), len(rep.Removed), time.Since(start).Round(time.Millisecond))
	return &Report{Report: rep, Files: len(files), Packages: len(loaded.Universe.Inputs), Warnings: msgs}, nil
}

// jobOutput is one job's formatted files (ready once done is closed) and
// the files it found stale.
type jobOutput struct {
	done  chan struct{}
	files []sink.File
	err   error
	stale []string
}

// renderAsync formats files in the background.
func renderAsync(files []*gofile.File) *jobOutput {
	out := &jobOutput{done: make(chan struct{})}
	go func() {
		defer close(out.done)
		out.files, out.err = Render(files)
	}()
	return out
}

func (o *jobOutput) wait() error {
	<-o.done
	return o.err
}

// combine puts the jobs' files and stale paths together as running the
// jobs one after another would leave the disk: a file two jobs write (two
// calls of 'kubegen all' over the same package, like a project's own
// helpers call and kubernetes' deepcopy-gen run over the same staging
// module) has the later job's content, with a warning if the two differ;
// a file an earlier job wrote and a later one finds stale is removed, and
// one a later job writes is not stale.
func combine(jobs []Job, outputs []*jobOutput, warned *warnings) ([]sink.File, []string, error) {
	var files []sink.File
	index := map[string]int{} // path → index in files, or -1: removed
	writer := map[string]string{}
	for i, out := range outputs {
		if err := out.wait(); err != nil {
			return nil, nil, err
		}
		tool := jobs[i].Generator.Tool()
		for _, f := range out.files {
			k, seen := index[f.Path]
			switch {
			case !seen || k < 0:
				index[f.Path] = len(files)
				files = append(files, f)
			default:
				if !bytes.Equal(files[k].Data, f.Data) {
					warned.add(&model.PosError{Msg: fmt.Sprintf("%s: two calls generate it differently (%s, then %s): the later one's file is written, as running the calls one by one would leave it",
						f.Path, writer[f.Path], tool)})
				}
				files[k] = f
			}
			writer[f.Path] = tool
		}
		for _, p := range out.stale {
			if k, ok := index[p]; ok && k >= 0 {
				files[k].Path = "" // an earlier job's file, which this one removes
			}
			index[p] = -1
		}
	}
	files = slices.DeleteFunc(files, func(f sink.File) bool { return f.Path == "" })
	var stale []string
	for p, k := range index {
		if k < 0 {
			stale = append(stale, p)
		}
	}
	slices.Sort(stale)
	return files, stale, nil
}

// prefetch collects the packages the generators will load from source.
func prefetch(gens []Generator, patterns []string) []string {
	var out []string
	for _, g := range gens {
		if p, ok := g.(Prefetcher); ok {
			for _, path := range p.Prefetch(patterns) {
				if !slices.Contains(out, path) {
					out = append(out, path)
				}
			}
		}
	}
	return out
}

// selectInputs returns the packages among loaded that the patterns name,
// in loaded's order. A pattern that names none is an error: the caller
// asked for something the load does not have.
func selectInputs(loaded []*model.Package, patterns []string) ([]*model.Package, error) {
	matched := make([]bool, len(patterns))
	compiled := compilePatterns(patterns)
	var in []*model.Package
	for _, p := range loaded {
		hit := false
		for i, pat := range compiled {
			if pat.match(p.Path, p.Dir) {
				matched[i], hit = true, true
			}
		}
		if hit {
			in = append(in, p)
		}
	}
	for i, pat := range patterns {
		if !matched[i] {
			return nil, fmt.Errorf("%s: matches no loaded input package", pat)
		}
	}
	return in, nil
}

// regenerates reports whether the file, of the package with the given
// import path, is output that the job writes: the generator owns it, and
// it is in one of the job's inputs or output directories.
func (j Job) regenerates(inputs []inputPattern, pkgPath, path string, src []byte) bool {
	if !j.Generator.Owns(path, src) {
		return false
	}
	if j.Inputs == nil || slices.ContainsFunc(inputs, func(pat inputPattern) bool { return pat.match(pkgPath, filepath.Dir(path)) }) {
		return true
	}
	if od, ok := j.Generator.(OutputDirs); ok {
		for _, d := range od.OutputDirs() {
			if rel, err := filepath.Rel(d, path); err == nil && !strings.HasPrefix(rel, "..") {
				return true
			}
		}
	}
	return false
}

// inputPattern is a package pattern as a job's inputs are matched
// against the loaded packages: an import path, or a directory (".",
// "./x", "../x" or absolute), either with "/..." for the tree below it.
type inputPattern struct {
	base      string // the import path, or the directory made absolute
	dir, tree bool
}

func compilePatterns(patterns []string) []inputPattern {
	out := make([]inputPattern, 0, len(patterns))
	for _, pattern := range patterns {
		base, tree := strings.CutSuffix(pattern, "/...")
		p := inputPattern{base: base, tree: tree}
		if base == "." || strings.HasPrefix(base, "./") || strings.HasPrefix(base, "../") || filepath.IsAbs(base) {
			abs, err := filepath.Abs(base)
			if err != nil {
				continue // matches nothing
			}
			p.base, p.dir = abs, true
		}
		out = append(out, p)
	}
	return out
}

// match reports whether the package with import path path in directory
// dir (absolute and clean, as the loader gives it) is one p names.
func (p inputPattern) match(path, dir string) bool {
	name := path
	if p.dir {
		name = dir
	}
	return name == p.base || p.tree && strings.HasPrefix(name, p.base+"/")
}

// readOnlyRoots starts asking the go command for the module cache and
// GOROOT, and returns the function that waits for the answer.
func readOnlyRoots() func() ([]string, error) {
	type answer struct {
		roots []string
		err   error
	}
	ch := make(chan answer, 1)
	go func() {
		out, err := exec.Command("go", "env", "GOMODCACHE", "GOROOT").Output()
		if err != nil {
			err = fmt.Errorf("go env: %v", err)
		}
		ch <- answer{strings.Fields(string(out)), err}
	}()
	return sync.OnceValues(func() ([]string, error) {
		a := <-ch
		return a.roots, a.err
	})
}

// outsideModuleCache keeps the run out of the Go module cache and
// GOROOT, which are read-only sources (and writable to root, so the file
// system would not stop it). A file there that is already up to date is
// no write, which the sink leaves alone (upstream rewrites the model-name
// files of --extra-pkgs from other modules with the same bytes); a real
// change is an error that shows it.
func outsideModuleCache(roots []string, files []sink.File, stale []string) error {
	inside := func(path string) string {
		for _, root := range roots {
			if rel, err := filepath.Rel(root, path); err == nil && !strings.HasPrefix(rel, "..") {
				return root
			}
		}
		return ""
	}
	refuse := func(path, root, change string) error {
		return fmt.Errorf("%s: a generator would %s in %s, which is read-only source: pass its package with --readonly-pkg, or leave it out of the inputs", path, change, root)
	}
	for _, p := range stale {
		if root := inside(p); root != "" {
			return refuse(p, root, "remove this stale generated file")
		}
	}
	for _, f := range files {
		root := inside(f.Path)
		if root == "" {
			continue
		}
		old, err := os.ReadFile(f.Path)
		switch {
		case err == nil && bytes.Equal(old, f.Data):
			continue // up to date: nothing to write
		case err != nil:
			return refuse(f.Path, root, "create this file")
		}
		return refuse(f.Path, root, "change this file as follows\n"+firstLines(sink.Unified(f.Path, "generated", string(old), string(f.Data)), 20)+"\n")
	}
	return nil
}

// firstLines cuts text after n lines.
func firstLines(text string, n int) string {
	lines := strings.SplitAfter(text, "\n")
	if len(lines) <= n {
		return strings.TrimSuffix(text, "\n")
	}
	return strings.Join(lines[:n], "") + fmt.Sprintf("... (%d more lines)", len(lines)-n)
}
