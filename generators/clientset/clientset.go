// Package clientset generates a typed clientset: the clientset, its scheme,
// one typed client per group version and API type, and a fake of each for
// tests. It is a drop-in for k8s.io/code-generator's client-gen (v0.37.2):
// same flags, same tags, byte-identical output.
//
// # Inputs
//
// The API packages come from flags, not arguments: each --input names a
// group version below --input-base. "apps/v1" is the package
// <input-base>/apps/v1; "core/v1" (or "/v1") is the core group; elements
// before the last two are a path below the base ("--input-base=
// --input example.com/repo/apis/apps/v1" names a package by its full
// import path); a single element ("apps") is the group's internal version.
// --input takes comma-separated lists and may be repeated. Groups are
// ordered by the name --input gives them, versions keep their order.
//
// # Which types
//
// In each input package, every type tagged +genclient (see package
// clienttags for :nonNamespaced, :noVerbs, :noStatus, :readonly,
// :onlyVerbs=, :skipVerbs= and :method=), or, for the group versions that
// --included-types-overrides names, only the types it lists. A type without
// a Status field gets no UpdateStatus/ApplyStatus. A type's +resourceName=
// overrides its resource name.
//
// Package tags (doc.go): +groupName= is the API group ("+groupName=" with
// no value is the core group). The first version's tag names the group
// for all its versions; without one, the group is the name --input gives
// it, which kubegen accepts only for Kubernetes' own groups without a DNS
// suffix (core, apps, autoscaling, batch, extensions, policy).
// +groupGoName= is the Go name of the group (default: the group's first
// DNS label, capitalized). +k8s:client-gen=false is an error: drop the
// package from --input instead.
//
// # Output
//
// Under <output-dir>/<clientset-name> (import path <output-pkg>/<clientset-name>):
//
//	clientset.go                       the Clientset and its Interface
//	scheme/doc.go, register.go         the scheme of every input group version
//	typed/<group>/<version>/           doc.go, <group>_client.go, <type>.go,
//	                                   generated_expansion.go
//	fake/                              doc.go, clientset_generated.go, register.go
//	typed/<group>/<version>/fake/      doc.go, fake_<group>_client.go, fake_<type>.go
//
// <group> is the group as --input names it; <version> is "internalversion"
// for an internal version. generated_expansion.go declares an empty
// <Type>Expansion interface for each type without a hand-written
// <type>_expansion.go in the output directory. --clientset-only writes
// only clientset.go, scheme/ and fake/; --fake-clientset=false leaves out
// the fakes. A hand-written scheme/register_custom.go adds
// ExtraAddToScheme (or ExtraInstall) to the scheme.
//
// # Flags
//
//	--input-base PATH                     base import path of --input (default k8s.io/kubernetes/pkg/apis)
//	--input GROUP/VERSION,…               the group versions (repeatable)
//	--clientset-name, -n NAME             the clientset's package (default internalclientset)
//	--output-dir DIR, --output-pkg PATH   where the clientset directory goes, and its import path
//	--clientset-api-path PATH             the API path of non-core groups (default /apis)
//	--clientset-only                      only the clientset, scheme and fake clientset
//	--fake-clientset                      generate the fakes (default true)
//	--apply-configuration-package PATH    apply configurations: adds Apply methods and NewClientset
//	--prefers-protobuf                    clients that prefer protobuf
//	--included-types-overrides G/V/T,…    the only types of those group versions
//	--plural-exceptions T:P               plurals the rules get wrong
//	--lint-rules RULES                    see package apidefs
//
// plus those of package run (--go-header-file, -v, --verify, --year).
//
// # Stricter than upstream, and where it only warns
//
// Where client-gen exits 0 with output that compiles (or that a script
// relies on), gen-clientset writes the same bytes and warns with file:line
// (--strict makes these errors): an --input package without +genclient
// types, or one that --included-types-overrides leaves without types (its group client has no
// resources); onlyVerbs with skipVerbs on a type (onlyVerbs wins), an
// unknown verb in either (it has no effect); +genclient types in a package
// without +groupName (outside the
// legacy groups; the directory's name is the group); a group named "." or "_…", as
// kube_codegen.sh names it when its input directory is the group's own
// (the client file it writes, "._client.go", is one Go ignores).
//
// Where client-gen writes code that does not compile, or nothing at all,
// gen-clientset stops with an error that names the file and line: an
// --input package with +k8s:client-gen=false; an --input that names no package
// with Go files, or is malformed, or repeats a package; +genclient=value
// or an unknown +genclient: tag (upstream panics); a method tag with input= or
// result= on a verb that takes none, or naming a type that does not exist;
// --included-types-overrides naming an unknown group version or type, or
// one without +genclient; two group versions with the same Go name in the
// clientset (give one a +groupGoName); a type whose client file would be
// doc.go, generated_expansion.go or <group>_client.go. Every --input that
// names no package is reported at once, before anything is loaded.
// Positional arguments are ignored, as upstream does, with a warning.
package clientset

