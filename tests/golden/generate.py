#!/usr/bin/env python3
"""Writes the golden fixtures: assessments and, from an independent implementation of the
scoring rules (DOMAIN.md §4, §8) in Python's exact `fractions`, their expected score results.

The Rust, Python and JavaScript suites compare their output with `*.expected.json`; this script
shares no code with them, so a fixture catches a scoring bug rather than repeating it.

    python3 tests/golden/generate.py          # rewrite the fixtures (and examples/*.json)
    python3 tests/golden/generate.py --check  # fail if any file would change
"""
import json
import random
import sys
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"
CATALOGUE = json.loads((ROOT / "indicators" / "eblomladan-2016.json").read_text(encoding="utf-8"))
IDS = [i["id"] for i in CATALOGUE["indicators"]]
SCALE = CATALOGUE["scale"]
POINTS = {s["id"]: s["points"] for s in SCALE}
ANSWERS = [s["id"] for s in SCALE]


def group_of(ind):
    return ind.get("area") or ind["level"]


def groups():
    out = {}
    for ind in CATALOGUE["indicators"]:
        out.setdefault(group_of(ind), []).append(ind["id"])
    return out


def doc(municipality, year, answers, **extra):
    d = {"catalogue": {"id": "eblomladan", "version": "2016"}, "municipality": municipality, "year": year}
    d.update(extra)
    d["answers"] = {i: answers[i] for i in IDS if i in answers}
    return d


def spread(rng, ids, fully, partly, not_met):
    assert fully + partly + not_met == len(ids), ids[0]
    choice = ["fully"] * fully + ["partly"] * partly + ["not_met"] * not_met
    rng.shuffle(choice)
    return dict(zip(ids, choice))


# Kumla-like 2017: 10 fully, 38 partly, 40 not met overall (the Kumla report's totals).
KUMLA_2017 = {
    "elderly": (1, 3, 4), "lead": (3, 17, 14), "tech": (3, 4, 3), "children": (1, 2, 2),
    "business": (0, 2, 4), "housing": (1, 3, 5), "culture": (0, 4, 6), "public": (1, 3, 2),
}
KUMLA_COMMENTS = {
    "elderly-06": "Digitala trygghetslarm infördes 2016; larmkedjan är obruten.",
    "lead-01": "Digitalt först finns i Digitala Kumla 2025 men tillämpas ännu inte i alla förvaltningar.",
    "lead-24": "Öppna data: planerat, ingen publicering ännu.",
    "tech-02": "E-underskrift finns i e-tjänsteplattformen.",
    "tech-03": "WCAG 2.0 ställs som krav vid upphandling av webb & e-tjänster.",
    "housing-01": "Bygglov via e-tjänst sedan hösten 2017 (\"Mitt bygge\").",
}


def kumla(year, rng, counts):
    answers = {}
    g = groups()
    for group, (f, p, n) in counts.items():
        answers.update(spread(rng, g[group], f, p, n))
    out = {i: {"answer": a} for i, a in answers.items()}
    for i, c in KUMLA_COMMENTS.items():
        out[i]["comment"] = c
    return out


def exact_area(target):
    """Answers that put the `business` flower exactly on `target` (a band edge)."""
    # 2·(s/6) + l/34 + t/10 = 4·target with s, l, t the points sums of 6, 34 and 10 indicators;
    # thirds need an area with 6 (or 9) indicators: 5, 8 and 10 never reach 7/3 or 5/3 exactly.
    for s in range(6, 19):
        for l in range(34, 103):
            for t in range(10, 31):
                if Fraction(2 * s, 6) + Fraction(l, 34) + Fraction(t, 10) == 4 * target:
                    return s, l, t
    raise SystemExit(f"no exact combination for {target}")


def fill_points(ids, total):
    """Answers for `ids` whose points sum to `total`, as even as possible."""
    n = len(ids)
    base, extra = divmod(total, n)
    points = [base + 1] * extra + [base] * (n - extra)
    by_points = {v: k for k, v in POINTS.items()}
    return {i: {"answer": by_points[p]} for i, p in zip(ids, points)}


def edge_case(target):
    s, l, t = exact_area(target)
    g = groups()
    answers = {i: {"answer": "partly"} for i in IDS}
    answers.update(fill_points(g["business"], s))
    answers.update(fill_points(g["lead"], l))
    answers.update(fill_points(g["tech"], t))
    return answers


