#!/usr/bin/env python3
"""Fault test: 2,000 mentions that all need an alert; a receiver that answers 500 to 30 % and
429 + Retry-After to 10 % of requests; the server killed with SIGKILL and restarted every few
seconds while mentions arrive and alerts go out. At the end: every expected alert delivered at
least once, duplicates (an idempotency key delivered twice) at most 0.1 %, no outbox row stuck,
no acknowledged mention missing. Loopback only; bounded (gives up after --timeout seconds).

Usage: chaos.py RIPOSTE_BINARY [--mentions 2000] [--timeout 300]"""
import argparse, collections, os, random, sqlite3, sys, tempfile, threading, time

sys.path.insert(0, os.path.dirname(__file__))
from harness import Receiver, Sender, Server, mention  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("binary")
parser.add_argument("--mentions", type=int, default=2000)
parser.add_argument("--timeout", type=float, default=300)
parser.add_argument("--port", type=int, default=18190)
arguments = parser.parse_args()

secret = "whsec_Y2hhb3MtdGVzdC1zZWNyZXQtZm9yLXJpcG9zdGUh"
receiver = Receiver(fail_rate=0.30, throttle_rate=0.10, retry_after="1")
folder = tempfile.mkdtemp(prefix="riposte-chaos-")
server = Server(arguments.binary, folder, arguments.port, receiver.port, secret, extra="""delivery: { poll_interval: 100ms, lease: 3s, base_delay: 200ms, max_delay: 2s, max_attempts: 40, rates: { webhook: 1000 } }
pipeline: { lease: 3s }
""")
started = time.monotonic()
deadline = started + arguments.timeout
server.start()

# The killer: SIGKILL every 2–4 s and restart at once, until told to stop.
kills = 0
stop_killing = threading.Event()
lock = threading.Lock()


def killer():
    global kills
    chaos = random.Random(11)
    while not stop_killing.wait(chaos.uniform(2.0, 4.0)):
        with lock:
            server.kill()
            kills += 1
            server.start()


threading.Thread(target=killer, daemon=True).start()

# Send every mention (in small batches), retrying through the restarts until acknowledged.
sender = Sender(arguments.port, secret)
acknowledged = []
run = f"chaos{int(time.time())}"
for start in range(0, arguments.mentions, 5):
    batch = [mention(f"{run}-{i}") for i in range(start, min(start + 5, arguments.mentions))]
    ids, _ = sender.post(batch)
    acknowledged += ids
    time.sleep(0.05)  # spread the sending over ~20 s, so the kills land while mentions arrive
print(f"sent: {len(acknowledged)} mentions acknowledged in {time.monotonic() - started:.1f} s, {kills} kills so far")

# A few more kills while the outbox drains, then let it finish.
time.sleep(6)
stop_killing.set()
with lock:
    server.kill()
    kills += 1
    server.start()


def counts():
    db = sqlite3.connect(server.database, timeout=10)
    try:
        unfinished = db.execute("select count(*) from mention where status in ('pending', 'processing')").fetchone()[0]
        waiting = db.execute("select count(*) from outbox where status in ('pending', 'sending')").fetchone()[0]
        return unfinished, waiting
    finally:
        db.close()


last_report = time.monotonic()
while time.monotonic() < deadline:
    unfinished, waiting = counts()
    if unfinished == 0 and waiting == 0:
        break
    if time.monotonic() - last_report >= 10:
        print(f"draining: {unfinished} mentions unprocessed, {waiting} alerts waiting ({time.monotonic() - started:.0f} s)")
        last_report = time.monotonic()
    time.sleep(0.5)
server.stop()
receiver.close()

db = sqlite3.connect(server.database)
stored = {row[0] for row in db.execute("select id from mention")}
statuses = collections.Counter(row[0] for row in db.execute("select status from outbox"))
attempts = db.execute("select count(*) from delivery_attempt").fetchone()[0]
db.close()
expected = {f"mention-{identifier}-hook" for identifier in acknowledged}
arrivals = collections.Counter(key for key, _ in receiver.delivered)
received = expected & set(arrivals)
duplicates = sum(1 for key in expected if arrivals[key] > 1)
missing_alerts = len(expected - received)
missing_mentions = len(set(acknowledged) - stored)
stuck = statuses["pending"] + statuses["sending"]
dead = statuses["dead"]
elapsed = time.monotonic() - started

print(f"kills: {kills} (SIGKILL, restarted at once); elapsed {elapsed:.1f} s")
print(f"receiver answered: {receiver.requests['200']} × 200, {receiver.requests['500']} × 500, {receiver.requests['429']} × 429; attempts recorded: {attempts}")
print(f"mentions acknowledged: {len(acknowledged)}; missing from the database: {missing_mentions}")
print(f"alerts expected: {len(expected)}; delivered at least once: {len(received)}; never delivered: {missing_alerts}")
print(f"duplicates (same idempotency key delivered twice or more): {duplicates} ({100.0 * duplicates / max(1, len(expected)):.2f} %)")
print(f"outbox rows stuck (pending or sending at the end): {stuck}; dead letters: {dead}")
failed = missing_mentions or missing_alerts or stuck or dead or duplicates > 0.001 * len(expected)
print("chaos: FAILED" if failed else "chaos: passed")
sys.exit(1 if failed else 0)
