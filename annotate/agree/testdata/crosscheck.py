#!/usr/bin/python3
"""Independent agreement measures for goldspan/annotate/agree's tests.

Reads cases as JSON (a file named on the command line), writes results as
JSON to stdout. Each case: {"name", "annotators", "labels",
"include_in_progress", "docs": [{"id", "text", "layers": {annotator:
{"status", "spans": [[start, end, label], ...]}}}]}. Offsets are code
points, which is what Python's str indexes.

Nothing here is shared with the Go code: documents are selected, character
categories assigned and spans matched again from the definitions, then

  - Cohen's kappa by scikit-learn's cohen_kappa_score and by NLTK's
    AnnotationTask.kappa_pairwise (overall, and per label as label vs not);
  - Fleiss' kappa from the textbook formula (Fleiss 1971) and by NLTK's
    AnnotationTask.pi(), which is multi-pi, the same statistic (NLTK's
    multi_kappa() is Davies and Fleiss 1982, a different one, and is
    reported only for information);
  - Krippendorff's alpha (nominal) from the coincidence matrix
    (Krippendorff 2011) and by NLTK's AnnotationTask.alpha();
  - span F1: exact by multiset intersection, overlap by scipy's
    maximum_bipartite_matching.

A 0/0 measure is null. NLTK's alpha returns 1 instead when there is a
single category; it is reported as is ("alpha_nltk") for the test to see.

Exit status 3 means a required module is missing.
"""

import json
import math
import sys
import warnings

try:
    import numpy as np
    from nltk.metrics.agreement import AnnotationTask
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import maximum_bipartite_matching
    from sklearn.metrics import cohen_kappa_score
except ImportError as e:  # pragma: no cover
    print(f"missing module: {e}", file=sys.stderr)
    sys.exit(3)


def num(x):
    """A float for JSON, None for nan or a failed computation."""
    if x is None:
        return None
    x = float(x)
    return None if math.isnan(x) or math.isinf(x) else x


def guarded(f):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return num(f())
    except ZeroDivisionError:
        return None


def select(case):
    ok = {"done"} | ({"in-progress"} if case["include_in_progress"] else set())
    return [d for d in case["docs"]
            if all(d["layers"].get(a, {}).get("status", "todo") in ok for a in case["annotators"])]


def spans_of(doc, annotator, labels):
    """The annotator's spans with a label in labels, without duplicates."""
    raw = doc["layers"].get(annotator, {}).get("spans") or []
    return sorted({(s, e, l) for s, e, l in raw if l in labels})


def categories(text, spans, labels):
    """Per code point: the label of the covering span that starts first,
    then is longest, then comes first in labels; else "O"."""
    order = {l: i for i, l in enumerate(labels)}
    ranked = sorted(spans, key=lambda s: (s[0], -s[1], order[s[2]]))
    out = []
    for x in range(len(text)):
        cat = "O"
        for s, e, l in ranked:
            if s <= x < e:
                cat = l
                break
        out.append(cat)
    return out


def exact_matches(a, b):
    return len(set(a) & set(b))


def overlap_matches(a, b):
    if not a or not b:
        return 0
    rows, cols = [], []
    for i, (s1, e1, l1) in enumerate(a):
        for j, (s2, e2, l2) in enumerate(b):
            if l1 == l2 and s1 < e2 and s2 < e1:
                rows.append(i)
                cols.append(j)
    if not rows:
        return 0
    graph = csr_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(len(a), len(b)))
    match = maximum_bipartite_matching(graph, perm_type="column")
    return int((match >= 0).sum())


def f1(m, na, nb):
    return None if na + nb == 0 else 2 * m / (na + nb)


def fleiss_textbook(items, cats):
    """Fleiss (1971): items is a list of per-annotator category lists."""
    N = len(items)
    if N == 0:
        return None
    m = len(items[0])
    P = []
    totals = {c: 0 for c in cats}
    for it in items:
        counts = {}
        for c in it:
            counts[c] = counts.get(c, 0) + 1
            totals[c] += 1
        P.append((sum(v * v for v in counts.values()) - m) / (m * (m - 1)))
    Pbar = sum(P) / N
    Pe = sum((t / (N * m)) ** 2 for t in totals.values())
    return None if Pe == 1 else (Pbar - Pe) / (1 - Pe)


