bucket = "acme-tfstate"
key    = "app/prod.tfstate"
region = "eu-west-1"
