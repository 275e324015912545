package crd

import (
	"encoding/json"
	"errors"
	"fmt"
	"go/token"
	"maps"
	"slices"
	"strings"

	apiext "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"k8s.io/kube-openapi/pkg/util"
	"k8s.io/kube-openapi/pkg/validation/spec"

	"github.com/kubegen/kubegen/generators/controllergen/manifest"
	"github.com/kubegen/kubegen/generators/controllergen/markers"
	"github.com/kubegen/kubegen/generators/model"
	"github.com/kubegen/kubegen/generators/run"
)

// What controller-gen's applyconfiguration generator asks of the crd
// parser: which packages and types get apply configurations (its own
// markers, read beside the crd markers), and an OpenAPI v2 document of
// their types for applyconfiguration-gen's Extract functions and
// structured-merge-diff schema.
//
// The document has a definition for every type whose schema the parser
// made, named as OpenAPI names Go types (io.k8s.api.core.v1.Pod), built
// as controller-gen builds it: from a parser that allows dangerous types,
// skips unexported fields and reads metav1.ObjectMeta from its source
// (not the CRD's bare object); each type's schema keeps its references,
// but an embedded field's referenced type is copied in, and the allOf
// branches are merged; references are renamed (a local reference counts
// as one to the definition's own package, also inside a type embedded
// from elsewhere); "nullable", "anyOf", "oneOf", "not", and the "type"
// and "format" beside a reference, are dropped (OpenAPI v2 has none of
// them); each root gets its x-kubernetes-group-version-kind; and a
// definition that is only a reference (type A B) becomes a copy of its
// target, with its own extensions. controller-gen copies those in Go map
// order, so a chain of them (type A B; type B C) can come out either way;
// kubegen resolves a target before the definitions that refer to it.

const (
	markerApplyGenerate = "kubebuilder:ac:generate"
	markerApplyOutput   = "kubebuilder:ac:output:package"
	markerResource      = "kubebuilder:resource"

	// defaultApplyOutput is the output package of a package without
	// +kubebuilder:ac:output:package, relative to its own.
	defaultApplyOutput = "applyconfiguration"
)

// applyDefs are the applyconfiguration generator's own markers.
func applyDefs() []*markers.Def {
	flag := markers.Arg{Kind: markers.Bool}
	return []*markers.Def{
		markers.Anonymous(markerApplyGenerate, markers.Package, flag),
		markers.Anonymous(markerApplyGenerate, markers.Type, flag),
		markers.Anonymous(markerApplyOutput, markers.Package, markers.Arg{Kind: markers.String}),
	}
}

// ApplyMarkers returns the markers of controller-gen's applyconfiguration
// generator: its own and the crd generator's.
func ApplyMarkers() *markers.Registry {
	reg, _ := newRegistry()
	reg.Add(applyDefs()...)
	return reg
}

// ApplyPackage is an input package marked +kubebuilder:ac:generate=true.
type ApplyPackage struct {
	Package *model.Package
	// Output is its +kubebuilder:ac:output:package, relative to its
	// directory and import path.
	Output string
	Group  string // its +groupName
	// Roots are its types that become +genclient: those marked
	// +kubebuilder:ac:generate=true, or +kubebuilder:resource and not
	// +kubebuilder:ac:generate=false; true for a cluster-scoped resource.
	Roots map[string]bool
	// Swagger is the OpenAPI document of the types; nil without roots.
	Swagger *spec.Swagger
}

