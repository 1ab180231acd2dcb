module github.com/acme/platform/worker

go 1.22

require github.com/nats-io/nats.go v1.36.0
