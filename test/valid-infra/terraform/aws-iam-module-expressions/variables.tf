variable "create" {
  type        = bool
  description = "Whether to create the role."
  default     = true
}

variable "name" {
  type        = string
  description = "Role name."
}

variable "trusted_role_arns" {
  type        = list(string)
  description = "ARNs allowed to assume the role."
  default     = []
}

variable "policy_arns" {
  type        = list(string)
  description = "Policies to attach."
  default     = []
}

variable "attach_readonly" {
  type        = bool
  description = "Attach ReadOnlyAccess."
  default     = false
}

variable "max_session_duration" {
  type        = number
  description = "Seconds."
  default     = 3600
}

variable "tags" {
  type        = map(string)
  description = "Tags."
  default     = {}
}
