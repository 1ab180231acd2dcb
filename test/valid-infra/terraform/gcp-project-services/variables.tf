variable "projects" {
  type = map(object({
    billing_account = string
    services        = list(string)
  }))
  description = "Projets à créer — par équipe 🚀"
}
