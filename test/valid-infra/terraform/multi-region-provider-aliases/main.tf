resource "aws_s3_bucket" "primary" {
  bucket = "acme-data-primary"
}

resource "aws_s3_bucket" "replica" {
  provider = aws.replica
  bucket   = "acme-data-replica"
}

resource "aws_kms_key" "replica" {
  provider                = aws.replica
  description             = "Replica encryption key"
  deletion_window_in_days = 30
  enable_key_rotation     = true
}

module "dr_network" {
  source = "./dr"
  providers = {
    aws = aws.replica
  }
}
