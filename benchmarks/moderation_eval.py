"""Text-moderation benchmark: precision, recall, F1, false-positive rate and throughput of
`moderation.text.analyze` on every labelled file, next to the peers measured in the same run
(korcen on the Korean files, better-profanity on the English ones).

    .venv/bin/python benchmarks/moderation_eval.py [--data DIR] [--threshold T] [--repeat N]

Files are `label<TAB>text` TSVs (see the data's README). The model was trained on ko_dev and
en_dev, so our figures on those two are in-sample; the cross-validated ones are in
moderation/text/MODEL.md. Throughput is messages per second on one core, best of --repeat
passes (better-profanity, being slow, gets one pass). Peers are optional: install them with
`pip install -e '.[bench]'`; a missing one is reported and skipped.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from moderation.text import analyze  # noqa: E402

Classifier = Callable[[str], bool]


def read(path: Path) -> tuple[list[str], list[int]]:
    texts, labels = [], []
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            label, text = line.split("\t", 1)
            texts.append(text)
            labels.append(int(label))
    return texts, labels


def measure(classify: Classifier, texts: list[str], labels: list[int], repeat: int) -> dict:
    best = float("inf")
    preds: list[bool] = []
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        preds = [classify(t) for t in texts]
        best = min(best, time.perf_counter() - start)
    tp = sum(p and y == 1 for p, y in zip(preds, labels, strict=True))
    fp = sum(p and y == 0 for p, y in zip(preds, labels, strict=True))
    fn = sum(not p and y == 1 for p, y in zip(preds, labels, strict=True))
    tn = sum(not p and y == 0 for p, y in zip(preds, labels, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "fpr": fp / (fp + tn) if fp + tn else 0.0,
        "rate": len(texts) / best if best > 0 else float("inf"),
    }


def peers() -> dict[str, tuple[str, Classifier | None, str]]:
    """language -> (peer name, classifier or None, why not)."""
    out: dict[str, tuple[str, Classifier | None, str]] = {}
    try:
        from korcen import korcen

        out["ko"] = ("korcen", korcen.check, "")
    except Exception as exc:  # any import failure: report, don't crash the benchmark
        out["ko"] = ("korcen", None, f"not available ({exc.__class__.__name__}: {exc})")
    try:
        from better_profanity import profanity

        profanity.load_censor_words()
        out["en"] = ("better-profanity", profanity.contains_profanity, "")
    except Exception as exc:
        out["en"] = ("better-profanity", None, f"not available ({exc.__class__.__name__}: {exc})")
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "moderation-eval")
    ap.add_argument("--threshold", type=float, default=None, help="override the model's")
    ap.add_argument("--repeat", type=int, default=3, help="timing passes (best is kept)")
    ap.add_argument("--no-peers", action="store_true")
    args = ap.parse_args(argv)

    files = sorted(args.data.glob("*.tsv"))
    if not files:
        sys.exit(f"no .tsv files in {args.data}")
    ours = analyze("warm-up: load the lexicons and the model")
    del ours

    def classify(text: str) -> bool:
        return analyze(text, threshold=args.threshold, pii=False).abusive

    def classify_full(text: str) -> bool:
        return analyze(text, threshold=args.threshold).abusive

    peer_of = {} if args.no_peers else peers()
    print("| file | filter | precision | recall | F1 | FPR | msg/s |")
    print("|---|---|---|---|---|---|---|")
    notes = []
    all_texts: list[str] = []
    for path in files:
        texts, labels = read(path)
        all_texts += texts if "dev" in path.stem else []
        rows = [("ours", measure(classify_full, texts, labels, args.repeat))]
        name, peer, why = peer_of.get(path.stem[:2], ("", None, ""))
        if peer is not None:
            repeat = 1 if name == "better-profanity" else args.repeat
            rows.append((name, measure(peer, texts, labels, repeat)))
        elif why and why not in notes:
            notes.append(f"{name}: {why}")
        for who, m in rows:
            print(
                f"| {path.name} | {who} | {m['precision']:.3f} | {m['recall']:.3f} | "
                f"{m['f1']:.3f} | {m['fpr']:.3f} | {m['rate']:,.0f} |"
            )
    if all_texts:
        with_pii = measure(classify_full, all_texts, [0] * len(all_texts), args.repeat)["rate"]
        without = measure(classify, all_texts, [0] * len(all_texts), args.repeat)["rate"]
        print(
            f"\nthroughput on the dev sets' {len(all_texts)} texts, one core: "
            f"{with_pii:,.0f} msg/s (analyze with the PII guard), {without:,.0f} msg/s (pii=False)"
        )
    for note in notes:
        print(f"note: {note}")


if __name__ == "__main__":
    main()
