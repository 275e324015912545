// Package applyconfig generates apply configurations: for API types, typed
// builders of the partial objects that server-side apply takes. It is a
// drop-in for k8s.io/code-generator's applyconfiguration-gen (v0.37.2):
// same flags, same tags, byte-identical output.
//
// # Which types
//
// The roots are the types tagged +genclient (see package clienttags) that
// keep the apply or applyStatus verb, and the input types of
// +genclient:method=…,verb=apply methods. Every struct of an input package
// that a root reaches through its fields, and that has at least one field
// with a json tag, gets an apply configuration; so do the types named by
// --external-applyconfigurations that live in an input package.
// runtime.RawExtension and runtime.Unknown never do. A +genclient type must
// embed metav1.ObjectMeta. Packages tagged +k8s:applyconfiguration-gen=false
// are left out, and so are internal packages (their ObjectMeta has no json
// tag).
//
// Fields keep their json names; every field of a builder is optional (a
// pointer, or a nil-able slice or map). A field whose struct type has an
// apply configuration uses that instead, in the output package or where
// --external-applyconfigurations says; metav1's ObjectMeta, TypeMeta,
// LabelSelector, OwnerReference, Condition, … always map to
// k8s.io/client-go/applyconfigurations/meta/v1.
//
// # Output
//
//	<output-dir>/<group>/<version>/<type>.go   the builder of each type
//	<output-dir>/utils.go                      ForKind and NewTypeConverter
//	<output-dir>/internal/internal.go          the structured-merge-diff schema
//
// <group>/<version> are the last two elements of the input package's path,
// in lower case. A builder has a constructor (for +genclient types taking
// the name, and the namespace unless +genclient:nonNamespaced, and setting
// kind and apiVersion from the package's +groupName), With<Field> setters,
// accessors for name, namespace, kind and apiVersion, and, when
// --openapi-schema names the type, Extract<Type> functions (one per
// subresource: status, and those of +genclient:method tags).
//
// # Flags
//
//	--output-dir DIR                     base directory of the output
//	--output-pkg PATH                    import path of that directory
//	--external-applyconfigurations LIST  <pkg>.<Type>:<applyconfiguration-pkg>,…
//	                                     (repeatable) apply configurations that
//	                                     exist elsewhere
//	--openapi-schema FILE                OpenAPI v2 JSON with the definitions of
//	                                     the API types (as kubernetes'
//	                                     models-schema prints them); without it,
//	                                     no Extract functions and an empty schema
//	--lint-rules RULES                   see package apidefs
//
// plus those of package run.
//
// # Stricter than upstream, and where it only warns
//
// Where applyconfiguration-gen exits 0 with code that compiles,
// gen-applyconfig writes the same bytes and warns with file:line (--strict
// makes these errors): a field holds a struct with json fields, of a
// package that is no input, that has no apply configuration (the builder
// holds the Go struct; map it with --external-applyconfigurations or add
// its package to the inputs; one warning per struct type); a +genclient
// type that can be applied does not embed ObjectMeta (it is skipped); the
// --openapi-schema lacks the definition of an applyable type (it gets an
// untyped schema: Extract treats its lists as atomic); nothing at all is
// generated (only utils.go and the schema are written; the warning gives
// the reason for each package).
//
// It stops with file:line and what to do where upstream fails, panics or
// writes code that does not compile: an
// --openapi-schema cannot be read, is not JSON, or has a $ref to nowhere
// (upstream panics); an
// --external-applyconfigurations entry is malformed or repeats one of the
// built-in meta/v1 entries; a field has a type a builder cannot hold (func,
// chan, unsafe, type parameters: the configuration cannot be marshalled);
// an embedded struct has no apply configuration and is not inline
// (upstream panics), or is inline but a field of it lacks the type the
// builder sets it to (a pointer, or a slice or map of apply
// configurations: upstream's code does not compile; when every field has
// it, the builder holds the struct and it is a warning, as for a field); a
// +genclient tag is malformed (upstream panics); a subresource cannot name
// an Extract function; two input packages would write the same output
// package.
//
// # Schema
//
// The --openapi-schema is trimmed to the definitions the Extract functions
// reach and converted with kube-openapi's own schemaconv (at the version
// kubegen pins), so internal.go is upstream's byte for byte. A program
// that embeds the generator may set Generator.Schema instead of the flag
// to provide the same document in process (kubegen's
// --applyconfig-schema-from-openapi does); controller-gen's
// applyconfiguration generator also sets Retag and DefaultGroup, to make
// its kinds +genclient and give them its group.
package applyconfig

