locals {
  labels = {
    environment = "prod"
    owner       = "data-team"
    cost-center = "cc-7007"
  }
}