// ApplyPackages returns the input packages of ctx that controller-gen's
// applyconfiguration generator writes for, in import path order. An
// enabled package without +groupName is an error, as are the errors the
// parser finds in the types the roots reach.
func ApplyPackages(ctx *run.Context) ([]*ApplyPackage, error) {
	pr, _ := newRun(ctx, options{allowDangerousTypes: true, ignoreUnexportedFields: true, objectMetaFromSource: true}, applyDefs()...)
	ps := pr.packages
	var out []*ApplyPackage
	for _, in := range ctx.Universe.Inputs {
		if ps.known[in.Path] == nil {
			typeless(ctx, ps, in)
			continue
		}
		p := ps.get(in.Path)
		if p == nil || !firstBool(p.markers, markerApplyGenerate) {
			continue
		}
		ap := &ApplyPackage{Package: in, Output: defaultApplyOutput, Roots: map[string]bool{}}
		if vs := p.markers[markerApplyOutput]; len(vs) > 0 {
			ap.Output, _ = vs[0].value.(string)
		}
		pr.needPackage(p)
		gv := pr.groupVersions[p]
		if len(p.markers[markerGroupName]) == 0 {
			ps.errs = append(ps.errs, noGroup(ps.fset.Position(p.files[0].Package), in))
			continue
		}
		ap.Group = gv.group
		var roots []string
		for _, ti := range p.order {
			enabled := ti.markers.has(markerResource)
			if vs := ti.markers[markerApplyGenerate]; len(vs) > 0 {
				enabled, _ = vs[0].value.(bool)
			}
			if !enabled {
				continue
			}
			scope := ""
			if vs := ti.markers[markerResource]; len(vs) > 0 {
				scope = asString(argsOf(vs[0].value)["scope"])
			}
			ap.Roots[ti.name] = scope == string(apiext.ClusterScoped)
			roots = append(roots, ti.name)
			pr.schemaFor(typeKey{p, ti.name})
		}
		if len(roots) > 0 {
			doc, err := pr.swagger(p, gv, roots)
			if err != nil {
				ps.errs = append(ps.errs, err)
				continue
			}
			ap.Swagger = doc
		}
		out = append(out, ap)
	}
	return out, errors.Join(ps.errs...)
}

// typeless checks an input package without types (the parser has none
// of it): if it is marked, controller-gen writes for it a utils.go and
// an internal.go without content, kubegen nothing, and warns.
func typeless(ctx *run.Context, ps *packages, in *model.Package) {
	ms, err := manifest.PackageMarkers(ctx, ps.fset, in, ps.reg)
	if err != nil {
		ps.errs = append(ps.errs, err)
		return
	}
	set := markerSet{}
	var pos token.Position
	for _, m := range ms {
		v, err := m.Def.Parse(m.Text)
		if err != nil {
			ps.errorf(m.Comment.Slash, "%s: %v", m.Text, err)
			continue
		}
		set[m.Def.Name] = append(set[m.Def.Name], markerValue{m.Def, v})
		if m.Def.Name == markerApplyGenerate && !pos.IsValid() {
			pos = ps.fset.Position(m.Comment.Slash)
		}
	}
	switch {
	case !firstBool(set, markerApplyGenerate):
	case len(set[markerGroupName]) == 0:
		ps.errs = append(ps.errs, noGroup(pos, in))
	default:
		ctx.Warnf(pos, "package %s is marked +%s=true but declares no types: kubegen writes no apply configurations for it (controller-gen writes a utils.go and an internal/internal.go that hold nothing); drop the marker", in.Path, markerApplyGenerate)
	}
}

// noGroup is the error of a marked package without +groupName.
func noGroup(pos token.Position, in *model.Package) error {
	return model.PosErrorf(pos, "package %s is marked +%s=true, but controller-gen cannot tell its API group: give it a +%s=<group> package marker", in.Path, markerApplyGenerate, markerGroupName)
}

// firstBool is the value of a boolean marker's first occurrence, false
// without one.
func firstBool(set markerSet, name string) bool {
	vs := set[name]
	return len(vs) > 0 && asBool(vs[0].value)
}

