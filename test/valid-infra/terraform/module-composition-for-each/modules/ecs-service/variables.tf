variable "name" {
  type        = string
  description = "Service name."
}

variable "image" {
  type        = string
  description = "Container image."
}

variable "cpu" {
  type        = number
  description = "CPU units."
}

variable "memory" {
  type        = number
  description = "Memory in MiB."
}

variable "replicas" {
  type        = number
  description = "Desired count."
  default     = 2
}
