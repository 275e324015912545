package codegen

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/kubegen/kubegen/generators/applyconfig"
	"github.com/kubegen/kubegen/generators/clientset"
	"github.com/kubegen/kubegen/generators/conversion"
	"github.com/kubegen/kubegen/generators/deepcopy"
	"github.com/kubegen/kubegen/generators/defaulter"
	"github.com/kubegen/kubegen/generators/flagfile"
	"github.com/kubegen/kubegen/generators/gofile"
	"github.com/kubegen/kubegen/generators/informer"
	"github.com/kubegen/kubegen/generators/lister"
	"github.com/kubegen/kubegen/generators/openapi"
	"github.com/kubegen/kubegen/generators/prerelease"
	"github.com/kubegen/kubegen/generators/protobuf"
	"github.com/kubegen/kubegen/generators/register"
	"github.com/kubegen/kubegen/generators/run"
	"github.com/kubegen/kubegen/generators/swaggerdocs"
	"github.com/kubegen/kubegen/generators/validation"
	"github.com/kubegen/kubegen/internal/sink"
)

// toolset is every generator kubegen can run, by upstream tool name.
var toolset = map[string]func() run.Generator{
	deepcopy.ToolName:    func() run.Generator { return &deepcopy.Generator{} },
	defaulter.ToolName:   func() run.Generator { return &defaulter.Generator{} },
	conversion.ToolName:  func() run.Generator { return &conversion.Generator{} },
	clientset.ToolName:   func() run.Generator { return clientset.New() },
	applyconfig.ToolName: func() run.Generator { return applyconfig.New() },
	openapi.ToolName:     func() run.Generator { return &openapi.Generator{} },
	register.ToolName:    func() run.Generator { return &register.Generator{} },
	lister.ToolName:      func() run.Generator { return lister.New() },
	informer.ToolName:    func() run.Generator { return informer.New() },
	prerelease.ToolName:  func() run.Generator { return &prerelease.Generator{} },
	protobuf.ToolName:    func() run.Generator { return &protobuf.Generator{} },
	validation.ToolName:  func() run.Generator { return &validation.Generator{} },
	swaggerdocs.ToolName: func() run.Generator { return &swaggerdocs.Generator{} },
}

// call is one kube_codegen.sh function call as kubegen runs it: generator
// jobs over the packages of one input tree.
type call struct {
	name  string
	jobs  []run.Job
	notes []string // what upstream echoes, e.g. "Generating deepcopy code for 3 targets"
	tree  *tagged
	files []string // input files besides Go code (e.g. a schema), for the cache
	flags *common
	keys  []string // per job: the tool, its flags and header, for merging

	// defs captures the definitions file of an openapi call.
	defs *capturedDefs
	// schemaFromOpenAPI: a client call whose apply configurations take
	// their schema from the definitions of an earlier openapi call;
	// applyconfig is that generator (nil when there are no inputs).
	schemaFromOpenAPI bool
	applyconfig       *applyconfig.Generator
}

// common holds the flags every call takes.
type common struct {
	boilerplate string
	verbosity   int
	verify      bool
	strict      bool
	year        int
	lintRules   string
	header      []byte // the boilerplate, YEAR replaced
}

func (c *common) add(fs *pflag.FlagSet) {
	fs.StringVar(&c.boilerplate, "boilerplate", "", "the license header of generated files (YEAR is replaced by the year)")
	c.addRun(fs)
	fs.StringVar(&c.lintRules, "lint-rules", "", "comma-separated tag lint rules for the generators, e.g. known-tags-only")
}

// addRun adds the flags of a run rather than of a generator: -v, --verify,
// --strict and --year.
func (c *common) addRun(fs *pflag.FlagSet) {
	v, _ := strconv.Atoi(os.Getenv("KUBE_VERBOSE"))
	fs.IntVarP(&c.verbosity, "v", "v", v, "log verbosity (default $KUBE_VERBOSE)")
	fs.BoolVar(&c.verify, "verify", false, "write nothing; print a diff of every out-of-date generated file and exit 1 if any")
	fs.BoolVar(&c.strict, "strict", false, "fail, writing nothing, on problems that upstream lets pass (printed as warnings otherwise)")
	fs.IntVar(&c.year, "year", 0, `the year for "YEAR" in the header (default: from $SOURCE_DATE_EPOCH, else the current year)`)
}

