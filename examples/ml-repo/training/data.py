"""Dataset loading, written by the team."""
import json


def load_dataset(split):
    with open(f"data/{split}.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f]
