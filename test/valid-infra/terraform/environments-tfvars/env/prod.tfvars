# Production sizing
instance_type = "m6i.large"
min_size      = 3
allowed_cidrs = [
  "10.0.0.0/8",
  "192.168.0.0/16",
]
extra_tags = {
  "compliance:level" = "high"
  Team               = "payments"
}
