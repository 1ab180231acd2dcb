package main

import (
	"github.com/acme/agent/pkg/metrics"
	log "github.com/sirupsen/logrus"
)

func main() {
	log.Info("agent starting")
	metrics.Serve(":9100")
}
