#!/usr/bin/env python3
"""Validate news.jsonl (standard library only).

Checks: valid JSON per line, required fields, unique ids, 0 <= start < end
<= len(text) in code points, no overlapping spans, labels in PER/LOC/ORG,
no whitespace at span edges. Prints every span's text (unless -q), then
warns about
  * a string annotated somewhere that also occurs elsewhere not covered by
    a span (completeness), or crossing a span boundary;
  * a string annotated with more than one label;
  * articles outside 120-300 characters or 3-6 sentences.
Exit status 1 on errors, and also on warnings with --strict.

Usage: python3 assets/trial/check.py [-q] [--strict] [news.jsonl]
"""
import collections
import json
import os
import re
import sys
import unicodedata

LABELS = ("PER", "LOC", "ORG")

# (surface, doc id) pairs where an unannotated occurrence is deliberate,
# with the reason. Keep this short.
ALLOW = {}


def main(argv):
    quiet = "-q" in argv
    strict = "--strict" in argv
    args = [a for a in argv if not a.startswith("-")]
    path = args[0] if args else os.path.join(os.path.dirname(os.path.abspath(__file__)), "news.jsonl")

    errors, warnings = [], []
    docs = []
    seen = set()
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                errors.append(f"line {n}: blank line")
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                errors.append(f"line {n}: invalid JSON: {e}")
                continue
            if not isinstance(rec, dict):
                errors.append(f"line {n}: not an object")
                continue
            rid, text, spans = rec.get("id"), rec.get("text"), rec.get("spans")
            if not isinstance(rid, str) or not rid:
                errors.append(f"line {n}: missing id")
                continue
            if rid in seen:
                errors.append(f"line {n}: duplicate id {rid}")
            seen.add(rid)
            if not isinstance(text, str) or not text:
                errors.append(f"{rid}: missing text")
                continue
            if unicodedata.normalize("NFC", text) != text:
                warnings.append(f"{rid}: text is not in Unicode NFC")
            if not isinstance(spans, list):
                errors.append(f"{rid}: spans is not a list")
                continue
            if rec.get("annotator") != "gold":
                errors.append(f"{rid}: annotator is {rec.get('annotator')!r}, want 'gold'")
            extra = set(rec) - {"id", "text", "spans", "annotator"}
            if extra:
                warnings.append(f"{rid}: unexpected keys {sorted(extra)}")
            good = []
            for s in spans:
                if not isinstance(s, dict) or set(s) != {"start", "end", "label"}:
                    errors.append(f"{rid}: bad span {s!r}")
                    continue
                st, en, lab = s["start"], s["end"], s["label"]
                if not (isinstance(st, int) and isinstance(en, int)) or isinstance(st, bool) or isinstance(en, bool):
                    errors.append(f"{rid}: non-integer offsets {s!r}")
                    continue
                if not 0 <= st < en <= len(text):
                    errors.append(f"{rid}: offsets out of range {s!r} (len {len(text)})")
                    continue
                if lab not in LABELS:
                    errors.append(f"{rid}: label {lab!r} not in {LABELS}")
                surf = text[st:en]
                if surf != surf.strip():
                    errors.append(f"{rid}: whitespace at edge of span {surf!r}")
                good.append((st, en, lab))
            good.sort()
            if [(s["start"], s["end"], s["label"]) for s in spans if isinstance(s, dict) and "start" in s] != good:
                warnings.append(f"{rid}: spans not sorted by offset")
            for a, b in zip(good, good[1:]):
                if b[0] < a[1]:
                    errors.append(f"{rid}: overlapping spans {text[a[0]:a[1]]}[{a[0]},{a[1]}) and {text[b[0]:b[1]]}[{b[0]},{b[1]})")
            docs.append((rid, text, good))

    if not quiet:
        for rid, text, spans in docs:
            print(f"{rid}: " + "  ".join(f"{text[s:e]}/{lab}" for s, e, lab in spans))
        print()

    # Label consistency and completeness.
    labels_of = collections.defaultdict(set)
    for rid, text, spans in docs:
        for s, e, lab in spans:
            labels_of[text[s:e]].add(lab)
    for surf, labs in sorted(labels_of.items()):
        if len(labs) > 1:
            warnings.append(f"{surf!r} annotated with several labels: {sorted(labs)}")
    for rid, text, spans in docs:
        for surf in labels_of:
            i = text.find(surf)
            while i >= 0:
                j = i + len(surf)
                inside = any(s <= i and j <= e for s, e, _ in spans)
                crossing = any(i < e and s < j and not (s <= i and j <= e) for s, e, _ in spans)
                if not inside and (surf, rid) not in ALLOW:
                    ctx = text[max(0, i - 8):j + 8].replace("\n", " ")
                    kind = "crosses a span boundary" if crossing else "occurs unannotated"
                    warnings.append(f"{rid}: {surf!r} ({'/'.join(sorted(labels_of[surf]))}) {kind} at {i}: …{ctx}…")
                i = text.find(surf, i + 1)

    # Shape of the articles.
    for rid, text, _ in docs:
        sentences = len(re.findall(r"[。！？](?![」”』])|[。！？][」”』]", text))
        if not 120 <= len(text) <= 300:
            warnings.append(f"{rid}: {len(text)} characters (want 120-300)")
        if not 3 <= sentences <= 6:
            warnings.append(f"{rid}: {sentences} sentences (want 3-6)")

    # Summary.
    per_label = collections.Counter(lab for _, _, sp in docs for _, _, lab in sp)
    distinct = collections.Counter(lab for surf, labs in labels_of.items() for lab in labs)
    chars = sum(len(t) for _, t, _ in docs)
    print(f"articles: {len(docs)}  characters: {chars}  spans: {sum(per_label.values())}")
    for lab in LABELS:
        print(f"  {lab}: {per_label[lab]} spans, {distinct[lab]} distinct strings")
    astral = sum(1 for _, t, _ in docs for c in t if ord(c) > 0xFFFF)
    print(f"characters outside the BMP: {astral}")
    for w in warnings:
        print("WARNING:", w)
    for e in errors:
        print("ERROR:", e)
    print(f"{len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors or (strict and warnings) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
