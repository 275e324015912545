package importrules

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Exit statuses of Main.
const (
	ExitOK        = 0
	ExitFindings  = 1
	ExitBadConfig = 2
)

// Mode names, as subcommands.
const (
	ModeRestrictions = "restrictions"
	ModeBoss         = "import-boss"
	ModeAliases      = "aliases"
	ModeDepCheck     = "dependencycheck"
	ModeDepVerifier  = "dependencyverifier"
)

// Main runs the importverifier command with args (without the program
// name) in the current directory and returns the exit status. prog, the
// program name, selects the mode when it is import-boss, preferredimports,
// dependencycheck or dependencyverifier.
func Main(prog string, args []string, stdout, stderr io.Writer) int {
	mode := ModeRestrictions
	switch base := filepath.Base(prog); base {
	case "import-boss", ModeDepCheck, ModeDepVerifier:
		mode = base
	case "preferredimports":
		mode = ModeAliases
	default:
		if len(args) > 0 && slices.Contains([]string{ModeRestrictions, ModeBoss, ModeAliases, ModeDepCheck, ModeDepVerifier}, args[0]) {
			mode, args = args[0], args[1:]
		}
	}
	fs := flag.NewFlagSet(mode, flag.ContinueOnError)
	fs.SetOutput(stderr)
	jsonOut := fs.Bool("json", false, "write findings as a JSON array")
	verbosity := fs.Int("v", 0, "with 1 or more, report the number of findings and the time taken on stderr")
	var run func(cwd string, args []string) ([]Finding, error)
	var summary string // printed on stderr after findings, for scripts that look for it
	switch mode {
	case ModeRestrictions:
		fs.Usage = usage(fs, "importverifier [restrictions] [--json] <root-prefix> <restrictions.yaml>")
		run = func(cwd string, args []string) ([]Finding, error) {
			if len(args) != 2 {
				return nil, usageError("want exactly two arguments: <root-prefix> <restrictions.yaml>")
			}
			return RunRestrictions(cwd, args[0], args[1])
		}
	case ModeBoss:
		fs.Usage = usage(fs, "importverifier import-boss [--json] [-v N] [packages]")
		ignoreKlogFlags(fs)
		run = RunBoss
	case ModeAliases:
		fs.Usage = usage(fs, "importverifier aliases [--json] [--import-aliases file] [--include-path regexp] [--confirm|--fix] [dirs]")
		file := fs.String("import-aliases", "hack/.import-aliases", "JSON `file` mapping import path patterns to aliases")
		include := fs.String("include-path", "(test/e2e/|test/e2e_node)", "only check directories whose relative path matches this `regexp`")
		var fix bool
		fs.BoolVar(&fix, "confirm", false, "rewrite files to use the preferred aliases")
		fs.BoolVar(&fix, "fix", false, "same as --confirm")
		run = func(cwd string, args []string) ([]Finding, error) {
			return RunAliases(cwd, *file, *include, fix, args)
		}
	case ModeDepCheck:
		fs.Usage = usage(fs, "importverifier dependencycheck [--json] -restrict regexp [-exclude regexp] <go-list-deps.json>")
		restrict := fs.String("restrict", "", "restricted dependencies: a `regexp` over import paths (e.g. '^k8s\\.io/kubernetes/')")
		exclude := fs.String("exclude", "", "skip the packages whose import path matches this `regexp`")
		summary = "Found restricted dependency violations in packages"
		run = func(cwd string, args []string) ([]Finding, error) {
			if len(args) != 1 {
				return nil, usageError("want exactly one argument: the output of go list -deps -json (e.g. go list -mod=vendor -test -deps -json ./vendor/...)")
			}
			return RunDependencyCheck(cwd, *restrict, *exclude, args[0])
		}
	case ModeDepVerifier:
		fs.Usage = usage(fs, "importverifier dependencyverifier [--json] <unwanted-dependencies.json>")
		run = func(cwd string, args []string) ([]Finding, error) {
			if len(args) != 1 {
				return nil, usageError("want exactly one argument: the unwanted-dependencies file (e.g. hack/unwanted-dependencies.json)")
			}
			return RunDependencyVerifier(cwd, args[0])
		}
	}
	positional, err := parseInterspersed(fs, args)
	if err != nil {
		return ExitBadConfig
	}
	cwd, err := os.Getwd()
	if err != nil {
		fmt.Fprintln(stderr, "importverifier:", err)
		return ExitBadConfig
	}
	start := time.Now()
	findings, err := run(cwd, positional)
	if err != nil {
		var ce *ConfigError
		if errors.As(err, &ce) {
			ce.File = relative(cwd, ce.File)
		}
		fmt.Fprintf(stderr, "importverifier %s: %v\n", mode, err)
		if _, ok := err.(usageError); ok {
			fs.Usage()
		}
		return ExitBadConfig
	}
	if *verbosity > 0 {
		fmt.Fprintf(stderr, "importverifier %s: %d finding(s) in %v\n", mode, len(findings), time.Since(start).Round(time.Millisecond))
	}
	findings = Relative(cwd, findings)
	if *jsonOut {
		err = WriteJSON(stdout, findings)
	} else {
		err = WriteText(stdout, findings)
	}
	if err != nil {
		fmt.Fprintln(stderr, "importverifier:", err)
		return ExitBadConfig
	}
	if slices.ContainsFunc(findings, func(f Finding) bool { return f.Problem != Fixed }) {
		if summary != "" {
			fmt.Fprintln(stderr, summary)
		}
		return ExitFindings
	}
	return ExitOK
}

