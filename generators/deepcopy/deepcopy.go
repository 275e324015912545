// Package deepcopy generates DeepCopy, DeepCopyInto and DeepCopy<Interface>
// methods: the zz_generated.deepcopy.go files of Kubernetes API packages.
// It is a drop-in for k8s.io/code-generator's deepcopy-gen (v0.37.2): same
// flags, same tags, byte-identical output.
//
// # Tags
//
// In a package's doc.go:
//
//	+k8s:deepcopy-gen=package          generate for every exported struct,
//	                                   and named map and slice type
//	+k8s:deepcopy-gen=package,register=true   the same ("register" is
//	                                   accepted and ignored, as upstream)
//	+k8s:deepcopy-gen=false            generate nothing in this package
//
// On a type (the comment block right above it, or the one above that,
// separated by one blank line):
//
//	+k8s:deepcopy-gen=true             generate for this type (needed when
//	                                   the package is not tagged)
//	+k8s:deepcopy-gen=false            skip this type
//	+k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object
//	                                   also generate DeepCopyObject()
//	                                   returning runtime.Object; several,
//	                                   comma-separated or repeated
//	+k8s:deepcopy-gen:nonpointer-interfaces=true
//	                                   give those methods a value receiver
//
// A type with a hand-written DeepCopy or DeepCopyInto keeps it: the
// generator writes only the missing one, and calls the hand-written ones
// of field types.
//
// # Flags
//
//	--output-file NAME     file written into each package
//	                       (default "generated.deepcopy.go"; Kubernetes
//	                       uses zz_generated.deepcopy.go)
//	--lint-rules RULES     comma-separated: known-tags-only,
//	                       require-explicit-disablement (see package apidefs)
//	--bounding-dirs DIRS   accepted for old scripts; has no effect, as in
//	                       upstream v0.37.2
//
// plus the flags of package run (--go-header-file, -v, --verify, --year).
//
// # Errors
//
// Where upstream stops with a fatal log line or writes code that does not
// compile, this package returns an error naming the file:line and what to
// do: a tag value other than the ones above, a field of a type that cannot
// be deep-copied (func, chan, interface{} and other unnamed interfaces,
// foreign structs without DeepCopyInto), a malformed DeepCopy method.
//
// Where upstream writes code that compiles, so does this package, with a
// warning (an error with --strict): a type tag value other than "true" or
// "false" in a package without the package tag is ignored, as upstream
// ignores it (in a package tagged "package" upstream stops on it, and so
// does this package).
//
// # Shared code
//
// The copy statements are written by a Writer, which controller-gen's
// object generator (package controllergen) shares in its ControllerGen
// dialect: the places where the two upstream tools write different code
// test the dialect.
package deepcopy

import (
	"errors"
	"path/filepath"
	"strings"
	"sync"

	"github.com/spf13/pflag"

	"github.com/kubegen/kubegen/generators/apidefs"
	"github.com/kubegen/kubegen/generators/gofile"
	"github.com/kubegen/kubegen/generators/model"
	"github.com/kubegen/kubegen/generators/run"
)

// ToolName is the upstream generator this package replaces; generated
// files say they were made by it.
const ToolName = "deepcopy-gen"

const (
	tagEnabled     = apidefs.Deepcopy
	tagInterfaces  = tagEnabled + ":interfaces"
	tagNonPointer  = tagEnabled + ":nonpointer-interfaces"
	defaultOutFile = "generated.deepcopy.go"
)

// Generator is the deepcopy generator; its fields are its flags.
type Generator struct {
	run.PackageFile
	BoundingDirs []string
}

var _ run.Generator = (*Generator)(nil)

// Tool implements run.Generator.
func (g *Generator) Tool() string { return ToolName }

// AddFlags implements run.Generator.
func (g *Generator) AddFlags(fs *pflag.FlagSet) {
	g.PackageFile.AddFlags(fs, ToolName, defaultOutFile, false)
	fs.StringSliceVar(&g.BoundingDirs, "bounding-dirs", nil, "accepted for compatibility with older scripts; no effect")
	fs.MarkHidden("bounding-dirs")
}

// Generate implements run.Generator: one file for each input package that
// asks for deep-copy functions.
func (g *Generator) Generate(ctx *run.Context) ([]*gofile.File, error) {
	plans, err := g.plan(ctx)
	if err != nil {
		return nil, err
	}
	// The types of earlier deepcopy-gen jobs of the run count too: run
	// alone after them, this one would see their files.
	generated := ctx.Shared(ToolName+" types", func() any { return map[model.Name]bool{} }).(map[model.Name]bool)
	for _, p := range plans {
		for _, t := range p.types {
			generated[t.Name] = true
		}
	}
	files := make([]*gofile.File, len(plans))
	errs := make([]error, len(plans))
	var wg sync.WaitGroup
	for i, p := range plans {
		wg.Go(func() {
			files[i], errs[i] = g.file(ctx, p, filepath.Join(p.pkg.Dir, g.OutputFile), generated)
		})
	}
	wg.Wait()
	return files, errors.Join(errs...)
}

