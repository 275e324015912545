package crd

import (
	"go/ast"
	"go/types"

	apiext "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"

	"github.com/kubegen/kubegen/generators/controllergen/markers"
)

// Controller-gen's apply priorities: a lower one is applied first.
const (
	priorityFirst   = 1
	priorityDefault = 10
)

// A schemaRule is what a schema marker does to the schema of the type or
// field it stands on (or, for the "kubebuilder:validation:items:"
// markers, to the schema of the array's items).
type schemaRule struct {
	priority int
	apply    func(c *ruleContext, value any, s *apiext.JSONSchemaProps) error
}

// A crdRule is what a type marker does to the CRD of a kind, for the
// version of the package the type is declared in.
type crdRule struct {
	apply func(value any, crd *apiext.CustomResourceDefinition, version string) error
}

// ruleContext is where a schema marker stands: the package, and the type
// (for a field marker, the struct type that declares the field).
type ruleContext struct {
	Types    *types.Package
	Files    []*ast.File // the package's files, parsed with comments
	TypeName string
}

// rules are the meanings of the definitions in the registry that
// newRegistry returns.
type rules struct {
	schema map[*markers.Def]schemaRule
	crd    map[*markers.Def]crdRule
}