// RunRestrictions loads the bases named in the restrictions file and checks
// them; the file and the bases are relative to dir.
func RunRestrictions(dir, rootPrefix, file string) ([]Finding, error) {
	if !filepath.IsAbs(file) {
		file = filepath.Join(dir, file)
	}
	rs, err := ReadRestrictions(file)
	if err != nil || len(rs.Entries) == 0 {
		return nil, err
	}
	tree, err := Load(dir, NeedImports, rs.Patterns()...)
	if err != nil {
		return nil, err
	}
	return CheckRestrictions(tree, rootPrefix, rs)
}

// RunBoss loads patterns (default ".") in dir and checks them against their
// .import-restrictions files.
func RunBoss(dir string, patterns []string) ([]Finding, error) {
	tree, err := Load(dir, NeedDeps, patterns...)
	if err != nil {
		return nil, err
	}
	return CheckBoss(tree)
}

// RunAliases checks or fixes the import aliases in the Go files below dirs
// (default "."; a trailing /... is ignored) of dir.
func RunAliases(dir, aliasesFile, includePath string, fix bool, dirs []string) ([]Finding, error) {
	include, err := regexp.Compile(includePath)
	if err != nil {
		return nil, &ConfigError{Msg: fmt.Sprintf("bad --include-path regular expression: %v", unwrapRegexp(err))}
	}
	aliases, err := ReadAliases(filepath.Join(dir, aliasesFile))
	if err != nil {
		return nil, err
	}
	roots := []string{"."}
	if len(dirs) > 0 {
		roots = nil
	}
	for _, d := range dirs {
		// Directories are walked whole; accept package patterns too.
		if d = strings.TrimSuffix(strings.TrimSuffix(d, "..."), "/"); d == "" {
			d = "."
		}
		roots = append(roots, d)
	}
	files, err := AliasFiles(dir, roots, include)
	if err != nil {
		return nil, err
	}
	return CheckAliases(files, aliases, fix)
}

// parseInterspersed parses flags anywhere among the arguments, as
// import-boss's pflag parsing does, and returns the rest.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return append(positional, rest...), nil
		}
		if len(rest) == 0 {
			return positional, nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// ignoreKlogFlags accepts the logging flags import-boss inherits from klog,
// so scripts passing them keep working; only -v has an effect.
func ignoreKlogFlags(fs *flag.FlagSet) {
	for _, name := range []string{"add_dir_header", "alsologtostderr", "logtostderr", "one_output", "skip_headers", "skip_log_headers"} {
		fs.Bool(name, false, "ignored (klog)")
	}
	for _, name := range []string{"log_backtrace_at", "log_dir", "log_file", "log_file_max_size", "stderrthreshold", "vmodule"} {
		fs.String(name, "", "ignored (klog)")
	}
}

// usageError is a wrong command line; Main prints the usage after it.
type usageError string

func (e usageError) Error() string { return string(e) }

func usage(fs *flag.FlagSet, line string) func() {
	return func() {
		fmt.Fprintf(fs.Output(), "usage: %s\n", line)
		fs.PrintDefaults()
	}
}
