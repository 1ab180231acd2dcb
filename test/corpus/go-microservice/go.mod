module github.com/acme/go-microservice

go 1.22

require (
	github.com/go-chi/chi/v5 v5.0.14
	github.com/jackc/pgx/v5 v5.6.0
)

require (
	github.com/jackc/pgpassfile v1.0.0 // indirect
	golang.org/x/text v0.16.0 // indirect
)
