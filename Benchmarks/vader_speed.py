"""Texts per second of VADER (vaderSentiment) over a labelled CSV, one process, after warm-up."""
import csv
import sys
import time

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

texts = [row["text"] for row in csv.DictReader(open(sys.argv[1], encoding="utf-8"))]
analyzer = SentimentIntensityAnalyzer()
for text in texts[:200]:
    analyzer.polarity_scores(text)
start = time.perf_counter()
for text in texts:
    analyzer.polarity_scores(text)
elapsed = time.perf_counter() - start
print(f"{len(texts) / elapsed:.1f}")
