variable "project_id" {
  type        = string
  description = "GCP project."
}

variable "region" {
  type        = string
  description = "GCP region."
  default     = "europe-west1"
}
