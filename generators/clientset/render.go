package clientset

import (
	"path"
	"path/filepath"
	"strings"

	"github.com/kubegen/kubegen/generators/gofile"
	"github.com/kubegen/kubegen/generators/names"
	"github.com/kubegen/kubegen/templates"
)

// renderer collects the files of one run; the first error stops it.
type renderer struct {
	g      *Generator
	header []byte
	files  []*gofile.File
	err    error
}

// imp is an import line a generator writes by hand: a path under a chosen
// name ("" for the package's own name).
type imp struct{ path, name string }

// render executes tmpl into a new file, then adds the hand-written imports.
func (r *renderer) render(dir, importPath, pkgName, file, tmpl string, data any, imports ...imp) {
	if r.err != nil {
		return
	}
	f := gofile.New(filepath.Join(dir, file), importPath, pkgName, r.header)
	r.err = templates.Execute(f, tmpl, data)
	for _, i := range imports {
		f.Imports.Use(i.path, i.name)
	}
	r.files = append(r.files, f)
}

// doc writes a doc.go that holds only the package comment.
func (r *renderer) doc(dir, importPath, pkgName, comment string) {
	header := append(append([]byte(nil), r.header...), "// "+comment+"\n"...)
	r.files = append(r.files, gofile.New(filepath.Join(dir, "doc.go"), importPath, pkgName, header))
}

// gvInfo is one group version as the clientset names it.
type gvInfo struct {
	Client string // "AppsV1"
	Field  string // "appsV1"
	Alias  string // "appsv1", the typed client's import name
	pkg    string // the typed client's import path
	api    string // the API package
}

func (r *renderer) versions(groups [][]*version) []gvInfo {
	var out []gvInfo
	for _, vs := range groups {
		for _, v := range vs {
			out = append(out, gvInfo{
				Client: v.goName + names.Public(v.in.version),
				Field:  names.Private(v.goName) + names.Public(v.in.version),
				Alias:  strings.ToLower(v.goName + nonEmpty(v.in.version, "internalVersion")),
				pkg:    v.pkgDir,
				api:    v.in.pkg,
			})
		}
	}
	return out
}

func (r *renderer) clientset(groups [][]*version) {
	g := r.g
	versions := r.versions(groups)
	var imports []imp
	for _, v := range versions {
		imports = append(imports, imp{v.pkg, v.Alias})
	}
	data := struct{ Versions []gvInfo }{versions}
	r.render(g.clientsetDir(), g.clientsetPkg(), g.ClientsetName, "clientset.go", "clientset.tmpl", data, imports...)
}

// schemeData is what clientset_scheme.tmpl takes.
type schemeData struct {
	Private, Registry, Custom bool
	Aliases, Installs         []string
}

func (r *renderer) scheme(groups [][]*version) {
	g := r.g
	dir, pkg := filepath.Join(g.clientsetDir(), "scheme"), path.Join(g.clientsetPkg(), "scheme")
	r.doc(dir, pkg, "scheme", "This package contains the scheme of the automatically generated clientset.")
	data := schemeData{}
	for _, vs := range groups {
		for _, v := range vs {
			data.Registry = data.Registry || v.in.version == ""
		}
	}
	var imports []imp
	if data.Registry {
		// Internal clientsets install each group through its install package.
		for _, vs := range groups {
			install := vs[0].in.pkg
			if vs[0].in.version != "" {
				install = path.Dir(install)
			}
			imports = append(imports, imp{path.Join(install, "install"), strings.ToLower(vs[0].goName)})
			def := defaultVersion(vs)
			for _, v := range vs {
				if v.in.version == def {
					data.Installs = append(data.Installs, strings.ToLower(v.goName))
					break
				}
			}
		}
	} else {
		for _, v := range r.versions(groups) {
			data.Aliases = append(data.Aliases, v.Alias)
			imports = append(imports, imp{v.api, v.Alias})
		}
	}
	var err error
	if data.Custom, err = exists(filepath.Join(dir, "register_custom.go")); err != nil {
		r.err = err
	}
	r.render(dir, pkg, "scheme", "register.go", "clientset_scheme.tmpl", data, imports...)
}