import (
	"cmp"
	"errors"
	"fmt"
	"go/token"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/pflag"
	"k8s.io/kube-openapi/pkg/util"
	"k8s.io/kube-openapi/pkg/validation/spec"

	"github.com/kubegen/kubegen/generators/apidefs"
	"github.com/kubegen/kubegen/generators/clientgen"
	"github.com/kubegen/kubegen/generators/clienttags"
	"github.com/kubegen/kubegen/generators/gofile"
	"github.com/kubegen/kubegen/generators/model"
	"github.com/kubegen/kubegen/generators/run"
)

// ToolName is the upstream generator this package replaces.
const ToolName = "applyconfiguration-gen"

// Generator is the apply configuration generator; its fields are its flags.
type Generator struct {
	clientgen.Base
	Externals     externals
	OpenAPISchema string

	// Schema, if set, provides the schema when OpenAPISchema is empty:
	// the document --openapi-schema would hold, made in process (kubegen
	// evaluates the OpenAPI definitions it generated in the same run).
	// SchemaName says where it comes from in messages, e.g. the
	// definitions file; it takes the place of the --openapi-schema path.
	// A nil document means none, as without --openapi-schema.
	Schema     func(*model.Universe) (*spec.Swagger, error)
	SchemaName string

	// Retag, if set, may change the client tags read from a type's
	// comments (controller-gen makes its kinds +genclient), and
	// DefaultGroup gives the group of a package without +groupName;
	// RootsHint then says in messages how types become roots.
	Retag        func(*model.Type, *clienttags.Tags)
	DefaultGroup func(*model.Package) (string, bool)
	RootsHint    string
	// MapAdvice, if set, says how to map a type to its apply
	// configuration package in messages.
	MapAdvice func(typ, acPkg string) string

	inputs map[string]bool // import paths of the input packages, set by Generate
}

// New returns the apply configuration generator.
func New() *Generator {
	return &Generator{Base: clientgen.Base{ToolName: ToolName}, Externals: newExternals()}
}

var _ run.Generator = (*Generator)(nil)

// AddFlags implements run.Generator: the shared client flags but
// --plural-exceptions, which applyconfiguration-gen does not take, and its
// own.
func (g *Generator) AddFlags(fs *pflag.FlagSet) {
	shared := pflag.NewFlagSet("", pflag.ContinueOnError)
	g.Base.AddFlags(shared)
	shared.VisitAll(func(f *pflag.Flag) {
		if f.Name != "plural-exceptions" {
			fs.AddFlag(f)
		}
	})
	fs.Var(g.Externals, "external-applyconfigurations",
		"list of comma separated external apply configurations locations in <type-package>.<type-name>:<applyconfiguration-package> form. "+
			"For example: k8s.io/api/apps/v1.Deployment:k8s.io/client-go/applyconfigurations/apps/v1")
	fs.StringVar(&g.OpenAPISchema, "openapi-schema", "",
		"path to the openapi schema containing all the types that apply configurations will be generated for")
}

// Validate implements run.Generator.
func (g *Generator) Validate() error { return g.Base.Validate() }

// mapAdvice says how to map a type to its apply configuration package.
func (g *Generator) mapAdvice(typ, acPkg string) string {
	if g.MapAdvice != nil {
		return g.MapAdvice(typ, acPkg)
	}
	return "--external-applyconfigurations (kube_codegen.sh: --applyconfig-externals) " + typ + ":" + acPkg
}

