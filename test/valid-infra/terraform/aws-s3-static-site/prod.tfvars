environment = "prod"
domain_name = "www.example.com"