// swagger is the OpenAPI document of the types the parser has made
// schemas of, the roots (of package root) carrying their group, version
// and kind.
func (g *parser) swagger(root *pkgInfo, gv groupVersion, roots []string) (*spec.Swagger, error) {
	keys := slices.SortedFunc(maps.Keys(g.schemata), func(a, b typeKey) int { return strings.Compare(a.String(), b.String()) })
	defs := map[string]any{}
	foreign := map[string]typeKey{} // a definition's first type embedded from another package
	for _, k := range keys {
		s := g.schemata[k].DeepCopy()
		key := util.ToRESTFriendlyName(k.pkg.path + "." + k.name)
		embedded := func(e typeKey) {
			if _, ok := foreign[key]; !ok && e.pkg != k.pkg {
				foreign[key] = e
			}
		}
		if err := g.inlineEmbedded(s, k.pkg, nil, embedded); err != nil {
			return nil, fmt.Errorf("the schema of %s: %w", k, err)
		}
		g.mergeAllOf(s)
		renameRefs(s, k.pkg.path)
		raw, err := json.Marshal(s)
		if err != nil {
			return nil, fmt.Errorf("the schema of %s: %w", k, err)
		}
		var def map[string]any
		if err := json.Unmarshal(raw, &def); err != nil {
			return nil, fmt.Errorf("the schema of %s: %w", k, err)
		}
		dropNonV2(def)
		if k.pkg == root && slices.Contains(roots, k.name) {
			def["x-kubernetes-group-version-kind"] = []any{map[string]any{"group": gv.group, "version": gv.version, "kind": k.name}}
		}
		defs[key] = def
	}
	resolveRefDefinitions(defs)
	if err := danglingRefs(defs, root, roots, foreign); err != nil {
		return nil, err
	}
	raw, err := json.Marshal(map[string]any{
		"swagger":     "2.0",
		"info":        map[string]any{"title": "Kubernetes CRD Swagger", "version": "v0.1.0"},
		"paths":       map[string]any{},
		"definitions": defs,
	})
	if err != nil {
		return nil, err
	}
	doc := &spec.Swagger{}
	if err := json.Unmarshal(raw, doc); err != nil {
		return nil, err
	}
	return doc, nil
}

// inlineEmbedded replaces every allOf branch that is a reference (an
// embedded field's type) with a copy of the referenced type's schema,
// itself treated alike; other references stay. p is the package whose
// local references s makes; via, the embedded types being copied; each
// copied type is passed to embedded.
func (g *parser) inlineEmbedded(s *apiext.JSONSchemaProps, p *pkgInfo, via []typeKey, embedded func(typeKey)) error {
	for i := range s.AllOf {
		b := &s.AllOf[i]
		if b.Ref == nil || *b.Ref == "" {
			if err := g.inlineEmbedded(b, p, via, embedded); err != nil {
				return err
			}
			continue
		}
		k, err := g.refKey(*b.Ref, p)
		if err != nil {
			return err
		}
		if slices.Contains(via, k) {
			return fmt.Errorf("%s embeds itself", k)
		}
		target, ok := g.schemata[k]
		if !ok {
			return fmt.Errorf("no schema of the embedded type %s", k)
		}
		embedded(k)
		c := target.DeepCopy()
		if err := g.inlineEmbedded(c, k.pkg, append(via, k), embedded); err != nil {
			return err
		}
		*b = *c
	}
	for _, name := range sortedKeys(s.Properties) {
		prop := s.Properties[name]
		if err := g.inlineEmbedded(&prop, p, via, embedded); err != nil {
			return err
		}
		s.Properties[name] = prop
	}
	if s.Items != nil && s.Items.Schema != nil {
		if err := g.inlineEmbedded(s.Items.Schema, p, via, embedded); err != nil {
			return err
		}
	}
	if s.AdditionalProperties != nil && s.AdditionalProperties.Schema != nil {
		return g.inlineEmbedded(s.AdditionalProperties.Schema, p, via, embedded)
	}
	return nil
}

// renameRefs rewrites the references of s (a definition of package path)
// into references to OpenAPI definitions.
func renameRefs(s *apiext.JSONSchemaProps, path string) {
	if s.Ref != nil && *s.Ref != "" {
		if refPath, name, err := refTarget(*s.Ref); err == nil {
			if refPath == "" {
				refPath = path
			}
			ref := "#/definitions/" + util.ToRESTFriendlyName(refPath+"."+name)
			s.Ref = &ref
		}
	}
	for name, prop := range s.Properties {
		renameRefs(&prop, path)
		s.Properties[name] = prop
	}
	for i := range s.AllOf {
		renameRefs(&s.AllOf[i], path)
	}
	if s.Items != nil && s.Items.Schema != nil {
		renameRefs(s.Items.Schema, path)
	}
	if s.AdditionalProperties != nil && s.AdditionalProperties.Schema != nil {
		renameRefs(s.AdditionalProperties.Schema, path)
	}
}