// apiPackage is one input package that gets apply configurations.
type apiPackage struct {
	pkg        *model.Package
	outPkg     string // import path of its output package
	outDir     string
	group      string // the API group, "" for core
	version    string
	tags       map[*model.Type]clienttags.Tags
	configs    []*applyConfig
	skipReason string
}

// applyConfig is one type that gets a builder.
type applyConfig struct {
	Type *model.Type
	// AC is the builder's type (named; in another package when an
	// external apply configuration names it).
	AC          *model.Type
	Tags        clienttags.Tags
	OpenAPIName string // "" without a schema
}

// Generate implements run.Generator.
func (g *Generator) Generate(ctx *run.Context) ([]*gofile.File, error) {
	pkgs, err := g.apiPackages(ctx)
	if err != nil {
		return nil, err
	}
	g.inputs = map[string]bool{}
	for _, p := range ctx.Universe.Inputs {
		g.inputs[p.Path] = true
	}
	refs, err := g.reachable(ctx, pkgs)
	if err != nil {
		return nil, err
	}
	schema, err := readSchema(g.OpenAPISchema)
	if err != nil {
		return nil, err
	}
	if schema == nil && g.Schema != nil {
		doc, err := g.Schema(ctx.Universe)
		if err != nil {
			return nil, err
		}
		if doc != nil {
			schema = &openAPISchema{path: g.SchemaName, swagger: doc, given: true}
		}
	}
	roots := map[string]bool{}
	total := 0
	var errs []error
	for _, p := range pkgs {
		for _, t := range p.pkg.Types {
			tags := p.tags[t]
			if tags.GenerateClient && !hasEmbedded(t, objectMeta) {
				if tags.HasVerb("apply") || tags.HasVerb("applyStatus") {
					// Upstream skips it; its client's Apply method then lacks its type.
					ctx.Warnf(t.Pos, "%s is tagged +genclient but does not embed %s.ObjectMeta, so it gets no apply configuration: embed it (with json:\"metadata,omitempty\"), or give the type +genclient:skipVerbs=apply,applyStatus", t.Name.Name, metaV1)
				}
				continue
			}
			acPkg, ok := refs[t.Name]
			if !ok {
				continue
			}
			c := &applyConfig{
				Type: t,
				AC:   &model.Type{Name: model.Name{Package: acPkg, Name: t.Name.Name + acSuffix}, Kind: model.Struct},
				Tags: tags,
			}
			if schema != nil && tags.GenerateClient && (tags.HasVerb("apply") || tags.HasVerb("applyStatus")) {
				c.OpenAPIName = openAPIName(t.Name)
				if !schema.has(c.OpenAPIName) {
					// Upstream gives it an untyped schema, as this does.
					ctx.Warnf(t.Pos, "%s has no definition %q for %s, so its Extract functions see it untyped (every list atomic, every map separable): %s", schema.what(), c.OpenAPIName, t.Name, schema.missingAdvice())
				}
				roots[c.OpenAPIName] = true
			}
			p.configs = append(p.configs, c)
		}
		slices.SortStableFunc(p.configs, func(a, b *applyConfig) int {
			return strings.Compare(strings.ToLower(a.Type.Name.Name), strings.ToLower(b.Type.Name.Name))
		})
		total += len(p.configs)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if total == 0 {
		// Upstream writes utils.go and the schema, and nothing else.
		ctx.Warnf(token.Position{}, "%s", g.nothingToDo(pkgs, ctx.Universe.Inputs))
	}
	schemaYAML, err := schema.smdYAML(roots)
	if err != nil {
		return nil, err
	}

	header := ctx.Header(g.ToolName, "")
	var files []*gofile.File
	plain := plainFields{}
	for _, p := range pkgs {
		for _, c := range p.configs {
			f, err := g.builderFile(p, c, refs, plain, header)
			if err != nil {
				return nil, err
			}
			files = append(files, f)
		}
	}
	plain.warn(ctx, g.mapAdvice)
	utils, err := g.utilsFile(pkgs, header)
	if err != nil {
		return nil, err
	}
	internal, err := g.internalFile(schemaYAML, header)
	if err != nil {
		return nil, err
	}
	return append(files, utils, internal), nil
}

// apiPackages returns the input packages that get apply configurations
// (with the reason for those that do not), with their client tags read.
func (g *Generator) apiPackages(ctx *run.Context) ([]*apiPackage, error) {
	var pkgs []*apiPackage
	var errs []error
	byOut := map[string]*apiPackage{}
	for _, pkg := range ctx.Universe.Inputs {
		if err := apidefs.Lint(pkg, g.LintRules); err != nil {
			errs = append(errs, err)
			continue
		}
		p := &apiPackage{pkg: pkg, tags: map[*model.Type]clienttags.Tags{}}
		for _, t := range pkg.Types {
			tags, err := clienttags.Parse(t)
			if err != nil {
				errs = append(errs, err)
			}
			if g.Retag != nil {
				g.Retag(t, &tags)
			}
			tags.Warn(ctx.Warnf)
			p.tags[t] = tags
		}
		off, err := apidefs.OptedOut(pkg, "k8s:applyconfiguration-gen")
		switch {
		case err != nil:
			errs = append(errs, err)
			continue
		case off:
			p.skipReason = "tagged +k8s:applyconfiguration-gen=false"
		case isInternal(pkg):
			p.skipReason = "an internal API package (its ObjectMeta has no json tag)"
			ctx.Log(0, "skipping internal package %s", pkg.Path)
		}
		parts := strings.Split(pkg.Path, "/")
		if p.skipReason == "" && len(parts) < 2 {
			p.skipReason = "its import path has no <group>/<version> elements"
		}
		if p.skipReason != "" {
			pkgs = append(pkgs, p)
			continue
		}
		p.group, p.version = parts[len(parts)-2], parts[len(parts)-1]
		if tags := model.FindTags(pkg.Comments.Lines, "groupName"); len(tags) > 0 {
			p.group = tags[0].Value
		} else if g.DefaultGroup != nil {
			if group, ok := g.DefaultGroup(pkg); ok {
				p.group = group
			}
		}
		sub := strings.ToLower(strings.Join(parts[len(parts)-2:], "/"))
		p.outPkg = path.Join(g.OutputPkg, sub)
		p.outDir = filepath.Join(g.OutputDir, filepath.FromSlash(sub))
		if prev := byOut[p.outPkg]; prev != nil {
			errs = append(errs, fmt.Errorf("input packages %s and %s would both write %s: rename one's directory (the last two path elements name the output)", prev.pkg.Path, pkg.Path, p.outPkg))
			continue
		}
		byOut[p.outPkg] = p
		pkgs = append(pkgs, p)
	}
	return pkgs, errors.Join(errs...)
}

// isInternal reports whether a package is an internal API package: the
// first ObjectMeta field of its types has no json tag.
func isInternal(pkg *model.Package) bool {
	for _, t := range pkg.Types {
		for _, m := range t.Members {
			if m.Name == "ObjectMeta" {
				_, ok := jsonTagOf(m)
				return !ok
			}
		}
	}
	return false
}

// nothingToDo explains why a run produced no apply configuration.
func (g *Generator) nothingToDo(pkgs []*apiPackage, inputs []*model.Package) string {
	hint := cmp.Or(g.RootsHint, "tag an API type +genclient (it must embed metav1.ObjectMeta), or name the packages that hold such types")
	var why []string
	for _, p := range pkgs {
		reason := p.skipReason
		if reason == "" {
			reason = "no +genclient type with the apply verb reaches a struct of it"
		}
		why = append(why, "\n\t"+p.pkg.Path+": "+reason)
	}
	if len(inputs) == 0 {
		why = append(why, "\n\tno input packages")
	}
	return "no apply configurations to generate, only utils.go and internal/internal.go: " + hint + ":" + strings.Join(why, "")
}

// openAPIName is the OpenAPI definition name of a Go type, e.g.
// io.k8s.api.core.v1.Pod for k8s.io/api/core/v1.Pod.
func openAPIName(n model.Name) string { return util.ToRESTFriendlyName(n.Package + "." + n.Name) }
