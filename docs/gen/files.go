package gen

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
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

// WriteResult says what WriteDir changed.
type WriteResult struct {
	Written []string // files created or changed
	Removed []string // files of commands that are gone
}

// WriteDir brings dir up to date, creating it if needed. Each file is
// written whole (to a temporary file in dir, then renamed); when a file
// cannot be written, nothing in dir has changed. Unchanged files are left
// alone.
func (d *Docs) WriteDir(dir string) (WriteResult, error) {
	var result WriteResult
	_, statErr := os.Stat(dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return result, fmt.Errorf("cannot create the output directory: %w", err)
	}
	temps := map[string]string{} // file name -> temporary file
	cleanup := func() {
		for _, tmp := range temps {
			os.Remove(tmp)
		}
		if errors.Is(statErr, fs.ErrNotExist) {
			os.Remove(dir) // created above, and empty again
		}
	}
	stale, err := d.compare(dir)
	if err != nil {
		cleanup()
		return result, err
	}
	for _, name := range append(stale.Missing, stale.changedNames()...) {
		tmp, err := writeTemp(dir, d.file(name).Data)
		if err != nil {
			cleanup()
			return result, fmt.Errorf("cannot write to the output directory %s (nothing was changed): %w", dir, err)
		}
		temps[name] = tmp
	}
	for _, name := range slices.Sorted(maps.Keys(temps)) {
		if err := os.Rename(temps[name], filepath.Join(dir, name)); err != nil {
			cleanup()
			return result, fmt.Errorf("cannot replace %s: %w", filepath.Join(dir, name), err)
		}
		delete(temps, name)
		result.Written = append(result.Written, name)
	}
	for _, name := range stale.Extra {
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			return result, fmt.Errorf("cannot remove the outdated %s: %w", filepath.Join(dir, name), err)
		}
		result.Removed = append(result.Removed, name)
	}
	return result, nil
}

func writeTemp(dir string, data []byte) (string, error) {
	f, err := os.CreateTemp(dir, ".gendocs-*.tmp")
	if err != nil {
		return "", err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

func (d *Docs) file(name string) File {
	i, _ := slices.BinarySearchFunc(d.Files, name, func(f File, name string) int { return strings.Compare(f.Name, name) })
	return d.Files[i]
}

// VerifyDir checks dir against the doc set without writing anything. It
// returns an *OutdatedError when files are missing, differ or are left over.
func (d *Docs) VerifyDir(dir string) error {
	outdated, err := d.compare(dir)
	if err != nil {
		return err
	}
	if len(outdated.Missing)+len(outdated.Changed)+len(outdated.Extra) > 0 {
		return outdated
	}
	return nil
}

// OutdatedError reports how a doc directory differs from what gendocs
// would write there.
type OutdatedError struct {
	Dir     string
	Missing []string      // files to be created
	Changed []ChangedFile // files whose content differs
	Extra   []string      // files of commands that no longer exist
}

// ChangedFile is a doc file whose content differs, with a line diff from
// the file on disk (-) to the expected content (+).
type ChangedFile struct {
	Name string
	Diff string
}

func (e *OutdatedError) changedNames() []string {
	names := make([]string, len(e.Changed))
	for i, c := range e.Changed {
		names[i] = c.Name
	}
	return names
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

func (d *Docs) compare(dir string) (*OutdatedError, error) {
	result := &OutdatedError{Dir: dir}
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("cannot read the output directory: %w", err)
	}
	onDisk := map[string]bool{}
	for _, e := range entries {
		if !d.Owns(e.Name()) {
			continue
		}
		if !e.Type().IsRegular() {
			return nil, fmt.Errorf("%s is in the way: gendocs writes a file there; move it", filepath.Join(dir, e.Name()))
		}
		onDisk[e.Name()] = true
	}
	for _, f := range d.Files {
		if !onDisk[f.Name] {
			result.Missing = append(result.Missing, f.Name)
			continue
		}
		delete(onDisk, f.Name)
		old, err := os.ReadFile(filepath.Join(dir, f.Name))
		if err != nil {
			return nil, err
		}
		if !bytes.Equal(old, f.Data) {
			result.Changed = append(result.Changed, ChangedFile{f.Name, LineDiff(string(old), string(f.Data))})
		}
	}
	result.Extra = slices.Sorted(maps.Keys(onDisk))
	return result, nil
}