// packagePlan is what one package gets: the types to generate for, in
// output order.
type packagePlan struct {
	pkg   *model.Package
	types []*model.Type
}

// plan decides, for every input package, which types get functions.
func (g *Generator) plan(ctx *run.Context) ([]packagePlan, error) {
	u := ctx.Universe
	var plans []packagePlan
	var errs []error
	for _, pkg := range u.Inputs {
		if err := apidefs.Lint(pkg, g.LintRules); err != nil {
			errs = append(errs, err)
			continue
		}
		types, err := planPackage(ctx, pkg)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if len(types) > 0 {
			plans = append(plans, packagePlan{pkg, types})
		}
	}
	return plans, errors.Join(errs...)
}

// planPackage returns the types of pkg to generate for.
func planPackage(ctx *run.Context, pkg *model.Package) ([]*model.Type, error) {
	whole, optedOut, err := packageTag(pkg)
	if err != nil || optedOut {
		return nil, err
	}
	var types []*model.Type
	var errs []error
	for _, t := range pkg.Types {
		value, tag, err := typeTag(t)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if value != "" && value != "true" && value != "false" {
			// Upstream stops on it only where it would generate for the
			// type (the package is tagged and the type copyable); without
			// the package tag it ignores the tag: the type gets nothing.
			if ok, _ := copyable(t); whole && ok {
				errs = append(errs, badTypeValue(tag))
				continue
			}
			if !whole {
				ctx.Warnf(tag.Pos, "unsupported value %q for type tag +%s, which is ignored, so %s gets no deepcopy functions: use \"true\" or \"false\" (\"package\" goes in doc.go)", tag.Value, tagEnabled, t.Name.Name)
				continue
			}
		}
		if value == "false" || !(whole || value == "true") {
			continue
		}
		ok, err := copyable(t)
		switch {
		case err != nil:
			errs = append(errs, err)
		case ok:
			types = append(types, t)
		case value == "true":
			errs = append(errs, model.PosErrorf(t.Pos, "type %s asks for deepcopy (+%s=true) but its kind (%s) cannot be copied; only structs and named map and slice types can be copied: remove the tag",
				t.Name.Name, tagEnabled, describeKind(t)))
		}
	}
	return types, errors.Join(errs...)
}

// packageTag reads the package tag: whole is true for "package", optedOut
// for "false".
func packageTag(pkg *model.Package) (whole, optedOut bool, err error) {
	tags := model.FindTags(pkg.Comments.Lines, tagEnabled)
	if len(tags) == 0 {
		return false, false, nil
	}
	if len(tags) > 1 {
		return false, false, tags[1].Errorf("+%s appears %d times in package %s; keep one", tagEnabled, len(tags), pkg.Path)
	}
	t := tags[0]
	if t.Err != nil {
		return false, false, t.Err
	}
	value, params, _ := strings.Cut(t.Value, ",")
	switch value {
	case "false":
		if params != "" {
			return false, false, t.Errorf("+%s=false takes no parameters", tagEnabled)
		}
		return false, true, nil
	case "package":
	default:
		return false, false, t.Errorf("unsupported value %q for package tag +%s: use \"package\" or \"false\"", t.Value, tagEnabled)
	}
	if params != "" {
		for _, p := range strings.Split(params, ",") {
			if k, _, _ := strings.Cut(p, "="); k != "register" {
				return false, false, t.Errorf("unsupported parameter %q in +%s: the only one is register=true", p, tagEnabled)
			}
		}
	}
	return true, false, nil
}

// typeTag returns the value of a type's +k8s:deepcopy-gen tag ("" if
// none) and the tag; planPackage judges values other than "true" and
// "false".
func typeTag(t *model.Type) (string, model.Tag, error) {
	tags := model.FindTags(t.TagLines(), tagEnabled)
	if len(tags) == 0 {
		return "", model.Tag{}, nil
	}
	if len(tags) > 1 {
		return "", model.Tag{}, tags[1].Errorf("+%s appears %d times on type %s; keep one", tagEnabled, len(tags), t.Name.Name)
	}
	tag := tags[0]
	if tag.Err != nil {
		return "", model.Tag{}, tag.Err
	}
	value, params, _ := strings.Cut(tag.Value, ",")
	if k, _, _ := strings.Cut(params, "="); params != "" && k != "register" {
		return "", model.Tag{}, tag.Errorf("unsupported parameter %q in +%s", params, tagEnabled)
	}
	return value, tag, nil
}

