package importrules

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// DepPackage is what dependencycheck reads of one package that
// `go list -deps -json` prints.
type DepPackage struct {
	Name         string // read, as upstream does, only to reject a malformed value
	ImportPath   string
	DepOnly      json.RawMessage // true for packages listed only as dependencies
	Imports      []string
	TestImports  []string
	XTestImports []string

	line int // where its object starts in the file
}

// root reports whether the package was named on the go list command line
// (or is a test build of one), rather than listed as a dependency.
func (p *DepPackage) root() bool { return string(p.DepOnly) != "true" }

// ReadDeps reads the stream of JSON objects that `go list -json` prints.
// Unknown fields are ignored; a value of the wrong type for one of the
// fields above is an error, as upstream dependencycheck has it.
func ReadDeps(file string) ([]DepPackage, error) {
	f, err := readJSONFile(file)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(f.data))
	var pkgs []DepPackage
	line, counted := 1, int64(0) // lines are counted as the decoder moves on
	for {
		start := dec.InputOffset()
		var p DepPackage
		err := dec.Decode(&p)
		if err == io.EOF {
			return pkgs, nil
		}
		if err != nil {
			// Decode counts the byte at fault in the offset; Token, which
			// decodeError is also for, does not.
			var se *json.SyntaxError
			var te *json.UnmarshalTypeError
			if errors.As(err, &se) {
				se.Offset--
			} else if errors.As(err, &te) {
				te.Offset--
			}
			if te != nil && te.Field == "" {
				line, col := f.position(te.Offset)
				return nil, &ConfigError{File: file, Line: line, Col: col,
					Msg: fmt.Sprintf("want the JSON objects `go list -deps -json` prints, got a JSON %s", te.Value)}
			}
			return nil, f.decodeError(err, dec.InputOffset())
		}
		start = f.skipSpace(start)
		line += bytes.Count(f.data[counted:start], []byte("\n"))
		p.line, counted = line, start
		pkgs = append(pkgs, p)
	}
}

// CheckDeps reports the imports of pkgs that match restrict, skipping the
// packages whose import path matches exclude (which may be nil). Imports
// of a package's tests count. Each finding names the chain of imports
// through which the package is in the listing, from a package the listing
// was asked for.
func CheckDeps(file string, pkgs []DepPackage, restrict, exclude *regexp.Regexp) []Finding {
	chain := importChains(pkgs)
	var fs []Finding
	for _, p := range pkgs {
		if exclude != nil && exclude.MatchString(p.ImportPath) {
			continue
		}
		for _, imp := range slices.Concat(p.Imports, p.TestImports, p.XTestImports) {
			if !restrict.MatchString(imp) {
				continue
			}
			var details []string
			if !slices.Contains(p.Imports, imp) {
				details = append(details, "imported by its tests")
			}
			if chain := chain(p.ImportPath); len(chain) > 1 {
				details = append(details, "reached through "+strings.Join(chain, " -> "))
			}
			fs = append(fs, Finding{Pos: Position{file, p.line}, Package: p.ImportPath, Relation: "->", Other: imp,
				Problem: Restricted, Rule: Position{File: "-restrict"}, Detail: strings.Join(details, "; ")})
		}
	}
	return sortFindings(fs)
}

// importChains returns a function giving for each package a shortest
// chain of imports from a root package (see DepPackage.root) to it, or nil.
// Roots and imports are tried in sorted order, so that the chain does not
// depend on the listing's order.
func importChains(pkgs []DepPackage) func(string) []string {
	imports := map[string][]string{}
	var roots []string
	for _, p := range pkgs {
		imports[p.ImportPath] = append(imports[p.ImportPath], p.Imports...)
		if p.root() {
			roots = append(roots, p.ImportPath)
		}
	}
	slices.Sort(roots)
	from := map[string]string{} // the package each is first reached from; "" for roots
	for _, r := range roots {
		from[r] = ""
	}
	for queue := slices.Compact(roots); len(queue) > 0; queue = queue[1:] {
		next := slices.Clone(imports[queue[0]])
		slices.Sort(next)
		for _, imp := range next {
			if _, seen := from[imp]; !seen {
				from[imp] = queue[0]
				queue = append(queue, imp)
			}
		}
	}
	return func(pkg string) []string {
		if _, ok := from[pkg]; !ok {
			return nil
		}
		var chain []string
		for q := pkg; q != ""; q = from[q] {
			chain = append(chain, q)
		}
		slices.Reverse(chain)
		return chain
	}
}

// RunDependencyCheck checks the `go list -deps -json` output in file
// (relative to dir) for imports matching restrict by packages not matching
// exclude ("" excludes nothing).
func RunDependencyCheck(dir, restrict, exclude, file string) ([]Finding, error) {
	if restrict == "" {
		return nil, usageError("-restrict is required: a regular expression for the import paths no package may import")
	}
	restrictRE, err := regexp.Compile(restrict)
	if err != nil {
		return nil, &ConfigError{Msg: fmt.Sprintf("bad -restrict regular expression: %v", unwrapRegexp(err))}
	}
	var excludeRE *regexp.Regexp
	if exclude != "" {
		if excludeRE, err = regexp.Compile(exclude); err != nil {
			return nil, &ConfigError{Msg: fmt.Sprintf("bad -exclude regular expression: %v", unwrapRegexp(err))}
		}
	}
	path := file
	if !filepath.IsAbs(path) {
		path = filepath.Join(dir, file)
	}
	pkgs, err := ReadDeps(path)
	if err != nil {
		return nil, err
	}
	return CheckDeps(file, pkgs, restrictRE, excludeRE), nil
}
