package gendocs

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kubegen/kubegen/internal/sink"
)

// Docs is a rendered doc set: its files, sorted by name, and the rule
// telling which files of an output directory belong to it. A file belongs
// to it when it is named like its pages (the top command's file name, or
// that name plus a separator, with a page extension), so that an update
// removes the pages of commands that are gone and a check reports them.
type Docs struct {
	Files  []File
	owned  []ownedPattern
	source map[string]string // file name -> command path, to report clashes
}

type ownedPattern struct{ top, separator, ext string }

func (p ownedPattern) matches(name string) bool {
	stem, ok := strings.CutSuffix(name, p.ext)
	return ok && (stem == p.top || strings.HasPrefix(stem, p.top+p.separator))
}

func (d *Docs) add(name, commandPath string, data []byte) error {
	if other, ok := d.source[name]; ok {
		return fmt.Errorf("commands %q and %q would both be documented in %s: rename one of them", other, commandPath, name)
	}
	if d.source == nil {
		d.source = map[string]string{}
	}
	d.source[name] = commandPath
	d.Files = append(d.Files, File{name, data})
	return nil
}

// Owns tells whether an existing file called name belongs to the doc set.
func (d *Docs) Owns(name string) bool {
	return slices.ContainsFunc(d.owned, func(p ownedPattern) bool { return p.matches(name) })
}

func (d *Docs) file(name string) File {
	i, _ := slices.BinarySearchFunc(d.Files, name, func(f File, name string) int { return strings.Compare(f.Name, name) })
	return d.Files[i]
}

// WriteResult says what WriteDir changed.
type WriteResult struct {
	Written []string // files created or changed
	Removed []string // files of commands that are gone
}

// WriteDir brings dir up to date, creating it if needed, through the
// shared sink: each changed file is written whole (to a temporary file,
// then renamed), and when a file cannot be written, nothing in dir has
// changed. Unchanged files are left alone.
func (d *Docs) WriteDir(dir string) (WriteResult, error) {
	changes, err := d.compare(dir, "create")
	if err != nil {
		return WriteResult{}, err
	}
	if err := changes.Write(); err != nil {
		return WriteResult{}, fmt.Errorf("cannot write to the output directory %s (nothing was changed): %w", dir, err)
	}
	var result WriteResult
	for _, c := range changes.Changed() {
		result.Written = append(result.Written, filepath.Base(c.Path))
	}
	for _, p := range changes.Remove {
		result.Removed = append(result.Removed, filepath.Base(p))
	}
	return result, nil
}

// VerifyDir checks dir against the doc set without writing anything. It
// returns an *OutdatedError when files are missing, differ or are left over.
func (d *Docs) VerifyDir(dir string) error {
	changes, err := d.compare(dir, "read")
	if err != nil || changes.Empty() {
		return err
	}
	outdated := &OutdatedError{Dir: dir}
	for _, c := range changes.Create {
		outdated.Missing = append(outdated.Missing, filepath.Base(c.Path))
	}
	for _, c := range changes.Modify {
		outdated.Changed = append(outdated.Changed, ChangedFile{filepath.Base(c.Path), c.Diff()})
	}
	for _, p := range changes.Remove {
		outdated.Extra = append(outdated.Extra, filepath.Base(p))
	}
	return outdated
}

// OutdatedError reports how a doc directory differs from what gendocs
// would write there.
type OutdatedError struct {
	Dir     string
	Missing []string      // files to be created
	Changed []ChangedFile // files whose content differs
	Extra   []string      // files of commands that no longer exist
}

// ChangedFile is a doc file whose content differs, with a unified diff
// from the file on disk (-) to the expected content (+).
type ChangedFile struct {
	Name string
	Diff string
}

func (e *OutdatedError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "docs in %s are out of date (%d missing, %d changed, %d extra)", e.Dir, len(e.Missing), len(e.Changed), len(e.Extra))
	for _, name := range e.Missing {
		fmt.Fprintf(&b, "\nmissing: %s", filepath.Join(e.Dir, name))
	}
	for _, name := range e.Extra {
		fmt.Fprintf(&b, "\nextra:   %s (no such command any more)", filepath.Join(e.Dir, name))
	}
	for _, c := range e.Changed {
		fmt.Fprintf(&b, "\nchanged: %s\n%s", filepath.Join(e.Dir, c.Name), strings.TrimSuffix(c.Diff, "\n"))
	}
	return b.String()
}

// compare lists dir's files that belong to the doc set and leaves the
// comparison to the sink: the doc set's files are wanted, the others that
// it owns are stale. verb says what the caller does with dir, for the
// error when it is unreadable.
func (d *Docs) compare(dir, verb string) (*sink.Changes, error) {
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("cannot %s the output directory: %w", verb, err)
	}
	wanted := map[string]bool{}
	files := make([]sink.File, len(d.Files))
	for i, f := range d.Files {
		wanted[f.Name] = true
		files[i] = sink.File{Path: filepath.Join(dir, f.Name), Data: f.Data}
	}
	var stale []string
	for _, e := range entries {
		if !d.Owns(e.Name()) {
			continue
		}
		if !e.Type().IsRegular() {
			return nil, fmt.Errorf("%s is in the way: gendocs writes a file there; move it", filepath.Join(dir, e.Name()))
		}
		if !wanted[e.Name()] {
			stale = append(stale, filepath.Join(dir, e.Name()))
		}
	}
	return sink.Compare(files, stale)
}