def alpha_textbook(items):
    """Krippendorff's alpha, nominal, from the coincidence matrix."""
    o = {}
    for it in items:
        m = len(it)
        if m < 2:
            continue
        for i in range(m):
            for j in range(m):
                if i != j:
                    key = (it[i], it[j])
                    o[key] = o.get(key, 0) + 1 / (m - 1)
    nc = {}
    for (c, _), v in o.items():
        nc[c] = nc.get(c, 0) + v
    n = sum(nc.values())
    if n == 0:
        return None
    observed = sum(v for (c, k), v in o.items() if c != k)
    expected = sum(nc[c] * nc[k] for c in nc for k in nc if c != k)
    return None if expected == 0 else 1 - (n - 1) * observed / expected


def nltk_task(annotators, items, recode=lambda c: c):
    return AnnotationTask(data=[(a, i, recode(it[k])) for i, it in enumerate(items) for k, a in enumerate(annotators)])


def run(case):
    annotators, labels = case["annotators"], case["labels"]
    docs = select(case)
    items = []  # one per code point: each annotator's category
    spans = {a: [] for a in annotators}  # per annotator, per document
    for d in docs:
        per = [categories(d["text"], spans_of(d, a, labels), labels) for a in annotators]
        items.extend(zip(*per))
        for a in annotators:
            spans[a].append(spans_of(d, a, labels))
    out = {"name": case["name"], "documents": len(docs), "characters": len(items), "pairs": [], "per_label": {}}
    cats = ["O"] + labels
    task = nltk_task(annotators, items) if items else None
    for x in range(len(annotators)):
        for y in range(x + 1, len(annotators)):
            a, b = annotators[x], annotators[y]
            ya = [it[x] for it in items]
            yb = [it[y] for it in items]
            pr = {"a": a, "b": b,
                  "kappa": guarded(lambda: cohen_kappa_score(ya, yb)) if items else None,
                  "kappa_nltk": guarded(lambda: task.kappa_pairwise(a, b)) if items else None,
                  "agreement": sum(p == q for p, q in zip(ya, yb)) / len(items) if items else None,
                  "per_label": {}}
            tot = [0, 0, 0, 0, 0]  # exact, overlap, na, nb
            for l in labels:
                ba = [c == l for c in ya]
                bb = [c == l for c in yb]
                ex = ov = na = nb = 0
                for sa, sb in zip(spans[a], spans[b]):
                    la = [s for s in sa if s[2] == l]
                    lb = [s for s in sb if s[2] == l]
                    ex += exact_matches(la, lb)
                    ov += overlap_matches(la, lb)
                    na += len(la)
                    nb += len(lb)
                tot[0] += ex
                tot[1] += ov
                tot[2] += na
                tot[3] += nb
                pr["per_label"][l] = {
                    "kappa": guarded(lambda: cohen_kappa_score(ba, bb)) if items else None,
                    "exact": [ex, na - ex, nb - ex], "f1_exact": f1(ex, na, nb),
                    "overlap": [ov, na - ov, nb - ov], "f1_overlap": f1(ov, na, nb),
                }
            ex, ov, na, nb = tot[0], tot[1], tot[2], tot[3]
            pr["exact"], pr["f1_exact"] = [ex, na - ex, nb - ex], f1(ex, na, nb)
            pr["overlap"], pr["f1_overlap"] = [ov, na - ov, nb - ov], f1(ov, na, nb)
            out["pairs"].append(pr)
    out["fleiss"] = fleiss_textbook(items, cats)
    out["alpha"] = alpha_textbook(items)
    out["fleiss_nltk"] = guarded(task.pi) if items else None
    out["alpha_nltk"] = guarded(task.alpha) if items else None
    out["multi_kappa_nltk"] = guarded(task.multi_kappa) if items else None
    for l in labels:
        bin_items = [tuple(c == l for c in it) for it in items]
        t = nltk_task(annotators, items, lambda c: c == l) if items else None
        out["per_label"][l] = {
            "fleiss": fleiss_textbook(bin_items, [False, True]),
            "alpha": alpha_textbook(bin_items),
            "fleiss_nltk": guarded(t.pi) if items else None,
            "alpha_nltk": guarded(t.alpha) if items else None,
        }
    return out


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        cases = json.load(f)["cases"]
    json.dump({"cases": [run(c) for c in cases]}, sys.stdout)


if __name__ == "__main__":
    main()
