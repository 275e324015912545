package applyconfig

import (
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kubegen/kubegen/generators/gofile"
	"github.com/kubegen/kubegen/generators/model"
	"github.com/kubegen/kubegen/generators/names"
	"github.com/kubegen/kubegen/templates"
)

// utilsData is what applyconfig_utils.tmpl takes.
type utilsData struct {
	Groups   []*utilsGroup
	Internal string
}

type utilsGroup struct {
	Name     string
	Versions []*utilsVersion
}

type utilsVersion struct {
	Name      string
	Package   string // the API package
	Resources []utilsResource
}

type utilsResource struct {
	Kind string
	AC   *model.Type
}

// utilsFile renders utils.go: ForKind over every builder, by group and
// version.
func (g *Generator) utilsFile(pkgs []*apiPackage, header []byte) (*gofile.File, error) {
	d := utilsData{Internal: path.Join(g.OutputPkg, "internal")}
	groups := map[string]*utilsGroup{}
	for _, p := range pkgs {
		if len(p.configs) == 0 {
			continue
		}
		name := p.group
		if name == "" {
			name = "core"
		}
		grp := groups[name]
		if grp == nil {
			grp = &utilsGroup{Name: name}
			groups[name] = grp
			d.Groups = append(d.Groups, grp)
		}
		v := &utilsVersion{Name: p.version, Package: p.pkg.Path}
		if v.Name == "" {
			v.Name = "internalVersion"
		}
		for _, c := range p.configs {
			v.Resources = append(v.Resources, utilsResource{Kind: names.Public(c.Type.Name.Name), AC: c.AC})
		}
		grp.Versions = append(grp.Versions, v)
	}
	byLower := func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) }
	slices.SortStableFunc(d.Groups, func(a, b *utilsGroup) int { return byLower(a.Name, b.Name) })
	for _, grp := range d.Groups {
		slices.SortStableFunc(grp.Versions, func(a, b *utilsVersion) int { return byLower(a.Name, b.Name) })
	}
	f := gofile.New(filepath.Join(g.OutputDir, "utils.go"), g.OutputPkg, path.Base(g.OutputPkg), header)
	return f, templates.Execute(f, "applyconfig_utils.tmpl", d)
}

// internalFile renders internal/internal.go, which embeds the schema.
func (g *Generator) internalFile(schemaYAML string, header []byte) (*gofile.File, error) {
	f := gofile.New(filepath.Join(g.OutputDir, "internal", "internal.go"), path.Join(g.OutputPkg, "internal"), "internal", header)
	return f, templates.Execute(f, "applyconfig_internal.tmpl", struct{ YAML string }{schemaYAML})
}
