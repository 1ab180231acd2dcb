resource "aws_autoscaling_group" "app" {
  name                = "app"
  min_size            = var.min_size
  max_size            = var.min_size * 3
  vpc_zone_identifier = []
}
