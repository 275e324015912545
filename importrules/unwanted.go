package importrules

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// UnwantedFile is a parsed unwanted-dependencies file
// (hack/unwanted-dependencies.json in Kubernetes).
type UnwantedFile struct {
	Path     string
	Unwanted map[string]string       // spec.unwantedModules: module -> why
	Pinned   map[string]PinnedModule // spec.pinnedModules
	Status   UnwantedStatus          // as written in the file

	lines map[string]int // of entries, keyed as in entryLine
}

// PinnedModule is a module that must stay at Version.
type PinnedModule struct {
	Version, Reason string
}

// UnwantedStatus records where the unwanted modules still are: the
// modules that require each one, and those that are vendored. Nil and
// empty differ, as in upstream's comparison of the marshalled status.
type UnwantedStatus struct {
	UnwantedReferences map[string][]string `json:"unwantedReferences"`
	UnwantedVendored   []string            `json:"unwantedVendored"`
}

// ReadUnwanted parses an unwanted-dependencies file. Keys of the fixed
// sections match in any case, as with encoding/json; unknown and duplicate
// keys and values of the wrong type are errors.
func ReadUnwanted(file string) (*UnwantedFile, error) {
	f, err := readJSONFile(file)
	if err != nil {
		return nil, err
	}
	root, err := f.parse()
	if err != nil {
		return nil, err
	}
	u := &UnwantedFile{Path: file, lines: map[string]int{}}
	if root.kind != '{' {
		return nil, f.errorf(root.line, "want a JSON object with spec and status, got %s", root.describe())
	}
	spec := func(v *jsonValue) error {
		return f.fields(v, "spec", map[string]func(*jsonValue) error{
			"unwantedModules": func(v *jsonValue) error {
				u.lines["spec.unwantedModules"] = v.line
				return f.entries(v, "spec.unwantedModules", func(mod string, line int, v *jsonValue) error {
					why, err := f.str(v, fmt.Sprintf("spec.unwantedModules[%q]", mod))
					if u.Unwanted == nil {
						u.Unwanted = map[string]string{}
					}
					u.Unwanted[mod], u.lines["spec.unwantedModules/"+mod] = why, line
					return err
				})
			},
			"pinnedModules": func(v *jsonValue) error {
				return f.entries(v, "spec.pinnedModules", func(mod string, line int, v *jsonValue) error {
					var pin PinnedModule
					what := fmt.Sprintf("spec.pinnedModules[%q]", mod)
					err := f.fields(v, what, map[string]func(*jsonValue) error{
						"version": func(v *jsonValue) (err error) { pin.Version, err = f.str(v, what+".version"); return err },
						"reason":  func(v *jsonValue) (err error) { pin.Reason, err = f.str(v, what+".reason"); return err },
					})
					if u.Pinned == nil {
						u.Pinned = map[string]PinnedModule{}
					}
					u.Pinned[mod], u.lines["spec.pinnedModules/"+mod] = pin, line
					return err
				})
			},
		})
	}
	status := func(v *jsonValue) error {
		u.lines["status"] = v.line
		return f.fields(v, "status", map[string]func(*jsonValue) error{
			"unwantedReferences": func(v *jsonValue) error {
				u.lines["status.unwantedReferences"] = v.line
				if v.kind == '{' {
					u.Status.UnwantedReferences = map[string][]string{}
				}
				return f.entries(v, "status.unwantedReferences", func(mod string, line int, v *jsonValue) error {
					refs, lines, err := f.strs(v, fmt.Sprintf("status.unwantedReferences[%q]", mod))
					u.Status.UnwantedReferences[mod], u.lines["status.unwantedReferences/"+mod] = refs, line
					for i, ref := range refs {
						u.lines["status.unwantedReferences/"+mod+"/"+ref] = lines[i]
					}
					return err
				})
			},
			"unwantedVendored": func(v *jsonValue) error {
				u.lines["status.unwantedVendored"] = v.line
				mods, lines, err := f.strs(v, "status.unwantedVendored")
				u.Status.UnwantedVendored = mods
				for i, mod := range mods {
					u.lines["status.unwantedVendored/"+mod] = lines[i]
				}
				return err
			},
		})
	}
	err = f.fields(root, "the file", map[string]func(*jsonValue) error{"spec": spec, "status": status})
	return u, err
}

// entryLine returns the line of the first of keys the file has, or 1.
func (u *UnwantedFile) entryLine(keys ...string) Position {
	for _, k := range keys {
		if l, ok := u.lines[k]; ok {
			return Position{u.Path, l}
		}
	}
	return Position{u.Path, 1}
}

