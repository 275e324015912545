package crd

import (
	"fmt"
	"go/types"
	"maps"
	"slices"
	"strings"
	"unicode"

	"github.com/gobuffalo/flect"
	apiextinternal "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiext "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

const metav1Path = "k8s.io/apimachinery/pkg/apis/meta/v1"

// groupKind is a kind of an API group: a CRD.
type groupKind struct{ group, kind string }

func (gk groupKind) String() string {
	if gk.group == "" {
		return gk.kind
	}
	return gk.kind + "." + gk.group
}

// kinds are the CRDs the roots declare: their types that embed both
// metav1.TypeMeta and metav1.ObjectMeta, sorted as controller-gen sorts
// them ("Kind.group"). None if no root imports metav1.
func (g *parser) kinds(roots []*pkgInfo) []groupKind {
	if !importsMeta(roots) {
		return nil
	}
	seen := map[groupKind]bool{}
	var out []groupKind
	for _, p := range roots {
		if !g.indexed[p] {
			continue
		}
		for _, ti := range p.order {
			var objectMeta, typeMeta bool
			for _, fld := range ti.fields {
				if fld.name != "" {
					continue
				}
				t, _ := g.resolve(p, ti.file, fld.field.Type)
				n, ok := t.(*types.Named)
				if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != metav1Path {
					continue
				}
				switch n.Obj().Name() {
				case "ObjectMeta":
					objectMeta = true
				case "TypeMeta":
					typeMeta = true
				}
			}
			gk := groupKind{g.groupVersions[p].group, ti.name}
			if objectMeta && typeMeta && !seen[gk] {
				seen[gk] = true
				out = append(out, gk)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b groupKind) int { return strings.Compare(a.String(), b.String()) })
	return out
}

// importsMeta reports whether a root imports metav1: controller-gen
// looks for kinds only then.
func importsMeta(roots []*pkgInfo) bool {
	for _, p := range roots {
		for _, imps := range p.imports {
			if slices.Contains(slices.Collect(maps.Values(imps)), metav1Path) {
				return true
			}
		}
	}
	return false
}

// crdFor assembles the CRD of a kind: a version for each package of the
// group that declares the kind, its schema flattened (descriptions cut
// to maxDescLen if set), and the kind's CRD markers applied. If no
// version remains the CRD is empty, as controller-gen then writes it.
func (g *parser) crdFor(gk groupKind, maxDescLen *int) apiext.CustomResourceDefinition {
	plural := strings.ToLower(flect.Pluralize(gk.kind))
	crd := apiext.CustomResourceDefinition{
		TypeMeta:   metav1.TypeMeta{APIVersion: apiext.SchemeGroupVersion.String(), Kind: "CustomResourceDefinition"},
		ObjectMeta: metav1.ObjectMeta{Name: plural + "." + gk.group},
		Spec: apiext.CustomResourceDefinitionSpec{
			Group: gk.group,
			Names: apiext.CustomResourceDefinitionNames{Kind: gk.kind, ListKind: gk.kind + "List", Plural: plural, Singular: strings.ToLower(gk.kind)},
			Scope: apiext.NamespaceScoped,
		},
	}
	// The group's packages in a fixed order (controller-gen's is map
	// order; versions are sorted by name below).
	var pkgs []*pkgInfo
	for p, gv := range g.groupVersions {
		if gv.group == gk.group {
			pkgs = append(pkgs, p)
		}
	}
	slices.SortFunc(pkgs, func(a, b *pkgInfo) int { return strings.Compare(a.path, b.path) })
	for _, p := range pkgs {
		if g.lookupType(p, gk.kind) == nil {
			continue
		}
		flat := g.flatSchemaFor(typeKey{p, gk.kind})
		if flat == nil {
			continue
		}
		s := flat
		if maxDescLen != nil {
			truncateDescriptions(s, *maxDescLen)
		}
		crd.Spec.Versions = append(crd.Spec.Versions, apiext.CustomResourceDefinitionVersion{
			Name: g.groupVersions[p].version, Served: true,
			Schema: &apiext.CustomResourceValidation{OpenAPIV3Schema: s},
		})
	}
	for _, p := range pkgs {
		ti := g.lookupType(p, gk.kind)
		if ti == nil {
			continue
		}
		for _, name := range sortedKeys(ti.markers) {
			for _, mv := range ti.markers[name] {
				rule, ok := g.rules.crd[mv.def]
				if !ok {
					continue
				}
				if err := rule.apply(mv.value, &crd, g.groupVersions[p].version); err != nil {
					g.errorf(ti.spec.Pos(), "%v", err)
				}
			}
		}
	}
	crd.Name = crd.Spec.Names.Plural + "." + gk.group
	if len(crd.Spec.Versions) == 0 {
		return apiext.CustomResourceDefinition{}
	}
	slices.SortStableFunc(crd.Spec.Versions, func(a, b apiext.CustomResourceDefinitionVersion) int { return strings.Compare(a.Name, b.Name) })
	if len(crd.Spec.Versions) == 1 {
		crd.Spec.Versions[0].Storage = true
	}
	if !slices.ContainsFunc(crd.Spec.Versions, func(v apiext.CustomResourceDefinitionVersion) bool { return v.Storage }) {
		g.errs = append(g.errs, fmt.Errorf("%s: CRD for %s has no storage version: mark one version's type +kubebuilder:storageversion", pkgs[0].path, gk))
	}
	if !slices.ContainsFunc(crd.Spec.Versions, func(v apiext.CustomResourceDefinitionVersion) bool { return v.Served }) {
		g.errs = append(g.errs, fmt.Errorf("%s: CRD for %s serves no version: remove +kubebuilder:unservedversion from one", pkgs[0].path, gk))
	}
	return crd
}

// truncateDescriptions cuts every description longer than maxLen at the
// last sentence end before it, else the last space (adding "..."); 0
// removes them all.
func truncateDescriptions(s *apiext.JSONSchemaProps, maxLen int) {
	if maxLen < 0 {
		return
	}
	if maxLen == 0 {
		s.Description = ""
	} else if len(s.Description) > maxLen {
		s.Description = truncate(s.Description, maxLen)
	}
	eachSubschema(s, func(sub *apiext.JSONSchemaProps) { truncateDescriptions(sub, maxLen) })
}

func truncate(desc string, maxLen int) string {
	desc = desc[:maxLen]
	if i := strings.LastIndexFunc(desc, isSentenceEnd); i > 0 {
		return desc[:i+1]
	}
	if i := strings.LastIndexFunc(desc, isSpace); i > 0 {
		return desc[:i] + "..."
	}
	return desc + "..."
}

// finishCRD is what controller-gen does to a CRD before writing it: the
// tool's version annotation (unless omitted), the top-level metadata
// schema reduced to its type, and the CRD converted to apiVersion
// (through the internal version, which normalizes it); Generator.Validate
// has checked that apiVersion is one controller-gen writes.
func finishCRD(crd apiext.CustomResourceDefinition, toolVersion string, apiVersion string) (*apiext.CustomResourceDefinition, error) {
	if toolVersion != "" {
		if crd.Annotations == nil {
			crd.Annotations = map[string]string{}
		}
		crd.Annotations["controller-gen.kubebuilder.io/version"] = toolVersion
	}
	for _, v := range crd.Spec.Versions {
		if v.Schema != nil && v.Schema.OpenAPIV3Schema != nil && v.Schema.OpenAPIV3Schema.Properties != nil {
			if _, ok := v.Schema.OpenAPIV3Schema.Properties["metadata"]; ok {
				v.Schema.OpenAPIV3Schema.Properties["metadata"] = apiext.JSONSchemaProps{Type: "object"}
			}
		}
	}
	// Unsafe conversions, without copies: what the result shares with crd
	// and changes below (the metadata schema) is the same for every
	// apiVersion.
	internal, err := conversion.UnsafeConvertToVersion(&crd, apiextinternal.SchemeGroupVersion)
	if err != nil {
		return nil, fmt.Errorf("converting the CRD %s to the internal version: %w", crd.Name, err)
	}
	out, err := conversion.UnsafeConvertToVersion(internal, schema.GroupVersion{Group: apiext.GroupName, Version: apiVersion})
	if err != nil {
		return nil, fmt.Errorf("converting the CRD %s to %s: %w", crd.Name, apiVersion, err)
	}
	res := out.(*apiext.CustomResourceDefinition)
	for _, v := range res.Spec.Versions {
		if v.Schema != nil && v.Schema.OpenAPIV3Schema != nil {
			if m, ok := v.Schema.OpenAPIV3Schema.Properties["metadata"]; ok && m.Description != "" {
				m.Description = ""
				v.Schema.OpenAPIV3Schema.Properties["metadata"] = m
			}
		}
	}
	return res, nil
}

var conversion = func() *runtime.Scheme {
	s := runtime.NewScheme()
	if err := apiextinternal.AddToScheme(s); err != nil {
		panic(err)
	}
	if err := apiext.AddToScheme(s); err != nil {
		panic(err)
	}
	return s
}()

func isSentenceEnd(r rune) bool { return unicode.Is(unicode.STerm, r) }
func isSpace(r rune) bool       { return unicode.Is(unicode.White_Space, r) }
