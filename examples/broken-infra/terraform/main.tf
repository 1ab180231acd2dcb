provider "aws" {
  region     = "eu-west-1"
  secret_key = "made-up-secret-not-a-real-key" # hard-coded secret
}

resource "aws_s3_bucket" "AssetsBucket" { # not snake_case, and no tags at all
  bucket = "acme-assets"
}

resource "aws_instance" "web" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
  tags = { # CostCenter and Owner missing
    Environment = "prod"
  }

  provisioner "local-exec" {
    command = "npm ci && npm run build"
  }
}

resource "random_pet" "suffix" {} # random is not in required_providers

module "network" {
  source = "terraform-aws-modules/vpc/aws" # registry module without a version
}

module "labels" {
  source = "git::https://github.com/cloudposse/terraform-null-label.git" # Git module without ?ref=
}

variable "region" { # neither type nor description
  default = "eu-west-1"
}

output "bucket" {
  value = aws_s3_bucket.AssetsBucket.arn
  description = = "broken" # syntax error
}
