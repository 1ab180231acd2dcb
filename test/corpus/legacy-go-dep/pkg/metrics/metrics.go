package metrics

import "net/http"

// Serve exposes the metrics endpoint.
func Serve(addr string) error {
	return http.ListenAndServe(addr, nil)
}
