locals {
  project_services = merge([
    for project, cfg in var.projects : {
      for svc in cfg.services : "${project}/${svc}" => { project = project, service = svc }
    }
  ]...)
}

resource "google_project_service" "enabled" {
  for_each                   = local.project_services
  project                    = each.value.project
  service                    = each.value.service
  disable_dependent_services = false
}

output "enabled_services" {
  description = "Every service enabled, as project/service."
  value       = sort(keys(google_project_service.enabled))
}
