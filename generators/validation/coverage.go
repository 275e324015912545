package validation

import (
	"cmp"
	"fmt"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"sigs.k8s.io/yaml"

	"github.com/kubegen/kubegen/generators/flagfile"
	"github.com/kubegen/kubegen/generators/gofile"
	"github.com/kubegen/kubegen/generators/model"
	"github.com/kubegen/kubegen/generators/run"
	"github.com/kubegen/kubegen/generators/validation/validators"
)

// The coverage test files (see the package doc, "Coverage").

const (
	coveragePkg = "k8s.io/apimachinery/pkg/test/coverage"
	schemaPkg   = "k8s.io/apimachinery/pkg/runtime/schema"
)

// apiVersionName matches the package names of API versions.
var apiVersionName = regexp.MustCompile(`^v\d+(alpha\d+|beta\d+)?$`)

// coverageRule is one error a field path can report.
type coverageRule struct {
	ErrorType string
	Origin    string
}

// fieldRules are the rules of one kind, by field path
// ("spec.containers[*].name").
type fieldRules map[string][]coverageRule

// coverageReport is one kind's rules in one version.
type coverageReport struct {
	Group, Version, Kind string
	Rules                fieldRules
}

type groupKind struct{ group, kind string }

// allowlistEntry leaves rules out of the fixtures.
type allowlistEntry struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Path       string `json:"path"`
	ErrorType  string `json:"errorType"`
	Origin     string `json:"origin"`
	Reason     string `json:"reason"`
}

func (e allowlistEntry) matches(r *coverageReport, path string, rule coverageRule) bool {
	group, version, ok := strings.Cut(e.APIVersion, "/")
	if !ok {
		group, version = "", e.APIVersion
	}
	wild := func(pattern, v string) bool { return pattern == "*" || pattern == v }
	return group == r.Group && version == r.Version && wild(e.Kind, r.Kind) && wild(e.Path, path) &&
		wild(e.ErrorType, rule.ErrorType) && wild(e.Origin, rule.Origin)
}

// loadAllowlist reads --test-allowlist; every field of every entry must
// be given.
func loadAllowlist(path string) ([]allowlistEntry, error) {
	if path == "" {
		return nil, nil
	}
	data, err := flagfile.Read(path)
	if err != nil {
		return nil, fmt.Errorf("reading the coverage allowlist (--test-allowlist): %w", err)
	}
	var entries []allowlistEntry
	if err := yaml.Unmarshal(data, &entries); err != nil {
		return nil, fmt.Errorf("parsing the coverage allowlist %s: %w", path, err)
	}
	for i, e := range entries {
		for _, f := range [][2]string{{"apiVersion", e.APIVersion}, {"kind", e.Kind}, {"path", e.Path},
			{"errorType", e.ErrorType}, {"origin", e.Origin}, {"reason", e.Reason}} {
			if strings.TrimSpace(f[1]) == "" {
				return nil, fmt.Errorf("coverage allowlist %s, entry %d: %s is required (use \"*\" to match any)", path, i, f[0])
			}
		}
	}
	return entries, nil
}

// allowed returns the reports without the allowlisted rules, dropping
// reports left empty.
func allowed(reports []*coverageReport, allow []allowlistEntry) []*coverageReport {
	if len(allow) == 0 {
		return reports
	}
	var out []*coverageReport
	for _, r := range reports {
		kept := fieldRules{}
		for path, rules := range r.Rules {
			for _, rule := range rules {
				if !slices.ContainsFunc(allow, func(e allowlistEntry) bool { return e.matches(r, path, rule) }) {
					kept[path] = append(kept[path], rule)
				}
			}
		}
		if len(kept) > 0 {
			out = append(out, &coverageReport{Group: r.Group, Version: r.Version, Kind: r.Kind, Rules: kept})
		}
	}
	return out
}

// kindRules are the rules of one root type that has some.
type kindRules struct {
	kind  string
	rules fieldRules
}

// reportsOf returns the coverage reports of kinds in one group and
// version.
func reportsOf(group, version string, kinds []kindRules) []*coverageReport {
	out := make([]*coverageReport, len(kinds))
	for i, k := range kinds {
		out[i] = &coverageReport{Group: group, Version: version, Kind: k.kind, Rules: k.rules}
	}
	return out
}

// apiGroupVersion is the group and version the fixtures of a package's
// kinds are registered under: its GroupName constant (else its path), and
// its name if that is an API version (else "", and the kinds get none).
func apiGroupVersion(pkg *model.Package) (group, version string) {
	group = pkg.Path
	if c := pkg.Const("GroupName"); c != nil {
		group = c.Value
	}
	if apiVersionName.MatchString(pkg.Name) {
		version = pkg.Name
	}
	return group, version
}

