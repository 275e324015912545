package controllergen

import (
	"fmt"
	"strings"

	"github.com/kubegen/kubegen/generators/controllergen/markers"
)

// controller-gen's command line is a list of option words, which it
// parses as package markers ("+" prepended) of its own registry: the
// generators with their settings ("crd:maxDescLen=0"), output rules
// ("output:crd:dir=…", "output:dir=…") and paths=. The same grammar as
// the source markers, so the same quoting and lists.

// upstreamGenerators are controller-gen's generators, and their
// settings.
var upstreamGenerators = []string{"applyconfiguration", "crd", "object", "rbac", "schemapatch", "webhook"}

var (
	optString = markers.Arg{Kind: markers.String, Optional: true}
	optBool   = markers.Arg{Kind: markers.Bool, Optional: true}
)

var generatorSettings = map[string]map[string]markers.Arg{
	"object": {"headerFile": optString, "year": optString},
	"crd": {
		"ignoreUnexportedFields":     optBool,
		"allowDangerousTypes":        optBool,
		"maxDescLen":                 {Kind: markers.Int, Optional: true},
		"crdVersions":                {Kind: markers.Slice, Item: &markers.Arg{Kind: markers.String}, Optional: true},
		"generateEmbeddedObjectMeta": optBool,
		"headerFile":                 optString,
		"year":                       optString,
		"deprecatedV1beta1CompatibilityPreserveUnknownFields": optBool,
		"omitToolVersion": optBool,
	},
	"rbac":    {"roleName": {Kind: markers.String}, "fileName": optString, "headerFile": optString, "year": optString},
	"webhook": {"headerFile": optString, "year": optString},
	"applyconfiguration": {
		"headerFile":                  optString,
		"externalApplyConfigurations": {Kind: markers.Slice, Item: &markers.Arg{Kind: markers.String}, Optional: true},
		"omitToolVersion":             optBool,
	},
	"schemapatch": {
		"manifests":                  {Kind: markers.String},
		"maxDescLen":                 {Kind: markers.Int, Optional: true},
		"generateEmbeddedObjectMeta": optBool,
	},
}

// outputRules are controller-gen's output rules.
var outputRules = []string{"artifacts", "dir", "none", "stdout"}

// options is the registry of option words.
var options = func() *markers.Registry {
	r := &markers.Registry{}
	r.Add(markers.Anonymous("paths", markers.Package, markers.Arg{Kind: markers.Slice, Item: &markers.Arg{Kind: markers.String}}))
	rules := func(prefix string) {
		r.Add(
			markers.Anonymous(prefix+"dir", markers.Package, markers.Arg{Kind: markers.String}),
			markers.Named(prefix+"artifacts", markers.Package, map[string]markers.Arg{"config": {Kind: markers.String}, "code": optString}),
			markers.Flag(prefix+"none", markers.Package),
			markers.Flag(prefix+"stdout", markers.Package),
		)
	}
	rules("output:")
	for _, g := range upstreamGenerators {
		r.Add(markers.Named(g, markers.Package, generatorSettings[g]))
		rules("output:" + g + ":")
	}
	return r
}()

// option is one parsed option word.
type option struct {
	name      string // the definition's
	value     any
	generator string // of a generator's settings or output rule ("" for a default rule)
	rule      string // an output rule
}

// parseOption parses one option word as controller-gen does.
func parseOption(word string) (*option, error) {
	text := "+" + strings.TrimPrefix(word, "+")
	def := options.Lookup(text, markers.Package)
	if def == nil {
		return nil, fmt.Errorf("unknown option %q: the options are generators (%s), paths=, and output rules (output:<generator>:<rule> or output:<rule>, rules %s)",
			word, strings.Join(upstreamGenerators, ", "), strings.Join(outputRules, ", "))
	}
	v, err := def.Parse(text)
	if err != nil {
		return nil, fmt.Errorf("option %q: %v", word, err)
	}
	o := &option{name: def.Name, value: v}
	switch parts := strings.Split(def.Name, ":"); {
	case parts[0] != "output":
		if def.Name != "paths" {
			o.generator = def.Name
		}
	case len(parts) == 3:
		o.generator, o.rule = parts[1], parts[2]
	default:
		o.rule = parts[1]
	}
	return o, nil
}

// output is an output rule's meaning.
func (o *option) output(word string) *Output {
	out := &Output{Option: word}
	args, _ := o.value.(markers.Args)
	switch o.rule {
	case "dir":
		out.Kind, out.Dir = OutputDir, o.value.(string)
	case "artifacts":
		out.Config, _ = args["config"].(string)
		if code, _ := args["code"].(string); code != "" {
			out.Kind, out.Dir = OutputDir, code
		}
	case "stdout":
		out.Kind = OutputStdout
	case "none":
		out.Kind = OutputNone
	}
	return out
}