import (
	"errors"
	"fmt"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/kubegen/kubegen/generators/apidefs"
	"github.com/kubegen/kubegen/generators/clientgen"
	"github.com/kubegen/kubegen/generators/clienttags"
	"github.com/kubegen/kubegen/generators/gofile"
	"github.com/kubegen/kubegen/generators/model"
	"github.com/kubegen/kubegen/generators/names"
	"github.com/kubegen/kubegen/generators/run"
)

// ToolName is the upstream generator this package replaces.
const ToolName = "client-gen"

// Generator is the clientset generator; its fields are its flags.
type Generator struct {
	clientgen.Base
	InputBase        string
	Input            []string
	ClientsetName    string
	ClientsetAPIPath string
	ClientsetOnly    bool
	FakeClientset    bool
	ApplyConfigPkg   string
	PrefersProtobuf  bool
	IncludedTypes    []string

	groups    []*inputGroup             // from --input, set by Validate
	overrides map[groupVersion][]string // from --included-types-overrides
	ignored   []string                  // positional arguments, which upstream ignores
}

// New returns the clientset generator with upstream's defaults.
func New() *Generator {
	return &Generator{
		Base:             clientgen.Base{ToolName: ToolName},
		ClientsetName:    "internalclientset",
		ClientsetAPIPath: "/apis",
		FakeClientset:    true,
	}
}

var (
	_ run.Generator       = (*Generator)(nil)
	_ run.InputsFromFlags = (*Generator)(nil)
)

func (g *Generator) clientsetDir() string { return filepath.Join(g.OutputDir, g.ClientsetName) }
func (g *Generator) clientsetPkg() string { return path.Join(g.OutputPkg, g.ClientsetName) }

// Owns implements run.Generator: client-gen's files under the clientset's
// directory (other clientsets may share --output-dir).
func (g *Generator) Owns(p string, src []byte) bool {
	rel, err := filepath.Rel(g.clientsetDir(), p)
	return err == nil && !strings.HasPrefix(rel, "..") && gofile.IsGeneratedBy(src, ToolName)
}

// OutputDirs implements run.OutputDirs.
func (g *Generator) OutputDirs() []string { return []string{g.clientsetDir()} }

// ref names a type and spells it the ways the templates need.
type ref struct {
	Pkg, Name                       string
	Public, Private                 string // "Deployment", "deployment"
	Plural, PrivatePlural, Resource string // "Deployments", "deployments", "deployments"
}

func (g *Generator) ref(pkg, name string) ref {
	plural := g.Plurals.Of(name)
	return ref{
		Pkg: pkg, Name: name,
		Public: names.Public(name), Private: names.Private(name),
		Plural: names.Public(plural), PrivatePlural: names.Private(plural), Resource: strings.ToLower(plural),
	}
}

// sig is one method of a typed client's interface.
type sig struct {
	Verb, Name string
	Sub        bool
	T, In, Res ref
	InApply    ref
	Path       string // the subresource
	Namespaced bool
	Scheme     string
	Protobuf   bool
}