// module is a node of `go mod graph`: a path and a version, empty for the
// main module.
type module struct{ path, version string }

func parseModule(s string) module {
	path, version, _ := strings.Cut(s, "@")
	return module{path, version}
}

func (m module) String() string {
	if m.version == "" {
		return m.path
	}
	return m.path + "@" + m.version
}

// isMain tells the main modules of the graph: the module itself and the
// ones it replaces with directories at v0.0.0 (the staging modules).
func (m module) isMain() bool { return m.version == "" || m.version == "v0.0.0" }

// ModGraph is the output of `go mod graph`.
type ModGraph struct {
	mains []module // in the order they first require something
	reqs  map[module][]module
}

// ParseModGraph reads `go mod graph` output; lines that are not two
// modules are skipped.
func ParseModGraph(out string) *ModGraph {
	g := &ModGraph{reqs: map[module][]module{}}
	for line := range strings.Lines(out) {
		from, to, ok := strings.Cut(strings.TrimRight(line, "\r\n"), " ")
		if !ok || strings.Contains(to, " ") {
			continue
		}
		m := parseModule(from)
		if _, seen := g.reqs[m]; !seen && m.isMain() {
			g.mains = append(g.mains, m)
		}
		g.reqs[m] = append(g.reqs[m], parseModule(to))
	}
	return g
}

// selected returns the version of each module that the first main module
// requiring it asks for: the versions the walk follows and pins are
// checked against. It is not MVS, but what upstream uses.
func (g *ModGraph) selected() map[string]module {
	sel := map[string]module{}
	for _, m := range g.mains {
		for _, r := range g.reqs[m] {
			if _, ok := sel[r.path]; !ok {
				sel[r.path] = r
			}
		}
	}
	return sel
}

// referrers walks the graph from each main module, as upstream does,
// and returns for each unwanted module the modules that require it, one
// version of each (the first met), sorted. reached is false when no
// unwanted module was met at all.
//
// The walk follows each requirement at its selected version, never enters
// a module whose path is on the current chain, and explores a module's
// requirements once per main module; a module met again is still recorded
// as requiring what led to it. So a requirement back into the chain
// (a cycle) is not seen from there, which is upstream's verdict too.
func (g *ModGraph) referrers(unwanted map[string]string) (refs map[string][]module, reached bool) {
	sel := g.selected()
	refs = map[string][]module{}
	for _, main := range g.mains {
		done := map[module]bool{}
		var chain []module
		var walk func(m module)
		walk = func(m module) {
			if _, bad := unwanted[m.path]; bad && len(chain) > 0 {
				by := chain[len(chain)-1]
				if !slices.ContainsFunc(refs[m.path], func(r module) bool { return r.path == by.path }) {
					refs[m.path] = append(refs[m.path], by)
				}
			}
			if done[m] {
				return
			}
			chain = append(chain, m)
			for _, r := range g.reqs[m] {
				if s, ok := sel[r.path]; ok {
					r = s
				}
				if !slices.ContainsFunc(chain, func(c module) bool { return c.path == r.path }) {
					walk(r)
				}
			}
			chain = chain[:len(chain)-1]
			done[m] = true
		}
		walk(main)
	}
	for _, rs := range refs {
		slices.SortFunc(rs, func(a, b module) int {
			return cmp.Or(strings.Compare(a.path, b.path), strings.Compare(a.version, b.version))
		})
	}
	return refs, len(refs) > 0
}

// UnwantedInputs is what dependencyverifier checks the file against.
type UnwantedInputs struct {
	Graph *ModGraph
	// Direct lists the modules each main module requires directly (not
	// marked // indirect in its go.mod).
	Direct map[string]map[string]bool
	// Vendored lists the modules with a "# path version" line in
	// vendor/modules.txt (not replaced ones).
	Vendored map[string]bool
}

// Status computes the status the file should record: a main module counts
// as requiring an unwanted module only if it does so directly.
func (in *UnwantedInputs) Status(u *UnwantedFile) UnwantedStatus {
	var st UnwantedStatus
	refs, reached := in.Graph.referrers(u.Unwanted)
	if reached {
		st.UnwantedReferences = map[string][]string{}
	}
	for mod, by := range refs {
		for _, r := range by {
			if !r.isMain() || in.Direct[r.path][mod] {
				st.UnwantedReferences[mod] = append(st.UnwantedReferences[mod], r.path)
			}
		}
	}
	st.UnwantedVendored = []string{}
	for mod := range u.Unwanted {
		if in.Vendored[mod] {
			st.UnwantedVendored = append(st.UnwantedVendored, mod)
		}
	}
	slices.Sort(st.UnwantedVendored)
	return st
}

