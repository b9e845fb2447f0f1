#!/usr/bin/env python3
"""Delivery benchmark: mention acknowledged (202) → alert received by a loopback webhook receiver.

1. Latency, not rate-limited: mentions one at a time at a steady pace; p50 / p99 / max of
   (alert arrival − acknowledgement), both read from the same monotonic clock.
2. Throughput: a burst of mentions in batches of 100 as fast as the server takes them; alerts/s
   from the first acknowledgement to the last alert.

Usage: bench_deliver.py RIPOSTE_BINARY [--latency-mentions 500] [--rate 50] [--burst 5000]"""
import argparse, os, sys, tempfile, time

sys.path.insert(0, os.path.dirname(__file__))
from harness import Receiver, Sender, Server, mention, percentile  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("binary")
parser.add_argument("--latency-mentions", type=int, default=500)
parser.add_argument("--rate", type=float, default=50)
parser.add_argument("--burst", type=int, default=5000)
parser.add_argument("--port", type=int, default=18191)
arguments = parser.parse_args()

secret = "whsec_YmVuY2gtZGVsaXZlci1zZWNyZXQtZm9yLXJpcG9zdGU="
receiver = Receiver()
folder = tempfile.mkdtemp(prefix="riposte-bench-deliver-")
# Rates high enough that the token bucket never holds a message back: this measures the path, not the limit.
server = Server(arguments.binary, folder, arguments.port, receiver.port, secret, extra="delivery: { rates: { webhook: 10000 } }\n")
server.start()
sender = Sender(arguments.port, secret)
run = f"bench{int(time.time())}"


def wait_for(keys, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with receiver.lock:
            arrived = {key: at for key, at in receiver.delivered if key in keys}
        if len(arrived) >= len(keys):
            return arrived
        time.sleep(0.01)
    raise SystemExit(f"only {len(arrived)} of {len(keys)} alerts arrived within {timeout} s")


try:
    # Warm-up: the model, the connection pool, SQLite's cache.
    ids, _ = sender.post([mention(f"{run}-warm-{i}") for i in range(20)])
    wait_for({f"mention-{i}-hook" for i in ids})

    acked = {}
    gap = 1.0 / arguments.rate
    next_send = time.monotonic()
    for i in range(arguments.latency_mentions):
        ids, at = sender.post([mention(f"{run}-lat-{i}")])
        acked[f"mention-{ids[0]}-hook"] = at
        next_send += gap
        time.sleep(max(0.0, next_send - time.monotonic()))
    arrived = wait_for(set(acked))
    latencies = [(arrived[key] - acked[key]) * 1000 for key in acked]
    p50, p99 = percentile(latencies, 0.50), percentile(latencies, 0.99)
    print(f"latency (ack → alert received), {len(latencies)} mentions at {arguments.rate:g}/s: "
          f"p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {max(latencies):.1f} ms (target p99 ≤ 50 ms: {'met' if p99 <= 50 else 'NOT met'})")

    keys, first = set(), None
    for start in range(0, arguments.burst, 100):
        ids, at = sender.post([mention(f"{run}-burst-{i}") for i in range(start, min(start + 100, arguments.burst))])
        first = first or at
        keys.update(f"mention-{i}-hook" for i in ids)
    arrived = wait_for(keys, timeout=600)
    last = max(arrived.values())
    print(f"throughput: {len(keys)} alerts in {last - first:.2f} s = {len(keys) / (last - first):.0f} alerts/s sustained (burst of {arguments.burst})")
finally:
    server.stop()
    receiver.close()
