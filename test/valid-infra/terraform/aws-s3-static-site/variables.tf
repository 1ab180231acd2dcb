variable "region" {
  type        = string
  description = "AWS region."
  default     = "eu-west-1"
}

variable "environment" {
  type        = string
  description = "Deployment environment (dev, staging, prod)."

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be dev, staging or prod."
  }
}

variable "domain_name" {
  type        = string
  description = "Domain the site is served on."
}
