"""Train the text-moderation model (moderation/text/data/model.json) on every labelled file.

    .venv/bin/python scripts/train_text_model.py            # thresholds, fit, write model.json
    .venv/bin/python scripts/train_text_model.py --loso     # also leave-one-source-out figures

Needs numpy, scipy and scikit-learn (the `train` extra); inference needs none of them.

Features are exactly what `moderation.text.model` computes at run time (`word_features` of the
words the lexicon does not judge). One L2-regularised logistic regression per language, each
source weighted so that it counts as much as the others and its two classes equally (sources
differ tenfold in size and in their share of abuse; unweighted, the model would learn which
source a text comes from). Decision thresholds come from out-of-fold predictions: the lowest
at which the combined decision (lexicon, phrases OR model) keeps the mean false-positive rate
over the language's sources within the budget. `--loso` trains without each source in turn,
chooses the threshold on the rest, and measures on the source left out (what
benchmarks/moderation_eval.py prints too).
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from moderation.text import MILD, scanner  # noqa: E402
from moderation.text import model as text_model  # noqa: E402
from moderation.text.lexicon import WORD  # noqa: E402
from moderation.text.normalize import normalize  # noqa: E402

# dev files and the rest of their source are one source.
SOURCE_OF = {"ko_dev": "ko_2runo", "ko_2runo_rest": "ko_2runo", "en_dev": "en_davidson",
             "en_davidson_rest": "en_davidson"}  # fmt: skip
BUDGET = 0.01  # false-positive rate the model may add to the rules', mean over sources
YOUTH_BUDGET = 0.03
# ../shared beside the repository (or beside the worktree's parent, for git worktrees)
DEFAULT_DATA = [ROOT.parent / "shared" / "moderation-eval",
                ROOT.parent.parent / "shared" / "moderation-eval"]  # fmt: skip


@dataclass
class Corpus:
    lang: str
    texts: list[str]
    y: np.ndarray
    source: np.ndarray
    flagged: np.ndarray  # the lexicon or the phrase grammar calls it abusive
    docs: list[Counter]


def default_data() -> Path:
    return next((d for d in DEFAULT_DATA if d.is_dir()), DEFAULT_DATA[0])


def read(path: Path) -> tuple[list[str], list[int]]:
    texts, labels = [], []
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            label, text = line.split("\t", 1)
            texts.append(text)
            labels.append(int(label))
    return texts, labels


def features(text: str) -> tuple[Counter, bool]:
    """The model's input for `text` as `analyze` builds it, and whether the rules fire."""
    scan = scanner()
    words = WORD.findall(normalize(text).text)
    kept = list(dict.fromkeys(w for w in words if not scan.lexicon.word_hits(w)))
    spans, _, _ = scan.scan(text)
    return Counter(text_model.text_features(kept)), any(s.category not in MILD for s in spans)


def load(data: Path) -> dict[str, Corpus]:
    files = sorted(data.glob("*_dev.tsv")) + sorted((data / "train").glob("*.tsv"))
    out: dict[str, Corpus] = {}
    for path in files:
        lang = path.stem[:2]
        texts, labels = read(path)
        pairs = [features(t) for t in texts]
        c = out.setdefault(lang, Corpus(lang, [], np.zeros(0, int), np.zeros(0, object),
                                        np.zeros(0, bool), []))  # fmt: skip
        c.texts += texts
        c.y = np.concatenate([c.y, labels])
        c.source = np.concatenate([c.source, [SOURCE_OF.get(path.stem, path.stem)] * len(texts)])
        c.flagged = np.concatenate([c.flagged, [f for _, f in pairs]])
        c.docs += [d for d, _ in pairs]
    return out


def design(docs: list[Counter], vocab: dict[str, int]) -> sparse.csr_matrix:
    rows, cols, vals = [], [], []
    for r, doc in enumerate(docs):
        scale = 1.0 / _norm(doc)
        for g, n in doc.items():
            j = vocab.get(g)
            if j is not None:
                rows.append(r)
                cols.append(j)
                vals.append(n * scale)
    return sparse.csr_matrix((vals, (rows, cols)), shape=(len(docs), len(vocab)))


