package lib

import "fmt"

func Hello() string { return fmt.Sprint("hello") }
