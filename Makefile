# Riposte — the two commands: `make run` (serve on 127.0.0.1:8080 with embedded defaults) and `make test`.
SWIFT ?= swift
CONFIG ?=
# `make run PORT=9090` serves elsewhere (overrides server.port of CONFIG).
PORT ?=
# A development-only ingest secret so the README's curl example works out of the box.
# Set RIPOSTE_INGEST_SECRET (or ingest.secrets in riposte.yml) for anything real.
export RIPOSTE_INGEST_SECRET ?= whsec_cmlwb3N0ZS1sb2NhbC1kZXZlbG9wbWVudC1vbmx5

.PHONY: deps build run test lint-templates bench-ingest crash-ingest bench-classify bench-deliver bench-queries chaos e2e eval-classifier train-model clean

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build --product riposte

run: build
	.build/debug/riposte serve $(if $(CONFIG),--config $(CONFIG),) $(if $(PORT),--port $(PORT),)

test: deps
	$(SWIFT) test

# The reply template library: YAML, ids, locales, variables, channel limits, reviews, jargon.
lint-templates: build
	.build/debug/riposte templates lint

# Durable ingest vs a bare Hummingbird echo server, same requests, same run (release build, wrk, loopback).
bench-ingest: deps
	@scripts/install-deps.sh wrk
	Benchmarks/bench-ingest.sh

# kill -9 the server under load; every acknowledged mention must be in the database after restart.
crash-ingest: deps
	@scripts/install-deps.sh wrk
	Benchmarks/crash-ingest.sh

# Mention accepted → alert received by a loopback receiver: p50/p99 latency and sustained alerts/s (release build).
bench-deliver: deps
	Benchmarks/bench-deliver.sh

# The dashboard in headless Chromium: sign in, inbox, a mention, claim its thread; screenshots in .build/e2e/.
e2e: deps
	e2e/run.sh

# Inbox and filter queries over 1,000,000 seeded mentions: p50/p99 per query (release build).
bench-queries: deps
	Benchmarks/bench-queries.sh

# Delivery fault test: a flaky receiver (30 % 500, 10 % 429) and SIGKILL every few seconds; nothing lost, ≤ 0.1 % duplicates.
chaos: deps
	Benchmarks/chaos.sh

# Classifier speed vs VADER on the same dev files, one core each (release build; reads ../shared/data).
bench-classify: deps
	Benchmarks/bench-classify.sh

# The shipped model on every dev file (in-sample: the model trained on them) and 5-fold CV figures.
DATA ?= ../shared/data
SENTIMENT_FILES = airline tweeteval_sentiment apple_dfe sanders_brands sxsw_brands french_tweets vader_tweets
eval-classifier: deps
	@test -d $(DATA) || { echo "no data folder $(DATA): run with DATA=/path/to/shared/data" >&2; exit 1; }
	$(SWIFT) build -c release --product riposte
	for f in $(SENTIMENT_FILES); do out=$$(.build/release/riposte eval $(DATA)/$$f.dev.csv --json) || exit 1; echo "$$f: $$out"; done
	out=$$(.build/release/riposte eval $(DATA)/ade_corpus_v2.dev.csv --task ade --json) || exit 1; echo "ade_corpus_v2: $$out"

# Retrains the shipped model (reproducible: fixed seed) and prints 5-fold cross-validated figures.
train-model: deps
	@test -d $(DATA) || { echo "no data folder $(DATA): run with DATA=/path/to/shared/data" >&2; exit 1; }
	$(SWIFT) build -c release --product riposte
	.build/release/riposte train --cv 5 $(foreach f,$(SENTIMENT_FILES),--data $(DATA)/$(f).dev.csv) --out Sources/RiposteModels/Resources/sentiment.rpsm

clean:
	rm -rf .build .build-bench