def balanced_weights(y: np.ndarray, source: np.ndarray) -> np.ndarray:
    w = np.ones(len(y))
    groups = sorted(set(source))
    for s in groups:
        for label in (0, 1):
            m = (source == s) & (y == label)
            if m.any():
                w[m] = len(y) / (2 * len(groups) * m.sum())
    return w


def fit(c: Corpus, idx: np.ndarray, args) -> tuple[dict[str, float], float]:
    docs = [c.docs[i] for i in idx]
    df = Counter(g for d in docs for g in d)
    vocab = {g: j for j, g in enumerate(sorted(g for g, n in df.items() if n >= args.min_df))}
    clf = LogisticRegression(C=args.C, solver="liblinear", max_iter=3000)
    clf.fit(design(docs, vocab), c.y[idx], sample_weight=balanced_weights(c.y[idx], c.source[idx]))
    coef = clf.coef_[0]
    grams = sorted(vocab, key=vocab.__getitem__)
    top = np.argsort(-np.abs(coef))[: args.keep]
    weights = {grams[j]: float(f"{coef[j]:.4g}") for j in top if abs(coef[j]) >= 1e-4}
    return weights, float(clf.intercept_[0])


def predict(weights: dict[str, float], bias: float, docs: list[Counter]) -> np.ndarray:
    z = np.array([sum(weights.get(g, 0.0) * n for g, n in d.items()) / _norm(d) for d in docs])
    return 1.0 / (1.0 + np.exp(-(bias + z)))


def _norm(doc: Counter) -> float:
    return math.sqrt(sum(doc.values()) + text_model.SHORT_TEXT_PRIOR)


def rates(y: np.ndarray, pred: np.ndarray) -> dict[str, float]:
    tp = int(np.sum(pred & (y == 1)))
    fp = int(np.sum(pred & (y == 0)))
    fn = int(np.sum(~pred & (y == 1)))
    tn = int(np.sum(~pred & (y == 0)))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f1, "fpr": fp / (fp + tn) if fp + tn else 0.0}


def choose_threshold(prob, flagged, y, source, budget: float) -> float:
    """The lowest threshold at which the model adds at most `budget` to the false-positive
    rate of the rules (lexicon and phrases), averaged over the sources. The rules' own rate
    differs by source with its guideline (casual profanity is clean in some): the model must
    not add much to it anywhere."""
    groups = sorted(set(source))
    base = {g: rates(y[source == g], flagged[source == g])["fpr"] for g in groups}
    for t in np.round(np.arange(0.05, 0.996, 0.005), 3):
        pred = flagged | (prob >= t)
        added = [rates(y[source == g], pred[source == g])["fpr"] - base[g] for g in groups]
        if np.mean(added) <= budget:
            return float(t)
    return 0.995


def out_of_fold(c: Corpus, idx: np.ndarray, args) -> np.ndarray:
    """Predictions for `idx` from models trained on the other folds (stratified by source)."""
    rng = np.random.default_rng(args.seed)
    fold = np.zeros(len(idx), int)
    for s in set(c.source[idx]):
        members = np.where(c.source[idx] == s)[0]
        fold[members] = rng.permutation(len(members)) % args.folds
    prob = np.zeros(len(idx))
    for k in range(args.folds):
        weights, bias = fit(c, idx[fold != k], args)
        prob[fold == k] = predict(weights, bias, [c.docs[i] for i in idx[fold == k]])
    return prob


def thresholds(c: Corpus, idx: np.ndarray, args) -> tuple[float, float]:
    prob = out_of_fold(c, idx, args)
    f, y, s = c.flagged[idx], c.y[idx], c.source[idx]
    return choose_threshold(prob, f, y, s, BUDGET), choose_threshold(prob, f, y, s, YOUTH_BUDGET)


def oracle_f1(prob: np.ndarray, flagged: np.ndarray, y: np.ndarray) -> float:
    """The best F1 any threshold reaches on the set with FPR <= 5 % (ranking quality)."""
    best = 0.0
    for t in np.arange(0.0, 1.0005, 0.005):
        m = rates(y, flagged | (prob >= t))
        if m["fpr"] <= 0.05:
            best = max(best, m["f1"])
    return best


