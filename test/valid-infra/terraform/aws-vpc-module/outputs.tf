output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

output "private_subnets" {
  description = "IDs of the private subnets."
  value       = aws_subnet.private[*].id
}
