// Package cache lets a generator run that has nothing new to do skip its
// work: it remembers, per command line, a fingerprint of every file the
// last successful run could have depended on or written, and a later run
// whose fingerprint is the same is known to produce exactly what is on
// disk.
//
// # What the fingerprint covers
//
// The key of an entry is the caller's description of the run (the kubegen
// binary's own hash, the Go version, the working directory, the command
// line, the headers, relevant environment variables). The fingerprint is
// the content hash of every Go and .proto file under the entry's trees
// (the module and any output directories: inputs, local dependencies and
// outputs alike), of go.mod, go.sum, go.work and vendor/modules.txt
// there, and of extra files (e.g. a schema). Dependencies outside the trees come from
// the module cache, which go.sum pins.
//
// # Where it lives, and why it is safe
//
// Entries are small JSON files in $KUBEGEN_CACHE, by default
// kubegen/runs under the user cache directory (as Go's build cache lives
// under it); KUBEGEN_CACHE=off turns caching off. An entry is written to a
// temporary file and renamed into place, so concurrent runs never see half
// an entry; an entry that does not parse, is of another format version or
// records another key is ignored, never trusted. A run stores its entry
// only if no input changed while it ran.
package cache

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/kubegen/kubegen/generators/flagfile"
)

// formatVersion changes whenever the entry format or the fingerprint's
// definition does; older entries are then ignored.
const formatVersion = 4

// Cache is a directory of entries; a nil *Cache caches nothing.
type Cache struct{ dir string }

// Open returns the cache of the environment ($KUBEGEN_CACHE, else the user
// cache directory), or nil when caching is off or there is no place for it.
func Open() *Cache {
	dir := os.Getenv("KUBEGEN_CACHE")
	switch dir {
	case "off":
		return nil
	case "":
		base, err := os.UserCacheDir()
		if err != nil {
			return nil
		}
		dir = filepath.Join(base, "kubegen", "runs")
	}
	return &Cache{dir: dir}
}

// Key identifies a run: every part of its description, in order.
func Key(parts ...[]byte) string {
	h := sha256.New()
	for _, p := range parts {
		var n [8]byte
		for i, l := 0, len(p); i < 8; i, l = i+1, l>>8 {
			n[i] = byte(l)
		}
		h.Write(n[:])
		h.Write(p)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Scope is what a run's fingerprint covers.
type Scope struct {
	Trees []string // directory trees whose Go and module files count
	Files []string // extra single files
}

type entry struct {
	Version     int
	Key         string
	Fingerprint string
	Warnings    []string `json:",omitempty"`
}

// Hit reports whether the last successful run with this key left exactly
// the files of now, a Snapshot of its scope taken before this run, and
// returns that run's warnings, which hold again.
func (c *Cache) Hit(key string, now Files) (warnings []string, ok bool) {
	if c == nil {
		return nil, false
	}
	b, err := os.ReadFile(c.path(key))
	if err != nil {
		return nil, false
	}
	var e entry
	if json.Unmarshal(b, &e) != nil || e.Version != formatVersion || e.Key != key || e.Fingerprint == "" {
		return nil, false
	}
	return e.Warnings, now.sum() == e.Fingerprint
}

// Store records a successful run and its warnings. before is the snapshot
// taken before the run, changed the files the run wrote or removed
// (relative to the working directory or absolute): if any other file
// differs now, an input changed during the run and nothing is stored.
func (c *Cache) Store(key string, scope Scope, before Files, changed, warnings []string) error {
	if c == nil {
		return nil
	}
	after, err := Snapshot(scope)
	if err != nil {
		return err
	}
	ours := map[string]bool{} // as the snapshot names them: absolute
	for _, p := range changed {
		if abs, err := filepath.Abs(p); err == nil {
			ours[abs] = true
		}
	}
	for path := range union(before, after) {
		if before[path] != after[path] && !ours[path] {
			return nil // edited while we ran: the outputs may not reflect it
		}
	}
	b, err := json.Marshal(entry{Version: formatVersion, Key: key, Fingerprint: after.sum(), Warnings: warnings})
	if err != nil {
		return err
	}
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(c.dir, ".entry-*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(b)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), c.path(key)); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

func (c *Cache) path(key string) string { return filepath.Join(c.dir, key+".json") }

// Files maps each file of a scope to its content hash.
type Files map[string]string

// Snapshot hashes the files of a scope, on all cores. Missing extra files
// are recorded as missing, not errors, and missing trees as empty: their
// appearance changes the sum.
func Snapshot(s Scope) (Files, error) {
	var paths []string
	for _, root := range s.Trees {
		if abs, err := filepath.Abs(root); err == nil {
			root = abs
		}
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // a tree that appears brings its files
			}
			if err != nil {
				return err
			}
			name := d.Name()
			if d.IsDir() {
				if path != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata") {
					return filepath.SkipDir
				}
				if name == "vendor" {
					paths = append(paths, filepath.Join(path, "modules.txt"))
				}
				return nil
			}
			switch {
			case strings.HasSuffix(name, ".go"), strings.HasSuffix(name, ".proto"), name == "go.mod", name == "go.sum", name == "go.work", name == "go.work.sum":
				paths = append(paths, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	for _, f := range s.Files {
		if abs, err := filepath.Abs(f); err == nil {
			f = abs
		}
		paths = append(paths, f)
	}

	sums := make([]string, len(paths))
	errs := make([]error, len(paths))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < len(paths); i = int(next.Add(1)) - 1 {
				sums[i], errs[i] = hashFile(paths[i])
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	files := Files{} // by absolute path
	for i, p := range paths {
		files[p] = sums[i]
	}
	return files, nil
}

// hashFile is the content hash of a file, or "missing".
func hashFile(path string) (string, error) {
	b, err := flagfile.Read(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "missing", nil
	case err != nil:
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// sum is the fingerprint of all files.
func (f Files) sum() string {
	h := sha256.New()
	for _, p := range slices.Sorted(maps.Keys(f)) {
		h.Write([]byte(p + "\x00" + f[p] + "\n"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

func union(a, b Files) map[string]bool {
	u := map[string]bool{}
	for p := range a {
		u[p] = true
	}
	for p := range b {
		u[p] = true
	}
	return u
}
