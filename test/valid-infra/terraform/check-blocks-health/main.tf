check "service_health" {
  data "http" "health" {
    url = var.endpoint
  }

  assert {
    condition     = data.http.health.status_code == 200
    error_message = "${var.endpoint} returned ${data.http.health.status_code}."
  }
}

resource "aws_sns_topic" "alerts" {
  name = "alerts"

  lifecycle {
    precondition {
      condition     = length(var.endpoint) > 0
      error_message = "endpoint must be set."
    }
  }
}

output "alerts_topic" {
  description = "ARN of the alert topic."
  value       = aws_sns_topic.alerts.arn

  precondition {
    condition     = can(regex("^arn:", aws_sns_topic.alerts.arn))
    error_message = "not an ARN."
  }
}
