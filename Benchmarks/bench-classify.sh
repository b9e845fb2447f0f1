#!/usr/bin/env bash
# Classifier speed: `riposte eval` vs VADER (Python vaderSentiment) on the same dev files, one
# core each (taskset), in one run. Also reports model load time and peak memory of `riposte eval`.
# Target: riposte >= 10x VADER's texts/s. Reads ../shared/data (benchmarks may; tests never do).
set -euo pipefail
cd "$(dirname "$0")/.."

DATA=${DATA:-../shared/data}
FILES=${FILES:-"airline.dev.csv tweeteval_sentiment.dev.csv french_tweets.dev.csv"}

python3 -c "import vaderSentiment" 2>/dev/null || pip install --quiet vaderSentiment
echo "== building the release binary (first time: several minutes)"
swift build -c release --product riposte >/dev/null
bin=$(swift build -c release --show-bin-path)

printf "%-28s %12s %12s %8s %10s %10s\n" file riposte/s vader/s ratio load_ms peak_MiB
for name in $FILES; do
    file="$DATA/$name"
    [ -f "$file" ] || { echo "missing $file (set DATA=...)" >&2; exit 1; }
    mine=$(taskset -c 0 "$bin/riposte" eval "$file" --json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["texts_per_second"])')
    vader=$(taskset -c 1 python3 Benchmarks/vader_speed.py "$file")
    load=$(taskset -c 0 "$bin/riposte" eval "$file" 2>/dev/null | sed -n 's/.*loaded in \([0-9]*\) ms.*/\1/p')
    rss=$(mktemp)
    /usr/bin/time -f "%M" -o "$rss" taskset -c 0 "$bin/riposte" eval "$file" --json >/dev/null 2>&1
    peak=$(tail -1 "$rss")
    rm -f "$rss"
    ratio=$(python3 -c "print(f'{$mine/$vader:.2f}x')")
    printf "%-28s %12.0f %12.0f %8s %10s %10.0f\n" "$name" "$mine" "$vader" "$ratio" "$load" "$(python3 -c "print($peak/1024)")"
done
