#!/usr/bin/env bash
# Crash test: load Riposte's ingest, kill -9 the server mid-load, restart, repeat; then check that
# every mention the server acknowledged (202) is in the database. Loopback only, bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."

CYCLES=${CYCLES:-3}
PORT=${PORT:-18183}
export BENCH_INGEST_SECRET=whsec_Y3Jhc2gtdGVzdC1zZWNyZXQtZm9yLXJpcG9zdGU=
MODE=${MODE:-full}

swift build -c release --product riposte >/dev/null
bin=$(swift build -c release --show-bin-path)
work=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill -9 "$server" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

cat >"$work/riposte.yml" <<YAML
server: { host: 127.0.0.1, port: $PORT }
database: { path: $work/riposte.sqlite, synchronous: $MODE }
ingest: { require_signature: true, secrets: ["\${BENCH_INGEST_SECRET}"] }
log: { level: error }
YAML
mkdir -p "$work/acks"

for cycle in $(seq 1 "$CYCLES"); do
    python3 Benchmarks/signed_requests.py 200000 "$BENCH_INGEST_SECRET" "$work/requests.tsv" "crash$cycle"
    "$bin/riposte" serve --config "$work/riposte.yml" & server=$!
    for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.1; done
    wrk -t2 -c32 -d4s -s Benchmarks/ingest.lua "http://127.0.0.1:$PORT" -- "$work/requests.tsv" 2 "$work/acks" >/dev/null 2>&1 &
    wrk_pid=$!
    sleep "$(python3 -c 'import random; print(round(random.uniform(1.0, 2.5), 2))')"
    kill -9 "$server"; wait "$server" 2>/dev/null || true; server=""
    wait "$wrk_pid" || true
    echo "cycle $cycle: killed with SIGKILL under load; acknowledged so far: $(cat "$work"/acks/*.txt | sort -u | wc -l)"
done

# Restart once more (recovers the WAL), then check every acknowledged id.
"$bin/riposte" migrate --config "$work/riposte.yml" >/dev/null
python3 - "$work/riposte.sqlite" "$work"/acks/*.txt <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
acked = set()
for path in sys.argv[2:]:
    with open(path) as f:
        acked.update(line.strip() for line in f if line.strip())
stored = {row[0] for row in db.execute("select id from mention")}
missing = acked - stored
print(f"acknowledged: {len(acked)}  stored: {len(stored)}  acknowledged but missing: {len(missing)}")
sys.exit(1 if missing else 0)
PY