// dropNonV2 removes from a JSON schema what OpenAPI v2 lacks.
func dropNonV2(s map[string]any) {
	if _, ok := s["$ref"]; ok {
		delete(s, "type")
		delete(s, "format")
	}
	for _, key := range []string{"nullable", "anyOf", "oneOf", "not"} {
		delete(s, key)
	}
	sub := func(v any) {
		if m, ok := v.(map[string]any); ok {
			dropNonV2(m)
		}
	}
	if props, ok := s["properties"].(map[string]any); ok {
		for _, v := range props {
			sub(v)
		}
	}
	sub(s["items"])
	sub(s["additionalProperties"])
	if branches, ok := s["allOf"].([]any); ok {
		for _, v := range branches {
			sub(v)
		}
	}
}

// resolveRefDefinitions replaces each definition that is a reference to
// another with a copy of that one (resolved first), plus its own other
// keys.
func resolveRefDefinitions(defs map[string]any) {
	done := map[string]bool{}
	var resolve func(key string)
	resolve = func(key string) {
		if done[key] {
			return
		}
		done[key] = true
		def, _ := defs[key].(map[string]any)
		ref, ok := def["$ref"].(string)
		if !ok {
			return
		}
		target := strings.TrimPrefix(ref, "#/definitions/")
		resolve(target)
		targetDef, ok := defs[target].(map[string]any)
		if !ok {
			return
		}
		out := maps.Clone(targetDef)
		for k, v := range def {
			if k != "$ref" {
				out[k] = v
			}
		}
		defs[key] = out
	}
	for _, key := range slices.Sorted(maps.Keys(defs)) {
		resolve(key)
	}
}

// danglingRefs reports the references to missing definitions that the
// roots' definitions reach, which applyconfiguration-gen panics on. They
// come from a type embedded from another package: controller-gen names
// the types its fields mention as if they were the embedding package's.
func danglingRefs(defs map[string]any, root *pkgInfo, roots []string, foreign map[string]typeKey) error {
	var queue []string
	seen := map[string]bool{}
	visit := func(key string) {
		if !seen[key] {
			seen[key] = true
			queue = append(queue, key)
		}
	}
	for _, name := range roots {
		visit(util.ToRESTFriendlyName(root.path + "." + name))
	}
	var errs []error
	for len(queue) > 0 {
		key := queue[0]
		queue = queue[1:]
		var missing []string
		eachRef(defs[key], func(ref string) {
			target := strings.TrimPrefix(ref, "#/definitions/")
			if _, ok := defs[target]; ok {
				visit(target)
			} else if !slices.Contains(missing, target) {
				missing = append(missing, target)
			}
		})
		if len(missing) == 0 {
			continue
		}
		slices.Sort(missing)
		if len(missing) > 3 {
			missing = append(missing[:3], fmt.Sprintf("and %d more", len(missing)-3))
		}
		why := ""
		if e, ok := foreign[key]; ok {
			why = fmt.Sprintf(": it embeds %s, and controller-gen takes the types that type's fields mention for types of %s (upstream's applyconfiguration-gen panics on the result); give the embedded field a JSON name, or use applyconfiguration-gen", e, root.path)
		}
		errs = append(errs, fmt.Errorf("the OpenAPI schema of %s refers to %s, which is not defined%s", key, strings.Join(missing, ", "), why))
	}
	slices.SortFunc(errs, func(a, b error) int { return strings.Compare(a.Error(), b.Error()) })
	return errors.Join(errs...)
}

// eachRef calls f with every "$ref" in a JSON value.
func eachRef(v any, f func(string)) {
	switch v := v.(type) {
	case map[string]any:
		if ref, ok := v["$ref"].(string); ok {
			f(ref)
		}
		for _, k := range slices.Sorted(maps.Keys(v)) {
			eachRef(v[k], f)
		}
	case []any:
		for _, e := range v {
			eachRef(e, f)
		}
	}
}
