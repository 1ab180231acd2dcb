terraform {
  required_version = ">= 1.6.0"

  required_providers {
    aws = {
      source                = "hashicorp/aws"
      version               = "~> 5.40"
      configuration_aliases = [aws.replica]
    }
  }

  backend "s3" {
    bucket = "acme-tfstate"
    key    = "replication/terraform.tfstate"
    region = "eu-west-1"
  }
}