def leave_one_source_out(c: Corpus, args) -> list[dict]:
    rows = []
    for s in sorted(set(c.source)):
        train = np.where(c.source != s)[0]
        test = np.where(c.source == s)[0]
        t, _ = thresholds(c, train, args)
        weights, bias = fit(c, train, args)
        prob = predict(weights, bias, [c.docs[i] for i in test])
        m = rates(c.y[test], c.flagged[test] | (prob >= t))
        rules = rates(c.y[test], c.flagged[test])
        best = oracle_f1(prob, c.flagged[test], c.y[test])
        rows.append({"source": s, "threshold": t, **m, "rules_fpr": rules["fpr"],
                     "oracle_f1": best, "n": len(test)})  # fmt: skip
    return rows


def print_loso(rows: list[dict]) -> None:
    print("| held-out source | texts | threshold | precision | recall | F1 | FPR | FPR ≤ 5 % |"
          " rules' FPR | best F1 at FPR ≤ 5 % |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        ok = "yes" if r["fpr"] <= 0.05 else "no"
        print(f"| {r['source']} | {r['n']} | {r['threshold']:.3f} | {r['precision']:.3f} | "
              f"{r['recall']:.3f} | {r['f1']:.3f} | {r['fpr']:.3f} | {ok} | {r['rules_fpr']:.3f} | "
              f"{r['oracle_f1']:.3f} |")  # fmt: skip


def options(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=default_data())
    ap.add_argument("--out", type=Path, default=ROOT / "moderation/text/data/model.json")
    ap.add_argument("--C", type=float, default=3.0)
    ap.add_argument("--min-df", type=int, default=2)
    ap.add_argument("--keep", type=int, default=30000, help="weights kept per language")
    ap.add_argument("--folds", type=int, default=3)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--loso", action="store_true")
    ap.add_argument("--no-write", action="store_true")
    return ap.parse_args(argv)


ATTRIBUTION = (
    "Trained on: 2runo/Curse-detection-data (MIT, (c) 2020 2runo); adlnlp/K-MHaS (CC BY-SA 4.0); "
    "jason9693/APEACH (CC BY-SA 4.0); ZIZUN/korean-malicious-comments-dataset (MIT); "
    "t-davidson/hate-speech-and-offensive-language (MIT, (c) 2017 Tom Davidson); "
    "paul-rottger/hatecheck-data (CC BY 4.0); Vicomtech/hate-speech-dataset (CC BY-SA 3.0 ES); "
    "amandacurry/convabuse (CC BY 4.0); HKUST-KnowComp/MLMA_hate_speech (MIT); "
    "microsoft/TOXIGEN (MIT, CDLA-Permissive-2.0). This file is an adaptation of CC BY-SA "
    "material and is licensed CC BY-SA 4.0; see moderation/text/data/LICENSES.md."
)


def main(argv: list[str] | None = None) -> None:
    args = options(argv)
    corpora = load(args.data)
    languages, weights, figures = {}, {}, {}
    for lang, c in sorted(corpora.items()):
        every = np.arange(len(c.y))
        if args.loso:
            print(f"\n{lang}: leave-one-source-out")
            print_loso(leave_one_source_out(c, args))
        t, youth = thresholds(c, every, args)
        weights[lang], bias = fit(c, every, args)
        languages[lang] = {"bias": bias, "threshold": t, "youth_threshold": youth}
        fitted = predict(weights[lang], bias, c.docs)
        m = rates(c.y, c.flagged | (fitted >= t))
        figures[lang] = {k: round(v, 4) for k, v in m.items()}
        print(f"{lang}: threshold {t}, youth {youth}, {len(weights[lang])} weights, "
              f"in-sample F1 {m['f1']:.3f} FPR {m['fpr']:.3f}")  # fmt: skip
    if args.no_write:
        return
    meta = {
        "features": "per distinct word not in the lexicon: the word, and the first and last 1-4"
        " letters of the word with its boundary; counts / sqrt(total + SHORT_TEXT_PRIOR)",
        "trained_on": sorted(
            [p.name for p in args.data.glob("*_dev.tsv")]
            + [p.name for p in (args.data / "train").glob("*.tsv")]
        ),
        "C": args.C,
        "min_df": args.min_df,
        "in_sample": figures,
        "attribution": ATTRIBUTION,
        "license": "CC-BY-SA-4.0",
    }
    args.out.write_text(text_model.Model(languages, weights, **meta).to_json(), "utf-8")
    print(f"wrote {args.out.relative_to(ROOT)} ({args.out.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
