variable "instance_type" {
  type        = string
  description = "EC2 instance type."
}

variable "min_size" {
  type        = number
  description = "Minimum instances."
}

variable "allowed_cidrs" {
  type        = list(string)
  description = "CIDRs allowed to connect."
}

variable "extra_tags" {
  type        = map(string)
  description = "More tags."
  default     = {}
}
