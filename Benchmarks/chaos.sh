#!/usr/bin/env bash
# make chaos: the delivery fault test (see Benchmarks/chaos.py). Release build, loopback only, bounded.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product riposte >/dev/null
exec python3 Benchmarks/chaos.py "$(swift build -c release --show-bin-path)/riposte" "$@"
