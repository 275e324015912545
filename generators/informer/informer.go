// Package informer generates shared informers: per type, per version and
// per group, the shared informer factory, the generic informer and the
// internalinterfaces package. It is a drop-in for k8s.io/code-generator's
// informer-gen (v0.37.2): same flags, same tags, byte-identical output.
//
// # Which types
//
// Every type tagged +genclient (see package clienttags) that keeps the
// list and watch verbs and is not +genclient:noVerbs, in input packages
// not tagged +k8s:informer-gen=false. A package's +groupName= names the
// group in the informers' GroupVersionResources (and, by its first
// segment, the factory's accessor, e.g. Apps()); +groupGoName= overrides
// that accessor. A type's +resourceName= overrides its resource name in
// the generic informer.
//
// # Output
//
//	<output-dir>/externalversions/          factory.go, generic.go
//	<output-dir>/externalversions/internalinterfaces/factory_interfaces.go
//	<output-dir>/externalversions/<group>/interface.go
//	<output-dir>/externalversions/<group>/<version>/interface.go, <type>.go
//
// and the same under internalversion/ for internal packages. With
// --single-directory, both go straight into <output-dir>.
//
// # Flags
//
//	--output-dir DIR                      base directory of the output
//	--output-pkg PATH                     import path of that directory
//	--versioned-clientset-package PATH    the clientset the informers use
//	--internal-clientset-package PATH     the same, for internal packages
//	--listers-package PATH                the listers the informers return
//	--single-directory                    no externalversions/internalversion level
//	--plural-exceptions T:P               plurals the rules get wrong
//	--lint-rules RULES                    see package apidefs
//
// plus those of package run.
package informer

import (
	"errors"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/kubegen/kubegen/generators/apidefs"
	"github.com/kubegen/kubegen/generators/clientgen"
	"github.com/kubegen/kubegen/generators/clienttags"
	"github.com/kubegen/kubegen/generators/gofile"
	"github.com/kubegen/kubegen/generators/model"
	"github.com/kubegen/kubegen/generators/names"
	"github.com/kubegen/kubegen/generators/run"
	"github.com/kubegen/kubegen/templates"
)

// ToolName is the upstream generator this package replaces.
const ToolName = "informer-gen"

// Generator is the informer generator; its fields are its flags.
type Generator struct {
	clientgen.Base
	VersionedClientset string
	InternalClientset  string
	ListersPkg         string
	SingleDirectory    bool
}

// New returns the informer generator.
func New() *Generator { return &Generator{Base: clientgen.Base{ToolName: ToolName}} }

var _ run.Generator = (*Generator)(nil)

// AddFlags implements run.Generator.
func (g *Generator) AddFlags(fs *pflag.FlagSet) {
	g.Base.AddFlags(fs)
	fs.StringVar(&g.InternalClientset, "internal-clientset-package", "", "the Go import-path of the internal clientset to use")
	fs.StringVar(&g.VersionedClientset, "versioned-clientset-package", "", "the Go import-path of the versioned clientset to use")
	fs.StringVar(&g.ListersPkg, "listers-package", "", "the Go import-path of the listers to use")
	fs.BoolVar(&g.SingleDirectory, "single-directory", false, `if true, omit the intermediate "internalversion" and "externalversions" subdirectories`)
}

// Validate implements run.Generator.
func (g *Generator) Validate() error {
	return g.Base.Validate("--versioned-clientset-package", g.VersionedClientset, "--listers-package", g.ListersPkg)
}

// typeData is what informer.tmpl takes; informer_version.tmpl takes a list.
type typeData struct {
	Type                    *model.Type
	Public, Private, Plural string
	Namespaced              bool
	Clientset, Listers      string
	Internal                string
	Group, Version          string
	GroupName, VersionName  string
	Resource                string

	genericResource string // the resource name in the generic informer
}

// tree is the output of one kind of package (versioned or internal): one
// directory with its factory, groups and versions.
type tree struct {
	dir, pkg  string // base directory and import path
	clientset string
	groups    map[string]*group // by group directory name
}

