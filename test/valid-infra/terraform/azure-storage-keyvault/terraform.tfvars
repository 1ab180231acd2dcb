tags = {
  Environment = "prod"
  Owner       = "data-team"
  CostCenter  = "cc-8100"
}
