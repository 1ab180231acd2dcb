output "distribution_domain" {
  description = "CloudFront domain of the site."
  value       = aws_cloudfront_distribution.site.domain_name
}
