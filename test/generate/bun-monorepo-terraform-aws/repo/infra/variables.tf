variable "region" {
  type        = string
  description = "AWS region the storefront runs in."
  default     = "eu-west-1"
}

variable "api_image" {
  type        = string
  description = "Container image of the API, with its release tag."
}
