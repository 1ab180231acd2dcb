package store

import "context"

// Store persists orders. Run `go get` only to add dependencies, never to install tools.
type Store interface {
	Get(ctx context.Context, id string) (string, error)
}
