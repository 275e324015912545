package api

const Version = 1
