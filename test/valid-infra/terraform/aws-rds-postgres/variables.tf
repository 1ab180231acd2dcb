variable "vpc_id" {
  type        = string
  description = "VPC of the database."
}

variable "subnet_ids" {
  type        = list(string)
  description = "Private subnets for the subnet group."
}

variable "instance_class" {
  type        = string
  description = "Instance class."
  default     = "db.t4g.medium"
}
