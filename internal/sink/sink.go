// Package sink puts generated files on disk, or checks that they are there.
// Every kubegen tool that writes files (the generators, gendocs,
// importverifier's alias fixes) writes through it, and every --verify
// compares through it.
//
// Compare sets a run's files (and the stale paths it no longer produces)
// beside the disk and returns the Changes: files to create, files to
// rewrite, stale files to remove. Changes.Write carries them out all or
// nothing: every new content is first written to a temporary file beside
// its target, and only when all of them are written are they renamed into
// place, so a failure (a full disk, an unwritable directory) leaves every
// file as it was, and removes again the directories it created. Unchanged
// files are never touched. Changes.Diff prints a unified diff of what
// Write would do, for a verify that writes nothing.
//
// Apply is the two steps in one, as the generators use them.
package sink

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kubegen/kubegen/internal/parallel"
)

// File is one file's wanted content.
type File struct {
	Path string
	Data []byte
}

// Change is a file whose content on disk differs from the wanted one.
type Change struct {
	File
	Old    []byte
	Exists bool // false: the file is to be created
}

// Diff returns the unified diff from the file on disk to the wanted content.
func (c Change) Diff() string {
	oldName := c.Path
	if !c.Exists {
		oldName = "/dev/null"
	}
	return Unified(oldName, c.Path, string(c.Old), string(c.Data))
}

// Changes is what it takes to bring the disk up to date, sorted by path.
type Changes struct {
	Create    []Change
	Modify    []Change
	Remove    []string // stale files that exist
	Unchanged []string
}

// Empty reports whether the disk is up to date.
func (c *Changes) Empty() bool { return len(c.Create)+len(c.Modify)+len(c.Remove) == 0 }

// InTheWayError reports something other than a regular file where a file
// is to be written.
type InTheWayError struct{ Path string }

func (e *InTheWayError) Error() string {
	return e.Path + " is in the way: a generated file goes there; move it"
}

// Compare reads the disk at every file's path and at the stale paths.
func Compare(files []File, stale []string) (*Changes, error) {
	files = slices.Clone(files)
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	// The files are read concurrently (most of the time is the file
	// system's), then sorted into the Changes in path order.
	type state struct {
		change Change
		same   bool
		err    error
	}
	states := make([]state, len(files))
	parallel.Workers(ioWorkers, len(files), func(i int) {
		f := files[i]
		st, err := os.Stat(f.Path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			states[i].change = Change{File: f}
			return
		case err == nil && !st.Mode().IsRegular():
			states[i].err = &InTheWayError{f.Path}
			return
		}
		var old []byte
		if err == nil {
			old, err = os.ReadFile(f.Path)
		}
		if err != nil {
			states[i].err = fmt.Errorf("reading %s: %w", f.Path, err)
			return
		}
		states[i] = state{change: Change{File: f, Old: old, Exists: true}, same: bytes.Equal(old, f.Data)}
	})
	c := &Changes{}
	for _, s := range states {
		switch {
		case s.err != nil:
			return nil, s.err
		case s.same:
			c.Unchanged = append(c.Unchanged, s.change.Path)
		case s.change.Exists:
			c.Modify = append(c.Modify, s.change)
		default:
			c.Create = append(c.Create, s.change)
		}
	}
	for _, p := range slices.Sorted(slices.Values(stale)) {
		if _, err := os.Lstat(p); err == nil {
			c.Remove = append(c.Remove, p)
		}
	}
	return c, nil
}

// ioWorkers is how many files are read or written at once: more than the
// cores, as the file system is most of the cost.
const ioWorkers = 8

// Diff writes a unified diff for every file to create or rewrite, and a
// line for every stale file.
func (c *Changes) Diff(w io.Writer) {
	for _, ch := range c.Changed() {
		io.WriteString(w, ch.Diff())
	}
	for _, p := range c.Remove {
		fmt.Fprintf(w, "%s: stale generated file: nothing generates it any more (an update removes it)\n", p)
	}
}

// Changed returns the creations and rewrites, sorted by path.
func (c *Changes) Changed() []Change {
	all := slices.Concat(c.Create, c.Modify)
	slices.SortFunc(all, func(a, b Change) int { return strings.Compare(a.Path, b.Path) })
	return all
}

