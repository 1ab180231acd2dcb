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

provider "aws" {
  alias  = "replica"
  region = "eu-central-1"

  default_tags {
    tags = {
      Environment = "prod"
      Owner       = "platform-team"
      CostCenter  = "cc-1042"
    }
  }
}
