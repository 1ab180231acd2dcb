provider "aws" {
  region = "eu-west-1"

  default_tags {
    tags = {
      Environment = "prod"
      Owner       = "platform-team"
      CostCenter  = "cc-1042"
    }
  }
}
