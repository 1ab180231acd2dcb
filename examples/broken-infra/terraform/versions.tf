terraform { # no backend: state stays on a laptop; and no required_version
  required_providers {
    aws = { # no version constraint
      source = "hashicorp/aws"
    }
  }
}
