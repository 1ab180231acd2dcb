terraform {
  required_version = ">= 1.6.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = "~> 2.27"
    }
  }

  backend "s3" {
    bucket         = "acme-tfstate"
    key            = "eks/terraform.tfstate"
    region         = "eu-west-1"
    dynamodb_table = "acme-tflock"
    encrypt        = true
  }
}
