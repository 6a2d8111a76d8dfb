"""Train the text-moderation model (moderation/text/data/model.json) on the two dev sets.

    .venv/bin/python scripts/train_text_model.py            # cross-validate, fit, write
    .venv/bin/python scripts/train_text_model.py --cv-only  # only the cross-validated figures

Needs numpy, scipy and scikit-learn (the `train` extra); inference needs none of them.

Features are exactly what `moderation.text.model` computes at run time: the distinct character
1-4-grams of the normalised text, each worth 1/sqrt(their number). The classifier is NB-LR: the
features are scaled by their naive-Bayes log-count ratios and fed to an L2-regularised logistic
regression; ratio times coefficient is the one weight per n-gram that is shipped. Everything
chosen from data (vocabulary, ratios, coefficients, pruning, decision threshold) is chosen
inside each fold, so the cross-validated figures are out-of-fold predictions of the whole
procedure. Only ko_dev.tsv and en_dev.tsv are read; the evasion sets are evaluation-only.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from moderation.text import model as text_model  # noqa: E402
from moderation.text.lexicon import Lexicon, default_lexicon  # noqa: E402
from moderation.text.normalize import normalize  # noqa: E402

TRAIN_FILES = {"ko": "ko_dev.tsv", "en": "en_dev.tsv"}
# The default threshold is the lowest that keeps each language's combined (lexicon OR model)
# false-positive rate within these budgets on held-out folds: 90% of the targets.
# When the lexicon alone nearly fills a budget (en_dev: 4.3%), the model may still add
# MODEL_SHARE on top of the lexicon's own rate, so that one noisy fold cannot shut it off.
BUDGET = {"ko": 0.027, "en": 0.045}
MODEL_SHARE = 0.003
YOUTH_FACTOR = 2.0  # the youth threshold may spend twice the budget


def read(path: Path) -> tuple[list[str], list[int]]:
    texts, labels = [], []
    for line in path.read_text("utf-8").splitlines():
        label, text = line.split("\t", 1)
        texts.append(text)
        labels.append(int(label))
    return texts, labels


def model_input(lexicon: Lexicon, text: str) -> tuple[list[str], bool]:
    """The model's features for `text` exactly as `analyze` builds them, and whether the
    lexicon fires on it."""
    view = normalize(text)
    grams = text_model.ngrams(view.text)
    spans, hits = lexicon.scan(text, view, grams)
    masked = text_model.features(view.text, grams, [(h.start, h.end) for h in hits])
    return sorted(masked), bool(spans)


def design(docs: list[list[str]], vocab: dict[str, int]) -> sparse.csr_matrix:
    rows, cols, vals = [], [], []
    for r, doc in enumerate(docs):
        scale = 1.0 / math.sqrt(len(doc))
        for g in doc:
            j = vocab.get(g)
            if j is not None:
                rows.append(r)
                cols.append(j)
                vals.append(scale)
    return sparse.csr_matrix((vals, (rows, cols)), shape=(len(docs), len(vocab)))


def fit(docs: list[list[str]], y: np.ndarray, args) -> tuple[dict[str, float], float]:
    df = Counter(g for doc in docs for g in doc)
    vocab = {g: j for j, g in enumerate(sorted(g for g, c in df.items() if c >= args.min_df))}
    x = design(docs, vocab)
    present = (x > 0).astype(np.float64)
    pos = np.asarray(present[y == 1].sum(axis=0)).ravel() + 1.0
    neg = np.asarray(present[y == 0].sum(axis=0)).ravel() + 1.0
    ratio = np.log((pos / pos.sum()) / (neg / neg.sum()))
    clf = LogisticRegression(C=args.C, max_iter=5000, solver="liblinear")
    clf.fit(x @ sparse.diags(ratio), y)
    w = clf.coef_[0] * ratio
    grams = sorted(vocab, key=vocab.__getitem__)
    top = np.argsort(-np.abs(w))[: args.keep]
    weights = {grams[j]: float(f"{w[j]:.4g}") for j in top if abs(w[j]) >= 1e-4}
    return weights, float(clf.intercept_[0])


def predict(weights: dict[str, float], bias: float, docs: list[list[str]]) -> np.ndarray:
    z = np.array([sum(weights.get(g, 0.0) for g in d) / math.sqrt(len(d)) for d in docs])
    return 1.0 / (1.0 + np.exp(-(bias + z)))


def metrics(y: np.ndarray, pred: np.ndarray) -> dict[str, float]:
    tp = int(np.sum(pred & (y == 1)))
    fp = int(np.sum(pred & (y == 0)))
    fn = int(np.sum(~pred & (y == 1)))
    tn = int(np.sum(~pred & (y == 0)))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f1, "fpr": fp / (fp + tn) if fp + tn else 0.0}


def choose_threshold(prob, lex, y, lang, factor: float = 1.0) -> float:
    """The lowest threshold whose combined FPR is within budget for every language."""
    allowed = {
        g: max(factor * b, metrics(y[lang == g], lex[lang == g])["fpr"] + MODEL_SHARE)
        for g, b in BUDGET.items()
    }
    for t in np.round(np.arange(0.05, 0.996, 0.005), 3):
        pred = lex | (prob >= t)
        if all(metrics(y[lang == g], pred[lang == g])["fpr"] <= allowed[g] for g in BUDGET):
            return float(t)
    return 0.995


def cross_validate(docs, y, lex, lang, args):
    """Out-of-fold probabilities and, per text, the threshold its fold chose from an inner
    split of its own training part."""
    strata = np.array([f"{g}{v}" for g, v in zip(lang, y, strict=True)])
    oof = np.zeros(len(y))
    oof_t = np.zeros(len(y))
    outer = StratifiedKFold(n_splits=args.folds, shuffle=True, random_state=args.seed)
    for train, test in outer.split(docs, strata):
        weights, bias = fit([docs[i] for i in train], y[train], args)
        oof[test] = predict(weights, bias, [docs[i] for i in test])
        inner = StratifiedKFold(n_splits=3, shuffle=True, random_state=args.seed)
        inner_prob = np.zeros(len(train))
        for a, b in inner.split(train, strata[train]):
            w2, b2 = fit([docs[train[i]] for i in a], y[train[a]], args)
            inner_prob[b] = predict(w2, b2, [docs[train[i]] for i in b])
        oof_t[test] = choose_threshold(inner_prob, lex[train], y[train], lang[train])
    return oof, oof_t


def line(name: str, m: dict[str, float]) -> str:
    return f"| {name} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | {m['fpr']:.3f} |"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "moderation-eval")
    ap.add_argument("--out", type=Path, default=ROOT / "moderation/text/data/model.json")
    ap.add_argument("--C", type=float, default=4.0)
    ap.add_argument("--min-df", type=int, default=2)
    ap.add_argument("--keep", type=int, default=6000, help="weights kept after pruning")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--cv-only", action="store_true")
    args = ap.parse_args(argv)

    texts, labels, langs = [], [], []
    for g, name in TRAIN_FILES.items():
        t, y = read(args.data / name)
        texts += t
        labels += y
        langs += [g] * len(t)
    y, lang = np.array(labels), np.array(langs)
    lexicon = default_lexicon()
    pairs = [model_input(lexicon, t) for t in texts]
    docs = [doc for doc, _ in pairs]
    lex = np.array([hit for _, hit in pairs])

    oof, oof_t = cross_validate(docs, y, lex, lang, args)
    print(f"{args.folds}-fold cross-validation (out-of-fold), C={args.C}, min_df={args.min_df}")
    print(f"thresholds chosen inside the folds: {sorted(set(oof_t.tolist()))}")
    print("| set / decision | precision | recall | F1 | FPR |\n|---|---|---|---|---|")
    cv = {}
    for g in TRAIN_FILES:
        s = lang == g
        print(line(f"{g}_dev lexicon alone", metrics(y[s], lex[s])))
        print(line(f"{g}_dev model alone (p >= 0.5)", metrics(y[s], oof[s] >= 0.5)))
        cv[g] = metrics(y[s], lex[s] | (oof[s] >= oof_t[s]))
        print(line(f"{g}_dev combined (CV)", cv[g]))
    if args.cv_only:
        return

    threshold = choose_threshold(oof, lex, y, lang)
    youth = choose_threshold(oof, lex, y, lang, YOUTH_FACTOR)
    weights, bias = fit(docs, y, args)
    fitted = predict(weights, bias, docs)
    print(f"\nfinal model: threshold {threshold}, youth threshold {youth}")
    print("| set / decision | precision | recall | F1 | FPR |\n|---|---|---|---|---|")
    for g in TRAIN_FILES:
        s = lang == g
        youth_cv = metrics(y[s], lex[s] | (oof[s] >= youth))
        print(line(f"{g}_dev combined, youth threshold (CV)", youth_cv))
        in_sample = metrics(y[s], lex[s] | (fitted[s] >= threshold))
        print(line(f"{g}_dev combined (in-sample)", in_sample))
    meta = {
        "youth_threshold": youth,
        "features": "distinct char 1-4-grams of ' '+normalize(text)+' ', 1/sqrt(count) each",
        "trained_on": list(TRAIN_FILES.values()),
        "C": args.C,
        "min_df": args.min_df,
        "cv": {g: {k: round(v, 4) for k, v in m.items()} for g, m in cv.items()},
    }
    model = text_model.Model(weights, bias, threshold, **meta)
    args.out.write_text(model.to_json(), "utf-8")
    size = args.out.stat().st_size / 1024
    print(f"wrote {args.out.relative_to(ROOT)}: {len(weights)} weights, {size:.0f} KiB")


if __name__ == "__main__":
    main()
