package controllergen

import (
	"fmt"
	"go/token"
	"path"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"
	"k8s.io/kube-openapi/pkg/validation/spec"

	"github.com/kubegen/kubegen/generators/applyconfig"
	"github.com/kubegen/kubegen/generators/clienttags"
	"github.com/kubegen/kubegen/generators/controllergen/crd"
	"github.com/kubegen/kubegen/generators/gofile"
	"github.com/kubegen/kubegen/generators/model"
	"github.com/kubegen/kubegen/generators/run"
)

// ApplyConfiguration is controller-gen's applyconfiguration generator:
// for each input package marked +kubebuilder:ac:generate=true, what
// applyconfiguration-gen (package applyconfig) writes for that package
// alone into <its directory>/<+kubebuilder:ac:output:package, default
// "applyconfiguration">, its roots made +genclient (see
// crd.ApplyPackages), its group the +groupName, with the OpenAPI schema
// of its types. Like controller-gen, it writes there whatever the output
// rule says.
type ApplyConfiguration struct {
	Header []byte // the headerFile, every "YEAR" replaced; nil without one
	// Externals are the externalApplyConfigurations,
	// <package>.<Type>@<apply configuration package> each.
	Externals []string
	// IgnoredRule is an output rule given for it, which it warns of.
	IgnoredRule string

	outputDirs []string
}

var _ run.Generator = (*ApplyConfiguration)(nil)

// Tool implements run.Generator.
func (g *ApplyConfiguration) Tool() string { return ToolName }

// BuildTag implements run.Generator: the tag controller-gen loads with.
func (g *ApplyConfiguration) BuildTag() string { return buildTag }

// AddFlags implements run.Generator; its settings are options.
func (g *ApplyConfiguration) AddFlags(*pflag.FlagSet) {}

// Validate implements run.Generator.
func (g *ApplyConfiguration) Validate() error {
	for _, e := range g.Externals {
		if _, _, ok := strings.Cut(e, "@"); !ok {
			return fmt.Errorf("applyconfiguration:externalApplyConfigurations: %q is not <package>.<Type>@<applyconfiguration-package>", e)
		}
	}
	return nil
}

// Owns implements run.Generator: Go files made by controller-gen but
// the object generator's.
func (g *ApplyConfiguration) Owns(path string, src []byte) bool {
	return strings.HasSuffix(path, ".go") && filepath.Base(path) != OutputFile && gofile.IsGeneratedBy(src, ToolName)
}

// OutputDirs implements run.OutputDirs: those of the last Generate.
func (g *ApplyConfiguration) OutputDirs() []string { return g.outputDirs }

// Generate implements run.Generator.
func (g *ApplyConfiguration) Generate(ctx *run.Context) ([]*gofile.File, error) {
	if g.IgnoredRule != "" {
		ctx.Warnf(token.Position{}, "%s is ignored: controller-gen's applyconfiguration generator writes into each package's output package whatever the output rule", g.IgnoredRule)
	}
	pkgs, err := crd.ApplyPackages(ctx)
	if err != nil {
		return nil, err
	}
	g.outputDirs = nil
	var files []*gofile.File
	for _, ap := range pkgs {
		gen, err := g.packageGenerator(ap)
		if err != nil {
			return nil, err
		}
		out, err := gen.Generate(ctx.Restricted([]*model.Package{ap.Package}, g.Header))
		if err != nil {
			return nil, err
		}
		files = append(files, out...)
		g.outputDirs = append(g.outputDirs, gen.OutputDir)
	}
	return files, nil
}

// packageGenerator is the applyconfiguration-gen run of one package.
func (g *ApplyConfiguration) packageGenerator(ap *crd.ApplyPackage) (*applyconfig.Generator, error) {
	gen := applyconfig.New()
	gen.ToolName = ToolName
	gen.OutputDir = filepath.Join(ap.Package.Dir, filepath.FromSlash(ap.Output))
	gen.OutputPkg = path.Join(ap.Package.Path, ap.Output)
	for _, e := range g.Externals {
		typ, acPkg, _ := strings.Cut(e, "@")
		if err := gen.Externals.Map(typ, acPkg); err != nil {
			return nil, fmt.Errorf("applyconfiguration:externalApplyConfigurations: %v", err)
		}
	}
	gen.Retag = func(t *model.Type, tags *clienttags.Tags) {
		if clusterScoped, ok := ap.Roots[t.Name.Name]; ok && t.Name.Package == ap.Package.Path {
			tags.GenerateClient = true
			tags.NonNamespaced = tags.NonNamespaced || clusterScoped
		}
	}
	gen.DefaultGroup = func(p *model.Package) (string, bool) { return ap.Group, p == ap.Package }
	gen.Schema = func(*model.Universe) (*spec.Swagger, error) { return ap.Swagger, nil }
	gen.SchemaName = "the OpenAPI schema of " + ap.Package.Path
	gen.RootsHint = "mark a kind +kubebuilder:resource, or a type +kubebuilder:ac:generate=true"
	gen.MapAdvice = func(typ, acPkg string) string {
		return "applyconfiguration:externalApplyConfigurations=" + typ + "@" + acPkg
	}
	return gen, gen.Validate()
}
