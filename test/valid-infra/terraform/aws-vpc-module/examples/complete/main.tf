provider "aws" {
  region = "eu-west-1"
}

module "vpc" {
  source = "../../"

  name               = "complete"
  azs                = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
  single_nat_gateway = true
  tags = {
    Environment = "example"
    Owner       = "platform-team"
    CostCenter  = "cc-0000"
  }
}
