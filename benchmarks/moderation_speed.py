"""Text-moderation throughput on one core: `moderation.text.analyze` on Korean chat lines and
tweet-length English lines, beside baselines measured in the same run.

    .venv/bin/python benchmarks/moderation_speed.py [--data DIR] [--repeat N] [--lines N]

The lines are the texts of `ko_dev.tsv` and `en_dev.tsv` (see the data's README). Every figure
is CPU time of this process (`time.process_time`), best of --repeat passes, so that other work
on a shared machine weighs on it less than on wall time; it still slows it, which is why each
figure stands beside:

- **bare**: the least any word filter in Python does with a line (lower-case it, split it,
  look its words up in a set of the lexicon's terms): the machine's speed on this run, and a
  floor no real filter reaches;
- **peers** where installed (`pip install -e '.[bench]'`): korcen on the Korean lines,
  better-profanity on a sample of the English ones (it is slow).

Ours is measured from an empty per-word cache before each pass (a server that has just
started) and warm (the steady state: the same lines seen before).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from moderation.text import analyze, scanner  # noqa: E402
from moderation.text.lexicon import load_entries  # noqa: E402


def read(path: Path, limit: int) -> list[str]:
    texts = []
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            texts.append(line.split("\t", 1)[1])
    return texts[:limit]


def rate(check: Callable[[str], object], texts: list[str], repeat: int, *, cold: bool) -> float:
    """Messages per CPU second, best of `repeat` passes."""
    best = float("inf")
    for _ in range(max(1, repeat)):
        if cold:
            scanner().clear_cache()
        start = time.process_time()
        for t in texts:
            check(t)
        best = min(best, time.process_time() - start)
    return len(texts) / best if best > 0 else float("inf")


def bare() -> Callable[[str], bool]:
    terms = frozenset(e.term for e in load_entries())
    return lambda text: not terms.isdisjoint(text.lower().split())


def peers(lang: str) -> list[tuple[str, Callable[[str], object] | None, str]]:
    out: list[tuple[str, Callable[[str], object] | None, str]] = []
    if lang == "ko":
        try:
            from korcen import korcen

            out.append(("korcen", korcen.check, ""))
        except Exception as exc:  # any import failure: report, don't crash the benchmark
            out.append(("korcen", None, f"not available ({exc!r})"))
    else:
        try:
            from better_profanity import profanity

            profanity.load_censor_words()
            out.append(("better-profanity", profanity.contains_profanity, ""))
        except Exception as exc:
            out.append(("better-profanity", None, f"not available ({exc!r})"))
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = next((d for d in (ROOT.parent / "shared" / "moderation-eval",
                                ROOT.parent.parent / "shared" / "moderation-eval")
                    if d.is_dir()), ROOT.parent / "shared" / "moderation-eval")  # fmt: skip
    ap.add_argument("--data", type=Path, default=default)
    ap.add_argument("--repeat", type=int, default=3, help="timing passes (best is kept)")
    ap.add_argument("--lines", type=int, default=3000, help="lines per language")
    ap.add_argument("--sample", type=int, default=200, help="better-profanity's lines")
    args = ap.parse_args(argv)

    analyze("warm-up: load the lexicons, the phrase grammar and the model")
    floor = bare()
    print("| lines | filter | msg/s (CPU) | ours ÷ it (warm) |")
    print("|---|---|---|---|")
    for lang, what in (("ko", "Korean chat"), ("en", "tweet-length English")):
        path = args.data / f"{lang}_dev.tsv"
        if not path.exists():
            print(f"note: {path} missing, {what} skipped")
            continue
        texts = read(path, args.lines)
        label = f"{what} ({path.name}, {len(texts)})"
        cold = rate(analyze, texts, args.repeat, cold=True)
        rate(analyze, texts, 1, cold=False)  # warm the per-word caches
        warm = rate(analyze, texts, args.repeat, cold=False)
        base = rate(floor, texts, args.repeat, cold=False)
        print(f"| {label} | ours, empty word cache | {cold:,.0f} | |")
        print(f"| {label} | **ours, warm** | {warm:,.0f} | |")
        print(f"| {label} | bare (lower, split, set) | {base:,.0f} | {warm / base:.3f} |")
        for name, check, why in peers(lang):
            if check is None:
                print(f"note: {name}: {why}")
                continue
            sample = texts[: args.sample] if name == "better-profanity" else texts
            r = rate(check, sample, 1 if name == "better-profanity" else args.repeat, cold=False)
            print(f"| {label} | {name} ({len(sample)} lines) | {r:,.0f} | {warm / r:.2f} |")


if __name__ == "__main__":
    main()
