package version

var v = "dev"

// String returns the build version set by goreleaser's ldflags.
func String() string { return v }
