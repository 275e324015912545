package codegen

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
)

// tagged finds, in one walk of a tree, the directories whose Go files have
// a line matching each of allTags, as kube_codegen.sh finds them with grep:
// every *.go file counts (tests too), and .git, _output and vendor
// directories are skipped.
type tagged struct {
	root string
	dirs map[*regexp.Regexp][]string // sorted, absolute
}

// Tag patterns of kube_codegen.sh.
var (
	deepcopyTag  = regexp.MustCompile(`^\s*//\s*\+k8s:deepcopy-gen=`)
	defaulterTag = regexp.MustCompile(`^\s*//\s*\+k8s:defaulter-gen=`)
	// Like upstream's grep, a conversion tag opting out (=false) selects
	// its package too: a package tagged so still registers its
	// hand-written conversions.
	conversionTag = regexp.MustCompile(`^\s*//\s*\+k8s:conversion-gen=`)
	// Likewise =false: validation-gen is then given the package and
	// writes nothing for it, and upstream counts it among the targets.
	validationTag = regexp.MustCompile(`^\s*//\s*\+k8s:validation-gen=`)
	registerTag   = regexp.MustCompile(`^\s*//\s*\+groupName`)
	openapiTag    = regexp.MustCompile(`^\s*//\s*\+k8s:openapi`)
	clientTag     = regexp.MustCompile(`^\s*//\s*\+genclient`)
)

// allTags are the patterns every scan looks for.
var allTags = []*regexp.Regexp{deepcopyTag, defaulterTag, conversionTag, validationTag, registerTag, openapiTag, clientTag}

// scans are the trees scanned for the calls of one command line: calls on
// the same input directory share one walk.
type scans map[string]*tagged

// where is what a call's relative paths are relative to (the directory of
// its "-C dir" prefix, or the working directory when dir is ""), with the
// scans of the command line.
type where struct {
	dir   string
	scans scans
}

// path is p relative to the call's directory.
func (w where) path(p string) string {
	if w.dir == "" || p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(w.dir, p)
}

// tree returns the scan of the input directory in.
func (w where) tree(in string) (*tagged, error) { return w.scans.tree(w.path(in)) }

// tree returns the scan of root, walking it the first time.
func (sc scans) tree(root string) (*tagged, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	if t, ok := sc[abs]; ok {
		return t, nil
	}
	if fi, err := os.Stat(abs); err != nil || !fi.IsDir() {
		return nil, &inputDirError{root}
	}
	t, err := scan(abs)
	if err != nil {
		return nil, err
	}
	sc[abs] = t
	return t, nil
}

// scan walks the directory abs for allTags.
func scan(abs string) (*tagged, error) {
	t := &tagged{root: abs, dirs: map[*regexp.Regexp][]string{}}
	err := filepath.WalkDir(abs, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", "_output", "vendor":
				return filepath.SkipDir
			}
			return nil
		}
		if filepath.Ext(path) != ".go" {
			return nil
		}
		return t.grep(path)
	})
	if err != nil {
		return nil, err
	}
	for re, dirs := range t.dirs {
		slices.Sort(dirs)
		t.dirs[re] = slices.Compact(dirs)
	}
	return t, nil
}

func (t *tagged) grep(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	todo := slices.Clone(allTags)
	for len(data) > 0 && len(todo) > 0 {
		// Every tag is a "//" comment line with a "+": skip to the next
		// "+", and try the patterns only on comment lines.
		plus := bytes.IndexByte(data, '+')
		if plus < 0 {
			break
		}
		start := bytes.LastIndexByte(data[:plus], '\n') + 1
		end := bytes.IndexByte(data[plus:], '\n')
		if end < 0 {
			end = len(data)
		} else {
			end += plus
		}
		line := data[start:end]
		data = data[min(end+1, len(data)):]
		if !bytes.HasPrefix(bytes.TrimLeft(line, " \t\f\r"), []byte("//")) {
			continue
		}
		todo = slices.DeleteFunc(todo, func(re *regexp.Regexp) bool {
			if re.Match(line) {
				t.dirs[re] = append(t.dirs[re], filepath.Dir(path))
				return true
			}
			return false
		})
	}
	return nil
}

// under returns the directories matching re, below sub (a path relative
// to the root, "" for all).
func (t *tagged) under(re *regexp.Regexp, sub string) []string {
	if sub == "" {
		return slices.Clone(t.dirs[re])
	}
	base := filepath.Join(t.root, sub)
	var out []string
	for _, d := range t.dirs[re] {
		if rel, err := filepath.Rel(base, d); err == nil && rel != ".." && !startsWithDotDot(rel) {
			out = append(out, d)
		}
	}
	return out
}

func startsWithDotDot(rel string) bool {
	return len(rel) >= 3 && rel[:3] == ".."+string(filepath.Separator)
}

type inputDirError struct{ dir string }

func (e *inputDirError) Error() string {
	return e.dir + ": the input directory does not exist (give the local directory of your API packages, e.g. ./pkg/apis)"
}
