package main

import "fmt"

func main() {
	fmt.Println("built outside Go modules")
}
