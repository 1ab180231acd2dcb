provider "google" {
  project = var.project_id
  region  = var.region

  default_labels = {
    environment = "prod"
    owner       = "platform"
    cost_center = "cc-3100"
  }
}
