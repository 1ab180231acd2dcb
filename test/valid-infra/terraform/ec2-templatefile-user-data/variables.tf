variable "app_version" {
  type        = string
  description = "Release of the app to run."
  default     = "1.8.0"
}
