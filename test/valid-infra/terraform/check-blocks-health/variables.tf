variable "endpoint" {
  type        = string
  description = "Public URL of the service."
  default     = "https://status.example.com/health"
}
