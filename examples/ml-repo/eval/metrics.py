"""Evaluation metrics."""


def accuracy(predictions, labels):
    correct = sum(p == y for p, y in zip(predictions, labels))
    return correct / len(labels)


# ai-provenance: begin id=8b2d4e61 tool=claude-code model=anthropic/claude-sonnet-4-5 at=2026-11-03T14:02:00Z source=agent
def f1(precision, recall):
    if precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)
# ai-provenance: end id=8b2d4e61


def confusion(predictions, labels, classes):
    table = {(a, b): 0 for a in classes for b in classes}
    for p, y in zip(predictions, labels):
        table[(y, p)] += 1
    return table
