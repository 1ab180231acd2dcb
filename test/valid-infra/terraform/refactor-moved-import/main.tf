resource "aws_s3_bucket" "logs" {
  bucket = "acme-access-logs"
}

moved {
  from = aws_s3_bucket.log_bucket
  to   = aws_s3_bucket.logs
}

moved {
  from = module.old_network
  to   = module.network
}

import {
  to = aws_s3_bucket.legacy
  id = "acme-legacy-bucket"
}

resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy-bucket"
}

module "network" {
  source = "./network"
}

removed {
  from = aws_s3_bucket.scratch

  lifecycle {
    destroy = false
  }
}