func badTypeValue(tag model.Tag) error {
	return tag.Errorf("unsupported value %q for type tag +%s: use \"true\" or \"false\" (\"package\" goes in doc.go)", tag.Value, tagEnabled)
}

// copyable reports whether functions are generated for t: exported
// structs, and exported named maps and slices (and named builtins with a
// hand-written DeepCopy).
func copyable(t *model.Type) (bool, error) {
	if !t.IsExported() {
		return false, nil
	}
	switch t.Kind {
	case model.Struct:
		if t.Generic {
			return false, model.PosErrorf(t.Pos, "type %s is generic, which deepcopy-gen does not support: write DeepCopy and DeepCopyInto by hand, or tag it +%s=false", t.Name.Name, tagEnabled)
		}
		return true, nil
	case model.Defined:
		m, err := methodsOf(t)
		if err != nil {
			return false, err
		}
		return m.any() || t.Underlying.Kind != model.Builtin, nil
	}
	return false, nil
}

func describeKind(t *model.Type) string {
	if t.Kind == model.Defined {
		return "named " + t.Underlying.Kind.String() + " type without a DeepCopy method"
	}
	return t.Kind.String()
}

// copyMethods are a type's DeepCopy and DeepCopyInto methods, if declared.
type copyMethods struct {
	deepCopy, deepCopyInto *model.Method
}

func (m copyMethods) any() bool { return m.deepCopy != nil || m.deepCopyInto != nil }

// methodsOf returns t's copy methods, checking their signatures:
//
//	func (t T) DeepCopy() T     or  func (t *T) DeepCopy() *T
//	func (t T) DeepCopyInto(*T) or  func (t *T) DeepCopyInto(*T)
func methodsOf(t *model.Type) (copyMethods, error) {
	var m copyMethods
	bad := func(method, want string) error {
		return model.PosErrorf(t.Pos, "type %s: invalid %s signature; want %s", t.Name, method, strings.ReplaceAll(want, "T", t.Name.Name))
	}
	isT := func(x *model.Type) bool { return x.Name == t.Name }
	isPtrT := func(x *model.Type) bool { return x.Kind == model.Pointer && x.Elem.Name == t.Name }
	if dc := t.Methods["DeepCopy"]; dc != nil {
		if len(dc.Params) != 0 || len(dc.Results) != 1 || dc.PtrRecv && !isPtrT(dc.Results[0]) || !dc.PtrRecv && !isT(dc.Results[0]) {
			return m, bad("DeepCopy", "func (in T) DeepCopy() T or func (in *T) DeepCopy() *T")
		}
		m.deepCopy = dc
	}
	if dci := t.Methods["DeepCopyInto"]; dci != nil {
		if len(dci.Params) != 1 || len(dci.Results) != 0 || !isPtrT(dci.Params[0]) {
			return m, bad("DeepCopyInto", "func (in *T) DeepCopyInto(out *T)")
		}
		m.deepCopyInto = dci
	}
	return m, nil
}

// isReference reports whether values of t are references (pointers, maps,
// slices and named types over them); such types get value receivers.
func isReference(t *model.Type) bool {
	switch t.Resolved().Kind {
	case model.Pointer, model.Map, model.Slice:
		return true
	}
	return false
}

// interfaces returns the interface types a struct's tags ask DeepCopy<I>
// methods for, in tag order (duplicates kept), and whether those methods
// take a value receiver.
func interfaces(ctx *run.Context, t *model.Type) ([]*model.Type, bool, error) {
	if t.Kind != model.Struct {
		return nil, false, nil
	}
	var out []*model.Type
	for _, tag := range model.FindTags(t.TagLines(), tagInterfaces) {
		if tag.Err != nil {
			return nil, false, tag.Err
		}
		for _, name := range strings.Split(tag.Value, ",") {
			if name == "" {
				continue
			}
			it, err := ctx.ResolveType(name)
			if err != nil {
				return nil, false, tag.Errorf("+%s: %v", tagInterfaces, err)
			}
			if it.Kind != model.Interface {
				return nil, false, tag.Errorf("+%s: %s is a %s, not an interface", tagInterfaces, name, it.Kind)
			}
			out = append(out, it)
		}
	}
	nonPointer := false
	for i, tag := range model.FindTags(t.TagLines(), tagNonPointer) {
		v := tag.Value == "true"
		if i > 0 && v != nonPointer {
			return nil, false, tag.Errorf("+%s=%s contradicts the earlier value on type %s", tagNonPointer, tag.Value, t.Name.Name)
		}
		nonPointer = v
	}
	return out, nonPointer, nil
}
