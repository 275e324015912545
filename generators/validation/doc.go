// Package validation generates declarative validation code: the
// zz_generated.validations.go files of Kubernetes API packages, with a
// Validate_<Type> function per validated type and a RegisterValidations
// function that registers the root types' functions with a scheme. It is
// a drop-in for k8s.io/code-generator's validation-gen (v0.37.2): same
// flags, same tags, byte-identical output.
//
// # Which packages
//
// A package asks for a file in its doc.go:
//
//	+k8s:validation-gen=*                      every exported type is a root
//	+k8s:validation-gen=TypesWithField=TypeMeta  structs with a field of that name
//	+k8s:validation-gen=TypesWithSuffix=Status   types whose name ends so
//	+k8s:validation-gen=false                  no file
//
// (the values may be repeated, one a line; "false" mixed with others is an
// error). More package tags:
//
//	+k8s:validation-gen-input=example.com/api/v1
//	        validate the types of that package (an import path), writing
//	        the functions into this one (kubernetes' pkg/apis/core/v1 for
//	        k8s.io/api/core/v1)
//	+k8s:validation-gen-scheme-registry=example.com/x.Scheme
//	        the type RegisterValidations takes a pointer to (default
//	        k8s.io/apimachinery/pkg/runtime.Scheme); "nil": no register
//	        function. The file calls localSchemeBuilder.Register, which
//	        the package declares.
//	+k8s:validation-gen-test-fixture=validateFalse
//	        also write zz_generated.validations_test.go (the output file's
//	        name with _test), which runs the package's fixtures
//	+k8s:validation-gen-nolint
//	        do not lint the package's root types
//	+k8s:validation-gen-test-targets
//	        coverage tests of the package's kinds (see Coverage)
//
// # Which types
//
// Root types are the exported types of the package the criteria select,
// in name order, but for structs that embed metav1.ListMeta (lists);
// +k8s:validation-gen=true or =false on a type (in the comment block
// above it or the one above that) selects or drops it whatever the
// criteria. Each root type, and each type it uses that has validations
// (transitively: a struct whose field's type has tags has validations),
// gets a Validate_<Type> function, in gengo's order: by name, with the
// first letter upper-cased (aNote before B). Types of packages that are
// neither inputs nor --readonly-pkg packages are opaque: a field of such a
// type is an error unless it is tagged +k8s:opaqueType (or, for the keys
// and values of lists and maps, +k8s:eachKey=+k8s:opaqueType and
// +k8s:eachVal=+k8s:opaqueType). Calls of another package's functions go
// to that package's canonical output: the package that registers its
// validation (at most one may), or else the first (by path) that
// generates it; a package's own types are validated by its own file.
//
// RegisterValidations registers each root type with validations for the
// subresources its tags name: +k8s:supportsSubresource="/status" (any
// number) and +k8s:isSubresource="/scale" (at most one; without it the
// type also validates the resource itself, "/").
//
// Not supported, as upstream: pointer root types, pointers to pointers,
// lists or maps, fixed-size arrays, lists of lists (but [][]byte) or of
// maps, maps with keys that are not strings, maps of pointers or maps,
// validations on maps of lists, typedefs to pointers.
//
// # Tags
//
// The validation tags (+k8s:required, +k8s:maxLength=10, +k8s:eachVal=...,
// +k8s:listType=map, ...) are read on types (the comment block right above
// the type), fields and constants, and handled by the tag validators of
// package validators; `gen-validation --docs` prints their documentation
// as upstream does. This package is the engine: it discovers the types,
// asks the validators what each place's tags want (validators.Registry),
// and writes the code: the calls of each place in cohorts (the unnamed
// one first, then the named ones in the order they appear, short-
// circuiting calls first in each), a ratcheting check before the
// validation of each struct field (unchanged values are not validated
// again), a no-nil check first on []*T fields, and the iteration of lists
// and maps whose elements' types have validations.
//
// # Flags
//
//	--output-file NAME        file written into each package (default
//	                          generated.validations.go; kubernetes uses
//	                          zz_generated.validations.go)
//	--readonly-pkg PKG        a package whose types' validations generated
//	                          code may call, without generating them
//	                          (repeatable, comma-separated)
//	--lint-rules RULES        known-tags-only, require-explicit-disablement
//	                          (see package apidefs)
//	--test-output-root DIR, --test-output-file-prefix P, --test-allowlist F
//	                          coverage test fixtures (see Coverage)
//	--docs                    print the tags' documentation and exit
//
// plus the flags of package run (--go-header-file, -v, --verify, --strict,
// --year).
//
// # Errors
//
// Where upstream stops with a fatal log line (or a panic), this package
// returns an error with the file:line:col of the tag, field or type it is
// about and upstream's wording after it; it reports every package's first
// error in one run, not only the first. Where upstream writes code that
// does not compile, this package fails instead: a NonError validation
// that does not also short-circuit, validations inside fields of
// anonymous struct types.
//
// # Lint
//
// Always on, as upstream, for the root types of packages without
// +k8s:validation-gen-nolint and every type they reach (a type tagged
// +k8s:validation-gen-nolint is skipped with what it reaches), on the tags
// of each type's doc comment and of each field:
//
//   - +k8s:alpha and +k8s:beta start a chain and carry a tag;
//   - no tag of a chain is less stable than its context: Stable in GA
//     packages, Beta in a v<N>beta<M> package or under +k8s:beta, Alpha
//     in v<N>alpha<M> or under +k8s:alpha; under +k8s:ifEnabled or
//     +k8s:ifDisabled a Stable context is relaxed to Beta;
//   - a field that is not a struct and has validations, its own or of
//     the types it reaches (through pointers, lists, maps and defined
//     types, but not through opaque ones), says +k8s:optional,
//     +k8s:required or +k8s:forbidden.
//
// Every finding of a run is reported at once, each at its file:line, and
// nothing is written. Then every ValidateCustom_<Name> function of a
// generated package must be asked for by a +k8s:customValidation tag, and
// none may be written in an -input package instead.
//
// # Coverage
//
// A package tagged +k8s:validation-gen-test-targets also gets
// <output file>_coverage_test.go: for each root type, the errors each
// field path can report (coverage.RegisterDeclaredRules of
// k8s.io/apimachinery/pkg/test/coverage, paths sorted, "[*]" for list and
// map values), and a TestMain that fails when a declared error was never
// exercised. With --test-output-root, every kind of a registering package
// gets such a registration for each of its versions in a test package of
// its own, <root>/<short group>/<lower-case kind>/, one
// <prefix><version>_test.go per version and a <prefix>main_test.go; kinds
// of packages whose name is not an API version (v1, v2beta1) are left out,
// and so are the rules --test-allowlist (a YAML list of apiVersion, kind,
// path, errorType, origin and reason, "*" matching anything but in
// apiVersion) names. Stale files under the root are removed.
package validation
