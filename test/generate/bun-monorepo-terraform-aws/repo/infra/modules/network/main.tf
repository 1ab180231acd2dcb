variable "cidr_block" {
  type        = string
  description = "Address range of the VPC."
}

resource "aws_vpc" "this" {
  cidr_block = var.cidr_block
}

resource "aws_subnet" "private" {
  count             = 2
  vpc_id            = aws_vpc.this.id
  cidr_block        = cidrsubnet(var.cidr_block, 8, count.index)
  availability_zone = ["eu-west-1a", "eu-west-1b"][count.index]
}

output "private_subnet_ids" {
  value = aws_subnet.private[*].id
}
