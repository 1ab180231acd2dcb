variable "services" {
  type = map(object({
    image    = string
    cpu      = number
    memory   = number
    replicas = optional(number, 2)
  }))
  description = "Services to run, by name."
  default = {
    api = { image = "ghcr.io/acme/api:1.4.2", cpu = 512, memory = 1024 }
    web = { image = "ghcr.io/acme/web:2.0.1", cpu = 256, memory = 512, replicas = 3 }
  }
}
