instance_type = "t3.small"
min_size      = 1
allowed_cidrs = ["0.0.0.0/0"]