// coverageFiles returns the fixture packages under root, one per kind.
func coverageFiles(root, prefix string, byKind map[groupKind][]*coverageReport, order []groupKind, allow []allowlistEntry, header []byte) []*gofile.File {
	var out []*gofile.File
	for _, gk := range order {
		reports := byKind[gk]
		if reports[0].Version == "" {
			continue // not an API version package
		}
		if reports = allowed(reports, allow); len(reports) == 0 {
			continue
		}
		kind := strings.ToLower(reports[0].Kind)
		group := reports[0].Group
		if group == "" {
			group = "core"
		}
		dir := filepath.Join(root, strings.Split(group, ".")[0], kind)
		var versions []string
		for _, r := range reports {
			f := gofile.New(filepath.Join(dir, prefix+r.Version+"_test.go"), dir, kind, header)
			writeRegistrations(f, []*coverageReport{r})
			out = append(out, f)
			versions = append(versions, r.Version)
		}
		f := gofile.New(filepath.Join(dir, prefix+"main_test.go"), dir, kind, header)
		writeTestMain(f, versions)
		out = append(out, f)
	}
	return out
}

// writeRegistrations writes an init function per report that declares
// its rules, paths sorted, each path's rules by error type and origin.
func writeRegistrations(f *gofile.File, reports []*coverageReport) {
	cov := f.Imports.Package(coveragePkg)
	for _, r := range reports {
		f.Printf("func init() {\n%s.RegisterDeclaredRules(\n", cov)
		f.Printf("%s.GroupVersionKind{Group: %q, Version: %q, Kind: %q},\n", f.Imports.Package(schemaPkg), r.Group, r.Version, r.Kind)
		f.Printf("%s.FieldRules{\n", cov)
		for _, path := range slices.Sorted(maps.Keys(r.Rules)) {
			rules := slices.Clone(r.Rules[path])
			slices.SortStableFunc(rules, func(a, b coverageRule) int {
				return cmp.Or(cmp.Compare(a.ErrorType, b.ErrorType), cmp.Compare(a.Origin, b.Origin))
			})
			f.Printf("%s: {\n", strconv.Quote(path))
			for _, rule := range rules {
				if rule.Origin != "" {
					f.Printf("{ErrorType: %q, Origin: %q},\n", rule.ErrorType, rule.Origin)
				} else {
					f.Printf("{ErrorType: %q},\n", rule.ErrorType)
				}
			}
			f.Printf("},\n")
		}
		f.Printf("},\n)\n}\n\n")
	}
}

// writeTestMain writes the versions (if any) and a TestMain that fails
// when a declared rule was not exercised.
func writeTestMain(f *gofile.File, versions []string) {
	if len(versions) > 0 {
		sorted := slices.Sorted(slices.Values(versions))
		quoted := make([]string, len(sorted))
		for i, v := range sorted {
			quoted[i] = strconv.Quote(v)
		}
		f.Printf("var apiVersions = []string{%s}\n\n", strings.Join(quoted, ", "))
	}
	testing, cov := f.Imports.Package("testing"), f.Imports.Package(coveragePkg)
	f.Printf("func TestMain(m *%s.M) {\ncode := m.Run()\n", testing)
	f.Printf("if err := %s.AssertDeclarativeCoverage(); err != nil {\n", cov)
	fmtPkg, osPkg := f.Imports.Package("fmt"), f.Imports.Package("os")
	f.Printf("%s.Fprintln(%s.Stderr, err)\nif code == 0 {\ncode = 1\n}\n}\n", fmtPkg, osPkg)
	f.Printf("%s.Exit(code)\n}\n", osPkg)
}

