data "terraform_remote_state" "network" {
  backend = "s3"
  config = {
    bucket = "acme-tfstate"
    key    = "network/terraform.tfstate"
    region = "eu-west-1"
  }
}

data "aws_caller_identity" "current" {}

resource "aws_ecr_repository" "api" {
  name                 = "api"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }
}

resource "aws_ssm_parameter" "vpc_id" {
  name  = "/platform/vpc_id"
  type  = "String"
  value = data.terraform_remote_state.network.outputs.vpc_id
}

output "account_id" {
  description = "Account the stack runs in."
  value       = data.aws_caller_identity.current.account_id
  sensitive   = false
}