// typeData is what clientset_type.tmpl and clientset_fake_type.tmpl take.
type typeData struct {
	T           ref
	Namespaced  bool
	NoVerbs     bool
	Sigs        []sig
	Methods     []sig
	List, Apply bool
	ApplyConfig ref
	Client      string
	Scheme      string
	Protobuf    bool
	Real        string
	Kind        string
	FakeMethods bool

	pos token.Position // of the type
}

// version is one input group version, ready to render.
type version struct {
	in          *input
	pkg         *model.Package
	group       string // the API group (after +groupName)
	groupName   string // as this package's +groupName says (for the client's comment)
	goName      string // the group's Go name, "Apps"
	groupDir    string // the group's directory name (from --input)
	types       []*typeData
	dir, pkgDir string // typed client directory and its import path
}

// Generate implements run.Generator.
func (g *Generator) Generate(ctx *run.Context) ([]*gofile.File, error) {
	if len(g.ignored) > 0 {
		ctx.Warnf(token.Position{}, "arguments %s ignored, as upstream does: client-gen takes its packages from --input-base and --input", strings.Join(g.ignored, " "))
	}
	var errs []error
	var groups [][]*version
	for _, grp := range g.groups {
		vs, err := g.loadGroup(ctx, grp)
		errs = append(errs, err)
		groups = append(groups, vs)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if err := g.checkOverrides(ctx, groups); err != nil {
		return nil, err
	}
	if err := checkNames(groups); err != nil {
		return nil, err
	}
	r := &renderer{g: g, header: ctx.Header(ToolName, "")}
	r.clientset(groups)
	r.scheme(groups)
	if g.FakeClientset {
		r.fakeClientset(groups)
	}
	if !g.ClientsetOnly {
		for i, grp := range g.groups {
			for _, v := range groups[i] {
				r.typed(grp, v)
			}
		}
	}
	return r.files, r.err
}

// loadGroup reads the packages of one --input group.
func (g *Generator) loadGroup(ctx *run.Context, grp *inputGroup) ([]*version, error) {
	var vs []*version
	var errs []error
	for _, in := range grp.versions {
		v, err := g.loadVersion(ctx, grp, in)
		errs = append(errs, err)
		vs = append(vs, v)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	// The first version's +groupName names the group, as upstream has it.
	group := grp.name
	if tags := model.FindTags(vs[0].pkg.Comments.Lines, "groupName"); len(tags) > 0 {
		group = tags[0].Value
	}
	for _, v := range vs {
		v.group = group
		v.groupName = nonEmpty(group, "core")
		if tags := model.FindTags(v.pkg.Comments.Lines, "groupName"); len(tags) > 0 {
			v.groupName = tags[0].Value
		}
		v.goName = names.Public(strings.Split(nonEmpty(group, "core"), ".")[0])
		if tags := model.FindTags(v.pkg.Comments.Lines, "groupGoName"); len(tags) > 0 {
			v.goName = names.Public(tags[0].Value)
		}
		v.groupDir = grp.dir
		if strings.HasPrefix(grp.dir, ".") || strings.HasPrefix(grp.dir, "_") {
			ctx.Warnf(apidefs.DocPos(v.pkg), "--input %s: the group is named %q, so its client is written to %s_client.go, a file Go ignores, and the clientset does not compile: name the group in --input (kube_codegen.sh takes it from the input directory's path: give that directory by its name, e.g. ../monitoring or an absolute path, instead of \".\")", v.in.flag, grp.dir, grp.dir)
		}
		sub := path.Join("typed", strings.ToLower(grp.dir), versionDir(v.in.version))
		v.dir, v.pkgDir = filepath.Join(g.clientsetDir(), filepath.FromSlash(sub)), path.Join(g.clientsetPkg(), sub)
	}
	return vs, nil
}

// inputPackage finds the package an --input names: by import path, or by
// directory where --input-base is one (kube_codegen.sh passes an absolute
// directory).
func inputPackage(u *model.Universe, name string) *model.Package {
	if p := u.Package(name); p != nil || !isDir(name) {
		return p
	}
	abs, err := filepath.Abs(name)
	if err != nil {
		return nil
	}
	for _, p := range u.Inputs {
		if p.Dir == abs {
			return p
		}
	}
	return nil
}

// isDir reports whether an --input-base names a directory rather than an
// import path.
func isDir(base string) bool {
	return filepath.IsAbs(base) || base == "." || base == ".." || strings.HasPrefix(base, "./") || strings.HasPrefix(base, "../")
}

// loadVersion checks one input package and reads its types' tags.
func (g *Generator) loadVersion(ctx *run.Context, grp *inputGroup, in *input) (*version, error) {
	pkg := inputPackage(ctx.Universe, in.pkg)
	if pkg == nil || len(pkg.Files) == 0 {
		return nil, fmt.Errorf("--input %s: package %s has no Go files (--input-base is %q)", in.flag, in.pkg, g.InputBase)
	}
	if err := apidefs.Lint(pkg, g.LintRules); err != nil {
		return nil, err
	}
	if off, err := apidefs.OptedOut(pkg, "k8s:client-gen"); err != nil {
		return nil, err
	} else if off {
		// Upstream writes a clientset whose field and method are both
		// named V1, which does not compile.
		return nil, model.FindTags(pkg.Comments.Lines, "k8s:client-gen")[0].Errorf(
			"package %s opts out of client-gen with +k8s:client-gen=false, but --input %s asks for its clients: drop it from --input, or remove the tag", pkg.Path, in.flag)
	}
	in.pkg = pkg.Path // from here on the import path, also where --input-base is a directory
	v := &version{in: in, pkg: pkg}
	var tagged []*model.Type
	for _, t := range pkg.Types {
		tags, err := clienttags.Parse(t)
		if err != nil {
			return nil, err
		}
		tags.Warn(ctx.Warnf)
		if tags.GenerateClient {
			tagged = append(tagged, t)
		}
	}
	if len(tagged) == 0 {
		// Upstream writes the group version's client without type clients.
		ctx.Warnf(apidefs.DocPos(pkg), "--input %s: no type in package %s is tagged +genclient, so its client has no resources: tag the types that need one, or drop %s from --input", in.flag, pkg.Path, in.flag)
		return v, nil
	}
	if len(model.FindTags(pkg.Comments.Lines, "groupName")) == 0 && !slices.Contains(legacyGroups, grp.name) {
		// Upstream takes the directory's name, which may be the group.
		ctx.Warnf(apidefs.DocPos(pkg), "package %s has +genclient types (%s) but no +groupName tag, so its clients talk to API group %q (its directory's name): add \"// +groupName=<group>\" to its doc.go", pkg.Path, tagged[0].Name.Name, grp.name)
	}
	return v, nil
}

// legacyGroups are Kubernetes' API groups without a DNS suffix, which
// k8s.io/api names by their directories: only they may leave out
// +groupName.
var legacyGroups = []string{"", "core", "apps", "autoscaling", "batch", "extensions", "policy"}

// checkOverrides applies --included-types-overrides, then reads the tags of
// every type that gets a client.
func (g *Generator) checkOverrides(ctx *run.Context, groups [][]*version) error {
	used := map[groupVersion]bool{}
	var errs []error
	for _, vs := range groups {
		for _, v := range vs {
			gv := groupVersion{v.group, v.in.version}
			only, limited := g.overrides[gv]
			used[gv] = limited
			for _, t := range v.pkg.Types {
				tags, _ := clienttags.Parse(t) // loadVersion checked them
				if limited && !slices.Contains(only, t.Name.Name) {
					continue
				}
				if !tags.GenerateClient {
					if limited {
						errs = append(errs, model.PosErrorf(t.Pos, "--included-types-overrides names %s, which has no +genclient tag: tag it, or leave it out", t.Name))
					}
					continue
				}
				td, err := g.typeData(ctx, v, t, tags)
				errs = append(errs, err)
				v.types = append(v.types, td)
			}
			for _, name := range only {
				if v.pkg.Type(name) == nil {
					errs = append(errs, fmt.Errorf("--included-types-overrides: package %s has no type %s", v.pkg.Path, name))
				}
			}
			slices.SortFunc(v.types, func(a, b *typeData) int { return strings.Compare(a.T.Private, b.T.Private) })
		}
	}
	for gv := range g.overrides {
		if !used[gv] {
			errs = append(errs, fmt.Errorf("--included-types-overrides: no --input is group %q version %q (use the group that +groupName gives)", gv.group, gv.version))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	for _, vs := range groups {
		for _, v := range vs {
			if _, limited := g.overrides[groupVersion{v.group, v.in.version}]; limited && len(v.types) == 0 {
				ctx.Warnf(apidefs.DocPos(v.pkg), "--input %s: --included-types-overrides leaves no type of package %s, so its client has no resources", v.in.flag, v.pkg.Path)
			}
		}
	}
	return nil
}

// checkNames rejects what would not compile: two group versions with the
// same Go name in the clientset, and types whose client files would take
// the name of a file of their version.
func checkNames(groups [][]*version) error {
	seen := map[string]*version{}
	for _, vs := range groups {
		for _, v := range vs {
			client := v.goName + names.Public(v.in.version)
			if prev := seen[client]; prev != nil {
				return model.PosErrorf(apidefs.DocPos(v.pkg), "--input %s and --input %s both get the clientset method %s(): give one of them a +groupGoName", prev.in.flag, v.in.flag, client)
			}
			seen[client] = v
			for _, td := range v.types {
				switch lower := strings.ToLower(td.T.Name); lower {
				case "doc", "generated_expansion", strings.ToLower(v.groupDir) + "_client":
					return model.PosErrorf(td.pos, "type %s: its client would be written to %s.go, a file client-gen writes for the group version: rename the type", td.T.Name, lower)
				}
			}
		}
	}
	return nil
}

// typeData builds what the templates need for one type.
func (g *Generator) typeData(ctx *run.Context, v *version, t *model.Type, tags clienttags.Tags) (*typeData, error) {
	apply := g.ApplyConfigPkg != ""
	self := g.ref(t.Name.Package, t.Name.Name)
	if rt := model.FindTags(t.TagLines(), "resourceName"); len(rt) > 0 {
		self.Resource = rt[0].Value
	}
	td := &typeData{
		T:           self,
		Namespaced:  !tags.NonNamespaced,
		NoVerbs:     tags.NoVerbs,
		Client:      v.goName + names.Public(v.in.version),
		Scheme:      path.Join(g.clientsetPkg(), "scheme"),
		Protobuf:    g.PrefersProtobuf,
		Real:        v.pkgDir,
		Kind:        names.Public(t.Name.Name),
		FakeMethods: !tags.NoVerbs,
		pos:         t.Pos,
	}
	gvPath := lastTwo(v.in.pkg)
	applyRef := func(of ref, gv string) ref {
		return ref{Pkg: path.Join(g.ApplyConfigPkg, gv), Name: of.Name + "ApplyConfiguration"}
	}
	td.ApplyConfig = applyRef(self, gvPath)
	hasStatus := !tags.NoStatus && slices.ContainsFunc(t.Members, func(m model.Member) bool { return m.Name == "Status" })
	for _, verb := range clienttags.Verbs {
		switch {
		case !tags.HasVerb(verb),
			!hasStatus && (verb == "updateStatus" || verb == "applyStatus"),
			!apply && (verb == "apply" || verb == "applyStatus"):
			continue
		}
		td.Sigs = append(td.Sigs, sig{Verb: verb, Name: names.Public(verb), T: self, In: self, Res: self, InApply: td.ApplyConfig})
	}
	if !tags.NoVerbs {
		td.List = tags.HasVerb("list")
		td.Apply = apply && tags.HasVerb("apply")
	}
	for _, m := range tags.Methods {
		if m.Verb == "apply" && !apply {
			continue
		}
		s := sig{Verb: m.Verb, Name: m.Name, Sub: m.Subresource != "", Path: m.Subresource,
			T: self, In: self, Res: self, Namespaced: td.Namespaced, Scheme: td.Scheme, Protobuf: td.Protobuf}
		inGV := gvPath
		var err error
		if m.Input != "" {
			if s.In, err = g.methodType(ctx, v.pkg, m, m.Input); err != nil {
				return nil, err
			}
			if s.In.Pkg != t.Name.Package {
				inGV = lastTwo(s.In.Pkg)
			}
		}
		if m.Result != "" {
			if s.Res, err = g.methodType(ctx, v.pkg, m, m.Result); err != nil {
				return nil, err
			}
		}
		s.InApply = applyRef(s.In, inGV)
		td.Methods = append(td.Methods, s)
	}
	return td, nil
}

// methodType resolves the input= or result= type of a method tag: a type
// of the same package, or "import/path.Type".
func (g *Generator) methodType(ctx *run.Context, pkg *model.Package, m clienttags.Method, spec string) (ref, error) {
	name := model.SplitName(spec)
	if name.Package == "" {
		if pkg.Type(name.Name) == nil {
			return ref{}, model.PosErrorf(m.Pos, "+genclient:method=%s: package %s has no type %s: name a type of this package, or import/path.Type", m.Name, pkg.Path, name.Name)
		}
		return g.ref(pkg.Path, name.Name), nil
	}
	if in := ctx.Universe.Package(name.Package); in != nil && in.Input {
		if in.Type(name.Name) == nil {
			return ref{}, model.PosErrorf(m.Pos, "+genclient:method=%s: package %s has no type %s", m.Name, in.Path, name.Name)
		}
	} else if _, err := ctx.ResolveType(name.String()); err != nil {
		return ref{}, model.PosErrorf(m.Pos, "+genclient:method=%s: %v", m.Name, err)
	}
	return g.ref(name.Package, name.Name), nil
}

// lastTwo is the last two elements of an import path ("apps/v1"), which
// name a package's apply configurations below --apply-configuration-package.
func lastTwo(p string) string {
	elems := strings.Split(p, "/")
	if len(elems) <= 2 {
		return p
	}
	return strings.Join(elems[len(elems)-2:], "/")
}

func versionDir(v string) string { return strings.ToLower(nonEmpty(v, "internalVersion")) }

// defaultVersion is the version upstream installs an internal clientset's
// group by: the last after its (peculiar) version sort.
func defaultVersion(vs []*version) string {
	var s []string
	for _, v := range vs {
		s = append(s, v.in.version)
	}
	sort.Sort(versionOrder(s))
	return s[len(s)-1]
}

type versionOrder []string

func (a versionOrder) Len() int      { return len(a) }
func (a versionOrder) Swap(i, j int) { a[i], a[j] = a[j], a[i] }
func (a versionOrder) Less(i, j int) bool {
	vi, vj := strings.TrimLeft(a[i], "v"), strings.TrimLeft(a[j], "v")
	mi, mj := leadingDigits(vi), leadingDigits(vj)
	// Upstream trims the major version's digits as a cutset.
	ri, rj := strings.TrimLeft(vi, mi), strings.TrimLeft(vj, mj)
	switch {
	case ri == "" && rj == "":
		return mi < mj
	case ri == "":
		return false
	case rj == "":
		return true
	case mi != mj:
		return mi < mj
	}
	return strings.Contains(ri, "alpha")
}

func leadingDigits(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i]
}

// exists reports whether a hand-written file is present.
func exists(p string) (bool, error) {
	_, err := os.Stat(p)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, os.ErrNotExist):
		return false, nil
	}
	return false, fmt.Errorf("looking for hand-written %s: %w", p, err)
}
