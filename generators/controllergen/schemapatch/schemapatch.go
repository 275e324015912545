// Package schemapatch is controller-gen's schemapatch generator
// (controller-tools v0.23.0): it rewrites the schemas of CRD files that
// exist already, from the Go types, and leaves the rest of each file as
// it is.
//
// It reads every *.yaml file of schemapatch:manifests=DIR whose first
// document is an apiextensions.k8s.io/v1 CustomResourceDefinition
// (files that are not YAML, not a CRD, or of another apiVersion, which
// is an error, are left out). For each of their kinds that the input
// packages declare, each version the files list and a package of the
// group has gets the kind's schema, as the crd generator makes it
// (maxDescLen and generateEmbeddedObjectMeta as there; metadata a bare
// object); the versions of such a CRD that no package has lose their
// schema, and spec.validation goes. Then every CRD file found, patched
// or not, is written again as controller-gen writes it: the first
// document, through go.yaml.in/yaml/v3 with an indent of 2 (so comments
// and key order stay, while quoting and layout become yaml.v3's, and a
// version without a schema gets a "schema" key in double quotes), into
// the output directory: by default config/schemapatch, so that runs
// usually say output:dir=DIR to patch in place.
//
// Without an input package that imports metav1, nothing is read or
// written.
package schemapatch

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"go.yaml.in/yaml/v3"
	apiext "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	kyaml "sigs.k8s.io/yaml"

	"github.com/kubegen/kubegen/generators/controllergen/crd"
	"github.com/kubegen/kubegen/generators/controllergen/manifest"
	"github.com/kubegen/kubegen/generators/gofile"
	"github.com/kubegen/kubegen/generators/run"
)

// Generator is the schemapatch generator; its fields are the
// schemapatch:… settings.
type Generator struct {
	Manifests                  string // the directory of the CRD files (schemapatch:manifests)
	MaxDescLen                 *int
	GenerateEmbeddedObjectMeta bool
	manifest.Output
}

// crdFile is one CRD file found, as a YAML tree.
type crdFile struct {
	name string
	doc  *yaml.Node
	kind *crd.Kind
}

// Generate implements run.Generator.
func (g *Generator) Generate(ctx *run.Context) ([]*gofile.File, error) {
	var found []*crdFile
	kinds, err := crd.VersionSchemas(ctx, g.GenerateEmbeddedObjectMeta, g.MaxDescLen, func() ([]*crd.Kind, error) {
		var err error
		found, err = g.read()
		var kinds []*crd.Kind
		for _, f := range found {
			if !slices.Contains(kinds, f.kind) {
				kinds = append(kinds, f.kind)
			}
		}
		return kinds, err
	})
	if err != nil {
		return nil, err
	}
	if kinds == nil {
		return nil, nil
	}
	var files []*gofile.File
	for _, f := range found {
		if len(f.kind.Schemas) > 0 {
			if err := patch(f.doc, f.kind.Schemas); err != nil {
				return nil, fmt.Errorf("%s: %v", filepath.Join(g.Manifests, f.name), err)
			}
		}
		var buf bytes.Buffer
		enc := yaml.NewEncoder(&buf)
		enc.SetIndent(2)
		if err := enc.Encode(f.doc); err != nil {
			return nil, fmt.Errorf("%s: %v", f.name, err)
		}
		out := &gofile.File{Path: filepath.Join(g.Dir, f.name), Raw: true}
		out.Body.Write(buf.Bytes())
		files = append(files, out)
	}
	return files, nil
}

