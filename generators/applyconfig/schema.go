package applyconfig

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	openapiv2 "github.com/google/gnostic-models/openapiv2"
	yaml "go.yaml.in/yaml/v2"
	"k8s.io/kube-openapi/pkg/schemaconv"
	"k8s.io/kube-openapi/pkg/util/proto"
	"k8s.io/kube-openapi/pkg/validation/spec"

	"github.com/kubegen/kubegen/generators/flagfile"
)

// openAPISchema is the --openapi-schema file, or the document of
// Generator.Schema (given).
type openAPISchema struct {
	path    string // the file, or Generator.SchemaName
	swagger *spec.Swagger
	given   bool
}

// readSchema reads the --openapi-schema file; nil without one.
func readSchema(path string) (*openAPISchema, error) {
	if path == "" {
		return nil, nil
	}
	data, err := flagfile.Read(path)
	if err != nil {
		return nil, fmt.Errorf("--openapi-schema: %v", err)
	}
	s := &openAPISchema{path: path, swagger: &spec.Swagger{}}
	if err := json.Unmarshal(data, s.swagger); err != nil {
		return nil, jsonError(path, data, err)
	}
	return s, nil
}

// jsonError positions a JSON decoding error.
func jsonError(path string, data []byte, err error) error {
	var offset int64 = -1
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		offset = syntax.Offset
	case errors.As(err, &typ):
		offset = typ.Offset
	}
	if offset < 0 || offset > int64(len(data)) {
		return fmt.Errorf("%s: not an OpenAPI v2 JSON document: %v", path, err)
	}
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(offset) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return fmt.Errorf("%s:%d:%d: not an OpenAPI v2 JSON document: %v; --openapi-schema takes the JSON that kubernetes' models-schema prints", path, line, col, err)
}

// has reports whether the schema defines name.
func (s *openAPISchema) has(name string) bool {
	_, ok := s.swagger.Definitions[name]
	return ok
}

// smdYAML returns the structured-merge-diff schema, as YAML, of the
// definitions the roots need (all of them, for a nil schema: none).
func (s *openAPISchema) smdYAML(roots map[string]bool) (string, error) {
	var models proto.Models = &proto.Definitions{}
	if s != nil {
		needed := map[string]spec.Schema{}
		var errs []error
		for _, name := range slices.Sorted(maps.Keys(roots)) {
			def := s.swagger.Definitions[name]
			needed[name] = def
			errs = append(errs, s.collect(name, &def, needed))
		}
		if err := errors.Join(errs...); err != nil {
			return "", err
		}
		trimmed := *s.swagger
		trimmed.Definitions = needed
		raw, err := json.Marshal(&trimmed)
		if err != nil {
			return "", fmt.Errorf("%s: %v", s.path, err)
		}
		doc, err := openapiv2.ParseDocument(raw)
		if err != nil {
			return "", fmt.Errorf("%s: not a valid OpenAPI v2 document: %v", s.path, err)
		}
		if models, err = proto.NewOpenAPIData(doc); err != nil {
			return "", fmt.Errorf("%s: invalid definitions: %v", s.path, err)
		}
	}
	smd, err := schemaconv.ToSchema(models)
	if err != nil {
		return "", fmt.Errorf("%s: %v", s.what(), err)
	}
	out, err := yaml.Marshal(smd)
	if err != nil {
		return "", err
	}
	return string(out), nil
}

// what names the schema in messages.
func (s *openAPISchema) what() string {
	switch {
	case s == nil:
		return "--openapi-schema (none)"
	case s.given:
		return s.path
	}
	return "--openapi-schema " + s.path
}

// missingAdvice says what to do about a type the schema does not define.
func (s *openAPISchema) missingAdvice() string {
	if s.given {
		return "describe it in the OpenAPI definitions (+k8s:openapi-gen=true on it or its package, among the openapi inputs)"
	}
	return "generate the schema from these packages (openapi-gen), or leave --openapi-schema out"
}

// collect adds to needed every definition that def (of definition from)
// refers to, transitively.
func (s *openAPISchema) collect(from string, def *spec.Schema, needed map[string]spec.Schema) error {
	if def == nil {
		return nil
	}
	var errs []error
	if ptr := def.Ref.GetPointer(); ptr != nil && !ptr.IsEmpty() {
		if name, ok := strings.CutPrefix(ptr.String(), "/definitions/"); ok {
			target, ok := s.swagger.Definitions[name]
			if !ok {
				return fmt.Errorf("%s: definition %s refers to %s, which the schema does not define", s.path, from, name)
			}
			if _, done := needed[name]; !done {
				needed[name] = target
				errs = append(errs, s.collect(name, &target, needed))
			}
		}
	}
	each := func(schemas ...spec.Schema) {
		for i := range schemas {
			errs = append(errs, s.collect(from, &schemas[i], needed))
		}
	}
	if def.Items != nil {
		errs = append(errs, s.collect(from, def.Items.Schema, needed))
		each(def.Items.Schemas...)
	}
	each(def.AllOf...)
	each(def.AnyOf...)
	each(def.OneOf...)
	errs = append(errs, s.collect(from, def.Not, needed))
	for _, name := range slices.Sorted(maps.Keys(def.Properties)) {
		each(def.Properties[name])
	}
	if def.AdditionalProperties != nil {
		errs = append(errs, s.collect(from, def.AdditionalProperties.Schema, needed))
	}
	for _, name := range slices.Sorted(maps.Keys(def.PatternProperties)) {
		each(def.PatternProperties[name])
	}
	for _, name := range slices.Sorted(maps.Keys(def.Dependencies)) {
		errs = append(errs, s.collect(from, def.Dependencies[name].Schema, needed))
	}
	if def.AdditionalItems != nil {
		errs = append(errs, s.collect(from, def.AdditionalItems.Schema, needed))
	}
	for _, name := range slices.Sorted(maps.Keys(def.Definitions)) {
		each(def.Definitions[name])
	}
	return errors.Join(errs...)
}
