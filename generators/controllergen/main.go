package controllergen

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/kubegen/kubegen/generators/controllergen/crd"
	"github.com/kubegen/kubegen/generators/controllergen/manifest"
	"github.com/kubegen/kubegen/generators/controllergen/markers"
	"github.com/kubegen/kubegen/generators/controllergen/rbac"
	"github.com/kubegen/kubegen/generators/controllergen/schemapatch"
	"github.com/kubegen/kubegen/generators/controllergen/webhook"
	"github.com/kubegen/kubegen/generators/run"
	"github.com/kubegen/kubegen/internal/sink"
)

// UpstreamVersion is the controller-gen release this command follows.
const UpstreamVersion = "v0.23.0"

// config is a parsed command line.
type config struct {
	generators     []*generatorOptions // in command-line order, as controller-gen runs them
	paths          []string            // package roots, as given
	verify, strict bool
	output         *Output // output:<rule>, if given
}

// generatorOptions are one generator's settings and output rule.
type generatorOptions struct {
	name     string
	settings markers.Args
	output   *Output // output:<generator>:<rule>, if given
}

// builders make the generators kubegen has from their settings and
// output rule.
var builders = map[string]func(markers.Args, Output) (run.Generator, error){
	"object":             objectGenerator,
	"crd":                crdGenerator,
	"rbac":               rbacGenerator,
	"webhook":            webhookGenerator,
	"schemapatch":        schemapatchGenerator,
	"applyconfiguration": applyConfigurationGenerator,
}

// parseOptions parses the option words of a command line (what is not a
// flag).
func parseOptions(words []string) (*config, error) {
	cfg := &config{}
	byName := map[string]*generatorOptions{}
	rules := map[string]*Output{}
	for _, w := range words {
		o, err := parseOption(w)
		if err != nil {
			return nil, err
		}
		switch {
		case o.name == "paths":
			for _, p := range o.value.([]any) {
				cfg.paths = append(cfg.paths, p.(string))
			}
		case o.rule != "":
			rules[o.generator] = o.output(w)
		default:
			if byName[o.generator] != nil {
				return nil, fmt.Errorf("%s is given twice: controller-gen takes each generator once", o.generator)
			}
			args, _ := o.value.(markers.Args)
			g := &generatorOptions{name: o.generator, settings: args}
			byName[g.name] = g
			cfg.generators = append(cfg.generators, g)
		}
	}
	if len(cfg.generators) == 0 {
		return nil, errors.New("no generators specified: name one, such as object")
	}
	for gen, out := range rules {
		switch {
		case gen == "":
			cfg.output = out
		case byName[gen] == nil:
			return nil, fmt.Errorf("output:%s:... is the output rule of the %s generator, which is not asked for", gen, gen)
		default:
			byName[gen].output = out
		}
	}
	return cfg, nil
}

