package validators

import (
	"fmt"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubegen/kubegen/generators/codetags"
)

// k8s:format=<name> checks a string against a named format; each format
// is a validate function without extra arguments.

func init() { register(func() TagValidator { return formatTag{} }) }

const formatTagName = "k8s:format"

// formatFunctions maps the supported formats (JSON-schema style names) to
// their validate functions.
var formatFunctions = map[string]string{
	"k8s-extended-resource-name":        "ExtendedResourceName",
	"k8s-label-key":                     "LabelKey",
	"k8s-label-value":                   "LabelValue",
	"k8s-long-name":                     "LongName",
	"k8s-long-name-caseless":            "LongNameCaseless",
	"k8s-path-segment-name":             "PathSegmentName",
	"k8s-prefixed-label-key":            "PrefixedLabelKey",
	"k8s-resource-fully-qualified-name": "ResourceFullyQualifiedName",
	"k8s-resource-pool-name":            "ResourcePoolName",
	"k8s-short-name":                    "ShortName",
	"k8s-uuid":                          "UUID",
}

type formatTag struct{}

func (formatTag) Init(Config)          {}
func (formatTag) TagName() string      { return formatTagName }
func (formatTag) ValidScopes() []Scope { return scopesAllValues }

func (formatTag) GetValidations(ctx Context, tag codetags.Tag) (Validations, error) {
	if t := NonPointer(NativeType(ctx.Type)); !isBuiltin(t, "string") {
		return Validations{}, fmt.Errorf("can only be used on string types (%s)", typeAndNative(ctx.Type, t))
	}
	fn, ok := formatFunctions[tag.Value]
	if !ok {
		return Validations{}, fmt.Errorf("unsupported validation format %q", tag.Value)
	}
	var out Validations
	out.AddCall(NewCall(formatTagName, 0, ValidateFunc(fn)).
		WithEmits(Emission{Type: field.ErrorTypeInvalid, Origin: "format=" + tag.Value}))
	return out, nil
}

func (formatTag) Docs() TagDoc {
	return TagDoc{
		Tag:         formatTagName,
		Stability:   TagStable,
		Scopes:      scopesAllValues,
		Description: "Indicates that a string field has a particular format.",
		// k8s-ip is documented but not accepted yet.
		Payloads: []TagPayloadDoc{{
			Description: "k8s-extended-resource-name",
			Docs:        "This field holds a Kubernetes extended resource name. This is a domain-prefixed name that must not have a `kubernetes.io` or `requests.` prefix. When `requests.` is prepended, the result must be a valid label key, as used by quota.",
		}, {
			Description: "k8s-ip",
			Docs:        "This field holds an IPv4 or IPv6 address value. IPv4 octets may have leading zeros.",
		}, {
			Description: "k8s-label-key",
			Docs:        "This field holds a Kubernetes label key.",
		}, {
			Description: "k8s-label-value",
			Docs:        "This field holds a Kubernetes label value.",
		}, {
			Description: "k8s-long-name",
			Docs:        `This field holds a Kubernetes "long name", aka a "DNS subdomain" value.`,
		}, {
			Description: "k8s-long-name-caseless",
			Docs:        `Deprecated: This field holds a case-insensitive Kubernetes "long name", aka a "DNS subdomain" value.`,
		}, {
			Description: "k8s-path-segment-name",
			Docs:        `This field holds a Kubernetes "path segment name" value.`,
		}, {
			Description: "k8s-prefixed-label-key",
			Docs:        "This field holds a Kubernetes label key, with the prefix required.",
		}, {
			Description: "k8s-resource-fully-qualified-name",
			Docs:        `This field holds a Kubernetes resource "fully qualified name" value. A fully qualified name must not be empty and must be composed of a prefix and a name, separated by a slash (e.g., "prefix/name"). The prefix must be a DNS subdomain, and the name part must be a C identifier with no more than 32 characters.`,
		}, {
			Description: "k8s-resource-pool-name",
			Docs:        "This field holds value with one or more Kubernetes \"long name\" parts separated by `/` and no longer than 253 characters.",
		}, {
			Description: "k8s-short-name",
			Docs:        `This field holds a Kubernetes "short name", aka a "DNS label" value.`,
		}, {
			Description: "k8s-uuid",
			Docs:        "This field holds a Kubernetes UUID, which conforms to RFC 4122.",
		}},
		PayloadsType:     codetags.ValueString,
		PayloadsRequired: true,
	}
}
