terraform {
  required_version = ">= 1.6.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
  }

  backend "s3" {
    bucket         = "acme-tfstate"
    key            = "site/terraform.tfstate"
    region         = "eu-west-1"
    dynamodb_table = "acme-tflock"
    encrypt        = true
  }
}
