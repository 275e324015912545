package openapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"k8s.io/kube-openapi/pkg/common"

	"github.com/kubegen/kubegen/generators/model"
)

const validationPrefix = "+k8s:validation:"

// vschema is the schema that +k8s:validation: tags add to a type or field.
type vschema struct {
	minimum, maximum, multipleOf               *float64
	exclusiveMinimum, exclusiveMaximum, unique bool
	minLength, maxLength, minItems, maxItems   *int64
	minProperties, maxProperties               *int64
	pattern                                    string
	nullable, hasFormat, hasEnum               bool
	allOf                                      []vschema
	items, additionalProperties                *vschema
	properties                                 map[string]vschema
	extensions                                 map[string]any
}

// vtags is the decoded form of the tags, keyed by their JSON names.
type vtags struct {
	Nullable         *bool             `json:"nullable,omitempty"`
	Format           *string           `json:"format,omitempty"`
	Maximum          *float64          `json:"maximum,omitempty"`
	ExclusiveMaximum *bool             `json:"exclusiveMaximum,omitempty"`
	Minimum          *float64          `json:"minimum,omitempty"`
	ExclusiveMinimum *bool             `json:"exclusiveMinimum,omitempty"`
	MaxLength        *int64            `json:"maxLength,omitempty"`
	MinLength        *int64            `json:"minLength,omitempty"`
	Pattern          *string           `json:"pattern,omitempty"`
	MaxItems         *int64            `json:"maxItems,omitempty"`
	MinItems         *int64            `json:"minItems,omitempty"`
	UniqueItems      *bool             `json:"uniqueItems,omitempty"`
	MultipleOf       *float64          `json:"multipleOf,omitempty"`
	Enum             []any             `json:"enum,omitempty"`
	MaxProperties    *int64            `json:"maxProperties,omitempty"`
	MinProperties    *int64            `json:"minProperties,omitempty"`
	Items            *vtags            `json:"items,omitempty"`
	Properties       map[string]*vtags `json:"properties,omitempty"`
	AdditionalProps  *vtags            `json:"additionalProperties,omitempty"`
	CEL              []celRule         `json:"cel,omitempty"`
}

type celRule struct {
	Rule              string `json:"rule,omitempty"`
	Message           string `json:"message,omitempty"`
	MessageExpression string `json:"messageExpression,omitempty"`
	OptionalOldSelf   *bool  `json:"optionalOldSelf,omitempty"`
	Reason            string `json:"reason,omitempty"`
	FieldPath         string `json:"fieldPath,omitempty"`
}

var knownValidationKeys = []string{"nullable", "format", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
	"maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "multipleOf", "enum",
	"maxProperties", "minProperties", "items", "properties", "additionalProperties", "cel"}

var (
	keyChars    = `[:_a-zA-Z0-9\[\]\-]`
	assignRE    = regexp.MustCompile(`^(` + keyChars + `*)=(.*)$`)
	emptyRE     = regexp.MustCompile(`^(` + keyChars + `*)$`)
	rawStringRE = regexp.MustCompile(`^(` + keyChars + `*)>(.*)$`)
)

// validations reads the +k8s:validation: tags of lines, written on (or
// for a field of) type t.
func (w *writer) validations(t *model.Type, lines []model.Line, at model.Line) (vschema, error) {
	raw, first, err := validationTags(lines)
	if err != nil || len(raw) == 0 {
		return vschema{}, err
	}
	if first.Pos.IsValid() {
		at = first
	}
	nested := map[string]any{}
	for _, key := range slices.Sorted(mapsKeys(raw)) {
		value := raw[key]
		head := strings.FieldsFunc(key, func(r rune) bool { return r == ':' || r == '[' })
		if len(head) == 0 || !slices.Contains(knownValidationKeys, head[0]) {
			continue
		}
		if _, isRef := symbolRef(value, ""); isRef {
			continue
		}
		var v any = true
		if value != "" {
			if err := json.Unmarshal([]byte(value), &v); err != nil {
				return vschema{}, posErr(at, "%s%s=%s: the value is not JSON: %v", validationPrefix, key, value, err)
			}
		}
		if err := putNested(nested, strings.Split(key, ":"), v); err != nil {
			return vschema{}, posErr(at, "%s%s: %v", validationPrefix, key, err)
		}
	}
	b, _ := json.Marshal(nested)
	var vt vtags
	if err := json.Unmarshal(b, &vt); err != nil {
		return vschema{}, posErr(at, "%s tags: %v", validationPrefix, err)
	}
	if err := errors.Join(vt.check(), vt.checkType(t)); err != nil {
		return vschema{}, posErr(at, "invalid %s tags: %v", strings.TrimSuffix(validationPrefix, ":"), strings.ReplaceAll(err.Error(), "\n", "; "))
	}
	return vt.schema(), nil
}

