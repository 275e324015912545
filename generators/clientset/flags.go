package clientset

import (
	"errors"
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"
	"unicode"

	"github.com/spf13/pflag"
	"golang.org/x/tools/go/packages"
)

// groupVersion is a group and version as client-gen spells them: the
// group is "" for an --input of "/v1", the version "" for an internal
// version.
type groupVersion struct{ group, version string }

// input is one group version named by --input.
type input struct {
	flag    string // the --input element it comes from
	version string // "" for an internal version
	pkg     string // import path of the API package
}

// inputGroup is the versions of one group named by --input, in flag order.
type inputGroup struct {
	name     string // the group as --input names it; +groupName may override it
	dir      string // the typed clients' directory: name, or "core"
	versions []*input
}

// AddFlags implements run.Generator.
func (g *Generator) AddFlags(fs *pflag.FlagSet) {
	g.Base.AddFlags(fs)
	fs.StringVar(&g.InputBase, "input-base", "k8s.io/kubernetes/pkg/apis", `the import path the --input group versions are relative to ("" if they are full import paths)`)
	fs.StringSliceVar(&g.Input, "input", nil, `group/versions to generate clients for, "group1/version1,group2/version2..." (repeatable); "core/v1" is the core group, a group alone an internal version`)
	fs.StringVarP(&g.ClientsetName, "clientset-name", "n", g.ClientsetName, "the name of the generated clientset package")
	fs.StringVar(&g.ClientsetAPIPath, "clientset-api-path", g.ClientsetAPIPath, "the default API HTTP path, starting with / and without a trailing /")
	fs.BoolVar(&g.ClientsetOnly, "clientset-only", g.ClientsetOnly, "generate only the clientset, not the typed clients of the groups")
	fs.BoolVar(&g.FakeClientset, "fake-clientset", g.FakeClientset, "generate the fake clientset for tests")
	fs.StringVar(&g.ApplyConfigPkg, "apply-configuration-package", "", "the import path of the apply configurations (from applyconfiguration-gen); with it, typed clients get Apply methods")
	fs.BoolVar(&g.PrefersProtobuf, "prefers-protobuf", false, "generate clients that send and accept protobuf")
	fs.StringSliceVar(&g.IncludedTypes, "included-types-overrides", nil, "group/version/Type entries: for those group versions, the only types to generate clients for (default: every +genclient type)")
	// client-gen's old name for --output-pkg.
	next := fs.GetNormalizeFunc()
	fs.SetNormalizeFunc(func(f *pflag.FlagSet, name string) pflag.NormalizedName {
		if name == "clientset-path" {
			name = "output-pkg"
		}
		return next(f, name)
	})
}

// Validate implements run.Generator.
func (g *Generator) Validate() error {
	if err := g.Base.Validate("--clientset-name", g.ClientsetName); err != nil {
		return err
	}
	if g.ClientsetAPIPath == "" {
		return errors.New("--clientset-api-path cannot be empty")
	}
	var err error
	if g.groups, err = parseInputs(g.InputBase, g.Input); err != nil {
		return err
	}
	g.overrides, err = parseOverrides(g.IncludedTypes)
	return err
}

// Inputs implements run.InputsFromFlags: the API packages come from
// --input-base and --input.
func (g *Generator) Inputs(args []string) ([]string, error) {
	g.ignored = args
	if len(g.groups) == 0 {
		return nil, errors.New("no --input given: name the group versions to generate clients for, e.g. --input-base example.com/repo/pkg/apis --input apps/v1")
	}
	var pkgs []string
	byPkg := map[string]*input{}
	for _, grp := range g.groups {
		for _, v := range grp.versions {
			pkgs = append(pkgs, v.pkg)
			byPkg[v.pkg] = v
		}
	}
	slices.Sort(pkgs)
	// Find the packages first (a cheap "go list"), to say which --input
	// is wrong instead of the go command's advice to "go get" it.
	found, err := packages.Load(&packages.Config{Mode: packages.NeedName | packages.NeedFiles}, pkgs...)
	if err != nil {
		return nil, err
	}
	var errs []error
	for _, p := range found {
		if in := byPkg[p.PkgPath]; in != nil && (len(p.Errors) > 0 || len(p.GoFiles) == 0) {
			errs = append(errs, fmt.Errorf("--input %s: no Go package %s is found (--input-base is %q): name a directory that holds the API types", in.flag, in.pkg, g.InputBase))
		}
	}
	return pkgs, errors.Join(errs...)
}

