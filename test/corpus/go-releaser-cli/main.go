package main

import (
	"fmt"

	"gitlab.com/acme/releaser-cli/internal/version"
)

func main() {
	fmt.Println(version.String())
}
