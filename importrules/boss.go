package importrules

import (
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
	"golang.org/x/tools/go/packages"
)

// RulesFileName is the name of import-boss rule files.
const RulesFileName = ".import-restrictions"

// RulesFile is one import-boss rule file.
type RulesFile struct {
	Path         string
	Rules        []Rule // about what the packages below import
	InverseRules []Rule // about what imports the packages below
}

// Rule is one import-boss rule.
type Rule struct {
	Line              int // of the rule in its file
	SelectorRegexp    *regexp.Regexp
	AllowedPrefixes   []string
	ForbiddenPrefixes []string
	Transitive        bool
}

// ReadRulesFile parses an import-boss rule file, YAML or JSON, with keys in
// any case. Unknown keys and bad regular expressions are errors.
func ReadRulesFile(file string) (*RulesFile, error) {
	root, err := readYAML(file)
	if err != nil || root == nil {
		return &RulesFile{Path: file}, err
	}
	r := nodeReader{file}
	rf := &RulesFile{Path: file}
	rules := func(dst *[]Rule) func(*yaml.Node) error {
		return func(n *yaml.Node) error {
			return r.list(n, "a list of rules", func(item *yaml.Node) error {
				rule := Rule{Line: item.Line}
				var selector string
				var selectorNode *yaml.Node
				err := r.fields(item, "a rule", true, map[string]func(*yaml.Node) error{
					"SelectorRegexp": func(n *yaml.Node) error {
						selectorNode = n
						return r.str(n, &selector)
					},
					"AllowedPrefixes":   func(n *yaml.Node) error { return r.strings(n, &rule.AllowedPrefixes) },
					"ForbiddenPrefixes": func(n *yaml.Node) error { return r.strings(n, &rule.ForbiddenPrefixes) },
					"Transitive":        func(n *yaml.Node) error { return r.boolean(n, &rule.Transitive) },
				})
				if err != nil {
					return err
				}
				if selectorNode == nil {
					selectorNode = item // an empty selector selects everything
				}
				if rule.SelectorRegexp, err = r.regexp(selectorNode, selector); err != nil {
					return err
				}
				*dst = append(*dst, rule)
				return nil
			})
		}
	}
	err = r.fields(root, "a rules file", true, map[string]func(*yaml.Node) error{
		"Rules":        rules(&rf.Rules),
		"InverseRules": rules(&rf.InverseRules),
	})
	return rf, err
}

// evaluate decides about one import path: forbidden prefixes first, then
// allowed ones; "" if neither matches.
func (r *Rule) evaluate(imp string) Problem {
	for _, p := range r.ForbiddenPrefixes {
		if hasPathPrefix(imp, p) {
			return Forbidden
		}
	}
	for _, p := range r.AllowedPrefixes {
		if hasPathPrefix(imp, p) {
			return allowed
		}
	}
	return ""
}

// allowed is the verdict of a rule that allows an import; never reported.
const allowed Problem = "allowed"

// hasPathPrefix reports whether prefix is "", p itself, or a whole-segment
// prefix of p.
func hasPathPrefix(p, prefix string) bool {
	if prefix == "" || p == prefix {
		return true
	}
	// Like import-boss, compare after cleaning but not for equality again:
	// "a/b" is not under the prefix "a/b/".
	p, prefix = path.Clean(p), path.Clean(prefix)
	return strings.HasPrefix(p, strings.TrimSuffix(prefix, "/")+"/")
}

// decide runs subject through the rules of files, closest file first. The
// first rule whose selector matches and whose prefixes decide wins. If
// selectors matched but no prefix did, the import is Unmatched, attributed
// to the first rule selecting it. Rules that are not Transitive only see
// direct imports.
func decide(files []*RulesFile, rulesOf func(*RulesFile) []Rule, subject string, direct bool) (Problem, Position) {
	var first Position
	for _, f := range files {
		for _, rule := range rulesOf(f) {
			if !rule.Transitive && !direct || !rule.SelectorRegexp.MatchString(subject) {
				continue
			}
			pos := Position{f.Path, rule.Line}
			if first.File == "" {
				first = pos
			}
			if v := rule.evaluate(subject); v != "" {
				return v, pos
			}
		}
	}
	if first.File != "" {
		return Unmatched, first
	}
	return allowed, first
}

func forwardRules(f *RulesFile) []Rule { return f.Rules }
func inverseRules(f *RulesFile) []Rule { return f.InverseRules }

// rulesFinder finds and caches the rule files that apply to directories.
type rulesFinder struct {
	files  map[string]*RulesFile   // by directory; nil if it has none
	chains map[string][]*RulesFile // by package directory
}

// chain returns the rule files for packages in dir, closest first: those of
// dir and its parents up to the first directory that holds go.mod or is
// named "src" (as import-boss's code does; its README only names go.mod).
func (rf *rulesFinder) chain(pkgDir string) ([]*RulesFile, error) {
	if chain, ok := rf.chains[pkgDir]; ok {
		return chain, nil
	}
	var chain []*RulesFile
	for dir := pkgDir; ; {
		f, err := rf.file(dir)
		if err != nil {
			return nil, err
		}
		if f != nil {
			chain = append(chain, f)
		}
		parent := filepath.Dir(dir)
		if parent == dir || filepath.Base(dir) == "src" || exists(filepath.Join(dir, "go.mod")) {
			rf.chains[pkgDir] = chain
			return chain, nil
		}
		dir = parent
	}
}

