resource "aws_vpc" "dr" {
  cidr_block = "10.99.0.0/16"
}
