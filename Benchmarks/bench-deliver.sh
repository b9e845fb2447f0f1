#!/usr/bin/env bash
# make bench-deliver: mention accepted → alert received on loopback (see Benchmarks/bench_deliver.py).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product riposte >/dev/null
exec python3 Benchmarks/bench_deliver.py "$(swift build -c release --show-bin-path)/riposte" "$@"