// CheckUnwanted compares the status the file records with the one the
// inputs give, and the pinned modules with the versions required.
func CheckUnwanted(u *UnwantedFile, in *UnwantedInputs) []Finding {
	got := in.Status(u)
	want := u.Status
	var fs []Finding
	add := func(pos Position, mod, by string, problem Problem, rule Position, detail string, args ...any) {
		f := Finding{Pos: pos, Package: mod, Other: by, Problem: problem, Rule: rule, Detail: fmt.Sprintf(detail, args...)}
		if by != "" {
			f.Relation = "<-"
		}
		fs = append(fs, f)
	}
	spec := func(mod string) Position {
		return u.entryLine("spec.unwantedModules/"+mod, "status.unwantedReferences/"+mod, "status.unwantedVendored/"+mod)
	}
	why := func(mod string) string {
		if w := u.Unwanted[mod]; w != "" {
			return " (unwanted: " + w + ")"
		}
		return ""
	}
	for _, mod := range sortedKeys(want.UnwantedReferences) {
		key := "status.unwantedReferences/" + mod
		gotBy, ok := got.UnwantedReferences[mod]
		if !ok {
			add(u.entryLine(key), mod, "", Stale, spec(mod),
				"no longer referenced; remove status.unwantedReferences[%q] so that it is not reintroduced", mod)
			continue
		}
		for _, by := range want.UnwantedReferences[mod] {
			if !slices.Contains(gotBy, by) {
				add(u.entryLine(key+"/"+by), mod, by, Stale, spec(mod),
					"no longer requires it; remove it from status.unwantedReferences[%q]", mod)
			}
		}
		for _, by := range gotBy {
			if !slices.Contains(want.UnwantedReferences[mod], by) {
				add(u.entryLine(key, "spec.unwantedModules/"+mod), mod, by, Unwanted, spec(mod),
					"new dependant; avoid updating modules to versions that reintroduce it%s", why(mod))
			}
		}
	}
	for _, mod := range sortedKeys(got.UnwantedReferences) {
		if _, ok := want.UnwantedReferences[mod]; !ok {
			for _, by := range got.UnwantedReferences[mod] {
				add(spec(mod), mod, by, Unwanted, spec(mod),
					"referenced, and not in status.unwantedReferences; avoid updating modules to versions that reintroduce it%s", why(mod))
			}
		}
	}
	for _, mod := range want.UnwantedVendored {
		if !slices.Contains(got.UnwantedVendored, mod) {
			add(u.entryLine("status.unwantedVendored/"+mod), mod, "", Stale, spec(mod),
				"no longer vendored; remove it from status.unwantedVendored")
		}
	}
	for _, mod := range got.UnwantedVendored {
		if !slices.Contains(want.UnwantedVendored, mod) {
			add(spec(mod), mod, "", Unwanted, spec(mod),
				"newly vendored (vendor/modules.txt); avoid updates that vendor it%s", why(mod))
		}
	}
	if len(fs) == 0 && !sameStatus(want, got) {
		fs = append(fs, notCanonical(u, want, got)...)
	}
	sel := in.Graph.selected()
	for _, mod := range sortedKeys(u.Pinned) {
		pin := u.Pinned[mod]
		if r, ok := sel[mod]; ok && r.version != pin.Version {
			pos := u.entryLine("spec.pinnedModules/" + mod)
			add(pos, mod, "", Repinned, pos, "required at %s, pinned to %s: %s; revert the update", r.version, pin.Version, pin.Reason)
		}
	}
	return sortFindings(fs)
}

// sameStatus compares two statuses as upstream does: marshalled, byte for
// byte, so order, duplicates and null against empty matter.
func sameStatus(a, b UnwantedStatus) bool {
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	return errA == nil && errB == nil && bytes.Equal(ja, jb)
}