func (r *renderer) fakeClientset(groups [][]*version) {
	g := r.g
	dir, pkg := filepath.Join(g.clientsetDir(), "fake"), path.Join(g.clientsetPkg(), "fake")
	r.doc(dir, pkg, "fake", "This package has the automatically generated fake clientset.")
	versions := r.versions(groups)
	var imports []imp
	for _, v := range versions {
		imports = append(imports, imp{v.pkg, v.Alias}, imp{v.pkg + "/fake", "fake" + v.Alias})
	}
	imports = append(imports,
		imp{g.clientsetPkg(), "clientset"},
		imp{"k8s.io/client-go/testing", ""},
		imp{"k8s.io/client-go/discovery", ""},
		imp{"k8s.io/client-go/discovery/fake", "fakediscovery"},
		imp{"k8s.io/apimachinery/pkg/runtime", ""},
		imp{"k8s.io/apimachinery/pkg/watch", ""},
		imp{"k8s.io/apimachinery/pkg/apis/meta/v1", "metav1"},
	)
	data := struct {
		Versions    []gvInfo
		ApplyConfig string
	}{versions, g.ApplyConfigPkg}
	// Upstream names these files' imports as if they were in the clientset's package.
	r.render(dir, g.clientsetPkg(), "fake", "clientset_generated.go", "clientset_fake.tmpl", data, imports...)
	var schemeImports []imp
	scheme := schemeData{Private: true}
	for _, v := range versions {
		scheme.Aliases = append(scheme.Aliases, v.Alias)
		schemeImports = append(schemeImports, imp{v.api, v.Alias})
	}
	r.render(dir, g.clientsetPkg(), "fake", "register.go", "clientset_scheme.tmpl", scheme, schemeImports...)
}

// groupData is what clientset_group.tmpl and clientset_fake_group.tmpl take.
type groupData struct {
	Client, GroupName string
	Types             []*typeData
	APIPath           string
	Internal          bool
	InputPkg, Scheme  string
	RealAlias         string
}

// typed writes the typed clients of one group version, and their fakes.
func (r *renderer) typed(grp *inputGroup, v *version) {
	g := r.g
	pkgName := versionDir(v.in.version)
	r.doc(v.dir, v.pkgDir, pkgName, "This package has the automatically generated typed clients.")
	var expansions []string
	for _, td := range v.types {
		file := strings.ToLower(td.T.Name)
		r.render(v.dir, v.pkgDir, pkgName, file+".go", "clientset_type.tmpl", td)
		handWritten, err := exists(filepath.Join(v.dir, file+"_expansion.go"))
		if err != nil && r.err == nil {
			r.err = err
		}
		if !handWritten {
			expansions = append(expansions, td.T.Public)
		}
	}
	data := &groupData{
		Client:    v.goName + names.Public(v.in.version),
		GroupName: v.groupName,
		Types:     v.types,
		APIPath:   g.ClientsetAPIPath,
		Internal:  v.in.version == "",
		InputPkg:  v.in.pkg,
		Scheme:    path.Join(g.clientsetPkg(), "scheme"),
		RealAlias: strings.ToLower(path.Base(v.pkgDir)),
	}
	if data.GroupName == "" {
		data.APIPath = "/api"
	}
	r.render(v.dir, v.pkgDir, pkgName, grp.dir+"_client.go", "clientset_group.tmpl", data)
	r.render(v.dir, v.pkgDir, pkgName, "generated_expansion.go", "clientset_expansion.tmpl", expansions)
	if !g.FakeClientset {
		return
	}
	fakeDir, fakePkg := filepath.Join(v.dir, "fake"), path.Join(v.pkgDir, "fake")
	r.doc(fakeDir, fakePkg, "fake", "Package fake has the automatically generated clients.")
	for _, td := range v.types {
		r.render(fakeDir, fakePkg, "fake", "fake_"+strings.ToLower(td.T.Name)+".go", "clientset_fake_type.tmpl", td)
	}
	var real []imp // the typed clients' package, which only the type methods use
	if len(v.types) > 0 {
		real = append(real, imp{v.pkgDir, data.RealAlias})
	}
	r.render(fakeDir, fakePkg, "fake", "fake_"+grp.dir+"_client.go", "clientset_fake_group.tmpl", data, real...)
}