// Main runs the command with args (without the program name) and returns
// its exit code: 0 on success, 1 on any failure and (with --verify) on
// out-of-date files, as controller-gen exits 1 on every failure.
func Main(args []string, stdout, stderr io.Writer) int {
	const name = "controller-gen"
	fail := func(err error) int {
		fmt.Fprintf(stderr, "%s: %s\n", name, run.RelativePaths(err.Error()))
		return 1
	}
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var (
		detailedHelp, whichMarkers int
		help, version              bool
		buildTags                  []string
		verify, strict             bool
	)
	fs.CountVarP(&detailedHelp, "detailed-help", "h", "print usage")
	fs.BoolVar(&help, "help", false, "print usage")
	fs.CountVarP(&whichMarkers, "which-markers", "w", "print the markers of the generators asked for (their syntax; no help texts)")
	fs.BoolVar(&version, "version", false, "print the controller-gen version this command follows")
	fs.StringSliceVar(&buildTags, "load-build-tags", []string{buildTag}, "build tags to use when loading Go packages (only the default is implemented)")
	fs.BoolVar(&verify, "verify", false, "write nothing; print a diff of every out-of-date file and exit 1 if any")
	fs.BoolVar(&strict, "strict", false, "fail, writing nothing, on problems controller-gen lets pass (printed as warnings otherwise)")
	if err := fs.Parse(args); err != nil {
		return fail(fmt.Errorf("%v\nRun '%s --help' for usage.", err, name))
	}
	switch {
	case help || detailedHelp > 0:
		fmt.Fprintf(stdout, usage, fs.FlagUsages())
		return 0
	case version:
		fmt.Fprintf(stdout, "Version: %s (kubegen)\n", UpstreamVersion)
		return 0
	case !slices.Equal(buildTags, []string{buildTag}):
		return fail(fmt.Errorf("not implemented yet: --load-build-tags=%s (only the default, %s, is)", strings.Join(buildTags, ","), buildTag))
	}
	cfg, err := parseOptions(fs.Args())
	if err != nil {
		return fail(err)
	}
	if whichMarkers > 0 {
		listMarkers(stderr, cfg) // as controller-gen, on stderr
		return 0
	}
	cfg.verify, cfg.strict = verify, strict
	printed, rep, err := execute(cfg, stdout)
	if err != nil {
		return fail(err)
	}
	run.PrintWarnings(stderr, name, rep.Warnings)
	for _, b := range printed {
		stdout.Write(b)
	}
	if verify && rep.Differs() {
		fmt.Fprintf(stderr, "%s: %d generated files are out of date, %d stale; regenerate them (run without --verify)\n",
			name, len(rep.Written), len(rep.Removed))
		return 1
	}
	return 0
}

// execute runs the generators of cfg: one load of the package roots, then
// the sink (or, for output:stdout, the returned file contents). Diffs of a
// verify run go to diff.
func execute(cfg *config, diff io.Writer) ([][]byte, *run.Report, error) {
	p, err := cfg.plan()
	if err != nil {
		return nil, nil, err
	}
	rep, err := run.Execute(run.Options{Patterns: p.Patterns, Verify: cfg.verify, Strict: cfg.strict, Diff: diff}, p.Jobs...)
	return p.Printed, rep, err
}

// Plan is what a controller-gen command line runs: its generators as
// jobs over the packages Patterns name. With output:stdout, the jobs
// collect their files in Printed instead of writing them.
type Plan struct {
	Jobs     []run.Job
	Patterns []string
	Prints   bool // a generator's output is stdout
	Printed  [][]byte
}

// PlanOptions plans the option words of a controller-gen command line
// (no flags), for a run that shares its load with others (kubegen all).
func PlanOptions(words []string) (*Plan, error) {
	cfg, err := parseOptions(words)
	if err != nil {
		return nil, err
	}
	return cfg.plan()
}

func (cfg *config) plan() (*Plan, error) {
	p := &Plan{}
	add := func(gen run.Generator, out Output) error {
		if cfg.verify && (out.Kind == OutputStdout || out.Kind == OutputNone) {
			return errors.New("--verify compares the files a run would write, and with output:stdout or output:none it writes none")
		}
		p.Prints = p.Prints || out.Kind == OutputStdout
		p.Jobs = append(p.Jobs, run.Job{Generator: gen, Filter: func(files []sink.File) ([]sink.File, error) {
			switch out.Kind {
			case OutputStdout:
				for _, f := range files {
					p.Printed = append(p.Printed, f.Data)
				}
				return nil, nil
			case OutputNone:
				return nil, nil
			}
			return files, nil
		}})
		return nil
	}
	for _, g := range cfg.generators {
		out := ruleFor(g.output, cfg.output)
		gen, err := builders[g.name](g.settings, out)
		if err != nil {
			return nil, err
		}
		if _, ok := gen.(*ApplyConfiguration); ok {
			out = Output{} // into the packages, whatever the rule
		}
		if err := add(gen, out); err != nil {
			return nil, err
		}
	}
	patterns, err := roots(cfg.paths)
	if err != nil {
		return nil, err
	}
	p.Patterns = patterns
	return p, nil
}

// ruleFor is a generator's output rule: its own, else the default one.
func ruleFor(own, def *Output) Output {
	switch {
	case own != nil:
		return *own
	case def != nil:
		return *def
	}
	return Output{}
}

