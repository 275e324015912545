package validation

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/kubegen/kubegen/generators/codetags"
	"github.com/kubegen/kubegen/generators/model"
	"github.com/kubegen/kubegen/generators/validation/validators"
)

// The documentation of the tags as --docs prints it: upstream's JSON.
type (
	docTag struct {
		Tag                string
		StabilityLevel     validators.TagStability
		Args               []docArg `json:",omitempty"`
		Usage              string
		Description        string
		Docs               string
		Warning            string `json:",omitempty"`
		Scopes             []validators.Scope
		Payloads           []docPayload       `json:",omitempty"`
		PayloadsType       codetags.ValueType `json:",omitempty"`
		PayloadsRequired   bool               `json:",omitempty"`
		AcceptsUnknownArgs bool               `json:",omitempty"`
	}
	docArg struct {
		Name, Description string
		Type              codetags.ArgType
		Required          bool
		Default, Docs     string
	}
	docPayload struct{ Description, Docs string }
)

// PrintDocs writes the documentation of every tag validation-gen knows,
// as validation-gen --docs does: a JSON list sorted by tag, with a usage
// line made up for the tags that have none.
func PrintDocs(w io.Writer) error {
	reg, err := validators.NewRegistry(validators.Config{Universe: model.NewUniverse()}, validators.All()...)
	if err != nil {
		return err
	}
	var docs []docTag
	for _, d := range reg.Docs() {
		out := docTag{Tag: d.Tag, StabilityLevel: d.Stability, Usage: d.Usage, Description: d.Description, Docs: d.Docs,
			Warning: d.Warning, Scopes: slices.Sorted(slices.Values(d.Scopes)), PayloadsType: d.PayloadsType,
			PayloadsRequired: d.PayloadsRequired, AcceptsUnknownArgs: d.AcceptsUnknownArgs}
		for _, a := range d.Args {
			out.Args = append(out.Args, docArg{a.Name, a.Description, a.Type, a.Required, a.Default, a.Docs})
		}
		for _, p := range d.Payloads {
			out.Payloads = append(out.Payloads, docPayload{p.Description, p.Docs})
		}
		if out.Usage == "" {
			out.Usage = usage(d)
		}
		docs = append(docs, out)
	}
	slices.SortFunc(docs, func(a, b docTag) int { return strings.Compare(a.Tag, b.Tag) })
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "    ")
	if err := enc.Encode(docs); err != nil {
		return err
	}
	_, err = fmt.Fprintln(w, b.String())
	return err
}

// usage spells a tag's use from its arguments and payloads:
// tag(arg, ...)=payload.
func usage(d validators.TagDoc) string {
	u := d.Tag
	if len(d.Args) > 0 {
		descs := make([]string, len(d.Args))
		for i, a := range d.Args {
			descs[i] = a.Description
		}
		u += "(" + strings.Join(descs, ", ") + ")"
	}
	switch len(d.Payloads) {
	case 0:
	case 1:
		u += "=" + d.Payloads[0].Description
	default:
		u += "=<payload>"
	}
	return u
}
