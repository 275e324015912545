package prefixes

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"example.com/boss/lib"
	"example.com/boss/lib/util"
)

var _, _, _, _, _, _ = errors.New, fmt.Sprint, sort.Ints, strings.ToUpper, lib.Hello, util.Upper