type group struct {
	dir      string
	name     string // the API group, "" for core
	goName   string // the factory accessor, e.g. "Apps"
	versions []*version
}

type version struct {
	dir, name string // "v1", or "internalversion" and ""
	types     []typeData
}

// Generate implements run.Generator.
func (g *Generator) Generate(ctx *run.Context) ([]*gofile.File, error) {
	external := &tree{dir: g.OutputDir, pkg: g.OutputPkg, clientset: g.VersionedClientset, groups: map[string]*group{}}
	internal := &tree{dir: g.OutputDir, pkg: g.OutputPkg, clientset: g.InternalClientset, groups: map[string]*group{}}
	if !g.SingleDirectory {
		external.dir, external.pkg = filepath.Join(g.OutputDir, "externalversions"), path.Join(g.OutputPkg, "externalversions")
		internal.dir, internal.pkg = filepath.Join(g.OutputDir, "internalversion"), path.Join(g.OutputPkg, "internalversion")
	}
	var errs []error
	for _, pkg := range ctx.Universe.Inputs {
		errs = append(errs, g.addPackage(ctx, pkg, external, internal))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	header := ctx.Header(ToolName, "")
	var files []*gofile.File
	for _, t := range []*tree{external, internal} {
		fs, err := t.files(header)
		if err != nil {
			return nil, err
		}
		files = append(files, fs...)
	}
	return files, nil
}

// addPackage records the informers of one input package in its tree.
func (g *Generator) addPackage(ctx *run.Context, pkg *model.Package, external, internal *tree) error {
	if err := apidefs.Lint(pkg, g.LintRules); err != nil {
		return err
	}
	if off, err := apidefs.OptedOut(pkg, "k8s:informer-gen"); off || err != nil {
		return err
	}
	av, ok, err := clienttags.PackageVersion(pkg)
	if !ok || err != nil {
		return err
	}
	t := external
	if av.Version == "" {
		t = internal
	}
	groupName := av.GroupDir
	if tags := model.FindTags(pkg.Comments.Lines, "groupName"); len(tags) > 0 {
		groupName = tags[0].Value
	}
	goName := names.Public(strings.Split(nonEmptyGroup(groupName), ".")[0])
	if tags := model.FindTags(pkg.Comments.Lines, "groupGoName"); len(tags) > 0 {
		goName = names.Public(tags[0].Value)
	}
	v := &version{dir: av.VersionDir(), name: av.Version}
	for _, typ := range pkg.Types {
		tags, _ := clienttags.Parse(typ) // PackageVersion checked them
		tags.Warn(ctx.Warnf)
		if !tags.GenerateClient || tags.NoVerbs || !tags.HasVerb("list") || !tags.HasVerb("watch") {
			continue
		}
		resource := strings.ToLower(g.Plurals.Of(typ.Name.Name))
		if rt := model.FindTags(typ.TagLines(), "resourceName"); len(rt) > 0 {
			resource = rt[0].Value
		}
		v.types = append(v.types, typeData{
			Type:            typ,
			Public:          names.Public(typ.Name.Name),
			Private:         names.Private(typ.Name.Name),
			Plural:          names.Public(g.Plurals.Of(typ.Name.Name)),
			Namespaced:      !tags.NonNamespaced,
			Clientset:       t.clientset,
			Listers:         path.Join(g.ListersPkg, av.GroupDir, v.dir),
			Internal:        path.Join(t.pkg, "internalinterfaces"),
			Group:           goName,
			Version:         names.Public(av.Version),
			GroupName:       groupName,
			VersionName:     av.Version,
			Resource:        strings.ToLower(typ.Name.Name) + "s",
			genericResource: resource,
		})
	}
	if len(v.types) == 0 {
		return nil
	}
	if t == internal && t.clientset == "" {
		return model.PosErrorf(v.types[0].Type.Pos, "package %s is an internal API package (its ObjectMeta has no json tag): its informers need --internal-clientset-package", pkg.Path)
	}
	slices.SortFunc(v.types, func(a, b typeData) int { return strings.Compare(a.Private, b.Private) })
	grp := t.groups[av.GroupDir]
	if grp == nil {
		grp = &group{dir: av.GroupDir, name: groupName}
		t.groups[av.GroupDir] = grp
	}
	grp.goName = goName
	grp.versions = append(grp.versions, v)
	return nil
}

func nonEmptyGroup(name string) string {
	if name == "" {
		return "core"
	}
	return name
}

// files renders a tree: versions, groups, then the factory.
func (t *tree) files(header []byte) ([]*gofile.File, error) {
	if len(t.groups) == 0 {
		return nil, nil
	}
	internalPkg := path.Join(t.pkg, "internalinterfaces")
	var files []*gofile.File
	render := func(dir, importPath, pkgName, file, tmpl string, data any) error {
		f := gofile.New(filepath.Join(dir, file), importPath, pkgName, header)
		files = append(files, f)
		return templates.Execute(f, tmpl, data)
	}
	type versionRef struct{ GoName, Package string }
	type resourceRef struct{ SchemePkg, Resource, Plural string }
	type genericVersion struct {
		Name, GoName string
		Resources    []resourceRef
	}
	type genericGroup struct {
		Name, GoName string
		Versions     []genericVersion
	}
	var factoryGroups []versionRef
	var generic []genericGroup
	for _, dir := range slices.Sorted(mapKeys(t.groups)) {
		grp := t.groups[dir]
		groupDir, groupPkg := filepath.Join(t.dir, dir), path.Join(t.pkg, dir)
		var versions []versionRef
		gg := genericGroup{Name: nonEmptyGroup(grp.name), GoName: grp.goName}
		for _, v := range grp.versions {
			vPkg := path.Join(groupPkg, v.dir)
			for _, td := range v.types {
				if err := render(filepath.Join(groupDir, v.dir), vPkg, v.dir, strings.ToLower(td.Type.Name.Name)+".go", "informer.tmpl", td); err != nil {
					return nil, err
				}
			}
			data := struct {
				Internal string
				Types    []typeData
			}{internalPkg, v.types}
			if err := render(filepath.Join(groupDir, v.dir), vPkg, v.dir, "interface.go", "informer_version.tmpl", data); err != nil {
				return nil, err
			}
			versions = append(versions, versionRef{GoName: names.Public(nonEmptyVersion(v.name)), Package: vPkg})
			gv := genericVersion{Name: nonEmptyVersion(v.name), GoName: names.Public(nonEmptyVersion(v.name))}
			for _, td := range v.types {
				gv.Resources = append(gv.Resources, resourceRef{SchemePkg: v.types[0].Type.Name.Package, Resource: td.genericResource, Plural: td.Plural})
			}
			gg.Versions = append(gg.Versions, gv)
		}
		data := struct {
			Internal string
			Versions []versionRef
		}{internalPkg, versions}
		if err := render(groupDir, groupPkg, strings.Split(dir, ".")[0], "interface.go", "informer_group.tmpl", data); err != nil {
			return nil, err
		}
		factoryGroups = append(factoryGroups, versionRef{GoName: grp.goName, Package: groupPkg})
		slices.SortFunc(gg.Versions, func(a, b genericVersion) int {
			return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
		})
		generic = append(generic, gg)
	}
	slices.SortFunc(generic, func(a, b genericGroup) int {
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	factory := struct {
		Clientset, Internal string
		Groups              []versionRef
		Generic             []genericGroup
	}{t.clientset, internalPkg, factoryGroups, generic}
	pkgName := path.Base(t.dir)
	for _, r := range []struct{ dir, pkg, name, file, tmpl string }{
		{filepath.Join(t.dir, "internalinterfaces"), internalPkg, "internalinterfaces", "factory_interfaces.go", "informer_internalinterfaces.tmpl"},
		{t.dir, t.pkg, pkgName, "factory.go", "informer_factory.tmpl"},
		{t.dir, t.pkg, pkgName, "generic.go", "informer_generic.tmpl"},
	} {
		if err := render(r.dir, r.pkg, r.name, r.file, r.tmpl, factory); err != nil {
			return nil, err
		}
	}
	return files, nil
}

func nonEmptyVersion(v string) string {
	if v == "" {
		return "internalVersion"
	}
	return v
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}