// parseCall parses a call's flags and its one input directory (as
// written: w.tree finds it).
func parseCall(name string, args []string, fs *pflag.FlagSet, c *common, w where) (string, error) {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		return "", usageError{fmt.Errorf("%s: %w", name, err)}
	}
	switch fs.NArg() {
	case 0:
		return "", usageError{fmt.Errorf("%s: the input directory argument is required", name)}
	case 1:
	default:
		return "", usageError{fmt.Errorf("%s: too many arguments: %s (already have %s)", name, fs.Arg(1), fs.Arg(0))}
	}
	c.boilerplate = w.path(c.boilerplate)
	if err := c.readHeader(); err != nil {
		return "", fmt.Errorf("%s: %s", name, strings.Replace(err.Error(), "--go-header-file", "--boilerplate", 1))
	}
	return fs.Arg(0), nil
}

// readHeader reads the boilerplate file into header, YEAR replaced by
// --year or its default.
func (c *common) readHeader() error {
	year := c.year
	if year == 0 {
		var err error
		if year, err = run.DefaultYear(); err != nil {
			return err
		}
	}
	var err error
	c.header, err = gofile.ReadBoilerplate(c.boilerplate, year)
	return err
}

// usageError is a bad command line (exit code 2).
type usageError struct{ error }

func (e usageError) Unwrap() error { return e.error }

// add configures the upstream tool with its own command-line flags, as
// kube_codegen.sh passes them, and adds it as a job over inputs.
func (c *call) add(toolName string, inputs []string, args ...string) error {
	if _, ok := toolset[toolName]; !ok {
		return fmt.Errorf("%s: kubegen has no %s yet: generate this part with k8s.io/code-generator's kube_codegen.sh for now", c.name, toolName)
	}
	if c.flags.lintRules != "" {
		args = append(args, "--lint-rules", c.flags.lintRules)
	}
	g, _, err := configure(toolName, args, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", c.name, err)
	}
	c.addJob(toolName, g, inputs, args)
	return nil
}

// configure makes the generator toolName and sets it up from args, parsed
// with its flags and those extra adds; it returns the flag set for the
// arguments that are not flags.
func configure(toolName string, args []string, extra func(*pflag.FlagSet)) (run.Generator, *pflag.FlagSet, error) {
	g := toolset[toolName]()
	fs := pflag.NewFlagSet(toolName, pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	if extra != nil {
		extra(fs)
	}
	g.AddFlags(fs)
	if err := fs.Parse(args); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", toolName, err)
	}
	if err := g.Validate(); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", toolName, err)
	}
	return g, fs, nil
}

// addJob adds g as a job over inputs; args are its command line, which
// with the header tells jobs apart.
func (c *call) addJob(toolName string, g run.Generator, inputs, args []string) {
	c.jobs = append(c.jobs, run.Job{Generator: g, Inputs: inputs, Boilerplate: c.flags.header})
	c.keys = append(c.keys, strings.Join(append([]string{toolName, string(c.flags.header)}, args...), "\x00"))
}

// within makes a generator that writes into its input packages own its
// files anywhere in the input tree, as kube_codegen.sh deletes them
// there: output of packages that no longer ask for it is stale. Only the
// files named file count, as kube_codegen.sh deletes no others
// (validation-gen's test files beside its output stay).
type within struct {
	run.Generator
	roots []string
	file  string
}

func (w *within) OutputDirs() []string { return w.roots }

func (w *within) Owns(path string, src []byte) bool {
	return filepath.Base(path) == w.file && w.Generator.Owns(path, src)
}

// ownTree makes the call's last job own its files named file in the
// input tree.
func (c *call) ownTree(file string) {
	j := &c.jobs[len(c.jobs)-1]
	j.Generator = &within{j.Generator, []string{c.tree.root}, file}
}

// require checks that the flags, given as flag/value pairs, are set.
func (c *call) require(pairs ...string) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] == "" {
			return usageError{fmt.Errorf("%s: %s is required", c.name, pairs[i])}
		}
	}
	return nil
}

func (c *call) note(format string, args ...any) {
	c.notes = append(c.notes, fmt.Sprintf(format, args...))
}

