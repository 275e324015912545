package codegen

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/kubegen/kubegen/generators/controllergen"
)

// controllerGenCall is controller-gen's command line as a call of
// 'kubegen all' ("controller-gen object crd paths=./apis/..."): its
// option words, plus --verify, --strict and -v. Its generators share the
// run's one load with the code-generator calls, so a repository that
// runs both (gateway-api does) loads its packages once.
func controllerGenCall(args []string, _ where) (*call, error) {
	c := &call{name: "controller-gen", flags: &common{}}
	fs := pflag.NewFlagSet("controller-gen", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c.flags.addRun(fs)
	if err := fs.Parse(args); err != nil {
		return nil, usageError{fmt.Errorf("controller-gen: %w", err)}
	}
	p, err := controllergen.PlanOptions(fs.Args())
	if err != nil {
		return nil, usageError{fmt.Errorf("controller-gen: %w", err)}
	}
	if p.Prints {
		return nil, usageError{errors.New("controller-gen: output:stdout is not available in 'kubegen all': write the files (output:dir=…) instead")}
	}
	for i, j := range p.Jobs {
		j.Inputs = p.Patterns
		c.jobs = append(c.jobs, j)
		c.keys = append(c.keys, strings.Join(append([]string{"controller-gen", strconv.Itoa(i)}, args...), "\x00"))
	}
	return c, nil
}
