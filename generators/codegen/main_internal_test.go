package codegen

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kubegen/kubegen/internal/sink"
)

// TestExecutableID: the cache key names this binary by the build ID the go
// command gave it.
func TestExecutableID(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("go", "tool", "buildid", exe).Output()
	if err != nil {
		t.Skipf("go tool buildid: %v", err)
	}
	if got, want := string(executableID()), "go build id "+strings.TrimSpace(string(out)); got != want {
		t.Errorf("executableID() = %q, want %q", got, want)
	}
}

// TestCheckReportTouches: without --update-report, a report file that does
// not exist yet stands for no violations, and is created empty, as
// kube_codegen.sh touches it; an existing one is left as it is.
func TestCheckReportTouches(t *testing.T) {
	dir := t.TempDir()
	report := filepath.Join(dir, "violations.list")
	defs := sink.File{Path: filepath.Join(dir, "zz_generated.openapi.go"), Data: []byte("package x\n")}
	files, err := checkReport([]sink.File{defs, {Path: report}}, report, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 2 || files[1].Path != report || len(files[1].Data) != 0 {
		t.Errorf("a missing report: files %v, want the definitions and an empty report", files)
	}
	if err := os.WriteFile(report, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if files, err = checkReport([]sink.File{defs, {Path: report}}, report, false); err != nil || len(files) != 1 {
		t.Errorf("an existing empty report: files %v, err %v, want only the definitions", files, err)
	}
	if _, err := checkReport([]sink.File{defs, {Path: report, Data: []byte("API rule violation: x\n")}}, report, false); err == nil {
		t.Errorf("a new violation passed the check")
	}
}
