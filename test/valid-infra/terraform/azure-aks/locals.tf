locals {
  tags = {
    Environment = var.environment
    Owner       = "platform-team"
    CostCenter  = "cc-4400"
  }
}
