package deep

import "fmt"

var _ = fmt.Sprint
