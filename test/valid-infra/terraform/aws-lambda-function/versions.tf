terraform {
  required_version = ">= 1.6.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
    archive = {
      source  = "hashicorp/archive"
      version = "~> 2.4"
    }
  }

  backend "s3" {
    bucket         = "acme-tfstate"
    key            = "lambda/terraform.tfstate"
    region         = "eu-west-1"
    dynamodb_table = "acme-tflock"
  }
}
