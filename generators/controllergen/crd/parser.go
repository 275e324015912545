package crd

import (
	apiext "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
)

// options are the crd generator's settings that change schemas.
type options struct {
	allowDangerousTypes        bool
	ignoreUnexportedFields     bool
	generateEmbeddedObjectMeta bool
	// objectMetaFromSource makes metav1.ObjectMeta's schema from its
	// declaration, as for any type, instead of a bare object.
	objectMetaFromSource bool
}

// groupVersion is a package's API group and version.
type groupVersion struct{ group, version string }

// parser makes the schemas of one run. It is not safe for concurrent
// use: a run makes its CRDs one after the other, as they share the
// schemas of the types they mention.
type parser struct {
	*packages
	rules *rules
	opts  options

	added         map[*pkgInfo]bool // packages whose types are known
	indexed       map[*pkgInfo]bool // ... and whose type specs count
	groupVersions map[*pkgInfo]groupVersion
	schemata      map[typeKey]*apiext.JSONSchemaProps
	flatCache     map[typeKey]apiext.JSONSchemaProps // partly flattened, per type
	flattened     map[typeKey]*apiext.JSONSchemaProps
}

func newParser(ps *packages, r *rules, opts options) *parser {
	return &parser{
		packages: ps, rules: r, opts: opts,
		added: map[*pkgInfo]bool{}, indexed: map[*pkgInfo]bool{},
		groupVersions: map[*pkgInfo]groupVersion{},
		schemata:      map[typeKey]*apiext.JSONSchemaProps{},
		flatCache:     map[typeKey]apiext.JSONSchemaProps{},
		flattened:     map[typeKey]*apiext.JSONSchemaProps{},
	}
}

// needPackage makes a package's types known: its type specs, unless it
// is marked +kubebuilder:skip; for the apimachinery and apiextensions
// packages whose types have fixed schemas, those (and, for some, the rest
// of their types).
func (g *parser) needPackage(p *pkgInfo) {
	if g.added[p] {
		return
	}
	g.added[p] = true
	if fixed, ok := fixedSchemas[p.path]; ok {
		for name, s := range fixed.schemas {
			switch {
			case name != "ObjectMeta":
			case g.opts.objectMetaFromSource:
				continue
			case g.opts.generateEmbeddedObjectMeta:
				s = embeddedObjectMeta()
			}
			g.schemata[typeKey{p, name}] = &s
		}
		if !fixed.rest {
			return
		}
	}
	g.addPackage(p)
}

// addPackage records the package's group and version and its type specs.
func (g *parser) addPackage(p *pkgInfo) {
	if p.markers.has(markerSkip) {
		return
	}
	gv := groupVersion{}
	if vs := p.markers[markerGroupName]; len(vs) > 0 {
		gv.group, _ = vs[0].value.(string)
		gv.version = p.name
		if vv := p.markers[markerVersionName]; len(vv) > 0 {
			gv.version, _ = vv[0].value.(string)
		}
	}
	g.groupVersions[p] = gv
	g.indexed[p] = true
}

// lookupType returns a type spec of a package whose types are known.
func (g *parser) lookupType(p *pkgInfo, name string) *typeInfo {
	if !g.indexed[p] {
		return nil
	}
	return p.byName[name]
}

// fixedSchemas are the types whose schema controller-gen knows rather
// than reads from their declarations, by package; rest says whether the
// other types of the package are read as usual.
var fixedSchemas = map[string]struct {
	schemas map[string]apiext.JSONSchemaProps
	rest    bool
}{
	"k8s.io/apimachinery/pkg/apis/meta/v1": {rest: true, schemas: map[string]apiext.JSONSchemaProps{
		"ObjectMeta": {Type: "object"},
		"Time":       {Type: "string", Format: "date-time"},
		"MicroTime":  {Type: "string", Format: "date-time"},
		"Duration":   {Type: "string"},
		"Fields":     {Type: "object", AdditionalProperties: &apiext.JSONSchemaPropsOrBool{Allows: true}},
	}},
	"k8s.io/apimachinery/pkg/api/resource": {schemas: map[string]apiext.JSONSchemaProps{
		"Quantity": {
			XIntOrString: true,
			AnyOf:        []apiext.JSONSchemaProps{{Type: "integer"}, {Type: "string"}},
			Pattern:      `^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$`,
		},
	}},
	"k8s.io/apimachinery/pkg/runtime": {rest: true, schemas: map[string]apiext.JSONSchemaProps{
		"RawExtension": {Type: "object", XPreserveUnknownFields: new(true)},
	}},
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured": {rest: true, schemas: map[string]apiext.JSONSchemaProps{
		"Unstructured": {Type: "object"},
	}},
	"k8s.io/apimachinery/pkg/util/intstr": {schemas: map[string]apiext.JSONSchemaProps{
		"IntOrString": {XIntOrString: true, AnyOf: []apiext.JSONSchemaProps{{Type: "integer"}, {Type: "string"}}},
	}},
	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1beta1": {rest: true, schemas: map[string]apiext.JSONSchemaProps{
		"JSON": {XPreserveUnknownFields: new(true)},
	}},
	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1": {rest: true, schemas: map[string]apiext.JSONSchemaProps{
		"JSON": {XPreserveUnknownFields: new(true)},
	}},
}

// embeddedObjectMeta is ObjectMeta's schema with
// crd:generateEmbeddedObjectMeta=true: the fields an embedded object's
// metadata may set.
func embeddedObjectMeta() apiext.JSONSchemaProps {
	str := func() *apiext.JSONSchemaProps { return &apiext.JSONSchemaProps{Type: "string"} }
	stringMap := apiext.JSONSchemaProps{Type: "object", AdditionalProperties: &apiext.JSONSchemaPropsOrBool{Schema: str()}}
	return apiext.JSONSchemaProps{Type: "object", Properties: map[string]apiext.JSONSchemaProps{
		"name":        *str(),
		"namespace":   *str(),
		"annotations": stringMap,
		"labels":      {Type: "object", AdditionalProperties: &apiext.JSONSchemaPropsOrBool{Schema: str()}},
		"finalizers":  {Type: "array", Items: &apiext.JSONSchemaPropsOrArray{Schema: str()}},
	}}
}