// Write writes every created and rewritten file, all or nothing, then
// removes the stale ones.
func (c *Changes) Write() error {
	if err := writeAll(c.Changed()); err != nil {
		return err
	}
	for _, p := range c.Remove {
		if err := os.Remove(p); err != nil {
			return fmt.Errorf("removing stale %s: %w", p, err)
		}
	}
	return nil
}

// Mode says what Apply does.
type Mode int

const (
	Update Mode = iota // write what changed, remove what is stale
	Verify             // write nothing, report differences
)

// Report says what Apply did, or in Verify mode, would do.
type Report struct {
	Written   []string // created or rewritten
	Unchanged []string
	Removed   []string // stale files
}

// Differs reports whether anything was (or would be) written or removed.
func (r Report) Differs() bool { return len(r.Written)+len(r.Removed) > 0 }

// Apply makes disk match files, plus the removal of the stale paths. In
// Verify mode it writes diffs to diffs instead.
func Apply(files []File, stale []string, mode Mode, diffs io.Writer) (Report, error) {
	c, err := Compare(files, stale)
	if err != nil {
		return Report{}, err
	}
	rep := Report{Unchanged: c.Unchanged, Removed: c.Remove}
	for _, ch := range c.Changed() {
		rep.Written = append(rep.Written, ch.Path)
	}
	if mode == Verify {
		c.Diff(diffs)
		return rep, nil
	}
	return rep, c.Write()
}

// writeAll writes every file to a temporary sibling, then renames them all
// into place. If any step fails, the temporaries and the directories made
// for them are removed, and no file has changed.
func writeAll(changes []Change) error {
	var made []string
	temps := make([]string, len(changes))
	cleanup := func() {
		for _, t := range temps {
			if t != "" {
				os.Remove(t)
			}
		}
		for _, d := range slices.Backward(made) {
			os.Remove(d) // only empty ones go
		}
	}
	for _, ch := range changes {
		dirs, err := mkdirAll(filepath.Dir(ch.Path))
		made = append(made, dirs...)
		if err != nil {
			cleanup()
			return err
		}
	}
	errs := make([]error, len(changes))
	parallel.Workers(ioWorkers, len(changes), func(i int) {
		temps[i], errs[i] = writeTemp(changes[i])
	})
	for _, err := range errs {
		if err != nil { // the first, in path order
			cleanup()
			return err
		}
	}
	for i, ch := range changes {
		if err := os.Rename(temps[i], ch.Path); err != nil {
			cleanup()
			return fmt.Errorf("writing %s: %w", ch.Path, err)
		}
	}
	return nil
}

// mkdirAll creates dir and its missing parents and returns the ones it
// created, outermost first.
func mkdirAll(dir string) ([]string, error) {
	var missing []string
	for d := dir; filepath.Dir(d) != d; d = filepath.Dir(d) {
		st, err := os.Stat(d)
		if err == nil && !st.IsDir() {
			return nil, fmt.Errorf("cannot create output directory %s: %s is a file", dir, d)
		}
		if err == nil {
			break
		}
		missing = append(missing, d)
	}
	slices.Reverse(missing)
	for i, d := range missing {
		if err := os.Mkdir(d, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return missing[:i], fmt.Errorf("cannot create output directory %s: %w", dir, err)
		}
	}
	return missing, nil
}

func writeTemp(ch Change) (string, error) {
	tmp, err := os.CreateTemp(filepath.Dir(ch.Path), "."+filepath.Base(ch.Path)+".tmp*")
	if err != nil {
		return "", fmt.Errorf("cannot write %s: %w (is the directory writable?)", ch.Path, err)
	}
	_, werr := tmp.Write(ch.Data)
	cerr := tmp.Close()
	mode := fs.FileMode(0o644)
	if st, err := os.Stat(ch.Path); err == nil {
		mode = st.Mode().Perm()
	}
	merr := os.Chmod(tmp.Name(), mode)
	if err := errors.Join(werr, cerr, merr); err != nil {
		os.Remove(tmp.Name())
		return "", fmt.Errorf("writing %s: %w", ch.Path, err)
	}
	return tmp.Name(), nil
}
