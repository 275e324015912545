// Package app is gendocs' command line (see cmd/gendocs for its manual).
// It is a package of its own so that gendocs can document itself:
//
//	gendocs --root github.com/kubegen/kubegen/cmd/gendocs/app.New ...
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/kubegen/kubegen/gendocs"
	"github.com/spf13/cobra"
)

// Exit statuses of Main.
const (
	ExitOK       = 0
	ExitFindings = 1 // --verify found outdated docs, or lint found breaches
	ExitError    = 2
)

// Main runs gendocs with args (without the program name) and returns the
// exit status.
func Main(args []string, in io.Reader, out, errOut io.Writer) int {
	cmd := New(in, out, errOut)
	cmd.SetArgs(args)
	err := cmd.Execute()
	if err == nil {
		return ExitOK
	}
	fmt.Fprintln(errOut, "gendocs:", err)
	var outdated *gendocs.OutdatedError
	var findings lintError
	if errors.As(err, &outdated) || errors.As(err, &findings) {
		if outdated != nil {
			fmt.Fprintln(errOut, "gendocs: run the same command without --verify to update them")
		}
		return ExitFindings
	}
	return ExitError
}

type sourceFlags struct {
	root          string
	moduleDir     string
	includeHidden bool
}

func (s *sourceFlags) load(ctx context.Context) (*gendocs.Command, error) {
	if s.root == "" {
		return nil, errors.New("--root is required: name the function returning your root command, e.g. --root example.com/tool/cmd.NewRootCommand")
	}
	root, err := gendocs.ParseRoot(s.root)
	if err != nil {
		return nil, err
	}
	return gendocs.Load(ctx, s.moduleDir, root, s.includeHidden)
}

// New returns the gendocs command tree, writing to out and errOut.
func New(in io.Reader, out, errOut io.Writer) *cobra.Command {
	var (
		source    sourceFlags
		formats   string
		outputDir string
		verify    bool
		date      string
		opts      gendocs.Options
	)
	cmd := &cobra.Command{
		Use:   "gendocs --root <import path>.<Func> --output-dir <dir>",
		Short: "Write and check docs for any cobra command tree",
		Long: `Write markdown, man, yaml and reStructuredText docs for a cobra command tree,
or check with --verify that docs written before are up to date.

The tree comes from --root, a package-level func() *cobra.Command (or a
func(in io.Reader, out, errOut io.Writer) *cobra.Command) in the module of
--module-dir or in its requirements. gendocs builds and runs a small program
calling it in a temporary module with that module's dependency versions.

Output never depends on the clock, time zone or argv: dates come only from
--date or SOURCE_DATE_EPOCH.

Exit status: 0 on success, 1 when --verify finds outdated docs, 2 on any
other error (nothing is written then).`,
		Example: `  # Write markdown and man pages
  gendocs --root example.com/tool/cmd.NewRootCommand --format markdown,man --output-dir docs

  # Fail in CI when the docs are out of date
  gendocs --root example.com/tool/cmd.NewRootCommand --output-dir docs --verify`,
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var err error
			if opts.Formats, err = gendocs.ParseFormats(formats); err != nil {
				return err
			}
			if outputDir == "" {
				return errors.New("--output-dir is required: say where the docs go")
			}
			if opts.Date, err = parseDate(date); err != nil {
				return err
			}
			tree, err := source.load(cmd.Context())
			if err != nil {
				return err
			}
			docs, err := gendocs.Render(tree, opts)
			if err != nil {
				return err
			}
			if verify {
				if err := docs.VerifyDir(outputDir); err != nil {
					return err
				}
				fmt.Fprintf(out, "%d files in %s are up to date\n", len(docs.Files), outputDir)
				return nil
			}
			result, err := docs.WriteDir(outputDir)
			if err != nil {
				return err
			}
			fmt.Fprintf(out, "%s: %d files, %d written, %d removed\n", outputDir, len(docs.Files), len(result.Written), len(result.Removed))
			return nil
		},
	}
	cmd.SetIn(in)
	cmd.SetOut(out)
	cmd.SetErr(errOut)

	pf := cmd.PersistentFlags()
	pf.StringVar(&source.root, "root", "", "function returning the root command, as <import path>.<Func>")
	pf.StringVar(&source.moduleDir, "module-dir", ".", "directory of the Go module to build the root function in")
	pf.BoolVar(&source.includeHidden, "include-hidden", false, "include hidden commands")

	f := cmd.Flags()
	f.StringVar(&formats, "format", string(gendocs.Markdown), "comma-separated output formats: markdown, man, yaml, rst")
	f.StringVar(&outputDir, "output-dir", "", "directory to write the docs to")
	f.BoolVar(&verify, "verify", false, "write nothing; fail if the docs in --output-dir are missing, changed or extra")
	f.StringVar(&date, "date", "", "date (YYYY-MM-DD) for man page headers and the auto-gen tag (default: SOURCE_DATE_EPOCH, else none)")
	f.StringVar(&opts.Man.Section, "man-section", "1", "man page section")
	f.StringVar(&opts.Man.Title, "man-title", "", "man page title (default: the upper-cased command path)")
	f.StringVar(&opts.Man.Source, "man-source", "", "man page source, e.g. the project and version")
	f.StringVar(&opts.Man.Manual, "man-manual", "", "man page manual name")
	f.BoolVar(&opts.AutoGenTag, "auto-gen-tag", false, `add cobra's "Auto generated by spf13/cobra" line (needs a date)`)

	cmd.AddCommand(newLintCommand(&source, out))
	return cmd
}

func newLintCommand(source *sourceFlags, out io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "lint --root <import path>.<Func>",
		Short: "Check a command tree against kubectl's command-line conventions",
		Long: `Check every command of the tree named by --root against kubectl's
command-line conventions, one finding per line with the command path, the
flag when there is one, and the rule. Exit status 1 when there are findings.`,
		Example: `  gendocs lint --root example.com/tool/cmd.NewRootCommand`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			tree, err := source.load(cmd.Context())
			if err != nil {
				return err
			}
			findings := gendocs.Lint(tree)
			for _, f := range findings {
				fmt.Fprintln(out, f)
			}
			if len(findings) > 0 {
				return lintError(len(findings))
			}
			return nil
		},
	}
	var rules string
	for _, r := range gendocs.LintRules {
		rules += fmt.Sprintf("\n  %-19s %s", r.Name, r.Convention)
	}
	cmd.Long += "\n\nRules:" + rules
	return cmd
}

type lintError int

func (n lintError) Error() string { return fmt.Sprintf("%d lint findings", int(n)) }

// parseDate reads --date, falling back to SOURCE_DATE_EPOCH.
func parseDate(date string) (time.Time, error) {
	if date != "" {
		t, err := time.Parse(time.DateOnly, date)
		if err != nil {
			return time.Time{}, fmt.Errorf("--date %q: want YYYY-MM-DD", date)
		}
		return t, nil
	}
	epoch := os.Getenv("SOURCE_DATE_EPOCH")
	if epoch == "" {
		return time.Time{}, nil
	}
	seconds, err := strconv.ParseInt(epoch, 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH=%q: want seconds since 1970-01-01 UTC", epoch)
	}
	return time.Unix(seconds, 0).UTC(), nil
}