// validationTags collects "+k8s:validation:key=json", "key" (true) and
// "key>raw string" lines (consecutive raw lines of one key are joined by
// newlines); indexed keys "cel[0]:rule" must count up from 0.
func validationTags(lines []model.Line) (map[string]string, model.Line, error) {
	out := map[string]string{}
	var first model.Line
	lastKey, lastArray, lastIndex := "", "", -1
	for _, l := range lines {
		s := strings.Trim(l.Text, " ")
		prevKey, prevArray, prevIndex := lastKey, lastArray, lastIndex
		lastKey, lastArray, lastIndex = "", "", -1
		if !strings.HasPrefix(s, validationPrefix) {
			continue
		}
		if !first.Pos.IsValid() {
			first = l
		}
		s = strings.TrimPrefix(s, validationPrefix)
		var key, value string
		if m := assignRE.FindStringSubmatch(s); m != nil {
			key, value = m[1], m[2]
			if _, dup := out[key]; dup {
				return nil, first, posErr(l, "%s%s is given twice; give it once", validationPrefix, key)
			}
		} else if m := emptyRE.FindStringSubmatch(s); m != nil {
			key = m[1]
		} else if m := rawStringRE.FindStringSubmatch(s); m != nil {
			key = m[1]
			text := strings.Trim(m[2], " ")
			if old, ok := out[key]; ok {
				if key != prevKey {
					return nil, first, posErr(l, "%s%s>…: the lines of a raw string must follow each other", validationPrefix, key)
				}
				var prev string
				json.Unmarshal([]byte(old), &prev)
				text = prev + "\n" + text
			}
			b, _ := json.Marshal(text)
			value = string(b)
		} else {
			return nil, first, posErr(l, "%s%s: expected key=<JSON value>, key>raw string or key", validationPrefix, s)
		}
		out[key] = value
		lastKey = key
		if arr, idx, ok, err := subscript(key); ok || err != nil {
			switch {
			case err != nil:
				return nil, first, posErr(l, "%s%s: %v", validationPrefix, key, err)
			case prevArray != arr && idx != 0, prevArray == arr && idx != prevIndex+1 && idx != prevIndex:
				return nil, first, posErr(l, "%s%s: index %d does not follow the previous index of %s", validationPrefix, key, idx, arr)
			}
			lastArray, lastIndex = arr, idx
		}
	}
	return out, first, nil
}

// subscript splits "key[3]…" into "key" and 3.
func subscript(key string) (string, int, bool, error) {
	open := strings.IndexByte(key, '[')
	if open < 0 {
		return "", -1, false, nil
	}
	inner, _, _ := strings.Cut(key[open+1:], "]")
	if inner == "" {
		return "", -1, false, errors.New("empty index")
	}
	i, err := strconv.Atoi(inner)
	if err != nil || i < 0 {
		return "", -1, false, fmt.Errorf("index %q is not a non-negative integer", inner)
	}
	return key[:open], i, true, nil
}

