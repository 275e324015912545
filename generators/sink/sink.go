// Package sink puts generated files on disk, or checks that they are there.
//
// Update writes a file only when its bytes change. Every changed file is
// first written to a temporary file beside it; only when all of them are
// written are they renamed into place, so a failure (a full disk, an
// unwritable directory) leaves every file as it was. Stale files, ones
// generated earlier that the run no longer produces, are removed.
//
// Verify writes nothing: it prints a unified diff for every file that is
// out of date, missing or stale, and reports whether there was any.
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
)

// File is one file's wanted content.
type File struct {
	Path string
	Data []byte
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
	files = slices.Clone(files)
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	var rep Report
	var changed []File
	for _, f := range files {
		old, err := os.ReadFile(f.Path)
		switch {
		case err == nil && bytes.Equal(old, f.Data):
			rep.Unchanged = append(rep.Unchanged, f.Path)
			continue
		case err != nil && !errors.Is(err, fs.ErrNotExist):
			return Report{}, fmt.Errorf("reading %s: %w", f.Path, err)
		}
		rep.Written = append(rep.Written, f.Path)
		changed = append(changed, f)
		if mode == Verify {
			oldName := f.Path
			if err != nil {
				oldName = "/dev/null"
			}
			io.WriteString(diffs, Unified(oldName, f.Path, string(old), string(f.Data)))
		}
	}
	stale = slices.Sorted(slices.Values(stale))
	for _, p := range stale {
		if _, err := os.Stat(p); err != nil {
			continue
		}
		rep.Removed = append(rep.Removed, p)
		if mode == Verify {
			fmt.Fprintf(diffs, "%s: stale generated file: nothing generates it any more (an update removes it)\n", p)
		}
	}
	if mode == Verify {
		return rep, nil
	}
	if err := writeAll(changed); err != nil {
		return Report{}, err
	}
	for _, p := range rep.Removed {
		if err := os.Remove(p); err != nil {
			return rep, fmt.Errorf("removing stale %s: %w", p, err)
		}
	}
	return rep, nil
}

// writeAll writes every file to a temporary sibling, then renames them all
// into place; if any write fails, the temporaries are removed and no file
// has changed.
func writeAll(files []File) error {
	temps := make([]string, 0, len(files))
	cleanup := func() {
		for _, t := range temps {
			os.Remove(t)
		}
	}
	for _, f := range files {
		t, err := writeTemp(f)
		if err != nil {
			cleanup()
			return err
		}
		temps = append(temps, t)
	}
	for i, f := range files {
		if err := os.Rename(temps[i], f.Path); err != nil {
			cleanup()
			return fmt.Errorf("writing %s: %w", f.Path, err)
		}
	}
	return nil
}

func writeTemp(f File) (string, error) {
	dir := filepath.Dir(f.Path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("cannot create output directory %s: %w", dir, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(f.Path)+".tmp*")
	if err != nil {
		return "", fmt.Errorf("cannot write %s: %w (is the directory writable?)", f.Path, err)
	}
	_, werr := tmp.Write(f.Data)
	cerr := tmp.Close()
	mode := fs.FileMode(0o644)
	if st, err := os.Stat(f.Path); err == nil {
		mode = st.Mode().Perm()
	}
	merr := os.Chmod(tmp.Name(), mode)
	if err := errors.Join(werr, cerr, merr); err != nil {
		os.Remove(tmp.Name())
		return "", fmt.Errorf("writing %s: %w", f.Path, err)
	}
	return tmp.Name(), nil
}
