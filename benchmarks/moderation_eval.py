"""Text-moderation benchmark: precision, recall, F1, false-positive rate and throughput of
`moderation.text.analyze` on every labelled file, next to the peers measured in the same run
(korcen on the Korean files, better-profanity and alt-profanity-check on the English ones),
then how well it generalises: leave one source out, train on the rest, measure on it.

    .venv/bin/python benchmarks/moderation_eval.py [--data DIR] [--repeat N] [--no-loso]

Files are `label<TAB>text` TSVs (see the data's README): the dev and evasion sets in DIR, the
training sources in DIR/train. The shipped model was trained on every source, so our figures
on the dev files are in-sample; the leave-one-source-out table is the honest one: for each
source S, the model is trained without S (the lexicons and the phrase grammar stay as they
are), its threshold chosen on the training data only (out-of-fold), and measured on S, with
the peers on the same texts. Its "best F1" column is the best any threshold could reach on S
with FPR <= 5 %, to tell a ranking problem from a calibration one.

Throughput is messages per second on one core, best of --repeat passes. Ours is measured
with the per-word cache emptied before each pass (a server that has seen nothing yet), and
warm (a server in its steady state). better-profanity, being slow, gets one pass, and on the
large held-out sources a seeded sample of --sample texts. Peers and the training libraries
are optional: `pip install -e '.[bench]'`; a missing one is reported and skipped.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from moderation.text import analyze, scanner  # noqa: E402

Classifier = Callable[[str], bool]
Batch = Callable[[list[str]], list[bool]]


def read(path: Path) -> tuple[list[str], list[int]]:
    texts, labels = [], []
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            label, text = line.split("\t", 1)
            texts.append(text)
            labels.append(int(label))
    return texts, labels


def rates(preds: list[bool], labels: list[int]) -> dict[str, float]:
    tp = sum(p and y == 1 for p, y in zip(preds, labels, strict=True))
    fp = sum(p and y == 0 for p, y in zip(preds, labels, strict=True))
    fn = sum(not p and y == 1 for p, y in zip(preds, labels, strict=True))
    tn = sum(not p and y == 0 for p, y in zip(preds, labels, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1,
            "fpr": fp / (fp + tn) if fp + tn else 0.0}  # fmt: skip


def measure(batch: Batch, texts: list[str], labels: list[int], repeat: int, cold: bool) -> dict:
    best = float("inf")
    preds: list[bool] = []
    for _ in range(max(1, repeat)):
        if cold:
            scanner().clear_cache()
        start = time.perf_counter()
        preds = batch(texts)
        best = min(best, time.perf_counter() - start)
    return {**rates(preds, labels), "rate": len(texts) / best if best > 0 else float("inf")}


def ours(texts: list[str]) -> list[bool]:
    return [analyze(t).abusive for t in texts]


def one_by_one(check: Classifier) -> Batch:
    return lambda texts: [bool(check(t)) for t in texts]


def peers() -> dict[str, list[tuple[str, Batch | None, str]]]:
    """language -> [(peer name, batch classifier or None, why not)]."""
    out: dict[str, list[tuple[str, Batch | None, str]]] = {"ko": [], "en": []}
    try:
        from korcen import korcen

        out["ko"].append(("korcen", one_by_one(korcen.check), ""))
    except Exception as exc:  # any import failure: report, don't crash the benchmark
        out["ko"].append(("korcen", None, f"not available ({exc.__class__.__name__}: {exc})"))
    try:
        from better_profanity import profanity

        profanity.load_censor_words()
        out["en"].append(("better-profanity", one_by_one(profanity.contains_profanity), ""))
    except Exception as exc:
        out["en"].append(("better-profanity", None, f"not available ({exc!r})"))
    try:
        from profanity_check import predict

        out["en"].append(("alt-profanity-check", lambda ts: [bool(p) for p in predict(ts)], ""))
    except Exception as exc:
        out["en"].append(("alt-profanity-check", None, f"not available ({exc!r})"))
    return out


def files_table(args: argparse.Namespace, peer_of: dict, notes: list[str]) -> None:
    files = sorted(args.data.glob("*.tsv"))
    if not files:
        sys.exit(f"no .tsv files in {args.data}")
    print("| file | filter | precision | recall | F1 | FPR | msg/s |")
    print("|---|---|---|---|---|---|---|")
    for path in files:
        texts, labels = read(path)
        rows = [("ours", measure(ours, texts, labels, args.repeat, cold=True))]
        for name, batch, why in peer_of.get(path.stem[:2], []):
            if batch is None:
                notes.append(f"{name}: {why}")
                continue
            repeat = 1 if name == "better-profanity" else args.repeat
            rows.append((name, measure(batch, texts, labels, repeat, cold=False)))
        for who, m in rows:
            print(
                f"| {path.name} | {who} | {m['precision']:.3f} | {m['recall']:.3f} | "
                f"{m['f1']:.3f} | {m['fpr']:.3f} | {m['rate']:,.0f} |"
            )


def throughput(args: argparse.Namespace) -> None:
    for lang, what in (("ko", "Korean chat"), ("en", "tweet-length English")):
        path = args.data / f"{lang}_dev.tsv"
        if not path.exists():
            continue
        texts, labels = read(path)
        cold = measure(ours, texts, labels, args.repeat, cold=True)["rate"]
        measure(ours, texts, labels, 1, cold=False)  # warm the per-word cache
        warm = measure(ours, texts, labels, args.repeat, cold=False)["rate"]
        print(
            f"throughput, {what} ({path.name}, {len(texts)} texts), one core: {cold:,.0f} msg/s "
            f"from an empty word cache, {warm:,.0f} msg/s warm"
        )


def loso_table(args: argparse.Namespace, peer_of: dict, notes: list[str]) -> None:
    try:
        import train_text_model as training
    except ImportError as exc:
        notes.append(f"leave-one-source-out skipped: {exc} (pip install -e '.[train]')")
        return
    opts = training.options(["--data", str(args.data), "--folds", str(args.folds)])
    corpora = training.load(args.data)
    for lang, corpus in sorted(corpora.items()):
        names = [name for name, batch, _ in peer_of.get(lang, []) if batch is not None]
        print(f"\nLeave one source out ({lang}): trained without the source, threshold chosen "
              "on the training data, measured on the source")  # fmt: skip
        head = "| held-out source | texts | ours P / R | ours F1 | ours FPR | best F1 at FPR ≤ 5 %"
        print(head + "".join(f" | {n} F1 / FPR" for n in names) + " |")
        print("|---" * (5 + len(names)) + "|---|")
        for row in training.leave_one_source_out(corpus, opts):
            pr = f"{row['precision']:.3f} / {row['recall']:.3f}"
            cells = [row["source"], str(row["n"]), pr, f"{row['f1']:.3f}", f"{row['fpr']:.3f}",
                     f"{row['oracle_f1']:.3f}"]  # fmt: skip
            idx = [i for i, s in enumerate(corpus.source) if s == row["source"]]
            for name, batch, _ in peer_of.get(lang, []):
                if batch is None:
                    continue
                if name == "better-profanity" and len(idx) > args.sample:
                    sampler = random.Random(13)  # noqa: S311 - a reproducible sample
                    idx_p = sorted(sampler.sample(idx, args.sample))
                    mark = f" (sample of {args.sample})"
                else:
                    idx_p, mark = idx, ""
                m = rates(
                    batch([corpus.texts[i] for i in idx_p]), [int(corpus.y[i]) for i in idx_p]
                )
                cells.append(f"{m['f1']:.3f} / {m['fpr']:.3f}{mark}")
            print("| " + " | ".join(cells) + " |", flush=True)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = next((d for d in (ROOT.parent / "shared" / "moderation-eval",
                                ROOT.parent.parent / "shared" / "moderation-eval")
                    if d.is_dir()), ROOT.parent / "shared" / "moderation-eval")  # fmt: skip
    ap.add_argument("--data", type=Path, default=default)
    ap.add_argument("--repeat", type=int, default=3, help="timing passes (best is kept)")
    ap.add_argument("--no-peers", action="store_true")
    ap.add_argument("--no-loso", action="store_true", help="skip the leave-one-source-out table")
    ap.add_argument("--folds", type=int, default=2, help="folds that choose each threshold")
    ap.add_argument("--sample", type=int, default=1000, help="better-profanity's sample size")
    args = ap.parse_args(argv)

    analyze("warm-up: load the lexicons, the phrase grammar and the model")
    peer_of = {} if args.no_peers else peers()
    notes: list[str] = []
    files_table(args, peer_of, notes)
    print()
    throughput(args)
    if not args.no_loso:
        loso_table(args, peer_of, notes)
    for note in dict.fromkeys(notes):
        print(f"note: {note}")


if __name__ == "__main__":
    main()
