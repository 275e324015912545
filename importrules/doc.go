// Package importrules enforces the import rules Kubernetes-style repositories
// keep, in the three forms Kubernetes itself uses, and is the engine behind
// cmd/importverifier. This comment is its manual.
//
// # Command
//
//	importverifier <root-prefix> <restrictions.yaml>            # importverifier format
//	importverifier restrictions [--json] <root-prefix> <file>    # the same, spelled out
//	importverifier import-boss [--json] [-v N] [packages]        # .import-restrictions files
//	importverifier aliases [--json] [--import-aliases file] [--include-path re] [--confirm|--fix] [dirs]
//
// The first argument selects the mode when it is restrictions, import-boss or
// aliases; anything else means the importverifier format, so
// `importverifier k8s.io/ staging/publishing/import-restrictions.yaml` works
// as before. A binary installed as import-boss or preferredimports runs
// that mode without a subcommand. Flags may come before or after the other
// arguments. import-boss mode accepts klog's logging flags (-v, --logtostderr,
// ...) and ignores all but -v.
//
// The restrictions and import-boss modes load packages once, in the
// current directory, through golang.org/x/tools/go/packages: names, files
// and imports, with tests, without type checking ([Load]); both checks run
// on the loaded [Tree]. The aliases mode needs no package information: like
// preferredimports it walks directories and parses import declarations
// ([AliasFiles]), which is faster and sees the same files. All modes print
// one finding a line, sorted:
//
//	pkg/a/a.go:12: example.com/a -> example.com/b: forbidden (rule pkg/.import-restrictions:3)
//
// that is the importing file:line, the package checked, the relation, the
// other package, the problem and the rule (file:line) that decided. --json
// prints the same as a JSON array of [Finding]. Exit status: 0 when there
// is nothing to report, 1 when there are findings, 2 on bad configuration
// or input (unreadable or malformed file, unknown key, bad regular
// expression, wrong arguments, packages that do not load), with one error
// naming the file and line.
//
// # importverifier format
//
// A YAML list; keys are case-sensitive, unknown keys are errors:
//
//	# staging/publishing/import-restrictions.yaml
//	- baseImportPath: ./pkg/apis/core   # a directory, relative to the current one
//	  ignoredSubTrees: [./pkg/apis/core/validation]
//	  allowedImports: [k8s.io/apimachinery, k8s.io/kubernetes/pkg/apis/core]
//	  excludeTests: false
//
// Every package in a directory under baseImportPath and not under an
// ignored subtree is checked. Its imports that start with root-prefix (a
// plain string prefix, "k8s.io/" in Kubernetes) must equal an allowed
// import or lie below one by whole path segments. The imports of _test.go
// files (internal and external tests) count unless excludeTests is true.
// A package's own base is not implicitly allowed: list it. Each package
// reports each bad import once; a base without packages is an error.
//
// # import-boss format
//
// A package is checked against the .import-restrictions files in its
// directory and its parents, closest first. The search stops after the
// first directory that holds go.mod or is named src. Files are YAML or
// JSON with keys in any case:
//
//	rules:                      # about what packages below import
//	  - selectorRegexp: k8s[.]io
//	    allowedPrefixes: [k8s.io/api, ""]
//	    forbiddenPrefixes: [k8s.io/kubernetes/cmd]
//	    transitive: false       # true: also judge indirect imports
//	inverseRules:               # about which packages import those below
//	  - selectorRegexp: ...
//
// For each import, the rules of the closest file are tried in order, then
// those of the next file. A rule applies when its selector (an unanchored
// regular expression) matches the import path and, unless it is
// transitive, the import is direct. It forbids the import if a forbidden
// prefix matches, else allows it if an allowed prefix matches, else leaves
// the decision to the next rule. A prefix matches when it is "", equal to
// the path, or a whole-segment prefix of it ("k8s.io/api" covers
// "k8s.io/api/core" but not "k8s.io/apis"; "k8s.io/api/" does not cover
// "k8s.io/api"). A missing list and an empty list both match nothing. If a
// selector matched but no rule decided, the import is "unmatched", which
// is reported too, against the first rule that selected it; imports no
// selector matches are fine.
//
// Every build is checked on its own: the package, its internal test build
// (named "<path> [test]") and its external test package ("<path>_test").
// An external test importing its own package is not judged.
//
// Inverse rules judge the packages of the same run that import a package,
// directly ("<-") or, for transitive rules, through other packages ("<--";
// only packages, not test builds, pass an import on). As in import-boss,
// inverse rules apply to packages only, not to test builds, and the
// selector and prefixes of an inverse rule see a test build that imports
// the package as "<path> ((tests:<package name>))", so a prefix allowing
// "example.com/friend" does not allow friend's tests.
//
// Where import-boss's README and code disagree, we follow the code (see
// README.md next to this file): the search also stops at a directory named
// src; an import no rule decides is reported only if a selector matched it;
// inverse rules skip test builds and see test importers by their
// ((tests:...)) names; "a/b/" is not a prefix of "a/b".
//
// # Preferred aliases
//
// The aliases file (default hack/.import-aliases) is a JSON object mapping
// regular expressions over import paths to aliases, which may use the
// expression's groups ($1). An import whose path one expression matches
// whole must use that alias; with several, the first in sorted order
// decides. The directories below the arguments (default "."; a trailing
// "/..." is ignored) are walked, skipping hidden ones and a vendor or
// _output directory right below an argument; the .go files of those whose
// path, as spelled from the argument ("test/e2e/x" for "."), matches
// --include-path (default "(test/e2e/|test/e2e_node)") are checked: tests,
// testdata, nested modules and files excluded by build constraints
// included. --confirm (or --fix) rewrites the files instead: it renames the
// import and its uses as a package qualifier, leaving local variables that
// shadow the old name alone, and exits 0.
//
// # Differences from the upstream tools
//
// Verdicts on valid configurations are those of the Kubernetes v1.37.2
// tools; the parity tests check them. On purpose we differ where they
// would be silent or crash:
//   - Unknown keys, duplicate keys, values of the wrong type, a missing
//     baseImportPath and alias templates that do not give an identifier are
//     errors (exit 2). Upstream ignores or misreads them.
//   - Bad regular expressions and unreadable rule files exit 2 once, not
//     as one finding per package.
//   - Packages that fail to load exit 2; upstream import-boss logs the
//     error and then checks nothing, exiting 0.
//   - Blank and dot imports are not subject to aliases; upstream reports
//     them and --confirm would rename every "_" in the file.
//   - Upstream preferredimports skips everything when a directory argument
//     starts with "." other than "." itself (it takes "./test" for a hidden
//     directory), and it skips pkg/kubectl/cmd/testdata/edit by name; we do
//     neither. A file that does not parse is a configuration error (exit 2),
//     not a finding.
//   - Findings are sorted and carry file:line; upstream picks among
//     overlapping alias patterns and orders indirect imports by map order.
package importrules
