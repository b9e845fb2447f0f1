#!/usr/bin/env bash
# make bench-queries: inbox and filter query latency over 1,000,000 seeded mentions (release build, loopback).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product riposte >/dev/null
exec python3 Benchmarks/bench_queries.py "$(swift build -c release --show-bin-path)/riposte" "$@"
