package pbgo

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// refDir is the upstream reference kit: $KUBEGEN_PBREF, by default
// /tmp/pbref. It holds bin/ (go-to-protobuf, protoc-gen-gogo and
// goimports of k8s.io/code-generator v0.37.2 and golang.org/x/tools
// v0.47.0, built with go build), vendor/github.com/gogo/protobuf/gogoproto/gogo.proto
// and third_party/protobuf (kubernetes v1.37.2's), and for TestReference
// the trees src-shipped/ and src-idl/ (see there). protoc 3.21.12 must be
// on PATH (Debian: apt-get install protobuf-compiler).
func refDir() string {
	if d := os.Getenv("KUBEGEN_PBREF"); d != "" {
		return d
	}
	return "/tmp/pbref"
}

// updateGolden redoes the golden archive's upstream outputs from its Go
// sources (src/, kept as they are), with upstream's own programs:
//
//	go-to-protobuf --only-idl                      → idl/
//	protoc --gogo_out (code-generator's plugin)    → gogo/
//	go-to-protobuf (full run, --conditional)       → want/
//	go-to-protobuf (full run, --drop-gogo-go=false) → want-keepgogo/
func updateGolden(t *testing.T) {
	ref := refDir()
	bin := filepath.Join(ref, "bin")
	for _, tool := range []string{"go-to-protobuf", "protoc-gen-gogo", "goimports"} {
		if _, err := os.Stat(filepath.Join(bin, tool)); err != nil {
			t.Fatalf("-update needs upstream's %s in %s (set KUBEGEN_PBREF): %v", tool, bin, err)
		}
	}
	if _, err := exec.LookPath("protoc"); err != nil {
		t.Fatalf("-update needs protoc 3.21 on PATH: %v", err)
	}
	a, err := txtar.ParseFile(goldenFile)
	if err != nil {
		t.Fatal(err)
	}
	tree := func(name string) string {
		dir := filepath.Join(t.TempDir(), name)
		for _, f := range a.Files {
			if rest, ok := strings.CutPrefix(f.Name, "src/"); ok {
				writeFile(t, filepath.Join(dir, goldenModule, rest), f.Data)
			}
		}
		writeFile(t, filepath.Join(dir, goldenModule, "go.mod"), []byte("module "+goldenModule+"\n\ngo 1.26\n"))
		writeFile(t, filepath.Join(dir, "go.work"), []byte("go 1.26\n\nuse ./"+goldenModule+"\n"))
		return dir
	}
	var boilerplate []byte
	for _, f := range a.Files {
		if f.Name == "boilerplate.go.txt" {
			boilerplate = f.Data
		}
	}
	bp := filepath.Join(t.TempDir(), "boilerplate.go.txt")
	writeFile(t, bp, boilerplate)

	env := append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	run := func(dir, name string, args ...string) {
		cmd := exec.Command(name, args...)
		cmd.Dir, cmd.Env = dir, env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
	}
	var pkgs []string
	for _, p := range goldenPackages {
		pkgs = append(pkgs, goldenModule+"/"+p)
	}
	gen := []string{"--apimachinery-packages=", "--packages=" + strings.Join(pkgs, ","),
		"--output-dir=.", "--go-header-file=" + bp,
		"--proto-import=" + filepath.Join(ref, "vendor"), "--proto-import=" + filepath.Join(ref, "third_party", "protobuf")}

	idl := tree("idl")
	run(idl, filepath.Join(bin, "go-to-protobuf"), append(gen, "--only-idl")...)
	raw := t.TempDir()
	for _, p := range goldenPackages {
		run(idl, "protoc", "-I", ".", "-I", filepath.Join(ref, "vendor"), "-I", filepath.Join(ref, "third_party", "protobuf"),
			"--gogo_out="+raw, protoPath(p))
	}
	full := tree("full")
	run(full, filepath.Join(bin, "go-to-protobuf"), append(gen, "--conditional="+goldenConditional)...)
	keep := tree("keepgogo")
	run(keep, filepath.Join(bin, "go-to-protobuf"), append(gen, "--drop-gogo-go=false")...)

	files := slices.DeleteFunc(a.Files, func(f txtar.File) bool {
		return !strings.HasPrefix(f.Name, "src/") && f.Name != "boilerplate.go.txt"
	})
	add := func(name, from string) {
		b, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, txtar.File{Name: name, Data: b})
	}
	for _, p := range goldenPackages {
		add("idl/"+p+"/generated.proto", filepath.Join(idl, protoPath(p)))
	}
	for _, p := range goldenPackages {
		add("gogo/"+p+"/generated.pb.go", filepath.Join(raw, goldenModule, p, "generated.pb.go"))
	}
	for _, p := range goldenPackages {
		add("want/"+p+"/generated.pb.go", filepath.Join(full, goldenModule, p, "generated.pb.go"))
		for _, f := range a.Files {
			if rest, ok := strings.CutPrefix(f.Name, "src/"+p+"/"); ok {
				add("want/"+p+"/"+rest, filepath.Join(full, goldenModule, p, rest))
			}
		}
	}
	for _, p := range goldenPackages {
		add("want-keepgogo/"+p+"/generated.pb.go", filepath.Join(keep, goldenModule, p, "generated.pb.go"))
	}
	a.Files = files
	if err := os.WriteFile(goldenFile, txtar.Format(a), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("rewrote %s from upstream's programs in %s", goldenFile, bin)
}
