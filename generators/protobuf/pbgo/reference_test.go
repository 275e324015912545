package pbgo

import (
	"bytes"
	"go/format"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/kubegen/kubegen/internal/testkit"
)

// TestReference regenerates the generated.pb.go of all 67 packages
// go-to-protobuf generates in k8s.io/api and k8s.io/apimachinery v0.37.2
// (60 of api, the 7 default --apimachinery-packages) and requires the
// shipped bytes; RewriteStructTags must leave every .go file of those
// packages as shipped.
//
// It needs, under refDir() ($KUBEGEN_PBREF, default /tmp/pbref):
//
//	src-shipped/k8s.io/{api,apimachinery}  the modules as shipped (the expected output)
//	src-idl/k8s.io/{api,apimachinery}      the same after upstream's
//	                                       go-to-protobuf --only-idl: the
//	                                       gogo-annotated generated.proto
//	                                       of each package (the input)
//	boilerplate.generatego.txt             kubernetes' hack/boilerplate/boilerplate.generatego.txt
//	gogo-out/ (optional)                   protoc-gen-gogo's own output for
//	                                       each IDL, to compare GenerateGo with:
//	                                       from src-idl, for each file F,
//	                                       PATH=bin:$PATH protoc -I . -I ../vendor
//	                                       -I ../third_party/protobuf --gogo_out=../gogo-out F
//
// To make src-idl: copy src-shipped, add a go.work using both modules,
// and from its root run code-generator v0.37.2's go-to-protobuf with
// --only-idl --output-dir=. --go-header-file=boilerplate.generatego.txt
// --packages=<the 60 k8s.io/api packages with // +k8s:protobuf-gen=package>
// (the default --apimachinery-packages stay). Without the tree the test
// is skipped.
func TestReference(t *testing.T) {
	ref := refDir()
	idlRoot, shipped := filepath.Join(ref, "src-idl"), filepath.Join(ref, "src-shipped")
	for _, d := range []string{idlRoot, shipped} {
		if _, err := os.Stat(d); err != nil {
			t.Skipf("no reference tree (%v); see TestReference's doc for how to make one, and KUBEGEN_PBREF", err)
		}
	}
	boilerplate, err := os.ReadFile(filepath.Join(ref, "boilerplate.generatego.txt"))
	if err != nil {
		t.Skipf("no boilerplate: %v", err)
	}
	header := bytes.ReplaceAll(boilerplate, []byte("YEAR"), []byte(strconv.Itoa(time.Now().UTC().Year())))
	header = append(header, '\n') // as gengo's GoBoilerplate adds

	if idlRoot, err = filepath.EvalSymlinks(idlRoot); err != nil {
		t.Fatal(err)
	}
	sources := map[string][]byte{}
	err = filepath.WalkDir(idlRoot, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.Name() != "generated.proto" {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(idlRoot, p)
		sources[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(sources) == 0 {
		t.Fatalf("no generated.proto under %s", idlRoot)
	}
	targets := make([]string, 0, len(sources))
	for p := range sources {
		targets = append(targets, p)
	}
	// Biggest first, so that the parallel run ends evenly.
	slices.SortFunc(targets, func(a, b string) int { return len(sources[b]) - len(sources[a]) })

	gogoOut := filepath.Join(ref, "gogo-out")
	if _, err := os.Stat(gogoOut); err != nil {
		t.Logf("no %s: GenerateGo's output is not compared with protoc-gen-gogo's", gogoOut)
		gogoOut = ""
	}
	results := make(chan refResult, len(targets))
	work := make(chan string)
	set := NewSet(sources, nil)
	cpu0, wall0 := cpuTime(), time.Now()
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for target := range work {
				results <- checkPackage(t, set, target, filepath.Join(shipped, filepath.Dir(target)), header, gogoOut)
			}
		})
	}
	for _, p := range targets {
		work <- p
	}
	close(work)
	wg.Wait()
	wall, cpu := time.Since(wall0), cpuTime()-cpu0
	close(results)

	var all []refResult
	identical := 0
	var gen, rew time.Duration
	for r := range results {
		all = append(all, r)
		if r.ok {
			identical++
		}
		gen += r.gen
		rew += r.rew
	}
	slices.SortFunc(all, func(a, b refResult) int { return int((b.gen + b.rew) - (a.gen + a.rew)) })
	for _, r := range all[:min(5, len(all))] {
		t.Logf("  %-55s gogo %6.0fms  rewrite+tags %6.0fms", r.target, ms(r.gen), ms(r.rew))
	}
	t.Logf("identical %d/%d; %d goroutines: %.2fs wall, %.2fs CPU (summed per package, waits included: gogo %.2fs, the rest of Generate and RewriteStructTags %.2fs)",
		identical, len(targets), runtime.GOMAXPROCS(0), wall.Seconds(), cpu.Seconds(), gen.Seconds(), rew.Seconds())
	if identical != len(targets) {
		t.Errorf("identical %d/%d", identical, len(targets))
	}
}

type refResult struct {
	target   string
	ok       bool
	gen, rew time.Duration
}

// checkPackage generates one package as gen-protobuf does (with
// Set.Generate) and compares it with the shipped files in dir, and, when
// gogoOut is set, GenerateGo's output with protoc-gen-gogo's there.
func checkPackage(t *testing.T, set *Set, target, dir string, header []byte, gogoOut string) (res refResult) {
	res.target = target
	start := time.Now()
	raw, err := set.generate(target) // GenerateGo before its gofmt
	res.gen = time.Since(start)
	if err != nil {
		t.Errorf("%s: %v", target, err)
		return res
	}
	if gogoOut != "" {
		want, err := os.ReadFile(filepath.Join(gogoOut, strings.TrimSuffix(target, ".proto")+".pb.go"))
		if err != nil {
			t.Fatal(err)
		}
		got, err := format.Source(raw) // the rest of GenerateGo
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: GenerateGo differs from protoc-gen-gogo:\n%s", target, firstLines(diffText(want, got), 40))
		}
	}
	start = time.Now()
	defer func() { res.rew = time.Since(start) }()

	goFiles := map[string][]byte{}
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") || filepath.Base(name) == "generated.pb.go" {
			continue
		}
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		goFiles[name] = b
	}
	has, opt := goTypes(t, goFiles)
	out, tags, err := rewrite(raw, header, mapFunc(has), mapFunc(opt), rewriteMode{unformatted: true}) // the rest of Generate
	if err != nil {
		t.Errorf("%s: %v", target, err)
		return res
	}
	want, err := os.ReadFile(filepath.Join(dir, "generated.pb.go"))
	if err != nil {
		t.Fatal(err)
	}
	res.ok = bytes.Equal(out, want)
	if !res.ok {
		t.Errorf("%s: generated.pb.go differs from the shipped one:\n%s", target, firstLines(diffText(want, out), 40))
	}
	if len(tags) == 0 {
		return res // upstream leaves the Go files alone
	}
	for name, src := range goFiles {
		got, err := RewriteStructTags(name, src, tags)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			res.ok = false
			continue
		}
		if !bytes.Equal(got, src) {
			t.Errorf("RewriteStructTags changed the shipped %s:\n%s", name, firstLines(diffText(src, got), 40))
			res.ok = false
		}
	}
	return res
}

func diffText(want, got []byte) string { return testkit.Diff(string(want), string(got)) }

func firstLines(s string, n int) string {
	lines := strings.SplitAfter(s, "\n")
	if len(lines) <= n {
		return s
	}
	return strings.Join(lines[:n], "") + "…\n"
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// cpuTime is the CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
