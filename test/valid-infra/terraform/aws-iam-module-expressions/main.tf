locals {
  trusted = { for arn in var.trusted_role_arns : arn => split("/", arn)[1] }
  policy_arns = toset(compact(concat(var.policy_arns, var.attach_readonly ? ["arn:aws:iam::aws:policy/ReadOnlyAccess"] : [])))
}

data "aws_iam_policy_document" "assume" {
  dynamic "statement" {
    for_each = length(var.trusted_role_arns) > 0 ? [1] : []
    content {
      actions = ["sts:AssumeRole"]
      principals {
        type        = "AWS"
        identifiers = var.trusted_role_arns
      }
    }
  }
}

resource "aws_iam_role" "this" {
  count                = var.create ? 1 : 0
  name                 = var.name
  assume_role_policy   = data.aws_iam_policy_document.assume.json
  max_session_duration = var.max_session_duration
  tags                 = var.tags
}

resource "aws_iam_role_policy_attachment" "this" {
  for_each   = var.create ? local.policy_arns : toset([])
  role       = aws_iam_role.this[0].name
  policy_arn = each.value
}
