// Package importrules enforces the import rules Kubernetes-style repositories
// keep, in the three forms Kubernetes itself uses, and the two dependency
// rules of its hack/verify-no-vendor-cycles.sh and hack/lint-dependencies.sh.
// It is the engine behind cmd/importverifier. This comment is its manual.
//
// # Command
//
//	importverifier <root-prefix> <restrictions.yaml>            # importverifier format
//	importverifier restrictions [--json] <root-prefix> <file>    # the same, spelled out
//	importverifier import-boss [--json] [-v N] [packages]        # .import-restrictions files
//	importverifier aliases [--json] [--import-aliases file] [--include-path re] [--confirm|--fix] [dirs]
//	importverifier dependencycheck [--json] -restrict re [-exclude re] <go-list-deps.json>
//	importverifier dependencyverifier [--json] <unwanted-dependencies.json>
//
// The first argument selects the mode when it is restrictions, import-boss,
// aliases, dependencycheck or dependencyverifier; anything else means the
// importverifier format, so
// `importverifier k8s.io/ staging/publishing/import-restrictions.yaml` works
// as before. A binary installed as import-boss, preferredimports,
// dependencycheck or dependencyverifier runs that mode without a
// subcommand, with the upstream tool's arguments. Flags may come before or
// after the other arguments. import-boss mode accepts klog's logging flags
// (-v, --logtostderr, ...) and ignores all but -v.
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
// # Restricted dependencies
//
// dependencycheck reads a file of `go list -json` output, the stream of
// objects that
//
//	go list -mod=vendor -test -tags linux -e -deps -json ./vendor/... > deps.json
//	importverifier dependencycheck -restrict '^k8s\.io/kubernetes/' \
//	    -exclude '^k8s\.io/(api|apimachinery|client-go|...)(/|$)' deps.json
//
// prints. Every package in it whose import path does not match -exclude (an
// unanchored regular expression; none if empty) is checked: its imports,
// test imports and external test imports must not match -restrict, which is
// required. Only what the file lists is checked, so list it with -deps to
// cover indirect imports. Each finding is one package and one restricted
// import, at the line of the package's object in the file, and names the
// chain of imports through which the package is in the listing, starting
// from a package the listing was asked for (one that is not DepOnly):
//
//	deps.json:5021: example.com/x -> k8s.io/kubernetes/pkg/util: restricted, reached through example.com/y -> example.com/x (rule -restrict)
//
// When there are findings, the line upstream ends with, "Found restricted
// dependency violations in packages", follows on stderr.
//
// # Unwanted dependencies
//
// dependencyverifier, run like hack/lint-dependencies.sh runs upstream's
// (GOWORK=off GOFLAGS=-mod=mod, in the module root), checks the file
//
//	{
//	  "spec": {
//	    "unwantedModules": {"github.com/gogo/protobuf": "unmaintained"},
//	    "pinnedModules": {"github.com/google/cel-go": {"version": "v0.29.2", "reason": "..."}}
//	  },
//	  "status": {
//	    "unwantedReferences": {"github.com/gogo/protobuf": ["github.com/x/y"]},
//	    "unwantedVendored": ["github.com/gogo/protobuf"]
//	  }
//	}
//
// against `go mod graph`, the go.mod files of the main modules and
// vendor/modules.txt. The main modules are the graph's modules without a
// version or at v0.0.0 (the staging modules, which the root go.mod
// replaces with directories). From each, in the graph's order, it walks
// the requirements, following every module at the version the first main
// module requiring it asks for, never entering a module whose path is
// already on the chain, and exploring each module once per main module.
// Each module met that spec.unwantedModules lists is recorded as required
// by the module it was reached from: a main module only if its go.mod
// requires it directly (not // indirect). A module counts as vendored if
// vendor/modules.txt has a line "# path version" for it (replaced modules
// have more fields and do not count).
//
// The status must list exactly those references and vendored modules,
// sorted, as upstream writes it; the findings name what to remove (stale:
// a module no longer referenced, a dependant or vendored module no longer
// there) and what is new (unwanted: a new dependant, a newly vendored
// module), at the line of the entry in the file, and, where the right
// modules are listed but not as upstream would write them (unsorted,
// duplicates, a missing "unwantedVendored": []), what to write instead
// (not canonical). A module of spec.pinnedModules that the first main
// module requiring it requires at another version than its pin is a
// finding too:
//
//	hack/unwanted-dependencies.json:99: gopkg.in/yaml.v3 <- go.uber.org/zap: unwanted, new dependant; ... (rule hack/unwanted-dependencies.json:99)
//	hack/unwanted-dependencies.json:4: github.com/google/cel-go: pinned, required at v0.30.0, pinned to v0.29.2: ...; revert the update (rule ...)
//
// Keys of the file's fixed sections match in any case, as in upstream;
// unknown keys are errors, and so are duplicate keys and data after the
// object.
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
//   - dependencycheck prints one finding per package and import, with the
//     chain of imports, instead of a "Found dependency violations in
//     package" block per package in map order (with an import twice when
//     the package and its tests import it); a package listed twice has all
//     its records checked, where upstream reports the last one only. Bad
//     flags, arguments and files exit 2, where upstream's log.Fatal exits 1.
//   - dependencyverifier reads each main module's direct requirements from
//     its go.mod (`go mod edit -json`: the requirements not marked
//     // indirect, which is what upstream's `go list -m all` reports as
//     direct, without the network or rewriting go.sum). It looks for a
//     main module's go.mod in the directory the root go.mod replaces it
//     with before upstream's staging/src/<path>. It reports everything at
//     once: pinned modules also when the status is out of date, where
//     upstream stops before them; a status that differs only in order,
//     duplicates or null against [] is explained entry by entry, where
//     upstream prints both statuses and a diff. Findings go to stdout;
//     upstream logs everything to stderr. A missing vendor/modules.txt and
//     a file that does not parse exit 2 (upstream: 1); upstream ignores
//     duplicate keys and data after the object.
package importrules
