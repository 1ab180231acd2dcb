resource "null_resource" "frontend_build" {
  triggers = {
    lockfile = filesha256("${path.module}/app/bun.lock")
  }

  provisioner "local-exec" {
    working_dir = "${path.module}/app"
    command     = "bun install --frozen-lockfile && bun run build"
    environment = {
      NODE_ENV = "production"
    }
  }
}

resource "aws_s3_object" "bundle" {
  bucket = "acme-frontend"
  key    = "app.js"
  source = "${path.module}/app/dist/app.js"

  depends_on = [null_resource.frontend_build]
}
