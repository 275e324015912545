package importrules

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// ConfigError is a problem with a configuration file or the command line.
// Commands exit with status 2 when they meet one.
type ConfigError struct {
	File string // empty for command-line problems
	Line int    // 0 when unknown
	Col  int    // 0 when unknown or not useful
	Msg  string
}

func (e *ConfigError) Error() string {
	switch {
	case e.File == "":
		return e.Msg
	case e.Line == 0:
		return e.File + ": " + e.Msg
	case e.Col > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
	default:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
}

// yamlLine matches the position prefix of go.yaml.in/yaml/v3 syntax errors.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// readYAML reads file and returns its top-level node, or nil for an empty
// document.
func readYAML(file string) (*yaml.Node, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, &ConfigError{File: file, Msg: fmt.Sprintf("cannot read: %v", errors.Unwrap(err))}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		ce := &ConfigError{File: file, Msg: "malformed YAML/JSON: " + err.Error()}
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			ce.Line, _ = strconv.Atoi(m[1])
			ce.Msg = "malformed YAML/JSON: " + m[2]
		}
		return nil, ce
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, nil
	}
	return doc.Content[0], nil
}

// nodeReader turns YAML nodes into Go values, failing with a positioned
// *ConfigError on anything unexpected.
type nodeReader struct{ file string }

func (r nodeReader) errorf(n *yaml.Node, format string, args ...any) error {
	return &ConfigError{File: r.file, Line: n.Line, Msg: fmt.Sprintf(format, args...)}
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// fields reads a mapping. Each key must name one of fields; with foldCase
// keys are matched case-insensitively (as encoding/json does).
func (r nodeReader) fields(n *yaml.Node, what string, foldCase bool, fields map[string]func(*yaml.Node) error) error {
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return r.errorf(n, "%s must be a mapping", what)
	}
	known := sortedKeys(fields)
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		name := key.Value
		if foldCase {
			if j := slices.IndexFunc(known, func(k string) bool { return strings.EqualFold(k, name) }); j >= 0 {
				name = known[j]
			}
		}
		set, ok := fields[name]
		if !ok {
			return r.errorf(key, "unknown key %q in %s; known keys are %s", key.Value, what, strings.Join(known, ", "))
		}
		if seen[name] {
			return r.errorf(key, "duplicate key %q in %s", key.Value, what)
		}
		seen[name] = true
		if err := set(val); err != nil {
			return err
		}
	}
	return nil
}

func (r nodeReader) str(n *yaml.Node, dst *string) error {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!str" {
		return r.errorf(n, "want a string, got %s; quote it", describe(n))
	}
	*dst = n.Value
	return nil
}

func (r nodeReader) boolean(n *yaml.Node, dst *bool) error {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		return r.errorf(n, "want true or false, got %s", describe(n))
	}
	return n.Decode(dst)
}

func (r nodeReader) strings(n *yaml.Node, dst *[]string) error {
	return r.list(n, "a list of strings", func(item *yaml.Node) error {
		var s string
		if err := r.str(item, &s); err != nil {
			return err
		}
		*dst = append(*dst, s)
		return nil
	})
}

// list calls each for every item of a sequence; null counts as empty.
func (r nodeReader) list(n *yaml.Node, what string, each func(*yaml.Node) error) error {
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		return r.errorf(n, "want %s, got %s", what, describe(n))
	}
	for _, item := range n.Content {
		if err := each(item); err != nil {
			return err
		}
	}
	return nil
}

// sortedKeys returns the keys of m, sorted.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	return fmt.Sprintf("%s %q", strings.TrimPrefix(n.Tag, "!!"), n.Value)
}

func (r nodeReader) regexp(n *yaml.Node, src string) (*regexp.Regexp, error) {
	re, err := regexp.Compile(src)
	if err != nil {
		return nil, r.errorf(n, "bad regular expression %q: %v", src, unwrapRegexp(err))
	}
	return re, nil
}

// unwrapRegexp drops the "error parsing regexp: " prefix, which the caller's
// message already implies.
func unwrapRegexp(err error) string {
	var se *syntax.Error
	if errors.As(err, &se) {
		return se.Code.String() + ": `" + se.Expr + "`"
	}
	return err.Error()
}
