package main

import (
	"net/http"

	"example.com/pictures/internal/router"
)

func main() {
	_ = http.ListenAndServe(":8080", router.New())
}
