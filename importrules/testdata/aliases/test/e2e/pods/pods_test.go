package pods

import (
	"testing"

	pod "example.com/al/core/v1"
)

func TestPods(t *testing.T) { _ = pod.Pod{} }
