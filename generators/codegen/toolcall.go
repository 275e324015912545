package codegen

import (
	"fmt"

	"github.com/spf13/pflag"

	"github.com/kubegen/kubegen/generators/run"
	"github.com/kubegen/kubegen/generators/validation"
)

// toolCall is an upstream generator's own command line as a call of
// 'kubegen all' ("defaulter-gen --output-file zz_generated.defaults.go
// ./pkg/apis/..."): the tool's flags and packages, plus --go-header-file,
// -v, --verify and --year as the gen-* commands take them. Scripts that
// run the tools one after another, as kubernetes' hack/update-codegen.sh
// does, get one load for all of them.
func toolCall(tool string, args []string) (*call, error) {
	c := &call{name: tool, flags: &common{}}
	g, fs, err := configure(tool, args, func(fs *pflag.FlagSet) {
		fs.StringVar(&c.flags.boilerplate, "go-header-file", "", "the license header of generated files")
		c.flags.addRun(fs)
	})
	if err != nil {
		return nil, usageError{err} // the command line is the user's
	}
	if v, ok := g.(*validation.Generator); ok && v.Docs {
		return nil, usageError{fmt.Errorf("%s: --docs prints the tags' documentation and generates nothing: run gen-validation --docs instead", tool)}
	}
	inputs := fs.Args()
	if in, ok := g.(run.InputsFromFlags); ok {
		if inputs, err = in.Inputs(inputs); err != nil {
			return nil, usageError{fmt.Errorf("%s: %w", tool, err)}
		}
	}
	if len(inputs) == 0 {
		return nil, usageError{fmt.Errorf("%s: no packages given", tool)}
	}
	if err := c.flags.readHeader(); err != nil {
		return nil, fmt.Errorf("%s: %w", tool, err)
	}
	c.addJob(tool, g, inputs, args)
	return c, nil
}