// helpersCall is kube::codegen::gen_helpers.
func helpersCall(args []string, w where) (*call, error) {
	c := &call{name: "helpers", flags: &common{}}
	fs := pflag.NewFlagSet(c.name, pflag.ContinueOnError)
	c.flags.add(fs)
	var extraPeers []string
	fs.StringArrayVar(&extraPeers, "extra-peer-dir", nil, "an extra peer package for conversion (repeatable)")
	in, err := parseCall(c.name, args, fs, c.flags, w)
	if err != nil {
		return nil, err
	}
	if c.tree, err = w.tree(in); err != nil {
		return nil, err
	}
	var peerArgs []string
	for _, p := range extraPeers {
		peerArgs = append(peerArgs, "--extra-peer-dirs", p)
	}
	// kube_codegen.sh's order and flags; each step deletes its old output
	// in the whole input tree first, which ownTree mirrors.
	for _, step := range []struct {
		tag              *regexp.Regexp
		what, tool, file string
		args             []string
	}{
		{deepcopyTag, "deepcopy", deepcopy.ToolName, "zz_generated.deepcopy.go", nil},
		{validationTag, "validation", validation.ToolName, "zz_generated.validations.go", readonlyArgs()},
		{defaulterTag, "defaulter", defaulter.ToolName, "zz_generated.defaults.go", nil},
		{conversionTag, "conversion", conversion.ToolName, "zz_generated.conversion.go", peerArgs},
	} {
		dirs := c.tree.under(step.tag, "")
		if len(dirs) == 0 {
			continue
		}
		c.note("Generating %s code for %d targets", step.what, len(dirs))
		if err := c.add(step.tool, dirs, append([]string{"--output-file", step.file}, step.args...)...); err != nil {
			return nil, err
		}
		c.ownTree(step.file)
	}
	return c, nil
}

// registerCall is kube::codegen::gen_register.
func registerCall(args []string, w where) (*call, error) {
	c := &call{name: "register", flags: &common{}}
	fs := pflag.NewFlagSet(c.name, pflag.ContinueOnError)
	c.flags.add(fs)
	in, err := parseCall(c.name, args, fs, c.flags, w)
	if err != nil {
		return nil, err
	}
	if c.tree, err = w.tree(in); err != nil {
		return nil, err
	}
	if dirs := c.tree.under(registerTag, ""); len(dirs) > 0 {
		c.note("Generating register code for %d targets", len(dirs))
		if err := c.add(register.ToolName, dirs, "--output-file", "zz_generated.register.go"); err != nil {
			return nil, err
		}
		c.ownTree("zz_generated.register.go")
	}
	return c, nil
}

// versionDir is the leaf name kube_codegen.sh takes for an API version.
var versionDir = regexp.MustCompile(`^v[0-9]+((alpha|beta)[0-9]+)?$`)