func (rf *rulesFinder) file(dir string) (*RulesFile, error) {
	if f, ok := rf.files[dir]; ok {
		return f, nil
	}
	var f *RulesFile
	name := filepath.Join(dir, RulesFileName)
	if exists(name) {
		var err error
		if f, err = ReadRulesFile(name); err != nil {
			return nil, err
		}
	}
	rf.files[dir] = f
	return f, nil
}

// exists reports whether name can be stat'ed; like import-boss, a rules
// file that cannot counts as absent.
func exists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}

// CheckBoss checks every unit of t against the .import-restrictions files
// above its directory, as import-boss does.
func CheckBoss(t *Tree) ([]Finding, error) {
	finder := &rulesFinder{files: map[string]*RulesFile{}, chains: map[string][]*RulesFile{}}
	units := t.sortedUnits()
	importers := map[string][]*Unit{}
	for _, u := range units {
		for _, imp := range u.Imports {
			importers[imp] = append(importers[imp], u)
		}
	}
	var out []Finding
	for _, u := range units {
		if u.Dir == "" {
			continue
		}
		files, err := finder.chain(u.Dir)
		if err != nil {
			return nil, err
		}
		if len(files) == 0 {
			continue
		}
		for _, e := range u.importEdges(files) {
			if v, rule := decide(files, forwardRules, e.other, e.direct); v != allowed {
				out = append(out, Finding{Pos: u.ImportPos(e.via), Package: u.String(), Relation: e.relation("->"),
					Other: e.other, Problem: v, Rule: rule, unit: u})
			}
		}
		if u.Variant != Lib {
			continue // import-boss never applies inverse rules to test builds
		}
		for _, e := range importerEdges(u, importers, files) {
			if v, rule := decide(files, inverseRules, e.from.bossName(), e.direct); v != allowed {
				out = append(out, Finding{Pos: e.from.ImportPos(e.via), Package: u.String(), Relation: e.relation("<-"),
					Other: e.from.String(), Problem: v, Rule: rule, unit: u, other: e.from})
			}
		}
	}
	return sortFindings(out), nil
}

// edge is an import to check: other is reached through the direct import via.
type edge struct {
	other, via string
	from       *Unit // the importer, for inverse rules
	direct     bool
}

func (e edge) relation(arrow string) string {
	if e.direct {
		return arrow
	}
	if arrow == "->" {
		return "-->"
	}
	return "<--"
}

func anyTransitive(files []*RulesFile, rulesOf func(*RulesFile) []Rule) bool {
	for _, f := range files {
		if slices.ContainsFunc(rulesOf(f), func(r Rule) bool { return r.Transitive }) {
			return true
		}
	}
	return false
}

// importEdges lists what u imports, directly and, if a transitive rule
// applies, indirectly; each indirect import is attributed to the first
// direct import (in path order) that leads to it. u's own path (an external
// test importing its package) is left out.
func (u *Unit) importEdges(files []*RulesFile) []edge {
	var edges []edge
	for _, imp := range u.Imports {
		if imp != u.Path {
			edges = append(edges, edge{other: imp, via: imp, direct: true})
		}
	}
	if !anyTransitive(files, forwardRules) || u.pkg == nil {
		return edges
	}
	visited := map[*packages.Package]bool{}
	listed := map[string]bool{u.Path: true}
	for _, imp := range u.Imports {
		listed[imp] = true
	}
	for _, imp := range u.Imports {
		stack := []*packages.Package{u.pkg.Imports[imp]}
		for len(stack) > 0 {
			p := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, dep := range p.Imports {
				if visited[dep] {
					continue
				}
				visited[dep] = true
				stack = append(stack, dep)
				if !listed[dep.PkgPath] {
					listed[dep.PkgPath] = true
					edges = append(edges, edge{other: dep.PkgPath, via: imp})
				}
			}
		}
	}
	return edges
}

// importerEdges lists the units that import u directly and, if a transitive
// inverse rule applies, indirectly through packages (not test builds) of the
// tree. Each indirect importer is attributed to the import through which it
// reaches u. Test builds of u itself are left out.
func importerEdges(u *Unit, importers map[string][]*Unit, files []*RulesFile) []edge {
	transitive := anyTransitive(files, inverseRules)
	var edges []edge
	seen := map[*Unit]bool{}
	queue := []string{u.Path}
	for len(queue) > 0 {
		target := queue[0]
		queue = queue[1:]
		for _, from := range importers[target] {
			if seen[from] || from.Path == u.Path {
				continue
			}
			seen[from] = true
			direct := target == u.Path
			if direct || transitive {
				edges = append(edges, edge{other: from.String(), via: target, from: from, direct: direct})
			}
			if transitive && from.Variant == Lib {
				queue = append(queue, from.Path)
			}
		}
	}
	return edges
}

// bossName is how import-boss names a unit when matching inverse rules
// against it: test builds become "<path> ((tests:<package name>))".
func (u *Unit) bossName() string {
	if u.Variant == Lib {
		return u.Path
	}
	return u.Path + " ((tests:" + u.Name + "))"
}
