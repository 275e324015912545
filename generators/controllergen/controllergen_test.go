package controllergen_test

import (
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/kubegen/kubegen/internal/testkit"
)

// TestGolden runs kubegen's controller-gen on every testdata case (twice:
// GOMAXPROCS 1 and 8, which must agree) and compares what it writes, or
// the error it prints, with the case's expectations.
func TestGolden(t *testing.T) {
	testkit.RunGolden(t, "testdata", testkit.BuildCommand(t, "./cmd/controller-gen", "controller-gen"))
}

// TestAgainstUpstream runs upstream controller-gen on the same cases:
// it must write exactly the golden files of every case that succeeds, and
// do with each failing case what the case says it does.
func TestAgainstUpstream(t *testing.T) {
	if testing.Short() {
		t.Skip("builds upstream controller-gen")
	}
	bin := testkit.BuildControllerGen(t)
	t.Run("succeeding", func(t *testing.T) { testkit.RunGoldenUpstream(t, "testdata", bin) })
	t.Run("failing", func(t *testing.T) { failingAgainstUpstream(t, bin) })
}

// failingAgainstUpstream checks each failing case's "upstream" file,
// which says what upstream controller-gen does with the same input:
//
//	fails     it fails too (exits non-zero)
//	broken    it exits 0, but the code it writes does not compile
//	lenient   it exits 0 with code that compiles: kubegen is stricter
//	          (--strict, or a deliberate difference the case explains)
func failingAgainstUpstream(t *testing.T, bin string) {
	header := testkit.RepoRoot(t) + "/generators/controllergen/testdata/boilerplate.go.txt"
	for _, c := range testkit.LoadCases(t, "testdata") {
		if c.WantErr == nil {
			continue
		}
		t.Run(c.Name(), func(t *testing.T) {
			t.Parallel()
			verdict := strings.TrimSpace(string(c.Inputs["upstream"]))
			work := c.Setup(t)
			// kubegen's own flags are no upstream flags
			args := slices.DeleteFunc(c.Expand(header, work), func(a string) bool { return a == "--strict" || a == "--verify" })
			res := testkit.Run(t, work, nil, bin, args...)
			switch verdict {
			case "fails":
				if res.ExitCode == 0 {
					t.Errorf("upstream succeeded; the case says it fails")
				}
			case "broken", "lenient":
				if res.ExitCode != 0 {
					t.Fatalf("upstream failed (%d), the case says it exits 0:\n%s", res.ExitCode, res.Stderr)
				}
				build := exec.Command("go", "build", "./...")
				build.Dir = work
				out, err := build.CombinedOutput()
				if verdict == "broken" && err == nil {
					t.Errorf("upstream's code compiles; the case says it does not")
				}
				if verdict == "lenient" && err != nil {
					t.Errorf("upstream's code does not compile; the case says it does:\n%s", out)
				}
			default:
				t.Fatalf(`the case has no "upstream" file saying fails, broken or lenient (got %q)`, verdict)
			}
		})
	}
}

// TestGoldenCRDsValid: every CRD of the golden cases passes the API
// server's CRD validation (structural schemas, CEL rules compiled),
// except crd_validation's, which on purpose holds what controller-gen
// writes and an API server refuses (a default of the wrong type,
// uniqueItems, a CEL fieldPath to no field), and schemapatch_basic's,
// whose version without a package loses its schema, as controller-gen
// does it.
func TestGoldenCRDsValid(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the CRD checker")
	}
	files := map[string][]byte{}
	for _, c := range testkit.LoadCases(t, "testdata") {
		if c.Name() == "crd_validation" || c.Name() == "schemapatch_basic" {
			continue
		}
		for name, data := range c.Want {
			if strings.HasSuffix(name, ".yaml") && strings.Contains(string(data), "\nkind: CustomResourceDefinition\n") {
				files[c.Name()+"/"+name] = data
			}
		}
	}
	if len(files) == 0 {
		t.Fatal("no golden CRDs")
	}
	testkit.CheckCRDs(t, files)
}

// TestWhichMarkersAsUpstream: -w lists the markers of the generators
// asked for, each with the syntax and target upstream's -w gives it
// (upstream adds help texts, in other columns, and leaves out markers
// without one).
func TestWhichMarkersAsUpstream(t *testing.T) {
	if testing.Short() {
		t.Skip("builds upstream controller-gen")
	}
	args := []string{"-w", "object", "crd", "rbac:roleName=r", "webhook", "schemapatch:manifests=m", "applyconfiguration"}
	dir := t.TempDir()
	lines := func(bin string) map[string]bool {
		res := testkit.Run(t, dir, nil, bin, args...)
		if res.ExitCode != 0 {
			t.Fatalf("%s -w: exit %d\n%s", bin, res.ExitCode, res.Stderr)
		}
		out := map[string]bool{}
		for _, l := range strings.Split(res.Stderr, "\n") { // -w prints there
			if f := regexp.MustCompile(`\s{2,}`).Split(strings.TrimSpace(l), 3); strings.HasPrefix(l, "+") && len(f) >= 2 {
				out[f[0]+"  "+f[1]] = true
			}
		}
		return out
	}
	up, ours := lines(testkit.BuildControllerGen(t)), lines(testkit.BuildCommand(t, "./cmd/controller-gen", "controller-gen"))
	for l := range up {
		if !ours[l] {
			t.Errorf("upstream lists %s, kubegen does not", l)
		}
	}
	for l := range ours {
		// Registered upstream without a help text, which its -w skips.
		if !up[l] && l != "+k8s:enum  field" {
			t.Errorf("kubegen lists %s, upstream does not", l)
		}
	}
	if len(up) < 140 {
		t.Errorf("upstream lists %d markers: has its -w output changed?", len(up))
	}
}