// readHeader reads a generator's headerFile, with " YEAR" replaced.
func readHeader(gen, path, year string) ([]byte, error) {
	if path == "" {
		return nil, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s:headerFile=%s: %w", gen, path, err)
	}
	return []byte(strings.ReplaceAll(string(b), " YEAR", " "+year)), nil
}

// setting reads generator settings of one type: a missing one is the
// zero value.
func setting[T any](s markers.Args, name string) T {
	v, _ := s[name].(T)
	return v
}

func objectGenerator(s markers.Args, out Output) (run.Generator, error) {
	header, err := readHeader("object", setting[string](s, "headerFile"), setting[string](s, "year"))
	if err != nil {
		return nil, err
	}
	return &Object{Output: out, Header: header}, nil
}

// configDir is where a generator of manifests writes (see manifest.Dir).
func configDir(gen string, out Output) (string, error) {
	dir := ""
	if out.Kind == OutputDir {
		dir = out.Dir
	}
	return manifest.Dir(gen, out.Config, dir)
}

// crdGenerator is the crd generator of the crd:… settings.
func crdGenerator(s markers.Args, out Output) (run.Generator, error) {
	flag := func(name string) bool { return setting[bool](s, name) }
	gen := &crd.Generator{
		ToolVersion:                UpstreamVersion,
		OmitToolVersion:            flag("omitToolVersion"),
		AllowDangerousTypes:        flag("allowDangerousTypes"),
		IgnoreUnexportedFields:     flag("ignoreUnexportedFields"),
		GenerateEmbeddedObjectMeta: flag("generateEmbeddedObjectMeta"),
	}
	if n, ok := s["maxDescLen"].(int); ok {
		gen.MaxDescLen = &n
	}
	if b, ok := s["deprecatedV1beta1CompatibilityPreserveUnknownFields"].(bool); ok {
		gen.PreserveUnknownFields = &b
	}
	gen.CRDVersions = asList(s["crdVersions"])
	header, err := readHeader("crd", setting[string](s, "headerFile"), setting[string](s, "year"))
	if err != nil {
		return nil, err
	}
	gen.Header = header
	if gen.Dir, err = configDir("crd", out); err != nil {
		return nil, err
	}
	return gen, gen.Validate()
}

// rbacGenerator is the rbac generator of the rbac:… settings.
func rbacGenerator(s markers.Args, out Output) (run.Generator, error) {
	header, err := readHeader("rbac", setting[string](s, "headerFile"), setting[string](s, "year"))
	if err != nil {
		return nil, err
	}
	gen := &rbac.Generator{RoleName: setting[string](s, "roleName"), FileName: setting[string](s, "fileName"), Header: header}
	if gen.Dir, err = configDir("rbac", out); err != nil {
		return nil, err
	}
	return gen, nil
}

// webhookGenerator is the webhook generator of the webhook:… settings.
func webhookGenerator(s markers.Args, out Output) (run.Generator, error) {
	header, err := readHeader("webhook", setting[string](s, "headerFile"), setting[string](s, "year"))
	if err != nil {
		return nil, err
	}
	gen := &webhook.Generator{Header: header}
	if gen.Dir, err = configDir("webhook", out); err != nil {
		return nil, err
	}
	return gen, nil
}

// schemapatchGenerator is the schemapatch generator of the
// schemapatch:… settings.
func schemapatchGenerator(s markers.Args, out Output) (run.Generator, error) {
	manifests, err := filepath.Abs(setting[string](s, "manifests"))
	if err != nil {
		return nil, err
	}
	gen := &schemapatch.Generator{Manifests: manifests, GenerateEmbeddedObjectMeta: setting[bool](s, "generateEmbeddedObjectMeta")}
	if n, ok := s["maxDescLen"].(int); ok {
		gen.MaxDescLen = &n
	}
	if gen.Dir, err = configDir("schemapatch", out); err != nil {
		return nil, err
	}
	return gen, nil
}

