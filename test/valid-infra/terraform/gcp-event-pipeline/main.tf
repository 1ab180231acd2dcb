resource "google_storage_bucket" "uploads" {
  name                        = "acme-uploads"
  location                    = "EU"
  uniform_bucket_level_access = true
  labels                      = local.labels

  lifecycle_rule {
    condition {
      age = 30
    }
    action {
      type = "Delete"
    }
  }
}

resource "google_pubsub_topic" "uploads" {
  name   = "uploads"
  labels = local.labels
}

resource "google_storage_notification" "uploads" {
  bucket         = google_storage_bucket.uploads.name
  payload_format = "JSON_API_V1"
  topic          = google_pubsub_topic.uploads.id
  event_types    = ["OBJECT_FINALIZE"]
}

resource "google_pubsub_subscription" "worker" {
  name                 = "uploads-worker"
  topic                = google_pubsub_topic.uploads.id
  ack_deadline_seconds = 60
  labels = merge(local.labels, {
    component = "worker"
  })
}
