provider "google" {
  project = "acme-events"
  region  = "europe-west1"
}
