package v2

const Version = 2
