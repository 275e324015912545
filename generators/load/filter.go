package load

import (
	"go/build"
	"path/filepath"
	"sync"
)

// fileFilter answers whether extra build tags exclude a source file, the
// way the go command would decide it with those tags set.
type fileFilter struct {
	ctx   *build.Context // nil: no extra tags, nothing is excluded
	mu    sync.Mutex
	cache map[string]bool
}

func newFileFilter(tags []string) *fileFilter {
	f := &fileFilter{cache: map[string]bool{}}
	if len(tags) > 0 {
		ctx := build.Default
		ctx.BuildTags = append(append([]string(nil), ctx.BuildTags...), tags...)
		f.ctx = &ctx
	}
	return f
}

// excludes reports whether the tags exclude the file. Files it cannot read
// (export data may name files that are gone) count as included.
func (f *fileFilter) excludes(path string) bool {
	if f.ctx == nil || path == "" {
		return false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if ex, ok := f.cache[path]; ok {
		return ex
	}
	match, err := f.ctx.MatchFile(filepath.Dir(path), filepath.Base(path))
	ex := err == nil && !match
	f.cache[path] = ex
	return ex
}
