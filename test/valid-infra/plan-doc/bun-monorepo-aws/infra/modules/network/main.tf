variable "cidr" {
  type        = string
  description = "VPC range."
}
