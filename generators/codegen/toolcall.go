package codegen

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/kubegen/kubegen/generators/gofile"
	"github.com/kubegen/kubegen/generators/run"
)

// toolCall is an upstream generator's own command line as a call of
// 'kubegen all' ("defaulter-gen --output-file zz_generated.defaults.go
// ./pkg/apis/..."): the tool's flags and packages, plus --go-header-file,
// -v, --verify and --year as the gen-* commands take them. Scripts that
// run the tools one after another, as kubernetes' hack/update-codegen.sh
// does, get one load for all of them.
func toolCall(tool string, args []string) (*call, error) {
	c := &call{name: tool, flags: &common{}}
	g := toolset[tool]()
	fs := pflag.NewFlagSet(tool, pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var headerFile string
	v, _ := strconv.Atoi(os.Getenv("KUBE_VERBOSE"))
	fs.StringVar(&headerFile, "go-header-file", "", "the license header of generated files")
	fs.IntVarP(&c.flags.verbosity, "v", "v", v, "log verbosity")
	fs.BoolVar(&c.flags.verify, "verify", false, "write nothing; print a diff of every out-of-date file")
	fs.IntVar(&c.flags.year, "year", 0, `the year for "YEAR" in the header`)
	g.AddFlags(fs)
	if err := fs.Parse(args); err != nil {
		return nil, usageError{fmt.Errorf("%s: %w", tool, err)}
	}
	if err := g.Validate(); err != nil {
		return nil, usageError{fmt.Errorf("%s: %w", tool, err)}
	}
	inputs := fs.Args()
	if in, ok := g.(run.InputsFromFlags); ok {
		var err error
		if inputs, err = in.Inputs(inputs); err != nil {
			return nil, usageError{fmt.Errorf("%s: %w", tool, err)}
		}
	}
	if len(inputs) == 0 {
		return nil, usageError{fmt.Errorf("%s: no packages given", tool)}
	}
	year := c.flags.year
	if year == 0 {
		var err error
		if year, err = run.DefaultYear(); err != nil {
			return nil, err
		}
	}
	var err error
	if c.flags.header, err = gofile.ReadBoilerplate(headerFile, year); err != nil {
		return nil, fmt.Errorf("%s: %w", tool, err)
	}
	c.jobs = []run.Job{{Generator: g, Inputs: inputs, Boilerplate: c.flags.header}}
	// Distinct calls stay distinct jobs: the key is the whole command line.
	c.keys = []string{strings.Join(append([]string{tool, string(c.flags.header)}, args...), "\x00")}
	return c, nil
}