// parseInputs reads the --input values as client-gen does: the last two
// path elements are group and version ("core" is the core group), what
// comes before them is a path below --input-base; a single element is a
// group's internal version. Groups are sorted by name, versions keep their
// order.
func parseInputs(base string, values []string) ([]*inputGroup, error) {
	byName := map[string]*inputGroup{}
	seen := map[string]string{}
	for _, v := range values {
		in, group, err := parseInput(base, v)
		if err != nil {
			return nil, err
		}
		if prev, ok := seen[in.pkg]; ok {
			return nil, fmt.Errorf("--input %s: package %s is already named by --input %s", v, in.pkg, prev)
		}
		seen[in.pkg] = v
		grp := byName[group]
		if grp == nil {
			grp = &inputGroup{name: group, dir: nonEmpty(group, "core")}
			byName[group] = grp
		}
		grp.versions = append(grp.versions, in)
	}
	var groups []*inputGroup
	for _, name := range slices.Sorted(maps.Keys(byName)) {
		groups = append(groups, byName[name])
	}
	return groups, nil
}

func parseInput(base, v string) (*input, string, error) {
	bad := func(why string) error {
		return fmt.Errorf("--input %q: %s; write group/version (e.g. apps/v1, core/v1), a path below --input-base before it, or a group alone for its internal version", v, why)
	}
	if strings.IndexFunc(v, unicode.IsSpace) >= 0 {
		return nil, "", bad("it contains white space")
	}
	elems := strings.Split(v, "/")
	var prefix []string
	group, version := elems[0], ""
	switch {
	case len(elems) == 2:
		group, version = elems[0], elems[1]
	case len(elems) > 2:
		prefix = elems[:len(elems)-2]
		group, version = elems[len(elems)-2], elems[len(elems)-1]
	}
	// Empty elements are upstream's too: before the group they vanish
	// from the path ("/apis/v1" is group apis below --input-base), an empty
	// group is the core group ("/v1"), an empty version an internal one.
	if group == "" && version == "" {
		return nil, "", bad("it names no group")
	}
	pkg := path.Join(append(append([]string{base}, prefix...), nonEmpty(group, "core"), version)...)
	if isDir(base) && !isDir(pkg) {
		pkg = "./" + pkg // path.Join dropped the "./" that makes it a directory
	}
	return &input{flag: v, version: version, pkg: pkg}, group, nil
}

// parseOverrides reads --included-types-overrides: group/version/Type, or
// group/Type for an internal version.
func parseOverrides(values []string) (map[groupVersion][]string, error) {
	out := map[groupVersion][]string{}
	for _, v := range values {
		elems := strings.Split(v, "/")
		var gv groupVersion
		switch len(elems) {
		case 2:
			gv = groupVersion{group: elems[0]}
		case 3:
			gv = groupVersion{group: elems[0], version: elems[1]}
		default:
			return nil, fmt.Errorf("--included-types-overrides %q: write group/version/Type", v)
		}
		typ := elems[len(elems)-1]
		if typ == "" {
			return nil, fmt.Errorf("--included-types-overrides %q: the type name is empty", v)
		}
		out[gv] = append(out[gv], typ)
	}
	return out, nil
}

func nonEmpty(s, instead string) string {
	if s == "" {
		return instead
	}
	return s
}