// notCanonical explains why a status that records the right modules still
// differs from the computed one.
func notCanonical(u *UnwantedFile, want, got UnwantedStatus) []Finding {
	var fs []Finding
	add := func(pos Position, what, detail string) {
		fs = append(fs, Finding{Pos: pos, Package: what, Problem: NotCanonical, Rule: pos, Detail: detail})
	}
	canonical := func(list []string) string {
		b, _ := json.Marshal(list)
		return string(b)
	}
	refs := u.entryLine("status.unwantedReferences", "status")
	switch {
	case want.UnwantedReferences == nil && got.UnwantedReferences != nil:
		add(refs, "status.unwantedReferences", "missing; write {}")
	case want.UnwantedReferences != nil && got.UnwantedReferences == nil:
		add(refs, "status.unwantedReferences", "no unwanted module is met at all; remove it")
	}
	for _, mod := range sortedKeys(want.UnwantedReferences) {
		if w, g := want.UnwantedReferences[mod], got.UnwantedReferences[mod]; !slices.Equal(w, g) {
			add(u.entryLine("status.unwantedReferences/"+mod), fmt.Sprintf("status.unwantedReferences[%q]", mod),
				"not sorted or has duplicates; write "+canonical(g))
		}
	}
	if !slices.Equal(want.UnwantedVendored, got.UnwantedVendored) || want.UnwantedVendored == nil {
		detail := "not sorted or has duplicates; write " + canonical(got.UnwantedVendored)
		if want.UnwantedVendored == nil {
			detail = "missing or null; write " + canonical(got.UnwantedVendored)
		}
		add(u.entryLine("status.unwantedVendored", "status"), "status.unwantedVendored", detail)
	}
	if len(fs) == 0 { // cannot happen; keep the verdict upstream's all the same
		add(u.entryLine("status"), "status", "differs from the computed status")
	}
	return fs
}

// RunDependencyVerifier checks the unwanted-dependencies file (relative to
// dir) against `go mod graph` run in dir, the go.mod files of the main
// modules and dir/vendor/modules.txt.
func RunDependencyVerifier(dir, file string) ([]Finding, error) {
	if !filepath.IsAbs(file) {
		file = filepath.Join(dir, file)
	}
	u, err := ReadUnwanted(file)
	if err != nil {
		return nil, err
	}
	in, err := ReadUnwantedInputs(dir)
	if err != nil {
		return nil, err
	}
	return CheckUnwanted(u, in), nil
}

// ReadUnwantedInputs runs `go mod graph` in dir and reads the go.mod files
// of the main modules and vendor/modules.txt. A main module's go.mod is in
// dir for the module of dir, else in the directory dir's go.mod replaces
// it with, else (as upstream assumes) in staging/src/<path>.
func ReadUnwantedInputs(dir string) (*UnwantedInputs, error) {
	out, err := goCommand(dir, "mod", "graph")
	if err != nil {
		return nil, err
	}
	in := &UnwantedInputs{Graph: ParseModGraph(string(out)), Direct: map[string]map[string]bool{}, Vendored: map[string]bool{}}
	root, err := readGoMod(dir, filepath.Join(dir, "go.mod"))
	if err != nil {
		return nil, err
	}
	for _, m := range in.Graph.mains {
		modDir := filepath.Join(dir, "staging", "src", filepath.FromSlash(m.path))
		if m.path == root.Module.Path {
			modDir = dir
		}
		for _, r := range root.Replace {
			if r.Old.Path == m.path && r.New.Version == "" && (r.Old.Version == "" || r.Old.Version == m.version) {
				modDir = filepath.Join(dir, filepath.FromSlash(r.New.Path))
			}
		}
		gm := root
		if modDir != dir {
			if gm, err = readGoMod(dir, filepath.Join(modDir, "go.mod")); err != nil {
				return nil, err
			}
		}
		in.Direct[m.path] = map[string]bool{}
		for _, r := range gm.Require {
			if !r.Indirect {
				in.Direct[m.path][r.Path] = true
			}
		}
	}
	txt := filepath.Join(dir, "vendor", "modules.txt")
	data, err := os.ReadFile(txt)
	if err != nil {
		return nil, &ConfigError{File: txt, Msg: fmt.Sprintf("cannot read: %v; run go mod vendor (go work vendor in a workspace)", errors.Unwrap(err))}
	}
	for line := range strings.Lines(string(data)) {
		f := strings.Split(strings.TrimSuffix(line, "\n"), " ")
		if len(f) == 3 && f[0] == "#" && strings.HasPrefix(f[2], "v") {
			in.Vendored[f[1]] = true
		}
	}
	return in, nil
}

// goMod is what `go mod edit -json` prints, as far as we need it.
type goMod struct {
	Module  struct{ Path string }
	Require []struct {
		Path     string
		Indirect bool
	}
	Replace []struct {
		Old, New struct{ Path, Version string }
	}
}

func readGoMod(dir, file string) (*goMod, error) {
	if _, err := os.Stat(file); err != nil {
		return nil, &ConfigError{File: file, Msg: fmt.Sprintf("cannot read: %v", errors.Unwrap(err))}
	}
	out, err := goCommand(dir, "mod", "edit", "-json", file)
	if err != nil {
		return nil, err
	}
	var gm goMod
	if err := json.Unmarshal(out, &gm); err != nil {
		return nil, fmt.Errorf("go mod edit -json %s: %v", file, err)
	}
	return &gm, nil
}

// goCommand runs the go command in dir and returns its standard output.
func goCommand(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}