// putNested stores v under the path keys ("a", "b[0]", "c") in m.
func putNested(m map[string]any, keys []string, v any) error {
	key, rest := keys[0], keys[1:]
	if arr, idx, ok, err := subscript(key); err != nil {
		return err
	} else if ok {
		list, _ := m[arr].([]any)
		if _, exists := m[arr]; exists && list == nil {
			return fmt.Errorf("%s is both a list and a value", arr)
		}
		for len(list) <= idx {
			list = append(list, nil)
		}
		m[arr] = list
		dst, _ := list[idx].(map[string]any)
		if dst == nil {
			dst = map[string]any{}
			list[idx] = dst
		}
		if len(rest) == 0 {
			return nil
		}
		return putNested(dst, rest, v)
	}
	if len(rest) == 0 {
		m[key] = v
		return nil
	}
	dst, ok := m[key].(map[string]any)
	if !ok {
		if _, exists := m[key]; exists {
			return fmt.Errorf("%s is both an object and a value", key)
		}
		dst = map[string]any{}
		m[key] = dst
	}
	return putNested(dst, rest, v)
}

func (c *vtags) check() error {
	var errs []error
	neg := func(name string, v *int64) {
		if v != nil && *v < 0 {
			errs = append(errs, fmt.Errorf("%s cannot be negative", name))
		}
	}
	neg("minLength", c.MinLength)
	neg("maxLength", c.MaxLength)
	neg("minItems", c.MinItems)
	neg("maxItems", c.MaxItems)
	neg("minProperties", c.MinProperties)
	neg("maxProperties", c.MaxProperties)
	if c.Minimum != nil && c.Maximum != nil && *c.Minimum > *c.Maximum {
		errs = append(errs, fmt.Errorf("minimum %f is greater than maximum %f", *c.Minimum, *c.Maximum))
	}
	if (c.ExclusiveMinimum != nil || c.ExclusiveMaximum != nil) && c.Minimum != nil && c.Maximum != nil && *c.Minimum == *c.Maximum {
		errs = append(errs, errors.New("exclusiveMinimum/Maximum cannot be set when minimum == maximum"))
	}
	pair := func(lo, hi string, a, b *int64) {
		if a != nil && b != nil && *a > *b {
			errs = append(errs, fmt.Errorf("%s %d is greater than %s %d", lo, *a, hi, *b))
		}
	}
	pair("minLength", "maxLength", c.MinLength, c.MaxLength)
	pair("minItems", "maxItems", c.MinItems, c.MaxItems)
	pair("minProperties", "maxProperties", c.MinProperties, c.MaxProperties)
	if c.Pattern != nil {
		if _, err := regexp.Compile(*c.Pattern); err != nil {
			errs = append(errs, fmt.Errorf("invalid pattern %q: %v", *c.Pattern, err))
		}
	}
	if c.MultipleOf != nil && *c.MultipleOf == 0 {
		errs = append(errs, errors.New("multipleOf cannot be 0"))
	}
	for i, r := range c.CEL {
		var problems []string
		switch {
		case r == celRule{}:
			problems = append(problems, "empty CEL tag is not allowed")
		default:
			if r.Rule == "" {
				problems = append(problems, "rule cannot be empty")
			}
			if r.Message == "" && r.MessageExpression == "" {
				problems = append(problems, "message or messageExpression must be set")
			}
			if r.Message != "" && r.MessageExpression != "" {
				problems = append(problems, "message and messageExpression cannot be set at the same time")
			}
		}
		if problems != nil {
			errs = append(errs, fmt.Errorf("cel[%d]: %s", i, strings.Join(problems, ", ")))
		}
	}
	return errors.Join(errs...)
}

