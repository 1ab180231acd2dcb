provider "google" {
  region = "europe-west1"
}
