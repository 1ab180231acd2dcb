package main

import (
	"log"
	"net/http"

	"github.com/go-chi/chi/v5"
)

//go:generate mockery --name Store --dir ../../internal/store

func main() {
	r := chi.NewRouter()
	r.Get("/healthz", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) })
	log.Fatal(http.ListenAndServe(":8080", r))
}
