# Riposte — the two commands: `make run` (serve on 127.0.0.1:8080 with embedded defaults) and `make test`.
SWIFT ?= swift
CONFIG ?=
# A development-only ingest secret so the README's curl example works out of the box.
# Set RIPOSTE_INGEST_SECRET (or ingest.secrets in riposte.yml) for anything real.
export RIPOSTE_INGEST_SECRET ?= whsec_cmlwb3N0ZS1sb2NhbC1kZXZlbG9wbWVudC1vbmx5

.PHONY: deps build run test bench-ingest crash-ingest clean

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build --product riposte

run: build
	.build/debug/riposte serve $(if $(CONFIG),--config $(CONFIG),)

test: deps
	$(SWIFT) test

# Durable ingest vs a bare Hummingbird echo server, same requests, same run (release build, wrk, loopback).
bench-ingest: deps
	@scripts/install-deps.sh wrk
	Benchmarks/bench-ingest.sh

# kill -9 the server under load; every acknowledged mention must be in the database after restart.
crash-ingest: deps
	@scripts/install-deps.sh wrk
	Benchmarks/crash-ingest.sh

clean:
	rm -rf .build .build-bench
