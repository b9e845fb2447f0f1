#!/usr/bin/env python3
"""Query speed with a large database: seeds N mentions (riposte seed), starts the server with the
pipeline and delivery off, and times the inbox and filter queries the API and dashboard use.

Usage: bench_queries.py RIPOSTE_BINARY [--mentions 1000000] [--requests 200]"""
import argparse, http.client, json, os, subprocess, sys, tempfile, time, urllib.parse

sys.path.insert(0, os.path.dirname(__file__))
from harness import percentile, wait_ready  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("binary")
parser.add_argument("--mentions", type=int, default=1_000_000)
parser.add_argument("--requests", type=int, default=200)
parser.add_argument("--port", type=int, default=18192)
arguments = parser.parse_args()

folder = tempfile.mkdtemp(prefix="riposte-bench-queries-")
database = os.path.join(folder, "riposte.sqlite")
config = os.path.join(folder, "riposte.yml")
with open(config, "w") as f:
    f.write(f"""server: {{ host: 127.0.0.1, port: {arguments.port} }}
database: {{ path: {database} }}
ingest: {{ require_signature: false }}
pipeline: {{ enabled: false }}
delivery: {{ enabled: false }}
spikes: {{ enabled: false }}
sla: {{ enabled: false }}
dashboard: {{ tokens: ["${{BENCH_DASHBOARD_TOKEN}}"] }}
log: {{ level: critical }}
""")
started = time.monotonic()
environment = dict(os.environ, BENCH_DASHBOARD_TOKEN="bench-dashboard-token")
subprocess.run([arguments.binary, "seed", "--config", config, "--mentions", str(arguments.mentions)], check=True, env=environment)
print(f"seeded {arguments.mentions} mentions in {time.monotonic() - started:.0f} s; database {os.path.getsize(database) / 2**20:.0f} MiB")
server = subprocess.Popen([arguments.binary, "serve", "--config", config], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment)
try:
    wait_ready(arguments.port)
    connection = http.client.HTTPConnection("127.0.0.1", arguments.port, timeout=30)

    def get(path):
        connection.request("GET", path, headers={"Authorization": "Bearer bench-dashboard-token"} if path.startswith("/dashboard") else {})
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise SystemExit(f"{path}: {response.status} {body[:200]!r}")
        return json.loads(body) if response.getheader("Content-Type", "").startswith("application/json") else body

    week = urllib.parse.quote(time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 7 * 86400)))
    first = get("/v1/mentions?limit=50")
    cursor = first.get("next_cursor")
    queries = [
        ("inbox: newest 50", "/v1/mentions?limit=50"),
        ("inbox page 2 (cursor)", f"/v1/mentions?limit=50&cursor={cursor}"),
        ("filter: unsupportive", "/v1/mentions?classification=unsupportive&limit=50"),
        ("filter: flag adverse_event", "/v1/mentions?flag=adverse_event&limit=50"),
        ("filter: priority P1", "/v1/mentions?priority=P1&limit=50"),
        ("filter: unsupportive, last 7 days", f"/v1/mentions?classification=unsupportive&since={week}&limit=50"),
        ("filter: source reddit + urgent", "/v1/mentions?source=reddit&flag=urgent&limit=50"),
        ("threads: open", "/v1/threads?state=open"),
        ("dashboard inbox (HTML, with chart)", "/dashboard"),
        ("dashboard: P1 + adverse_event", "/dashboard?priority=P1&flag=adverse_event"),
        ("dashboard: threads claimed (none)", "/dashboard?state=claimed"),
        ("dashboard: owner ana (none)", "/dashboard?owner=ana"),
    ]
    print(f"{'query':40} {'p50 ms':>8} {'p99 ms':>8}   ({arguments.requests} sequential requests each, keep-alive)")
    worst = 0.0
    for name, path in queries:
        get(path)  # warm
        timings = []
        for _ in range(arguments.requests):
            start = time.perf_counter()
            get(path)
            timings.append((time.perf_counter() - start) * 1000)
        p99 = percentile(timings, 0.99)
        worst = max(worst, p99)
        print(f"{name:40} {percentile(timings, 0.5):8.2f} {p99:8.2f}")
    print(f"worst p99 {worst:.1f} ms (target ≤ 50 ms: {'met' if worst <= 50 else 'NOT met'})")
finally:
    server.terminate()
    server.wait()
