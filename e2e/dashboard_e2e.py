#!/usr/bin/env python3
"""Browser test of the dashboard (make e2e): headless Chromium signs in, opens the inbox with the
sample mentions of conversations/samples/, opens a mention, claims its thread, and checks the
audit log. Screenshots go to .build/e2e/. Loopback only; bounded (gives up after 180 s).

Usage: dashboard_e2e.py RIPOSTE_BINARY"""
import json, os, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "Benchmarks"))
from harness import Sender, wait_ready  # noqa: E402

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

binary = sys.argv[1]
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
shots = os.path.join(root, ".build", "e2e")
os.makedirs(shots, exist_ok=True)
deadline = time.monotonic() + 180
port = 18193
secret = "whsec_ZTJlLXRlc3Qtc2VjcmV0LWZvci1yaXBvc3RlIQ=="
folder = tempfile.mkdtemp(prefix="riposte-e2e-")
password = "e2e-correct-horse"
hashed = subprocess.run([binary, "dashboard", "hash-password", "--iterations", "100000"], input=password, capture_output=True, text=True, check=True).stdout.strip()
config = os.path.join(folder, "riposte.yml")
with open(config, "w") as f:
    f.write(f"""server: {{ host: 127.0.0.1, port: {port} }}
database: {{ path: {folder}/riposte.sqlite }}
ingest: {{ require_signature: true, secrets: ["${{E2E_SECRET}}"] }}
replies: {{ templates: {root}/conversations/templates, jargon: {root}/conversations/jargon.txt }}
dashboard:
  users: [{{ name: e2e, password_hash: "{hashed}" }}]
log: {{ level: error }}
""")
server = subprocess.Popen([binary, "serve", "--config", config], env=dict(os.environ, E2E_SECRET=secret), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
browser = None
checks = []


def click_and_wait(element):
    """Clicks something that loads a new page, and waits until the old page is gone: reading the
    body right after a click could otherwise catch the old page, or a node of it going stale."""
    old = browser.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(browser, 15).until(expected_conditions.staleness_of(old))


def check(condition, what):
    checks.append((bool(condition), what))
    print(("ok   " if condition else "FAIL ") + what)


try:
    import http.client
    wait_ready(port, tries=600)
    with open(os.path.join(root, "conversations", "samples", "mentions.jsonl")) as f:
        mentions = [json.loads(line) for line in f if line.strip()]
    ids, _ = Sender(port, secret).post(mentions)
    check(len(ids) == len(mentions), f"{len(mentions)} sample mentions ingested")
    while time.monotonic() < deadline:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", "/v1/mentions?status=processed&limit=100")
        if len(json.loads(connection.getresponse().read())["mentions"]) == len(mentions):
            break
        time.sleep(0.2)

    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1000", "--disable-dev-shm-usage"]:
        options.add_argument(argument)
    options.binary_location = "/usr/bin/chromium"
    browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    browser.set_page_load_timeout(30)
    base = f"http://127.0.0.1:{port}"

    browser.get(base + "/dashboard")
    check("Sign in to Riposte" in browser.page_source, "anonymous visit lands on the sign-in page")
    browser.save_screenshot(os.path.join(shots, "1-sign-in.png"))
    browser.find_element(By.NAME, "user").send_keys("e2e")
    browser.find_element(By.NAME, "password").send_keys(password)
    click_and_wait(browser.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    body = browser.find_element(By.TAG_NAME, "body").text
    check("Inbox" in body and "Unsupportive mentions per hour" in body, "the inbox opens after sign-in")
    check("swollen" in body and "OUT OF STOCK" in body, "sample mentions are listed")
    check(len(browser.find_elements(By.CSS_SELECTOR, "svg rect")) == 48, "the spike chart has 48 hourly bars")
    browser.save_screenshot(os.path.join(shots, "2-inbox.png"))

    browser.get(base + "/dashboard?flag=adverse_event")
    rows = browser.find_elements(By.CSS_SELECTOR, "tbody tr")
    check(0 < len(rows) < len(mentions), f"the adverse_event filter narrows the inbox ({len(rows)} rows)")
    click_and_wait(browser.find_element(By.PARTIAL_LINK_TEXT, "ankles are swollen"))
    body = browser.find_element(By.TAG_NAME, "body").text
    check("Evidence" in body and "adverse_event" in body and "Adverse-event clock" in body, "the mention shows evidence, flags and the AE clock")
    check("Suggested replies" in body, "the mention shows suggested replies")
    browser.save_screenshot(os.path.join(shots, "3-mention.png"))

    click_and_wait(browser.find_element(By.ID, "claim"))
    body = browser.find_element(By.TAG_NAME, "body").text
    check("claimed by e2e" in body, "claiming shows a notice")
    check(browser.find_element(By.ID, "thread-owner").text == "e2e" and browser.find_element(By.ID, "thread-state").text == "claimed", "the thread is claimed by the signed-in responder")
    browser.save_screenshot(os.path.join(shots, "4-claimed.png"))

    browser.get(base + "/dashboard/audit")
    body = browser.find_element(By.TAG_NAME, "body").text
    check("thread.claimed" in body and "dashboard.login" in body, "the audit log shows the sign-in and the claim")
    browser.save_screenshot(os.path.join(shots, "5-audit.png"))
finally:
    if browser is not None:
        browser.quit()
    server.terminate()
    server.wait(timeout=30)

failed = [what for ok, what in checks if not ok]
print(f"e2e: {len(checks) - len(failed)} of {len(checks)} checks passed; screenshots in {shots}")
sys.exit(1 if failed else 0)