// checkType rejects tags that do not fit the type they are written for.
func (c *vtags) checkType(t *model.Type) error {
	r := resolve(t)
	if r.Kind == model.Interface || r.Kind == model.Struct {
		elem := t
		for elem.Kind == model.Pointer {
			elem = elem.Elem
		}
		if m := methodsOf(elem); m.v2 || m.typeAndFormat || m.v3 || m.v3OneOf {
			return nil
		}
	}
	typ, _ := common.OpenAPITypeFormat(r.Name.String())
	isArray := r.Kind == model.Slice || r.Kind == model.Array
	isMap, isStruct := r.Kind == model.Map, r.Kind == model.Struct
	isString, isNumber := typ == "string", typ == "integer" || typ == "number"
	var errs []error
	only := func(set bool, name string, ok bool, what string) {
		if set && !ok {
			errs = append(errs, fmt.Errorf("%s can only be used on %s types", name, what))
		}
	}
	only(c.MaxItems != nil, "maxItems", isArray, "array")
	only(c.MinItems != nil, "minItems", isArray, "array")
	only(c.UniqueItems != nil, "uniqueItems", isArray, "array")
	only(c.MaxProperties != nil, "maxProperties", isMap || isStruct, "map")
	only(c.MinProperties != nil, "minProperties", isMap || isStruct, "map")
	only(c.MinLength != nil, "minLength", isString, "string")
	only(c.MaxLength != nil, "maxLength", isString, "string")
	only(c.Pattern != nil, "pattern", isString, "string")
	only(c.Minimum != nil, "minimum", isNumber, "numeric")
	only(c.Maximum != nil, "maximum", isNumber, "numeric")
	only(c.MultipleOf != nil, "multipleOf", isNumber, "numeric")
	only(c.ExclusiveMinimum != nil, "exclusiveMinimum", isNumber, "numeric")
	only(c.ExclusiveMaximum != nil, "exclusiveMaximum", isNumber, "numeric")
	only(c.AdditionalProps != nil, "additionalProperties", isMap, "map")
	only(c.Items != nil, "items", isArray, "array")
	if c.Properties != nil {
		if !isStruct && !isMap {
			errs = append(errs, errors.New("properties can only be used on struct types"))
		} else if isStruct && len(errs) == 0 {
			for _, key := range slices.Sorted(mapsKeys(c.Properties)) {
				m := memberByJSONName(r, key)
				if m == nil {
					errs = append(errs, fmt.Errorf("property used in comment tag %q not found in struct %s", key, r.Name))
				} else if err := c.Properties[key].checkType(m.Type); err != nil {
					errs = append(errs, fmt.Errorf("failed to validate property %q: %w", key, err))
				}
			}
		}
	}
	return errors.Join(errs...)
}

func memberByJSONName(t *model.Type, key string) *model.Member {
	for i := range t.Members {
		m := &t.Members[i]
		tag, _ := jsonTag(m)
		if name, _, _ := strings.Cut(tag, ","); tag != "" && name == key {
			return m
		}
		if m.Embedded {
			if e := memberByJSONName(m.Type, key); e != nil {
				return e
			}
		}
	}
	return nil
}

func (c *vtags) schema() vschema {
	if c == nil {
		return vschema{}
	}
	s := vschema{
		minimum: c.Minimum, maximum: c.Maximum, multipleOf: c.MultipleOf,
		exclusiveMinimum: c.ExclusiveMinimum != nil && *c.ExclusiveMinimum,
		exclusiveMaximum: c.ExclusiveMaximum != nil && *c.ExclusiveMaximum,
		unique:           c.UniqueItems != nil && *c.UniqueItems,
		minLength:        c.MinLength, maxLength: c.MaxLength, minItems: c.MinItems, maxItems: c.MaxItems,
		minProperties: c.MinProperties, maxProperties: c.MaxProperties,
		nullable:  c.Nullable != nil && *c.Nullable,
		hasFormat: c.Format != nil && *c.Format != "",
		hasEnum:   c.Enum != nil,
	}
	if c.Pattern != nil {
		s.pattern = *c.Pattern
	}
	if len(c.CEL) > 0 {
		var rules []any
		for _, r := range c.CEL {
			m := map[string]any{}
			b, _ := json.Marshal(r)
			json.Unmarshal(b, &m)
			rules = append(rules, m)
		}
		s.extensions = map[string]any{"x-kubernetes-validations": rules}
	}
	if c.Items != nil || len(c.Properties) > 0 || c.AdditionalProps != nil {
		var nested vschema
		if c.Items != nil {
			it := c.Items.schema()
			nested.items = &it
		}
		if c.AdditionalProps != nil {
			ap := c.AdditionalProps.schema()
			nested.additionalProperties = &ap
		}
		if len(c.Properties) > 0 {
			nested.properties = map[string]vschema{}
			for k, v := range c.Properties {
				nested.properties[k] = v.schema()
			}
		}
		s.allOf = append(s.allOf, nested)
	}
	return s
}

