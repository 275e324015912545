// Package codegen is the kubegen command: kube_codegen.sh's generator
// calls, run in one process over one package load, with the generators'
// formatting spread over all cores and an incremental cache.
//
// # Calls
//
// Each call takes the flags of the kube_codegen.sh function it mirrors,
// finds its input packages the way that function does (the directories
// under <input-dir> with a Go file whose line matches the tag, skipping
// .git, _output and vendor), and runs the same upstream-equivalent
// generators with the same flags, so its output is byte-identical to the
// function's:
//
//	kubegen helpers  [flags] <input-dir>   kube::codegen::gen_helpers
//	    --boilerplate FILE, --extra-peer-dir PKG, --lint-rules RULES
//	    in this order: deepcopy (+k8s:deepcopy-gen=) into
//	    zz_generated.deepcopy.go, validations (+k8s:validation-gen=, also
//	    =false) into zz_generated.validations.go, with kube_codegen.sh's
//	    read-only packages (apimachinery's meta/v1, resource, runtime,
//	    types, intstr, version, and time) as --readonly-pkg, defaulters
//	    (+k8s:defaulter-gen=) into zz_generated.defaults.go and
//	    conversions (+k8s:conversion-gen=, also =false) into
//	    zz_generated.conversion.go, each --extra-peer-dir passed on as
//	    conversion-gen's --extra-peer-dirs; --lint-rules goes to all four
//	kubegen register [flags] <input-dir>   kube::codegen::gen_register
//	    --boilerplate FILE, --lint-rules RULES
//	    zz_generated.register.go for +groupName packages
//	kubegen client   [flags] <input-dir>   kube::codegen::gen_client
//	    --output-dir DIR, --output-pkg PKG (required), --one-input-api DIR,
//	    --clientset-name, --versioned-name, --with-applyconfig,
//	    --applyconfig-name, --applyconfig-externals,
//	    --applyconfig-openapi-schema, --with-watch, --listers-name,
//	    --informers-name, --plural-exceptions, --prefers-protobuf,
//	    --boilerplate, --lint-rules; and, kubegen only,
//	    --applyconfig-schema-from-openapi (see below)
//	    clientset (and applyconfigurations, listers, informers) for the
//	    +genclient packages <group>/<version> under <input-dir>
//	kubegen openapi  [flags] <input-dir>   kube::codegen::gen_openapi
//	    --output-dir, --output-pkg (required), --extra-pkgs PKG,
//	    --report-filename, --update-report, --output-model-name-file,
//	    --boilerplate
//
// Every call also takes:
//
//	--verify     write nothing; print a unified diff of each out-of-date,
//	             missing or stale file and exit 1 if there is one
//	--strict     fail, writing nothing, where a generator warns
//	--year N     the year for YEAR in the header (default
//	             $SOURCE_DATE_EPOCH's, else the current year)
//	-v N         log verbosity (default $KUBE_VERBOSE)
//
// and prints, like kube_codegen.sh, "Generating ... code for N targets".
//
// Where upstream exits 0 with output that compiles, so does kubegen, with
// the same output: its checks beyond upstream's are warnings on stderr
// ("kubegen: warning: file:line: ..."), which a run answered by the cache
// prints again, and --strict makes them errors. The input directory and
// file flags take the forms scripts use: "." for a module rooted at its
// API group (the group is then named "." as upstream names it, with a
// warning, since the client file that gives is one Go ignores), and pipes
// or process substitutions (--applyconfig-openapi-schema <(go run
// ./models-schema)), read once. --extra-pkgs may name packages of other
// modules: their model-name files in the module cache are left alone when
// they are up to date, and a run that would change one stops and shows
// the change.
//
// # Upstream tools' own command lines
//
// A call may also be an upstream generator with its own flags and package
// arguments, for scripts that run the tools one by one (kubernetes'
// hack/update-codegen.sh does):
//
//	kubegen <tool> --go-header-file FILE [its flags] <packages>...
//
// <tool> is deepcopy-gen, defaulter-gen, conversion-gen, validation-gen,
// register-gen, client-gen, lister-gen, informer-gen,
// applyconfiguration-gen, openapi-gen, prerelease-lifecycle-gen,
// go-to-protobuf or genswaggertypedocs (which kube_codegen.sh has no
// function for; kubernetes' update-codegen.sh runs them; go-to-protobuf
// names its packages with --packages and --apimachinery-packages);
// --verify, --year and -v work as above (validation-gen's --docs does not:
// it generates nothing, so run gen-validation --docs). Within 'kubegen
// all' they share the load with the other calls. Where the tool's command
// line is not one a run can take, the call takes another:
//
//	genswaggertypedocs --go-header-file FILE [--output-file NAME] <packages>...
//	    kubernetes runs genswaggertypedocs -s <dir>/types.go -f - per
//	    package and wraps what it prints into
//	    <dir>/types_swagger_doc_generated.go (its update-codegen.sh's
//	    gen_types_swagger_doc: the header, the package clause, a fixed
//	    preamble, the functions, an end marker, gofmt -s); the call
//	    writes those files for the packages with a types.go, as
//	    gen-swaggerdocs does
//	applyconfiguration-gen --schema-from-openapi [its flags] <packages>...
//	    --openapi-schema <(models-schema) without building models-schema:
//	    the definitions of the openapi-gen (or openapi) call before it,
//	    evaluated in process (see below)
//
// openapi-gen's call, like openapi-gen, never removes a model-name file
// (a package that dropped its +k8s:openapi-model-package tag keeps its
// old one, as kubernetes ships pkg/apis/abac/v0's); its definitions file
// is removed when no longer generated. hack/kubernetes-codegen.sh runs
// kubernetes' whole update-codegen.sh so, in one run.
//
// # One load for several calls
//
//	kubegen all <call> [flags] <input-dir> [-- <call> [flags] <input-dir>]...
//
// runs the calls together: one load of the union of their inputs, then
// each generator over its own packages, one after another, each call's
// files formatted on the other cores meanwhile. The files are exactly
// those of the calls run one by one: a file two calls write is written
// once (with the later call's content, and a warning if the two differ),
// one that a later call finds stale is removed, and a generator sees what
// the earlier calls generate (deepcopy-gen the types that get a
// DeepCopyInto from an earlier deepcopy-gen call, as it would see their
// files).
//
// A kube_codegen.sh call (helpers, register, client, openapi) may be
// prefixed with "-C <dir>": its relative paths (the input directory,
// --boilerplate, --output-dir, --report-filename,
// --applyconfig-openapi-schema) are then relative to dir, as if the call
// ran there. That is how one run takes the calls of several projects'
// update-codegen.sh scripts, which kube_codegen.sh records with
// KUBEGEN_BATCH=FILE instead of running them (see kube_codegen.sh).
//
// # The apply configurations' schema, in process
//
// kube_codegen.sh's client call takes the apply configurations' OpenAPI
// schema as a file (--applyconfig-openapi-schema) that only a compiled
// program can print: kubernetes builds and runs its models-schema command
// over the definitions gen_openapi just wrote. Instead,
//
//	kubegen all ... -- openapi [flags] <dir> \
//	    -- client --with-applyconfig --applyconfig-schema-from-openapi [flags] <dir>
//
// evaluates the definitions the openapi call generates in the same run
// (zz_generated.openapi.go as it is about to be written; see package
// openapi/evaluate) into the same document, with nothing to build or run:
// the output is identical to the client call's with models-schema's file.
// The flag needs --with-applyconfig and an earlier openapi call of the same
// run, and excludes --applyconfig-openapi-schema; otherwise it is a usage
// error. A type's own schema method (OpenAPISchemaType, …) is run for
// apimachinery's Quantity, IntOrString, Time, MicroTime and Duration, and
// read from the type's source where its body returns a literal (nil, a
// string, a []string of strings: apiextensions' JSON types). Definitions
// that only the compiled program can evaluate (other such methods,
// OpenAPIDefinition, or a hand-written OpenAPIModelName) fail the run with
// their file:line: use --applyconfig-openapi-schema with a models-schema
// program for them. Without the flag the client call is exactly
// kube_codegen.sh's. applyconfiguration-gen's call takes the same with
// --schema-from-openapi, after an openapi-gen or openapi call.
//
// # Writing
//
// All files of a run are formatted in parallel and written only if their
// bytes change, each through a temporary file and a rename, after every
// generator succeeded: a failing run leaves the tree as it was. Generated
// files (by their "Code generated by" line) that a call no longer produces
// are removed: deepcopy, validation, defaulter, conversion and register
// output anywhere under <input-dir> (as kube_codegen.sh deletes it before
// generating, only when some package asks for that generator; only the
// files of those names, so validation-gen's test files stay, as there),
// client output under its output directories. --verify reports them.
//
// # The cache
//
// A run whose inputs are unchanged since the last successful run with the
// same command line is answered from a fingerprint of the module's Go
// files, the output directories' and the files flags name (schemas,
// reports, validation-gen's --test-allowlist), without loading (see
// package cache; KUBEGEN_CACHE=off disables it, KUBEGEN_CACHE=DIR moves
// it).
//
// # Output
//
// On a terminal, a progress line shows the load and ends with a summary
// (packages, files written, unchanged, stale removed); elsewhere kubegen
// prints only the "Generating" lines and errors, unless -v asks for more.
//
// Exit codes: 0 done or up to date, 1 failure or out-of-date files with
// --verify, 2 bad command line.
package codegen
