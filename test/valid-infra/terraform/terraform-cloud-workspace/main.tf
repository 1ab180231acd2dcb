terraform {
  required_version = ">= 1.6.0"

  cloud {
    organization = "acme"

    workspaces {
      tags = ["app", "networking"]
    }
  }

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
  }
}

provider "aws" {
  region = "eu-west-1"

  default_tags {
    tags = {
      Environment = terraform.workspace
      Owner       = "network-team"
      CostCenter  = "cc-5000"
    }
  }
}

resource "aws_vpc" "core" {
  cidr_block = "10.50.0.0/16"
}

resource "aws_flow_log" "core" {
  vpc_id          = aws_vpc.core.id
  traffic_type    = "ALL"
  log_destination = "arn:aws:s3:::acme-flow-logs"
  log_destination_type = "s3"
}
