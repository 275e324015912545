// Package clienttags reads the +genclient tags that decide which typed
// clients, listers and informers are generated for a type:
//
//	+genclient                      generate a client for this type
//	+genclient:nonNamespaced        the type is cluster-scoped
//	+genclient:noVerbs              a client without the standard verbs
//	+genclient:noStatus             no updateStatus / applyStatus
//	+genclient:readonly             only get, list and watch
//	+genclient:onlyVerbs=get,list   only these verbs
//	+genclient:skipVerbs=delete     all verbs but these
//	+genclient:method=Name,verb=get[,subresource=s][,input=pkg.T][,result=pkg.T]
//	                                an extra client method
//
// The tags are read from the type's comment block and the block above it,
// as upstream reads them. Misuse that upstream rejects is an error with the
// tag's position; misuse that upstream lets pass (onlyVerbs with skipVerbs,
// where onlyVerbs wins; an unknown verb in either list, which has no effect)
// is a warning in Tags.Warnings, for the generator to report.
package clienttags

import (
	"fmt"
	"go/token"
	"slices"
	"strings"

	"github.com/kubegen/kubegen/generators/model"
)

// Verbs are the standard client verbs, in upstream's order.
var Verbs = []string{
	"create", "update", "updateStatus", "delete", "deleteCollection",
	"get", "list", "watch", "patch", "apply", "applyStatus",
}

var readonlyVerbs = []string{"get", "list", "watch"}

const prefix = "genclient"

// Tags are a type's client tags.
type Tags struct {
	GenerateClient bool
	NonNamespaced  bool
	NoStatus       bool
	NoVerbs        bool
	SkipVerbs      []string // verbs not generated
	Methods        []Method
	// Warnings are the problems that upstream lets pass; Warn reports
	// them.
	Warnings []*model.PosError
}

// Warn reports the tags' warnings with warnf (run.Context.Warnf).
func (t Tags) Warn(warnf func(pos token.Position, format string, args ...any)) {
	for _, w := range t.Warnings {
		warnf(w.Pos, "%s", w.Msg)
	}
}

// Method is an extra client method (+genclient:method=…).
type Method struct {
	Name        string
	Verb        string
	Subresource string
	Input       string // "import/path.Type" or ""
	Result      string
	Pos         token.Position // of the tag
}

// HasVerb reports whether the standard verb is generated (whatever
// NoVerbs says: upstream listers and informers ignore it).
func (t Tags) HasVerb(verb string) bool { return !slices.Contains(t.SkipVerbs, verb) }

// Parse reads the client tags of t.
func Parse(t *model.Type) (Tags, error) {
	var tags Tags
	var only, skip *model.Tag
	readonly := false
	for _, tag := range model.ParseTags(t.TagLines()) {
		if tag.Name != prefix && !strings.HasPrefix(tag.Name, prefix+":") {
			continue
		}
		if tag.Err != nil {
			return tags, tag.Err
		}
		switch tag.Name {
		case prefix:
			if tag.Value != "" {
				return tags, tag.Errorf("+genclient=%s is not valid: write +genclient to generate a client, or leave the tag out", tag.Value)
			}
			tags.GenerateClient = true
		case prefix + ":nonNamespaced":
			tags.NonNamespaced = true
		case prefix + ":noVerbs":
			tags.NoVerbs = true
		case prefix + ":noStatus":
			tags.NoStatus = true
		case prefix + ":readonly":
			readonly = true
		case prefix + ":onlyVerbs":
			only = &tag
		case prefix + ":skipVerbs":
			skip = &tag
		case prefix + ":method":
			m, err := parseMethod(tag)
			if err != nil {
				return tags, err
			}
			tags.Methods = append(tags.Methods, m)
		default:
			return tags, tag.Errorf("unknown tag +%s; the client tags are +genclient, +genclient:nonNamespaced, :noVerbs, :noStatus, :readonly, :onlyVerbs=, :skipVerbs= and :method=", tag.Name)
		}
	}
	if only != nil && skip != nil {
		tags.Warnings = append(tags.Warnings, &model.PosError{Pos: only.Pos, Msg: "+genclient:onlyVerbs and +genclient:skipVerbs on the same type: onlyVerbs wins, as upstream has it; keep one"})
	}
	if skip != nil {
		tags.SkipVerbs = tags.verbList(*skip)
	}
	if only != nil || readonly {
		var keep []string
		if readonly {
			keep = readonlyVerbs
		}
		if only != nil {
			keep = append(slices.Clone(keep), tags.verbList(*only)...)
		}
		tags.SkipVerbs = except(keep)
	}
	return tags, nil
}

// verbList reads a comma-separated list of verbs; one that is no standard
// verb has no effect, and a warning says so.
func (t *Tags) verbList(tag model.Tag) []string {
	verbs := strings.Split(tag.Value, ",")
	for _, v := range verbs {
		if !slices.Contains(Verbs, v) {
			t.Warnings = append(t.Warnings, &model.PosError{Pos: tag.Pos, Msg: fmt.Sprintf("+%s: unknown verb %q, which has no effect; the verbs are %s", tag.Name, v, strings.Join(Verbs, ", "))})
		}
	}
	return verbs
}

// except returns the standard verbs not in keep.
func except(keep []string) []string {
	var out []string
	for _, v := range Verbs {
		if !slices.Contains(keep, v) {
			out = append(out, v)
		}
	}
	return out
}

var (
	inputVerbs  = []string{"create", "update", "apply"}
	resultVerbs = []string{"create", "update", "get", "list", "patch", "apply"}
	noExtension = []string{"updateStatus", "deleteCollection", "watch", "delete", "applyStatus"}
)

func parseMethod(tag model.Tag) (Method, error) {
	parts := strings.Split(tag.Value, ",")
	m := Method{Name: parts[0], Pos: tag.Pos}
	if m.Name == "" {
		return m, tag.Errorf("+genclient:method needs a method name: +genclient:method=Name,verb=create")
	}
	for _, p := range parts[1:] {
		key, val, ok := strings.Cut(p, "=")
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		if !ok || val == "" {
			return m, tag.Errorf("+genclient:method=%s: %q is not key=value", m.Name, p)
		}
		switch key {
		case "verb":
			m.Verb = val
		case "subresource":
			m.Subresource = val
		case "input":
			m.Input = val
		case "result":
			m.Result = val
		default:
			return m, tag.Errorf("+genclient:method=%s: unknown key %q (verb, subresource, input, result)", m.Name, key)
		}
	}
	switch {
	case m.Verb == "":
		return m, tag.Errorf("+genclient:method=%s: the verb is missing: +genclient:method=%[1]s,verb=create", m.Name)
	case m.Result != "" && !slices.Contains(resultVerbs, m.Verb):
		return m, tag.Errorf("+genclient:method=%s: a result type does not go with verb %q (only %s)", m.Name, m.Verb, strings.Join(resultVerbs, ", "))
	case m.Input != "" && !slices.Contains(inputVerbs, m.Verb):
		return m, tag.Errorf("+genclient:method=%s: verb %q takes no input type (only %s do)", m.Name, m.Verb, strings.Join(inputVerbs, ", "))
	case slices.Contains(noExtension, m.Verb):
		return m, tag.Errorf("+genclient:method=%s: verb %q cannot be used for an extra method", m.Name, m.Verb)
	case !slices.Contains(Verbs, m.Verb):
		return m, tag.Errorf("+genclient:method=%s: unknown verb %q", m.Name, m.Verb)
	}
	return m, nil
}