// clientCall is kube::codegen::gen_client.
func clientCall(args []string, w where) (*call, error) {
	c := &call{name: "client", flags: &common{}}
	fs := pflag.NewFlagSet(c.name, pflag.ContinueOnError)
	c.flags.add(fs)
	var (
		oneAPI, outDir, outPkg, pluralExceptions      string
		clientsetName, versionedName, applyconfigName string
		listersName, informersName                    string
		applyconfigExternals, applyconfigSchema       string
		withApplyconfig, withWatch, prefersProtobuf   bool
	)
	fs.BoolVar(&c.schemaFromOpenAPI, "applyconfig-schema-from-openapi", false,
		"take the apply configurations' schema from the definitions of the openapi call of the same 'kubegen all' run (kubegen only)")
	fs.StringVar(&oneAPI, "one-input-api", "", "one API directory under the input directory to generate a client for")
	fs.StringVar(&outDir, "output-dir", "", "the root directory of the generated code (required)")
	fs.StringVar(&outPkg, "output-pkg", "", "the import path of --output-dir (required)")
	fs.StringVar(&clientsetName, "clientset-name", "clientset", "the leaf name of the clientset directory")
	fs.StringVar(&versionedName, "versioned-name", "versioned", `the leaf name of the "<clientset>/versioned" directory`)
	fs.BoolVar(&withApplyconfig, "with-applyconfig", false, "generate apply configurations")
	fs.StringVar(&applyconfigName, "applyconfig-name", "applyconfiguration", "the leaf name of the apply configurations directory")
	fs.StringVar(&applyconfigExternals, "applyconfig-externals", "", "external apply configurations, comma-separated <type-package>.<type-name>:<applyconfiguration-package>")
	fs.StringVar(&applyconfigSchema, "applyconfig-openapi-schema", "", "the OpenAPI schema file for the apply configurations' Extract functions")
	fs.BoolVar(&withWatch, "with-watch", false, "generate listers and informers for APIs that support watch")
	fs.StringVar(&listersName, "listers-name", "listers", "the leaf name of the listers directory")
	fs.StringVar(&informersName, "informers-name", "informers", "the leaf name of the informers directory")
	fs.StringVar(&pluralExceptions, "plural-exceptions", "", "comma-separated Type:PluralizedType exceptions")
	fs.BoolVar(&prefersProtobuf, "prefers-protobuf", false, "clientsets that send protobuf")
	in, err := parseCall(c.name, args, fs, c.flags, w)
	if err != nil {
		return nil, err
	}
	if err := c.require("--output-dir", outDir, "--output-pkg", outPkg); err != nil {
		return nil, err
	}
	outDir, applyconfigSchema = w.path(outDir), w.path(applyconfigSchema)
	if c.schemaFromOpenAPI {
		switch {
		case !withApplyconfig:
			return nil, usageError{errors.New("client: --applyconfig-schema-from-openapi needs --with-applyconfig")}
		case applyconfigSchema != "":
			return nil, usageError{errors.New("client: give --applyconfig-schema-from-openapi or --applyconfig-openapi-schema, not both")}
		}
	}
	if c.tree, err = w.tree(in); err != nil {
		return nil, err
	}
	var inputs, groupVersions []string
	for _, d := range c.tree.under(clientTag, oneAPI) {
		if versionDir.MatchString(filepath.Base(d)) {
			inputs = append(inputs, d)
			groupVersions = append(groupVersions, groupLeaf(in, oneAPI, c.tree.root, d)+"/"+filepath.Base(d))
		}
	}
	if len(inputs) == 0 {
		c.note("No +genclient types in versioned packages (<group>/v1, v1beta1, ...) under %s: no client to generate", relDir(filepath.Join(c.tree.root, oneAPI)))
		return c, nil
	}
	out := func(sub string) (dir, pkg string) { return filepath.Join(outDir, sub), outPkg + "/" + sub }
	applyconfigPkg := ""
	if withApplyconfig {
		dir, pkg := out(applyconfigName)
		applyconfigPkg = pkg
		if applyconfigSchema != "" {
			c.files = append(c.files, applyconfigSchema)
		}
		c.note("Generating applyconfig code for %d targets", len(inputs))
		if err := c.add(applyconfig.ToolName, inputs, "--output-dir", dir, "--output-pkg", pkg,
			"--external-applyconfigurations", applyconfigExternals, "--openapi-schema", applyconfigSchema); err != nil {
			return nil, err
		}
		if c.schemaFromOpenAPI {
			c.applyconfig = c.jobs[len(c.jobs)-1].Generator.(*applyconfig.Generator)
		}
	}
	c.note("Generating client code for %d targets", len(groupVersions))
	dir, pkg := out(clientsetName)
	clientArgs := []string{"--output-dir", dir, "--output-pkg", pkg, "--clientset-name", versionedName,
		"--apply-configuration-package", applyconfigPkg, "--input-base", c.tree.root,
		"--plural-exceptions", pluralExceptions, "--prefers-protobuf=" + strconv.FormatBool(prefersProtobuf)}
	for _, gv := range groupVersions {
		clientArgs = append(clientArgs, "--input", gv)
	}
	if err := c.add(clientset.ToolName, inputs, clientArgs...); err != nil {
		return nil, err
	}
	if withWatch {
		listersDir, listersPkg := out(listersName)
		informersDir, informersPkg := out(informersName)
		c.note("Generating lister code for %d targets", len(inputs))
		if err := c.add(lister.ToolName, inputs, "--output-dir", listersDir, "--output-pkg", listersPkg,
			"--plural-exceptions", pluralExceptions); err != nil {
			return nil, err
		}
		c.note("Generating informer code for %d targets", len(inputs))
		if err := c.add(informer.ToolName, inputs, "--output-dir", informersDir, "--output-pkg", informersPkg,
			"--versioned-clientset-package", pkg+"/"+versionedName, "--listers-package", listersPkg,
			"--plural-exceptions", pluralExceptions); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// groupLeaf is the group kube_codegen.sh names for the version directory
// d: the last element but one of d's path as grep prints it, which is the
// input directory as written (with --one-input-api) joined with d's path
// below it. So an input directory that is itself the group's (".", for a
// module rooted there) gives ".", as upstream.
func groupLeaf(in, oneAPI, root, d string) string {
	rel, err := filepath.Rel(filepath.Join(root, oneAPI), d)
	if err != nil {
		rel = filepath.Base(d)
	}
	return path.Base(path.Dir(path.Join(filepath.ToSlash(in), oneAPI, filepath.ToSlash(rel))))
}

// openapiCall is kube::codegen::gen_openapi.
func openapiCall(args []string, w where) (*call, error) {
	c := &call{name: "openapi", flags: &common{}}
	fs := pflag.NewFlagSet(c.name, pflag.ContinueOnError)
	c.flags.add(fs)
	var (
		outDir, outPkg, report, modelNameFile string
		extraPkgs                             []string
		updateReport                          bool
	)
	fs.StringVar(&outDir, "output-dir", "", "the directory of the generated definitions (required)")
	fs.StringVar(&outPkg, "output-pkg", "", "the import path of --output-dir (required)")
	fs.StringArrayVar(&extraPkgs, "extra-pkgs", nil, "an extra input package, by import path (repeatable)")
	fs.StringVar(&report, "report-filename", os.DevNull, "the API rule violation report to check against")
	fs.StringVar(&modelNameFile, "output-model-name-file", "", "the per-package model-name file to generate")
	fs.BoolVar(&updateReport, "update-report", false, "rewrite --report-filename instead of checking it")
	in, err := parseCall(c.name, args, fs, c.flags, w)
	if err != nil {
		return nil, err
	}
	if err := c.require("--output-dir", outDir, "--output-pkg", outPkg); err != nil {
		return nil, err
	}
	outDir, report = w.path(outDir), w.path(report)
	if c.tree, err = w.tree(in); err != nil {
		return nil, err
	}
	dirs := c.tree.under(openapiTag, "")
	inputs := slices.Concat(openapiBase, extraPkgs, dirs)
	c.files = append(c.files, report)
	c.note("Generating openapi code for %d targets", len(extraPkgs)+len(dirs)) // as upstream counts
	reportPath, err := filepath.Abs(report)
	if err != nil {
		return nil, err
	}
	if err := c.add(openapi.ToolName, inputs, append([]string{"--output-file", "zz_generated.openapi.go",
		"--output-dir", outDir, "--output-pkg", outPkg, "--report-filename", reportPath,
		"--output-model-name-file=" + modelNameFile}, readonlyArgs()...)...); err != nil {
		return nil, err
	}
	defsPath, err := filepath.Abs(filepath.Join(outDir, "zz_generated.openapi.go"))
	if err != nil {
		return nil, err
	}
	c.defs = &capturedDefs{path: defsPath}
	c.jobs[len(c.jobs)-1].Filter = func(files []sink.File) ([]sink.File, error) {
		c.defs.capture(files)
		return checkReport(files, reportPath, updateReport)
	}
	return c, nil
}

// checkReport handles the API rule violation report among the files of
// an openapi call as kube_codegen.sh does: with --update-report it is
// written like any output; otherwise it must equal the existing report
// file (none or /dev/null: no violations), or the call fails, showing the
// new violations, and writes nothing. A missing report is created empty,
// as kube_codegen.sh touches it.
func checkReport(files []sink.File, report string, update bool) ([]sink.File, error) {
	i := slices.IndexFunc(files, func(f sink.File) bool { return f.Path == report })
	if i < 0 {
		return files, nil
	}
	got := files[i].Data
	if update && report != os.DevNull {
		return files, nil
	}
	files = slices.Delete(files, i, i+1)
	if update {
		return files, nil
	}
	want, err := flagfile.Read(report)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if bytes.Equal(got, want) {
		if errors.Is(err, fs.ErrNotExist) {
			files = append(files, sink.File{Path: report})
		}
		return files, nil
	}
	return nil, fmt.Errorf("openapi: API rule check failed for %s: new reported violations (fix them, or accept them with --update-report; see kubernetes' api/api-rules/README.md):\n%s",
		relDir(report), sink.Unified(relDir(report), "new report", string(want), string(got)))
}

// readonlyPkgs are kube_codegen.sh's KUBE_CODEGEN_READONLY_PKGS: packages
// in the module cache, which it passes to openapi-gen (whose model-name
// files it must not write) and validation-gen (whose validations the
// generated code may call) as --readonly-pkg.
var readonlyPkgs = []string{
	"k8s.io/apimachinery/pkg/apis/meta/v1",
	"k8s.io/apimachinery/pkg/api/resource",
	"k8s.io/apimachinery/pkg/runtime",
	"k8s.io/apimachinery/pkg/types",
	"k8s.io/apimachinery/pkg/util/intstr",
	"k8s.io/apimachinery/pkg/version",
	"time",
}

// readonlyArgs are readonlyPkgs as flags.
func readonlyArgs() []string {
	var args []string
	for _, pkg := range readonlyPkgs {
		args = append(args, "--readonly-pkg", pkg)
	}
	return args
}

// openapiBase are the apimachinery packages kube_codegen.sh always gives
// openapi-gen: most API types refer to their types.
var openapiBase = []string{
	"k8s.io/apimachinery/pkg/apis/meta/v1",
	"k8s.io/apimachinery/pkg/runtime",
	"k8s.io/apimachinery/pkg/version",
	"k8s.io/apimachinery/pkg/api/resource",
}

// relDir shortens dir relative to the working directory for messages.
func relDir(dir string) string {
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, dir); err == nil && !strings.HasPrefix(rel, "..") {
			return rel
		}
	}
	return dir
}