def fixtures():
    """Every fixture is another municipality or year, so that the set compiles as it is."""
    rng = random.Random(2017)
    k2017 = kumla(2017, rng, KUMLA_2017)
    half = {}
    for group, ids in groups().items():
        for n, i in enumerate(ids[: (len(ids) + 1) // 2]):
            half[i] = {"answer": ANSWERS[n % 3]}
    return {
        "kumla-2017": doc("1881", 2017, k2017, name="Kumla", status="published"),
        "all-fully": doc("0180", 2017, {i: {"answer": "fully"} for i in IDS}),
        "all-not-met": doc("2584", 2016, {i: {"answer": "not_met"} for i in IDS}),
        "edge-green-7-3": doc("1880", 2017, edge_case(Fraction(7, 3))),
        "edge-yellow-5-3": doc("1880", 2016, edge_case(Fraction(5, 3))),
        "half-answered": doc("1882", 2017, half, status="draft"),
        "empty": doc("0114", 2017, {}),
        "only-lead": doc("0115", 2017, {i: {"answer": "partly"} for i in groups()["lead"]}),
    }


# ---- the independent scoring implementation -------------------------------------------------

def frac(text):
    return Fraction(text)


def tally(answers_in_group, total):
    counts = {a: 0 for a in ANSWERS}
    for a in answers_in_group:
        counts[a] += 1
    answered = sum(counts.values())
    shares = {a: c / answered for a, c in counts.items()} if answered else None
    # round half up
    percent = {a: int(Fraction(100 * c, answered) + Fraction(1, 2)) for a, c in counts.items()} if answered else None
    return {"answered": answered, "total": total, "counts": counts, "shares": shares, "percent": percent}


def mean(values):
    return Fraction(sum(values), len(values)) if values else None


def fnum(x):
    return None if x is None else float(x)


def fstr(x):
    if x is None:
        return None
    return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def score(d):
    cat = CATALOGUE
    answers = {i: e["answer"] for i, e in d["answers"].items()}
    inds = cat["indicators"]
    levels = cat["levels"]
    bands = [(b["colour"], frac(b["min"])) for b in cat["bands"]]
    result = {
        "catalogue": d["catalogue"], "municipality": d["municipality"], "year": d["year"],
        "complete": all(i["id"] in answers for i in inds),
        "points": sum(POINTS[a] for a in answers.values()),
        "max_points": max(POINTS.values()) * len(inds),
        "min_points": min(POINTS.values()) * len(inds),
    }
    result.update(tally(list(answers.values()), len(inds)))
    result["levels"] = {}
    for lv in levels:
        members = [i["id"] for i in inds if i["level"] == lv["id"]]
        given = [answers[i] for i in members if i in answers]
        m = mean([POINTS[a] for a in given])
        result["levels"][lv["id"]] = {"mean": fnum(m), "mean_exact": fstr(m), **tally(given, len(members))}
    result["areas"] = {}
    for area in cat["areas"]:
        applies = [i for i in inds if i.get("area") in (None, area["id"])]
        entry = {}
        provisional = Fraction(0)
        for lv in levels:
            given = [POINTS[answers[i["id"]]] for i in applies if i["level"] == lv["id"] and i["id"] in answers]
            m = mean(given)
            entry[lv["id"]] = fnum(m)
            provisional = None if provisional is None or m is None else provisional + frac(lv["weight"]) * m
        complete = all(i["id"] in answers for i in applies)
        final = provisional if complete else None
        colour = next((c for c, lo in bands if final is not None and final >= lo), None)
        entry.update({
            "score": fnum(final), "score_exact": fstr(final), "colour": colour, "complete": complete,
            "provisional_score": fnum(provisional), "provisional_score_exact": fstr(provisional),
        })
        entry.update(tally([answers[i["id"]] for i in applies if i["id"] in answers], len(applies)))
        result["areas"][area["id"]] = entry
    return result


def dump(value):
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def main():
    check = "--check" in sys.argv
    files = {}
    for name, d in fixtures().items():
        files[GOLDEN / f"{name}.assessment.json"] = dump(d)
        files[GOLDEN / f"{name}.expected.json"] = dump(score(d))
    fx = fixtures()
    files[ROOT / "examples" / "kumla-2017.json"] = dump(fx["kumla-2017"])
    files[ROOT / "examples" / "draft-half.json"] = dump(fx["half-answered"])
    stale = [p for p, text in files.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
    if check:
        if stale:
            raise SystemExit("stale fixtures (run tests/golden/generate.py): " + ", ".join(str(p.relative_to(ROOT)) for p in stale))
        print(f"{len(files)} fixture files up to date")
        return
    for p in stale:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(files[p], encoding="utf-8")
    print(f"wrote {len(stale)} of {len(files)} files")


if __name__ == "__main__":
    main()
