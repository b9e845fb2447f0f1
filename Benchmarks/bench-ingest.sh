#!/usr/bin/env bash
# Durable ingest vs a bare Hummingbird echo server, measured in the same run on loopback.
#
# Both servers get the same pre-signed request bytes from wrk (1 thread, $CONNECTIONS connections,
# $DURATION). Riposte verifies each signature, validates the mention and acknowledges it only
# after its group-committed transaction is durable; the echo server only reads and returns the
# body. Riposte runs three times: the defaults (synchronous full, pipeline worker running in the
# same process), synchronous normal, and an ingest-only node (pipeline.enabled false). Then a full
# node works off the ingest-only run's mentions, to time the pipeline on its own.
# Targets: ingest req/s >= 70 % of echo's, ingest p99 <= 2x echo's.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
COUNT=${COUNT:-600000}
ECHO_PORT=${ECHO_PORT:-18181}
INGEST_PORT=${INGEST_PORT:-18182}
export BENCH_INGEST_SECRET=whsec_YmVuY2htYXJrLXNlY3JldC1mb3Itcmlwb3N0ZQ==

echo "== building release binaries (first time: several minutes)"
swift build -c release --product riposte >/dev/null
swift build -c release --product RiposteBenchEcho >/dev/null
bin=$(swift build -c release --show-bin-path)

work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

wait_for() {
    for _ in $(seq 1 100); do
        curl -s -o /dev/null "http://127.0.0.1:$1/$2" && return 0
        sleep 0.1
    done
    echo "server on port $1 did not start" >&2
    exit 1
}

run_wrk() { # port, requests file, output
    wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s Benchmarks/ingest.lua "http://127.0.0.1:$1" -- "$2" 1 >"$3"
    grep '^RESULT' "$3"
}

field() { sed -n "s/.* $2=\([0-9.]*\).*/\1/p" "$1"; }

echo "== generating $COUNT signed requests"
python3 Benchmarks/signed_requests.py "$COUNT" "$BENCH_INGEST_SECRET" "$work/requests.tsv" run
python3 Benchmarks/signed_requests.py 50000 "$BENCH_INGEST_SECRET" "$work/warmup.tsv" warm

echo "== echo baseline (port $ECHO_PORT)"
"$bin/RiposteBenchEcho" "$ECHO_PORT" & pids+=($!)
sleep 0.5
wrk -t1 -c"$CONNECTIONS" -d2s -s Benchmarks/ingest.lua "http://127.0.0.1:$ECHO_PORT" -- "$work/warmup.tsv" 1 >/dev/null
run_wrk "$ECHO_PORT" "$work/requests.tsv" "$work/echo.txt"
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true

variants="full:true normal:true full:false"
label() { if [ "${1#*:}" = true ]; then echo "ingest, sync=${1%%:*}"; else echo "ingest-only, sync=${1%%:*}"; fi; }

for variant in $variants; do
    mode=$variant
    sync=${variant%%:*}; pipeline=${variant#*:}
    echo "== riposte $(label "$variant") (port $INGEST_PORT)"
    mkdir -p "$work/$mode"
    cat >"$work/$mode/riposte.yml" <<YAML
server: { host: 127.0.0.1, port: $INGEST_PORT }
database: { path: $work/$mode/riposte.sqlite, synchronous: $sync }
ingest: { require_signature: true, secrets: ["\${BENCH_INGEST_SECRET}"] }
pipeline: { enabled: $pipeline }
log: { level: warning }
YAML
    "$bin/riposte" serve --config "$work/$mode/riposte.yml" & pids+=($!)
    wait_for "$INGEST_PORT" healthz
    wrk -t1 -c"$CONNECTIONS" -d2s -s Benchmarks/ingest.lua "http://127.0.0.1:$INGEST_PORT" -- "$work/warmup.tsv" 1 >/dev/null
    run_wrk "$INGEST_PORT" "$work/requests.tsv" "$work/ingest-$mode.txt"
    sleep 2
    python3 - "$work/$mode/riposte.sqlite" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
stored = db.execute("select count(*) from mention where external_id like 'run-%'").fetchone()[0]
processed = db.execute("select count(*) from mention where external_id like 'run-%' and status = 'processed'").fetchone()[0]
print(f"   mentions stored by the measured run: {stored}; processed by the pipeline 2 s after the load: {processed}")
PY
    kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
done

# Pipeline catch-up: the ingest-only run left its mentions pending; start a full node on that
# database and time how fast the worker classifies, suggests and routes them with no load.
echo "== pipeline catch-up on the ingest-only run's mentions (bounded at ${CATCHUP_SECONDS:=60} s)"
catchup_dir="$work/full:false"
sed -i 's/pipeline: { enabled: false }/pipeline: { enabled: true }/' "$catchup_dir/riposte.yml"
"$bin/riposte" serve --config "$catchup_dir/riposte.yml" & pids+=($!)
wait_for "$INGEST_PORT" healthz
python3 - "$catchup_dir/riposte.sqlite" "$CATCHUP_SECONDS" >"$work/catchup.txt" <<'PY'
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], timeout=10)
pending = lambda: db.execute("select count(*) from mention where status in ('pending', 'processing')").fetchone()[0]
start, first = time.monotonic(), pending()
while time.monotonic() - start < float(sys.argv[2]):
    time.sleep(0.25)
    if pending() == 0:
        break
elapsed, done = time.monotonic() - start, first - pending()
print(f"   processed {done} of {first} mentions in {elapsed:.1f} s: {done / elapsed:.0f} mentions/s")
PY
cat "$work/catchup.txt"
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true

echo
echo "== results ($CONNECTIONS connections, $DURATION, $(nproc) cores shared by server and wrk)"
echo_rps=$(field "$work/echo.txt" rps); echo_p99=$(field "$work/echo.txt" p99_ms)
printf "%-28s %12s %10s %10s\n" "server" "req/s" "p99 ms" "non-2xx"
printf "%-28s %12s %10s %10s\n" "echo (baseline)" "$echo_rps" "$echo_p99" "$(field "$work/echo.txt" non2xx)"
for mode in $variants; do
    printf "%-28s %12s %10s %10s\n" "$(label "$mode")" "$(field "$work/ingest-$mode.txt" rps)" "$(field "$work/ingest-$mode.txt" p99_ms)" "$(field "$work/ingest-$mode.txt" non2xx)"
done
echo
for mode in $variants; do
    python3 - "$echo_rps" "$echo_p99" "$(field "$work/ingest-$mode.txt" rps)" "$(field "$work/ingest-$mode.txt" p99_ms)" "$(label "$mode")" <<'PY'
import sys
echo_rps, echo_p99, rps, p99, name = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
throughput, latency = rps / echo_rps, p99 / echo_p99
verdict = "meets" if throughput >= 0.70 and latency <= 2.0 else "MISSES"
print(f"{name}: throughput ratio {throughput:.2f} (target >= 0.70), p99 ratio {latency:.2f} (target <= 2.00): {verdict} the target")
PY
done
echo
echo "pipeline alone, working off the ingest-only run's backlog with no load:"
cat "$work/catchup.txt"
