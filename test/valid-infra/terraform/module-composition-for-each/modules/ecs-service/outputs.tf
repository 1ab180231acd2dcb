output "name" {
  description = "Name of the service."
  value       = aws_ecs_task_definition.this.family
}
