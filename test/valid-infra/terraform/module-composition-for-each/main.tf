module "service" {
  source   = "./modules/ecs-service"
  for_each = var.services

  name     = each.key
  image    = each.value.image
  cpu      = each.value.cpu
  memory   = each.value.memory
  replicas = each.value.replicas
}

output "service_names" {
  description = "Names of the services."
  value       = [for name, svc in module.service : svc.name]
}
