// Package flagfile reads the files that command-line flags name: headers,
// schemas, reports, rule files.
//
// Scripts often pass such a file as a process substitution
// (--openapi-schema <(go run ./models-schema)), /dev/stdin or another
// pipe, which can be read only once. Read reads a file that is not a
// regular file once per process and hands every later caller the same
// bytes, so the run's fingerprint (generators/cache) and the generator
// that uses the file see the same content. Regular files are read afresh
// each time, so a change during a run is still noticed.
package flagfile

import (
	"os"
	"path/filepath"
	"sync"
)

var (
	mu   sync.Mutex
	once = map[string]result{} // by absolute path
)

type result struct {
	data []byte
	err  error
}

// Read returns the content of the file at path, as os.ReadFile does.
func Read(path string) ([]byte, error) {
	if fi, err := os.Stat(path); err != nil || fi.Mode().IsRegular() {
		return os.ReadFile(path)
	}
	key := path
	if abs, err := filepath.Abs(path); err == nil {
		key = abs
	}
	mu.Lock()
	defer mu.Unlock()
	if r, ok := once[key]; ok {
		return r.data, r.err
	}
	data, err := os.ReadFile(path)
	once[key] = result{data, err}
	return data, err
}
