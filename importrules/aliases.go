package importrules

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/kubegen/kubegen/internal/sink"
)

// Aliases is a parsed preferred-aliases file (hack/.import-aliases).
type Aliases struct {
	Path    string
	entries []aliasEntry // sorted by pattern
}

type aliasEntry struct {
	pattern  *regexp.Regexp
	template string // the alias; may refer to groups of pattern as $1
	line     int
}

// ReadAliases parses a JSON object mapping import path regular expressions
// to aliases.
func ReadAliases(file string) (*Aliases, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, &ConfigError{File: file, Msg: fmt.Sprintf("cannot read: %v", errors.Unwrap(err))}
	}
	lineAt := func(off int64) int { return 1 + bytes.Count(data[:min(off, int64(len(data)))], []byte("\n")) }
	dec := json.NewDecoder(bytes.NewReader(data))
	fail := func(err error, msg string) error {
		off := dec.InputOffset()
		var se *json.SyntaxError
		if errors.As(err, &se) {
			off, msg = se.Offset, "malformed JSON: "+se.Error()
		} else if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			msg = "malformed JSON: unexpected end of file"
		}
		return &ConfigError{File: file, Line: lineAt(off), Msg: msg}
	}
	const want = "want a JSON object mapping import path patterns to aliases"
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, fail(err, want)
	}
	a := &Aliases{Path: file}
	seen := map[string]bool{}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return nil, fail(err, want)
		}
		line := lineAt(dec.InputOffset())
		val, err := dec.Token()
		if err != nil {
			return nil, fail(err, want)
		}
		pattern := key.(string) // object keys are always strings
		alias, ok := val.(string)
		if !ok {
			return nil, &ConfigError{File: file, Line: line, Msg: fmt.Sprintf("alias for %q must be a string", pattern)}
		}
		if seen[pattern] {
			return nil, &ConfigError{File: file, Line: line, Msg: fmt.Sprintf("duplicate pattern %q", pattern)}
		}
		seen[pattern] = true
		re, err := regexp.Compile(pattern)
		if err != nil {
			return nil, &ConfigError{File: file, Line: line, Msg: fmt.Sprintf("bad regular expression %q: %v", pattern, unwrapRegexp(err))}
		}
		a.entries = append(a.entries, aliasEntry{re, alias, line})
	}
	if _, err := dec.Token(); err != nil {
		return nil, fail(err, want)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fail(err, "unexpected data after the JSON object; remove it")
	}
	slices.SortFunc(a.entries, func(x, y aliasEntry) int { return strings.Compare(x.pattern.String(), y.pattern.String()) })
	return a, nil
}

// preferred returns the alias wanted for importPath: that of the first
// pattern, in sorted order, matching the whole path.
func (a *Aliases) preferred(importPath string) (alias string, rule Position, err error) {
	for _, e := range a.entries {
		m := e.pattern.FindStringSubmatchIndex(importPath)
		if m == nil || m[0] > 0 || m[1] < len(importPath) {
			continue
		}
		rule = Position{a.Path, e.line}
		alias = string(e.pattern.ExpandString(nil, e.template, importPath, m))
		if !token.IsIdentifier(alias) {
			return "", rule, &ConfigError{File: a.Path, Line: e.line,
				Msg: fmt.Sprintf("alias %q for %q is not a Go identifier", alias, importPath)}
		}
		return alias, rule, nil
	}
	return "", rule, nil
}

// AliasFiles lists the Go files below roots (relative to dir, or absolute)
// in directories whose path, as spelled from the root given, matches
// include: "test/e2e/x" for the root ".". Like preferredimports it walks
// the file system, not packages, so nested modules, testdata and files
// excluded by build constraints count. Hidden directories and a vendor or
// _output directory right below a root are skipped.
func AliasFiles(dir string, roots []string, include *regexp.Regexp) ([]string, error) {
	var files []string
	for _, root := range roots {
		start := root
		if !filepath.IsAbs(root) {
			start = filepath.Join(dir, root)
		}
		err := filepath.WalkDir(start, func(p string, d fs.DirEntry, err error) error {
			if err != nil || !d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(start, p)
			if p != start && strings.HasPrefix(d.Name(), ".") || rel == "vendor" || rel == "_output" {
				return filepath.SkipDir
			}
			if !include.MatchString(filepath.Join(root, rel)) {
				return nil
			}
			entries, err := os.ReadDir(p)
			for _, e := range entries {
				if e.Type().IsRegular() && strings.HasSuffix(e.Name(), ".go") {
					files = append(files, filepath.Join(p, e.Name()))
				}
			}
			return err
		})
		if err != nil {
			return nil, &ConfigError{Msg: fmt.Sprintf("cannot walk %s: %v", root, err)}
		}
	}
	slices.Sort(files)
	return slices.Compact(files), nil
}

// CheckAliases checks the imports of files against a. Blank and dot
// imports are left alone. With fix, the files are rewritten to use the
// preferred aliases and the findings say Fixed; the rewrites are written
// together, after every file is checked, and not at all if one fails.
func CheckAliases(files []string, a *Aliases, fix bool) ([]Finding, error) {
	var out []Finding
	var fixed []sink.File
	for _, file := range files {
		fs, rewritten, err := checkAliasesInFile(file, a, fix)
		if err != nil {
			return nil, err
		}
		out = append(out, fs...)
		if rewritten != nil {
			fixed = append(fixed, sink.File{Path: file, Data: rewritten})
		}
	}
	if _, err := sink.Apply(fixed, nil, sink.Update, nil); err != nil {
		return nil, err
	}
	return sortFindings(out), nil
}

// checkAliasesInFile returns the findings in file and, with fix, its
// rewritten content (nil when nothing is to be renamed).
func checkAliasesInFile(file string, a *Aliases, fix bool) ([]Finding, []byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, nil, parser.ParseComments)
	if err != nil {
		return nil, nil, err
	}
	var out []Finding
	renames := map[string]string{}
	for _, spec := range f.Imports {
		importPath, _ := strconv.Unquote(spec.Path.Value)
		name := path.Base(importPath)
		if spec.Name != nil {
			name = spec.Name.Name
		}
		if name == "_" || name == "." {
			continue
		}
		alias, rule, err := a.preferred(importPath)
		if err != nil {
			return nil, nil, err
		}
		if alias == "" || alias == name {
			continue
		}
		problem, pos := WrongAlias, Position{file, fset.Position(spec.Pos()).Line}
		if fix {
			problem = Fixed
			renames[name] = alias
			if spec.Name == nil {
				// Positioned at the path, so that the import stays in its group.
				spec.Name = &ast.Ident{NamePos: spec.Path.Pos()}
			}
			spec.Name.Name = alias
		}
		out = append(out, Finding{Pos: pos, Package: importPath,
			Relation: "as", Other: name, Problem: problem, Rule: rule, Detail: "want " + alias})
	}
	if len(renames) == 0 {
		return out, nil, nil
	}
	renameUses(f, renames)
	ast.SortImports(fset, f)
	var buf bytes.Buffer
	if err := format.Node(&buf, fset, f); err != nil {
		return nil, nil, fmt.Errorf("%s: formatting after renaming imports: %w", file, err)
	}
	return out, buf.Bytes(), nil
}

// renameUses renames package qualifiers (the X in X.Sel) that the parser
// could not resolve to a declaration in the file, that is, imported names.
// Local variables shadowing an import keep their name.
func renameUses(f *ast.File, renames map[string]string) {
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok && id.Obj == nil {
				if to, ok := renames[id.Name]; ok {
					id.Name = to
				}
			}
		}
		return true
	})
}
