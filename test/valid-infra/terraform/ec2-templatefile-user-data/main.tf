data "aws_ami" "al2023" {
  most_recent = true
  owners      = ["amazon"]

  filter {
    name   = "name"
    values = ["al2023-ami-*-x86_64"]
  }
}

resource "aws_launch_template" "app" {
  name_prefix   = "app-"
  image_id      = data.aws_ami.al2023.id
  instance_type = "t3.small"
  user_data = base64encode(templatefile("${path.module}/templates/init.sh.tftpl", {
    app_version = var.app_version
  }))
}

resource "aws_instance" "bastion" {
  ami           = data.aws_ami.al2023.id
  instance_type = "t3.micro"
  user_data     = <<-EOT
    #!/bin/bash
    set -euo pipefail
    dnf install -y unzip
    curl -fsSL https://bun.sh/install | bash
    cd /opt/app && bun install --frozen-lockfile && bun run build
  EOT
}