// hasProps reports whether the schema sets anything in spec.SchemaProps.
func (s *vschema) hasProps() bool {
	return s.minimum != nil || s.maximum != nil || s.multipleOf != nil || s.exclusiveMinimum || s.exclusiveMaximum ||
		s.unique || s.minLength != nil || s.maxLength != nil || s.minItems != nil || s.maxItems != nil ||
		s.minProperties != nil || s.maxProperties != nil || s.pattern != "" || s.nullable || s.hasFormat || s.hasEnum ||
		len(s.allOf) > 0 || s.items != nil || s.additionalProperties != nil || len(s.properties) > 0
}

// valueValidations writes the validation fields of spec.SchemaProps.
func (w *writer) valueValidations(o *out, s vschema) {
	f := func(name, typ string, v *float64) {
		if v != nil {
			o.p("%s: %s[%s](%v),\n", name, w.imports.Qualify(ptrPkg, "To"), typ, *v)
		}
	}
	i := func(name string, v *int64) {
		if v != nil {
			o.p("%s: %s[int64](%d),\n", name, w.imports.Qualify(ptrPkg, "To"), *v)
		}
	}
	f("Minimum", "float64", s.minimum)
	f("Maximum", "float64", s.maximum)
	if s.exclusiveMinimum {
		o.p("ExclusiveMinimum: true,\n")
	}
	if s.exclusiveMaximum {
		o.p("ExclusiveMaximum: true,\n")
	}
	i("MinLength", s.minLength)
	i("MaxLength", s.maxLength)
	i("MinProperties", s.minProperties)
	i("MaxProperties", s.maxProperties)
	if s.pattern != "" {
		b, _ := json.Marshal(s.pattern)
		o.p("Pattern: %s,\n", b)
	}
	f("MultipleOf", "float64", s.multipleOf)
	i("MinItems", s.minItems)
	i("MaxItems", s.maxItems)
	if s.unique {
		o.p("UniqueItems: true,\n")
	}
	if len(s.allOf) > 0 {
		o.p("AllOf: []spec.Schema{\n")
		for _, sub := range s.allOf {
			o.p("{\n")
			w.nestedSchema(o, sub)
			o.p("},\n")
		}
		o.p("},\n")
	}
}

// nestedSchema writes a schema of the AllOf list.
func (w *writer) nestedSchema(o *out, s vschema) {
	if s.hasProps() {
		o.p("SchemaProps: spec.SchemaProps{\n")
		w.valueValidations(o, s)
		if len(s.properties) > 0 {
			o.p("Properties: map[string]spec.Schema{\n")
			for _, k := range slices.Sorted(mapsKeys(s.properties)) {
				o.p("%s: {\n", goValue(k))
				w.nestedSchema(o, s.properties[k])
				o.p("},\n")
			}
			o.p("},\n")
		}
		if s.additionalProperties != nil {
			o.p("AdditionalProperties: &spec.SchemaOrBool{\nAllows: true,\nSchema: &spec.Schema{\n")
			w.nestedSchema(o, *s.additionalProperties)
			o.p("},\n},\n")
		}
		if s.items != nil {
			o.p("Items: &spec.SchemaOrArray{\nSchema: &spec.Schema{\n")
			w.nestedSchema(o, *s.items)
			o.p("},\n},\n")
		}
		o.p("},\n")
	}
	if len(s.extensions) > 0 {
		o.p("VendorExtensible: spec.VendorExtensible{\nExtensions: spec.Extensions{\n")
		for _, k := range slices.Sorted(mapsKeys(s.extensions)) {
			o.p("%s: %s,\n", goValue(k), goValue(s.extensions[k]))
		}
		o.p("},\n},\n")
	}
}