// rulesOf returns the errors the validation of n can report, by field
// path below it: "[*]" for list and map values, keys at the map's path,
// embedded fields' rules at the parent's path, nothing below an opaque
// value (or its opaque keys or values).
func rulesOf(n *typeNode) fieldRules {
	rules := fieldRules{}
	onPath := map[*typeNode]bool{}
	record := func(path string, calls []validators.Call) {
		for _, c := range calls {
			recordCall(rules, path, c, "")
		}
	}
	var node func(n *typeNode, path string, skipElem, skipKey bool)
	child := func(c *childNode, path string, skipElem, skipKey bool) {
		if c == nil {
			return
		}
		record(path, c.fieldValidations.Calls)
		record(joinPath(path, "[*]"), c.fieldIterations.vals.Calls)
		record(path, c.fieldIterations.keys.Calls)
		if v := c.fieldValidations; !v.OpaqueType {
			node(c.node, path, skipElem || v.OpaqueValType, skipKey || v.OpaqueKeyType)
		}
	}
	node = func(n *typeNode, path string, skipElem, skipKey bool) {
		if n == nil || onPath[n] {
			return
		}
		onPath[n] = true
		defer delete(onPath, n)
		v := n.typeValidations
		record(path, v.Calls)
		if n.valueType == nil || v.OpaqueType {
			return
		}
		skipElem, skipKey = skipElem || v.OpaqueValType, skipKey || v.OpaqueKeyType
		record(joinPath(path, "[*]"), n.typeIterations.vals.Calls)
		record(path, n.typeIterations.keys.Calls)
		for _, f := range n.fields {
			child(f, joinPath(path, f.jsonName), false, false)
		}
		if !skipElem {
			child(n.elem, joinPath(path, "[*]"), false, false)
		}
		if !skipKey {
			child(n.key, path, false, false)
		}
		child(n.underlying, path, skipElem, skipKey)
	}
	node(n, "", false, false)
	return rules
}

// recordCall records the errors c declares at base+suffix+fragment; a
// call that declares none passes the path fragments of the validation
// functions it wraps on to them.
func recordCall(rules fieldRules, base string, c validators.Call, suffix string) {
	if len(c.Emits) > 0 {
		for _, e := range c.Emits {
			p := base + suffix + e.PathFragment
			rules[p] = append(rules[p], coverageRule{ErrorType: string(e.Type), Origin: e.Origin})
		}
		return
	}
	for _, a := range c.Args {
		switch w := a.(type) {
		case validators.WrapperFunction:
			recordCall(rules, base, w.Function, suffix+w.PathFragment)
		case validators.MultiWrapperFunction:
			for _, f := range w.Functions {
				recordCall(rules, base, f, suffix+w.PathFragment)
			}
		}
	}
}

// joinPath appends a field path segment; "" (an embedded field) adds
// nothing, "[...]" no dot.
func joinPath(base, seg string) string {
	switch {
	case seg == "":
		return base
	case base == "":
		return seg
	case strings.HasPrefix(seg, "["):
		return base + seg
	}
	return base + "." + seg
}

// coverage returns the run's coverage test files: those of packages
// tagged +k8s:validation-gen-test-targets, and with --test-output-root
// the fixtures of every kind of the registering packages.
func (g *Generator) coverage(ctx *run.Context, d *discoverer, p *plan) ([]*gofile.File, error) {
	header := ctx.Header(ToolName, g.BuildTag())
	var out []*gofile.File
	byKind := map[groupKind][]*coverageReport{}
	var order []groupKind
	for _, t := range p.targets {
		fixtures := g.TestOutputRoot != "" && t.register
		if !t.coverage && !fixtures {
			continue
		}
		var kinds []kindRules
		for _, root := range t.roots {
			if r := rulesOf(d.nodes[root]); len(r) > 0 {
				kinds = append(kinds, kindRules{root.Name.Name, r})
			}
		}
		if t.coverage && len(kinds) > 0 {
			f := gofile.New(filepath.Join(t.pkg.Dir, g.coverageFile()), t.pkg.Path, t.pkg.Name, header)
			writeRegistrations(f, reportsOf(t.pkg.Path, t.pkg.Name, kinds))
			writeTestMain(f, nil)
			out = append(out, f)
		}
		if !fixtures {
			continue
		}
		group, version := apiGroupVersion(t.types)
		for _, r := range reportsOf(group, version, kinds) {
			gk := groupKind{r.Group, r.Kind}
			if byKind[gk] == nil {
				order = append(order, gk)
			}
			byKind[gk] = append(byKind[gk], r)
		}
	}
	allow, err := loadAllowlist(g.TestAllowlist)
	if err != nil {
		return nil, err
	}
	if g.TestOutputRoot != "" {
		root, err := filepath.Abs(g.TestOutputRoot)
		if err != nil {
			return nil, err
		}
		out = append(out, coverageFiles(root, g.TestOutputFilePrefix, byKind, order, allow, header)...)
	}
	return out, nil
}

// coverageFile is the name of a package's own coverage test file.
func (g *Generator) coverageFile() string {
	return strings.TrimSuffix(g.OutputFile, ".go") + "_coverage_test.go"
}
