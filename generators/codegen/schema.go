package codegen

import (
	"errors"
	"fmt"
	"path/filepath"

	"k8s.io/kube-openapi/pkg/validation/spec"

	"github.com/kubegen/kubegen/generators/model"
	"github.com/kubegen/kubegen/generators/openapi/evaluate"
	"github.com/kubegen/kubegen/internal/sink"
)

// capturedDefs is the definitions file an openapi call generates, as the
// run formats it (before anything is written).
type capturedDefs struct {
	path string // absolute
	data []byte // nil until the openapi job ran
}

func (d *capturedDefs) capture(files []sink.File) {
	for _, f := range files {
		if abs, err := filepath.Abs(f.Path); err == nil && abs == d.path {
			d.data = f.Data
		}
	}
}

// schema evaluates the captured definitions into the document
// models-schema would print for them.
func (d *capturedDefs) schema(u *model.Universe) (*spec.Swagger, error) {
	if d.data == nil {
		return nil, fmt.Errorf("client: --applyconfig-schema-from-openapi: the openapi call generated no %s", relDir(d.path))
	}
	doc, err := evaluate.Document(relDir(d.path), d.data, evaluate.Universe(u))
	if err != nil {
		return nil, fmt.Errorf("%v (in the definitions as this run generates them)\nclient: --applyconfig-schema-from-openapi cannot evaluate these definitions; "+
			"build and run a models-schema program over them instead and pass what it prints with --applyconfig-openapi-schema", err)
	}
	return doc, nil
}

// linkSchemas gives each client call with --applyconfig-schema-from-openapi
// the definitions of the last openapi call before it.
func linkSchemas(cs []*call) error {
	for i, c := range cs {
		if !c.schemaFromOpenAPI {
			continue
		}
		var defs *capturedDefs
		for _, prev := range cs[:i] {
			if prev.defs != nil {
				defs = prev.defs
			}
		}
		if defs == nil {
			later := false
			for _, next := range cs[i+1:] {
				later = later || next.defs != nil
			}
			if later {
				return usageError{errors.New("client: --applyconfig-schema-from-openapi takes the definitions of an earlier call: put the openapi call before the client call")}
			}
			return usageError{errors.New("client: --applyconfig-schema-from-openapi needs an openapi call in the same run: kubegen all ... -- openapi ... -- client --with-applyconfig --applyconfig-schema-from-openapi ...")}
		}
		if c.applyconfig != nil {
			c.applyconfig.Schema = defs.schema
			c.applyconfig.SchemaName = relDir(defs.path) + " (evaluated)"
		}
	}
	return nil
}
