package v3

const Version = 3
