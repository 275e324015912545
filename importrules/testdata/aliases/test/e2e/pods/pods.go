package pods

import (
	"fmt"

	"example.com/al/api/v2"
	apiv3 "example.com/al/api/v3"
	v1 "example.com/al/core/v1"
	_ "example.com/al/core/v2"
)

// Shadow has a local v1 that must keep its name when the import is renamed.
func Shadow() string {
	v1 := v1.Pod{Name: "a"}
	return v1.Name
}

func Versions() string { return fmt.Sprint(v2.Version, apiv3.Version, v1.Pod{}) }
