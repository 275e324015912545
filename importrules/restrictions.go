package importrules

import (
	"fmt"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Restriction is one entry of an importverifier restrictions file.
type Restriction struct {
	Line            int    // of the entry in its file
	BaseImportPath  string // a directory relative to the tree root, as written
	IgnoredSubTrees []string
	AllowedImports  []string
	ExcludeTests    bool
}

// Restrictions is a parsed importverifier restrictions file.
type Restrictions struct {
	Path    string
	Entries []Restriction
}

// ReadRestrictions parses an importverifier file: a YAML list of entries
// with the keys baseImportPath, ignoredSubTrees, allowedImports and
// excludeTests (exact case). Unknown keys and absolute paths are errors.
func ReadRestrictions(file string) (*Restrictions, error) {
	root, err := readYAML(file)
	rs := &Restrictions{Path: file}
	if err != nil || root == nil {
		return rs, err
	}
	r := nodeReader{file}
	err = r.list(root, "a list of restrictions", func(item *yaml.Node) error {
		e := Restriction{Line: item.Line}
		err := r.fields(item, "a restriction", false, map[string]func(*yaml.Node) error{
			"baseImportPath":  func(n *yaml.Node) error { return r.str(n, &e.BaseImportPath) },
			"ignoredSubTrees": func(n *yaml.Node) error { return r.strings(n, &e.IgnoredSubTrees) },
			"allowedImports":  func(n *yaml.Node) error { return r.strings(n, &e.AllowedImports) },
			"excludeTests":    func(n *yaml.Node) error { return r.boolean(n, &e.ExcludeTests) },
		})
		if err != nil {
			return err
		}
		if e.BaseImportPath == "" {
			return r.errorf(item, "restriction has no baseImportPath; add one (a directory relative to the tree root)")
		}
		if filepath.IsAbs(e.BaseImportPath) {
			return r.errorf(item, "baseImportPath %q is absolute; give it relative to the tree root", e.BaseImportPath)
		}
		rs.Entries = append(rs.Entries, e)
		return nil
	})
	return rs, err
}

// baseDir is the entry's base as a ./-relative directory without a
// trailing slash, as importverifier passes it to go list.
func (e *Restriction) baseDir() string {
	base := e.BaseImportPath
	if !strings.HasPrefix(base, "./") {
		base = "./" + base
	}
	return strings.TrimRight(base, "/")
}

// Patterns returns the package patterns to load for rs: each base with /...
func (rs *Restrictions) Patterns() []string {
	var ps []string
	for _, e := range rs.Entries {
		ps = append(ps, e.baseDir()+"/...")
	}
	return ps
}

// CheckRestrictions checks the units of t against rs as importverifier
// does. An import is not allowed when it starts with rootPrefix (a plain
// string prefix such as "k8s.io/") and is neither one of the entry's
// allowedImports nor below one (by path segment). Test builds count unless
// excludeTests is set. Each package reports each import once.
func CheckRestrictions(t *Tree, rootPrefix string, rs *Restrictions) ([]Finding, error) {
	var out []Finding
	units := t.sortedUnits()
	for _, e := range rs.Entries {
		found := false
		reported := map[[2]string]bool{}
		for _, u := range units {
			if !e.restricts(t.Dir, u.Dir) {
				continue
			}
			found = true
			if e.ExcludeTests && u.Variant != Lib {
				continue
			}
			for _, imp := range u.Imports {
				key := [2]string{u.Path, imp}
				if reported[key] || e.allows(rootPrefix, imp) {
					continue
				}
				reported[key] = true
				out = append(out, Finding{Pos: u.ImportPos(imp), Package: u.String(), Relation: "->", Other: imp,
					Problem: NotAllowed, Rule: Position{rs.Path, e.Line}, unit: u})
			}
		}
		if !found {
			return nil, &ConfigError{File: rs.Path, Line: e.Line,
				Msg: fmt.Sprintf("found no packages under %s; fix baseImportPath or run from the tree root", e.baseDir())}
		}
	}
	return sortFindings(out), nil
}

// restricts reports whether dir is under the entry's base and not under one
// of its ignored subtrees, all relative to root.
func (e *Restriction) restricts(root, dir string) bool {
	if dir == "" || !isUnder(filepath.Join(root, e.BaseImportPath), dir) {
		return false
	}
	for _, ignored := range e.IgnoredSubTrees {
		if isUnder(filepath.Join(root, ignored), dir) {
			return false
		}
	}
	return true
}

func isUnder(base, dir string) bool {
	rel, err := filepath.Rel(base, dir)
	return err == nil && !strings.HasPrefix(rel, "..")
}

// allows reports whether the entry lets a package under it import imp.
// importverifier also lets through imports that start with the base as
// written; with ./-relative bases that never happens, but we keep it.
func (e *Restriction) allows(rootPrefix, imp string) bool {
	if !strings.HasPrefix(imp, rootPrefix) || strings.HasPrefix(imp, e.BaseImportPath) {
		return true
	}
	for _, a := range e.AllowedImports {
		if imp == a || strings.HasPrefix(imp, a+"/") {
			return true
		}
	}
	return false
}
