package crd

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	apiext "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"

	"github.com/kubegen/kubegen/generators/controllergen/markers"
	"github.com/kubegen/kubegen/generators/run"
)

// Kind is a kind whose schemas a caller wants, by version: what
// controller-gen's schemapatch generator asks of the crd parser for the
// CRDs it finds on disk.
type Kind struct {
	Group, Kind string
	// Versions are the versions wanted; Schemas, after VersionSchemas,
	// the schemas of those the inputs have.
	Versions []string
	Schemas  map[string]*apiext.JSONSchemaProps
}

// VersionSchemas fills in the schemas of the wanted kinds: for each
// kind the inputs declare (as the crd generator finds them) and each
// package of its group whose version is wanted, the kind's flattened
// schema, descriptions cut to maxDescLen if set, and metadata a bare
// object. A package of the group without a type of the kind's name is
// an error, as in controller-gen. The kinds come from want, which is
// called only if a root imports metav1 (else VersionSchemas returns nil,
// as controller-gen then does nothing).
func VersionSchemas(ctx *run.Context, generateEmbeddedObjectMeta bool, maxDescLen *int, want func() ([]*Kind, error)) ([]*Kind, error) {
	pr, roots := newRun(ctx, options{generateEmbeddedObjectMeta: generateEmbeddedObjectMeta})
	if !importsMeta(roots) {
		return nil, errors.Join(pr.errs...)
	}
	wanted, err := want()
	if err != nil {
		return nil, err
	}
	byGK := map[groupKind]*Kind{}
	for _, k := range wanted {
		byGK[groupKind{k.Group, k.Kind}] = k
	}
	for _, gk := range pr.kinds(roots) {
		k := byGK[gk]
		if k == nil {
			continue
		}
		var pkgs []*pkgInfo
		for p, gv := range pr.groupVersions {
			if gv.group == gk.group && slices.Contains(k.Versions, gv.version) {
				pkgs = append(pkgs, p)
			}
		}
		slices.SortFunc(pkgs, func(a, b *pkgInfo) int { return strings.Compare(a.path, b.path) })
		for _, p := range pkgs {
			if pr.lookupType(p, gk.kind) == nil {
				pr.errs = append(pr.errs, fmt.Errorf("package %s (version %s of group %s) has no type %s", p.path, pr.groupVersions[p].version, gk.group, gk.kind))
				continue
			}
			flat := pr.flatSchemaFor(typeKey{p, gk.kind})
			if flat == nil {
				continue
			}
			s := flat
			if maxDescLen != nil {
				truncateDescriptions(s, *maxDescLen)
			}
			if _, ok := s.Properties["metadata"]; ok {
				s.Properties["metadata"] = apiext.JSONSchemaProps{Type: "object"}
			}
			if k.Schemas == nil {
				k.Schemas = map[string]*apiext.JSONSchemaProps{}
			}
			k.Schemas[pr.groupVersions[p].version] = s
		}
	}
	return wanted, errors.Join(pr.errs...)
}

// Markers returns the crd generator's marker definitions.
func Markers() *markers.Registry {
	reg, _ := newRegistry()
	return reg
}
