#!/usr/bin/env python3
"""Writes N distinct, Standard-Webhooks-signed mention requests for wrk, one per line:
webhook-id TAB webhook-timestamp TAB webhook-signature TAB body.

Usage: signed_requests.py COUNT SECRET OUT [PREFIX]
Signatures are valid for 5 minutes (the server's default window), so generate right before use.
"""
import base64, hashlib, hmac, json, sys, time

count, secret, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
prefix = sys.argv[4] if len(sys.argv) > 4 else "bench"
key = base64.b64decode(secret[len("whsec_"):]) if secret.startswith("whsec_") else secret.encode()
timestamp = str(int(time.time()))
texts = [
    "Cardiolix has been a life saver for my dad, thank you",
    "@Cardiolix why is my prescription out of stock again?? third pharmacy today",
    "Started Cardiolix last week and now I get headaches every afternoon",
    "Le Cardiolix est introuvable en pharmacie depuis un mois, c'est inadmissible",
]
with open(out, "w") as f:
    for i in range(count):
        body = json.dumps({
            "id": f"{prefix}-{timestamp}-{i}", "source": "x", "text": texts[i % len(texts)], "language": "en",
            "url": f"https://x.com/user{i % 997}/status/{i}", "created_at": "2026-11-21T10:00:00Z",
            "author": {"handle": f"user{i % 997}", "name": "Bench User", "followers": i % 5000, "verified": False},
            "brand": "Cardiolix", "metrics": {"likes": i % 7, "shares": 0, "replies": 1},
        }, separators=(",", ":"))
        mid = f"msg_{prefix}_{i}"
        mac = hmac.new(key, f"{mid}.{timestamp}.{body}".encode(), hashlib.sha256).digest()
        f.write(f"{mid}\t{timestamp}\tv1,{base64.b64encode(mac).decode()}\t{body}\n")
