package v2

type Pod struct{ Name string }
