#!/usr/bin/env bash
# make e2e: the dashboard in a real headless Chromium (installs chromium, chromedriver and selenium when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null
fi
python3 -c "import selenium" 2>/dev/null || pip install -q selenium
swift build --product riposte >/dev/null
exec timeout 300 python3 e2e/dashboard_e2e.py "$(swift build --show-bin-path)/riposte"