// read reads the CRD files of the manifests directory; files of one
// group and kind share their Kind.
func (g *Generator) read() ([]*crdFile, error) {
	entries, err := os.ReadDir(g.Manifests)
	if err != nil {
		return nil, fmt.Errorf("schemapatch:manifests: %w", err)
	}
	type gk struct{ group, kind string }
	kinds := map[gk]*crd.Kind{}
	var out []*crdFile
	for _, e := range entries {
		if e.IsDir() || filepath.Ext(e.Name()) != ".yaml" {
			continue
		}
		path := filepath.Join(g.Manifests, e.Name())
		raw, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		var head struct {
			APIVersion string `json:"apiVersion"`
			Kind       string `json:"kind"`
			Spec       struct {
				Group string `json:"group"`
				Names struct {
					Kind string `json:"kind"`
				} `json:"names"`
				Versions []struct {
					Name string `json:"name"`
				} `json:"versions"`
			} `json:"spec"`
		}
		if kyaml.Unmarshal(raw, &head) != nil {
			// Not one CRD after all (controller-gen reads the head first,
			// then the spec; either failing skips the file).
			var meta struct{ APIVersion, Kind string }
			if kyaml.Unmarshal(raw, &meta) == nil && meta.Kind == "CustomResourceDefinition" && meta.APIVersion != "" && meta.APIVersion != apiext.SchemeGroupVersion.String() {
				return nil, fmt.Errorf("%s: apiVersion %q is not supported (only %s is)", path, meta.APIVersion, apiext.SchemeGroupVersion)
			}
			continue
		}
		if head.APIVersion == "" || head.Kind != "CustomResourceDefinition" {
			continue
		}
		if head.APIVersion != apiext.SchemeGroupVersion.String() {
			return nil, fmt.Errorf("%s: apiVersion %q is not supported (only %s is)", path, head.APIVersion, apiext.SchemeGroupVersion)
		}
		var doc yaml.Node
		if yaml.Unmarshal(raw, &doc) != nil {
			continue
		}
		key := gk{head.Spec.Group, head.Spec.Names.Kind}
		k := kinds[key]
		if k == nil {
			k = &crd.Kind{Group: key.group, Kind: key.kind}
			kinds[key] = k
		}
		for _, v := range head.Spec.Versions {
			if !slices.Contains(k.Versions, v.Name) {
				k.Versions = append(k.Versions, v.Name)
			}
		}
		out = append(out, &crdFile{name: e.Name(), doc: &doc, kind: k})
	}
	return out, nil
}

// patch sets the schema of each version of a CRD's tree that schemas
// has, removes it from the others, and drops spec.validation.
func patch(doc *yaml.Node, schemas map[string]*apiext.JSONSchemaProps) error {
	root := doc
	if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
		root = root.Content[0]
	}
	if spec := valueOf(root, "spec"); spec != nil {
		remove(spec, "validation")
	}
	versions := valueOf(valueOf(root, "spec"), "versions")
	switch {
	case versions == nil:
		return errors.New("spec.versions: missing")
	case versions.Kind != yaml.SequenceNode:
		return errors.New("spec.versions: not a list")
	}
	for i, v := range versions.Content {
		name := valueOf(v, "name")
		if name == nil || name.Kind != yaml.ScalarNode || name.ShortTag() != "!!str" || name.Value == "" {
			return fmt.Errorf("spec.versions[%d].name: not a string, or empty", i)
		}
		s, ok := schemas[name.Value]
		if !ok {
			remove(v, "schema")
			continue
		}
		tree, err := toNode(s)
		if err != nil {
			return err
		}
		if err := set(v, tree, "schema", "openAPIV3Schema"); err != nil {
			return fmt.Errorf("spec.versions[%d]: %v", i, err)
		}
	}
	return nil
}

// toNode turns a schema into a YAML tree through JSON, without styles
// (so the encoder picks them).
func toNode(s *apiext.JSONSchemaProps) (*yaml.Node, error) {
	j, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(j, &doc); err != nil {
		return nil, err
	}
	n := doc.Content[0]
	var clear func(*yaml.Node)
	clear = func(n *yaml.Node) {
		n.Style = 0
		for _, c := range n.Content {
			clear(c)
		}
	}
	clear(n)
	return n, nil
}

// valueOf is the value of key in a mapping node, or nil.
func valueOf(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// remove removes key from a mapping node.
func remove(m *yaml.Node, key string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content = slices.Delete(m.Content, i, i+2)
			return
		}
	}
}

// set puts val at path below m, adding the mappings that are missing
// (their keys double-quoted, as controller-gen writes them).
func set(m *yaml.Node, val *yaml.Node, path ...string) error {
	for _, key := range path {
		if m.Kind != yaml.MappingNode {
			return fmt.Errorf("%s: its parent is not a mapping", key)
		}
		next := valueOf(m, key)
		if next == nil {
			next = &yaml.Node{Kind: yaml.MappingNode}
			m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Style: yaml.DoubleQuotedStyle, Value: key}, next)
		}
		m = next
	}
	*m = *val
	return nil
}
