"""Shared pieces of the delivery benchmark and the chaos test: a loopback chat receiver, a signed
mention sender, and a Riposte server process that can be killed and restarted."""
import base64, hashlib, hmac, http.client, json, os, random, signal, socket, subprocess, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver:
    """A webhook receiver on 127.0.0.1 that answers like a flaky chat platform.

    fail_rate of requests get a 500, throttle_rate a 429 with Retry-After; the rest 200. Every
    request is counted; every 200 is recorded with its Idempotency-Key and the time it arrived."""

    def __init__(self, fail_rate=0.0, throttle_rate=0.0, retry_after="1", seed=7):
        self.fail_rate, self.throttle_rate, self.retry_after = fail_rate, throttle_rate, retry_after
        self.random = random.Random(seed)
        self.lock = threading.Lock()
        self.delivered = []  # (key, monotonic arrival time)
        self.requests = {"200": 0, "500": 0, "429": 0}
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # One write per response, and no Nagle: otherwise headers and body leave in two
            # segments and the client's delayed ACK adds ~40 ms to every keep-alive request.
            wbufsize = 64 * 1024

            def setup(self):
                super().setup()
                self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                self.rfile.read(length)
                key = self.headers.get("Idempotency-Key", "")
                with receiver.lock:
                    roll = receiver.random.random()
                    if roll < receiver.fail_rate:
                        status = 500
                    elif roll < receiver.fail_rate + receiver.throttle_rate:
                        status = 429
                    else:
                        status = 200
                        receiver.delivered.append((key, time.monotonic()))
                    receiver.requests[str(status)] += 1
                self.send_response(status)
                if status == 429:
                    self.send_header("Retry-After", receiver.retry_after)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        class QuietServer(ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                pass  # a client killed mid-request (the chaos test does that) is not news

        self.server = QuietServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


class Sender:
    """Posts Standard-Webhooks-signed mentions to Riposte, retrying until each is acknowledged."""

    def __init__(self, port, secret):
        self.port = port
        self.key = base64.b64decode(secret[len("whsec_"):])
        self.connection = None

    def post(self, mentions, give_up_after=60):
        """Posts one batch; returns (Riposte ids, monotonic time of the 202). Retries through restarts."""
        body = json.dumps({"mentions": mentions} if len(mentions) > 1 else mentions[0], separators=(",", ":"))
        deadline = time.monotonic() + give_up_after
        while True:
            try:
                if self.connection is None:
                    self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                mid, stamp = f"msg_{time.time_ns()}", str(int(time.time()))
                mac = hmac.new(self.key, f"{mid}.{stamp}.{body}".encode(), hashlib.sha256).digest()
                headers = {"Content-Type": "application/json", "webhook-id": mid, "webhook-timestamp": stamp,
                           "webhook-signature": "v1," + base64.b64encode(mac).decode()}
                self.connection.request("POST", "/v1/mentions", body=body, headers=headers)
                response = self.connection.getresponse()
                answer = response.read()
                if response.status == 202:
                    acked = time.monotonic()
                    return [item["id"] for item in json.loads(answer)["accepted"]], acked
                raise RuntimeError(f"status {response.status}: {answer[:200]!r}")
            except (OSError, http.client.HTTPException, RuntimeError):
                if self.connection is not None:
                    self.connection.close()
                self.connection = None
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)


def mention(identifier, text=None):
    return {
        "id": identifier, "source": "x", "brand": "Cardiolix", "language": "en",
        "text": text or f"@Cardiolix my prescription is out of stock again, third pharmacy today ({identifier})",
        "author": {"handle": f"user{hash(identifier) % 997}", "followers": 120},
    }


class Server:
    """`riposte serve` with a generated configuration; kill() is SIGKILL."""

    def __init__(self, binary, folder, port, receiver_port, secret, extra=""):
        self.binary, self.port = binary, port
        self.config = os.path.join(folder, "riposte.yml")
        self.database = os.path.join(folder, "riposte.sqlite")
        with open(self.config, "w") as f:
            f.write(f"""server: {{ host: 127.0.0.1, port: {port} }}
database: {{ path: {self.database} }}
ingest: {{ require_signature: true, secrets: ["${{BENCH_SECRET}}"] }}
log: {{ level: critical }}
spikes: {{ enabled: false }}
destinations:
  - {{ name: hook, type: webhook, url: "${{BENCH_HOOK_URL}}" }}
routes:
  - destinations: [hook]
{extra}""")
        self.environment = dict(os.environ, BENCH_SECRET=secret, BENCH_HOOK_URL=f"http://127.0.0.1:{receiver_port}/hook")
        self.process = None

    def start(self):
        self.process = subprocess.Popen([self.binary, "serve", "--config", self.config], env=self.environment,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_ready(self.port)

    def kill(self):
        if self.process is not None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()
            self.process = None

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
            self.process = None


def wait_ready(port, tries=200):
    """Waits until a Riposte server on 127.0.0.1:port answers /healthz."""
    for _ in range(tries):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the server did not start")


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]