// applyConfigurationGenerator is the applyconfiguration generator of
// the applyconfiguration:… settings. Its header is read as
// applyconfiguration-gen reads one: every "YEAR" is this year. It
// ignores output rules, as controller-gen's does.
func applyConfigurationGenerator(s markers.Args, out Output) (run.Generator, error) {
	gen := &ApplyConfiguration{Externals: asList(s["externalApplyConfigurations"]), IgnoredRule: out.Option}
	if file := setting[string](s, "headerFile"); file != "" {
		year, err := run.DefaultYear()
		if err != nil {
			return nil, err
		}
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("applyconfiguration:headerFile=%s: %w", file, err)
		}
		gen.Header = bytes.ReplaceAll(b, []byte("YEAR"), []byte(strconv.Itoa(year)))
	}
	return gen, gen.Validate()
}

func asList(v any) []string {
	var out []string
	if l, ok := v.([]any); ok {
		for _, e := range l {
			out = append(out, fmt.Sprint(e))
		}
	}
	return out
}

// roots returns the load patterns for controller-gen's paths: the current
// directory's package without any. controller-gen loads each file-system
// root ending in "..." together with the nested modules below it; kubegen
// loads one module, so a nested module there is an error that names it.
func roots(paths []string) ([]string, error) {
	if len(paths) == 0 {
		return []string{"."}, nil
	}
	main := mainModuleDir()
	var nested []string
	for _, p := range paths {
		if !strings.HasPrefix(p, ".") && !filepath.IsAbs(p) {
			continue // an import path: go list's rules, one module
		}
		clean := filepath.Clean(p)
		base, tree := strings.CutSuffix(clean, string(filepath.Separator)+"...")
		if clean == "..." {
			base, tree = ".", true
		}
		if !tree {
			continue
		}
		abs, err := filepath.Abs(base)
		if err != nil || main == "" {
			continue
		}
		filepath.WalkDir(abs, func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && d.Name() == "go.mod" && filepath.Dir(path) != main {
				nested = append(nested, run.RelativePaths(filepath.Dir(path)))
			}
			return nil
		})
	}
	if len(nested) > 0 {
		slices.Sort(nested)
		return nil, fmt.Errorf("not implemented yet: paths= reaches nested modules, which controller-gen loads too: %s; kubegen loads the current module only: run it in each module, or narrow paths=",
			strings.Join(slices.Compact(nested), ", "))
	}
	return paths, nil
}

// mainModuleDir is the directory of the go.mod that governs the current
// directory, or "".
func mainModuleDir() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

const usage = `Usage: controller-gen [flags] generator[:arg=value,...] [output:rule] [paths=...]

kubegen's drop-in for controller-gen ` + UpstreamVersion + ` with the object generator
(DeepCopy, DeepCopyInto, DeepCopyObject), the crd generator (CRDs), the rbac
generator (roles), the webhook generator (webhook configurations) and the
schemapatch generator (schemas of CRD files on disk):

  controller-gen object:headerFile=hack/boilerplate.go.txt crd paths=./apis/...
  controller-gen rbac:roleName=manager-role crd webhook paths=./...

Options:
  object[:headerFile=FILE][,year=YEAR]   the object generator
  crd[:maxDescLen=N][,crdVersions=v1][,allowDangerousTypes=true][,...]
                                         the crd generator (settings: see the manual)
  rbac:roleName=NAME[,fileName=FILE][,headerFile=FILE][,year=YEAR]
                                         the rbac generator
  webhook[:headerFile=FILE][,year=YEAR]  the webhook generator
  schemapatch:manifests=DIR[,maxDescLen=N][,generateEmbeddedObjectMeta=true]
                                         the CRD files of DIR, their schemas rewritten
  paths=./a/...;./b/...                  package roots (or paths={./a/...,./b/...}),
                                         repeatable; default: the current directory
  output:object:dir=DIR, output:dir=DIR  write a generator's files into DIR
  output:crd:stdout, output:stdout       print the files instead
  output:crd:none, output:none           write nothing
  output:artifacts:config=DIR[,code=DIR] manifests into DIR; code into DIR, else into each
                                         package (default: code into each package,
                                         manifests into config/<generator>)

Flags:
%s
The manual: go doc github.com/kubegen/kubegen/cmd/controller-gen
`
