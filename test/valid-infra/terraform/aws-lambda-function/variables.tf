variable "function_name" {
  type        = string
  description = "Name of the function."
  default     = "thumbnailer"
}
