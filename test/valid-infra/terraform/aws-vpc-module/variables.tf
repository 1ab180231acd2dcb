variable "name" {
  type        = string
  description = "Name prefix of every resource."
}

variable "cidr" {
  type        = string
  description = "CIDR block of the VPC."
  default     = "10.0.0.0/16"
}

variable "azs" {
  type        = list(string)
  description = "Availability zones to spread subnets over."
}

variable "enable_nat_gateway" {
  type        = bool
  description = "Create NAT gateways for private subnets."
  default     = true
}

variable "single_nat_gateway" {
  type        = bool
  description = "One shared NAT gateway instead of one per zone."
  default     = false
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = {}
}
