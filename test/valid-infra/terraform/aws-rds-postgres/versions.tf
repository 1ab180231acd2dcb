terraform {
  required_version = ">= 1.6.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }

  backend "s3" {
    bucket         = "acme-tfstate"
    key            = "rds/terraform.tfstate"
    region         = "eu-west-1"
    dynamodb_table = "acme-tflock"
  }
}
