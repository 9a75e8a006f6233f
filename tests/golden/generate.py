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


# Kumla-like 2017 for the golden fixture: 10 fully, 38 partly, 40 not met overall (the Kumla
# report's totals), spread at random. The examples follow the report itself (kumla_report below).
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


# ---- Kumla 2016 and 2017 as the Kumla report (seed 004) tells them ---------------------------
# Every answer the report states is here with a comment quoting or paraphrasing it; the rest is
# filled in so that 2017 has the report's totals (40 inte alls, 38 delvis, 10 helt).
# core/tests/kumla.rs checks each statement of the report against the two files.
F, P, N = "fully", "partly", "not_met"
KUMLA_REPORT_2017 = {
    "elderly-01": (P, "Förbättrat sedan 2016: efter Kommunkompassen ska vi förbättra arbetet med att kommunicera kommunens resultat till medborgarna."),
    "elderly-02": (P, "Förbättrat sedan 2016: efter Kommunkompassen ska vi förbättra arbetet med att kommunicera kommunens resultat till medborgarna."),
    "elderly-03": (P, None),
    "elderly-04": (N, None),
    "elderly-05": (N, "Kumla kommun saknar, liksom 85 % av kommunerna, tillgång till digital journal med samordnad vårdplanering."),
    "elderly-06": (F, "Digitala trygghetslarm i en obruten digital larmkedja; 77 % i riket uppger detsamma, något som Kumla kommun också uppfyller helt."),
    "elderly-07": (F, None),
    "elderly-08": (F, "Ett ökat antal e-tjänster inom vård- och omsorgsområdet sedan 2016."),
    "lead-01": (P, "Digitalt först finns i Digitala Kumla 2025 men tillämpas ännu inte i alla förvaltningar."),
    "lead-02": (P, None),
    "lead-03": (N, None),
    "lead-04": (P, None),
    "lead-05": (N, None),
    "lead-06": (P, None),
    "lead-07": (P, None),
    "lead-08": (P, None),
    "lead-09": (P, None),
    "lead-10": (N, None),
    "lead-11": (N, None),
    "lead-12": (P, None),
    "lead-13": (P, None),
    "lead-14": (N, None),
    "lead-15": (N, None),
    "lead-16": (N, None),
    "lead-17": (N, "Kommunen behöver öka sin kompetens så att digitalisering blir en naturlig del i vårt tänk och agerande."),
    "lead-18": (P, "Vi behöver utveckla en standard i upphandlingsprocessen så att vi alltid kravställer tillgänglighetsanpassningar."),
    "lead-19": (N, None),
    "lead-20": (P, None),
    "lead-21": (N, None),
    "lead-22": (N, None),
    "lead-23": (P, "En särskild satsning på informationssäkerhetsarbete och informationshantering bör prioriteras (GDPR, NIS-direktivet, webbtillgänglighetsdirektivet)."),
    "lead-24": (N, "Öppna data: planerat, ingen publicering ännu."),
    "lead-25": (N, None),
    "lead-26": (N, "Kumla kommun har inte anslutit sig till digital brevlådetjänst (Mina meddelanden); 65 % av kommunerna använder den inte alls."),
    "lead-27": (P, "Ägare för verksamhetskritiska informationsresurser/system är delvis utsedda; 73 % av kommunerna uppfyller frågan helt."),
    "lead-28": (N, None),
    "lead-29": (P, None),
    "lead-30": (P, None),
    "lead-31": (N, None),
    "lead-32": (F, "Socialtjänsten har börjat använda LIKA, en mätning av digitaliseringen inom socialtjänst och omsorg; den enda gröna frågan inom området."),
    "lead-33": (N, None),
    "lead-34": (P, None),
    "tech-01": (N, "Kumla kommun har inte något kommunövergripande arbete med säker inloggning och tvåfaktorsautentisering."),
    "tech-02": (P, "Arbete påbörjat: en generell lösning för digital signering söks parallellt med en unik lösning för läkemedelssignering."),
    "tech-03": (N, "Kumla kommun har inte något kommunövergripande arbete med att kravställa tillgänglighet i webben."),
    "tech-04": (P, "Vi har blivit bättre på att samverka."),
    "tech-05": (N, None),
    "tech-06": (N, "Vi behöver bevaka att alla våra verksamheter har åtkomst till trådlöst internet med rätt kapacitet."),
    "tech-07": (P, "Vi har blivit bättre på att planera."),
    "tech-08": (F, None),
    "tech-09": (N, "Mobil åtkomst och manageringslösningar kommer att krävas de kommande åren."),
    "tech-10": (P, "Avtal tecknat för att kunna betala med kort eller Swish i e-tjänsten för tomtkö."),
    "children-01": (P, "En fråga i Kommunkompassen som Kumla kommun beslutat att förbättra; inga röda svar kvar i området."),
    "children-02": (P, "Vi har tappat ett grönt blad sedan 2016."),
    "children-03": (F, "Privatpersoner kan samlat ta del av information och kommunicera med skolan; vårt enda gröna svar i området."),
    "children-04": (P, None),
    "children-05": (P, None),
    "business-01": (N, "Ingen förbättring alls sedan 2016; vi uppfyller inte alls något av kraven för företagare."),
    "business-02": (N, "SKL:s svenska standard för en e-tjänst för serveringstillstånd finns och Kumla har avtal; handläggaren arbetar ännu pappersbaserat."),
    "business-03": (N, "Kumla kommun har en blankett för detta men ingen digital tjänst."),
    "business-04": (N, None),
    "business-05": (N, None),
    "business-06": (N, "Möjligheten erbjuds inte i Kumla kommun; 90 % av kommunerna erbjuder den inte."),
    "housing-01": (P, None),
    "housing-02": (F, "Ett första grönt svar i området: beställa nybyggnadskarta via e-tjänst. Vid nästa mätning krävs troligen betalning i e-tjänsten."),
    "housing-03": (N, None),
    "housing-04": (N, "Det går inte att söka parkeringstillstånd för rörelsehindrad via digital tjänst; frågan bör prioriteras särskilt."),
    "housing-05": (N, "Kraven har skärpts sedan 2016."),
    "housing-06": (P, None),
    "housing-07": (N, None),
    "housing-08": (P, "Allmänna synpunkter kan lämnas till samhällsbyggnadsförvaltningen, men inte synpunkter på enskilda projekt, detaljplaner och annat via digital tjänst."),
    "housing-09": (N, "Kraven har skärpts sedan 2016; en ny karttjänst för att följa pågående arbeten äskades inför budget 2018."),
    "culture-01": (P, "E-tjänsten för att söka kulturskola bör kompletteras med betalning inne i e-tjänsten för att gå från gult till grönt."),
    "culture-02": (P, "E-tjänsten för att söka simskola bör kompletteras med betalning inne i e-tjänsten för att gå från gult till grönt."),
    "culture-03": (N, "Det går inte att söka kulturstöd/kulturbidrag via digital tjänst i Kumla kommun."),
    "culture-04": (P, None),
    "culture-05": (P, "Tolkad hårdare än 2016 och gått från grönt till gult: idag måste man hämta ut taggar på Servicecenter."),
    "culture-06": (N, "Föreningsbidrag kan inte sökas via e-tjänst; borde vara ganska enkelt att göra då riktlinjer finns framtagna."),
    "culture-07": (N, None),
    "culture-08": (F, None),
    "culture-09": (P, None),
    "culture-10": (F, "Man kan låna digitala medier från Kumla bibliotek, liksom i 100 % av kommunerna."),
    "public-01": (P, "Diariet för kommunstyrelsen och kultur- och fritidsnämnden publiceras på kumla.se, men inte för samtliga nämnder."),
    "public-02": (F, "Fullmäktige kan följas via webbsändning, kompletterat med arkiverade webbsändningar; områdets enda gröna svar."),
    "public-03": (P, None),
    "public-04": (N, "E-petition är inte möjlig; vi tillämpar medborgarförslag och majoriteten avvisar e-petition (KS 2013/432 samt KS 2016/101)."),
    "public-05": (N, "En ny karttjänst på kumla.se äskades inför budget 2018."),
    "public-06": (P, None),
}
# 2016: the 2017 answers, except where the report tells of a change (its comment says what 2016 was).
KUMLA_REPORT_2016_CHANGES = {
    "elderly-01": (N, "Ingen digital kvalitetsjämförelse av särskilda boenden 2016."),
    "elderly-02": (N, "Ingen digital kvalitetsjämförelse av hemtjänstens utförare 2016."),
    "elderly-08": (P, None),
    "children-01": (N, "Ingen samlad kvalitetsjämförelse av förskolor och skolor 2016."),
    "children-02": (F, None),
    "housing-02": (P, "Nybyggnadskarta kan ännu inte beställas helt via e-tjänst; inget grönt svar i området 2016."),
    "housing-05": (P, None),
    "housing-09": (P, None),
    "culture-05": (F, "Digitala nycklar (taggar) bedömdes som helt uppfyllt 2016."),
    "lead-32": (N, "Socialtjänsten använder ännu inte LIKA."),
    "tech-04": (N, None),
    "tech-07": (N, None),
    "tech-10": (N, "Ingen kort- eller Swishbetalning i e-tjänsterna ännu."),
}
# Comments of 2017 that tell of 2017 only and would be wrong in 2016.
KUMLA_2017_ONLY_COMMENTS = {"elderly-08", "children-02", "housing-05", "housing-09", "tech-04", "tech-07", "business-01"}


def kumla_report(year):
    answers = {}
    for i, (a, c) in KUMLA_REPORT_2017.items():
        if year == 2016 and i in KUMLA_REPORT_2016_CHANGES:
            a, c = KUMLA_REPORT_2016_CHANGES[i]
        elif year == 2016 and i in KUMLA_2017_ONLY_COMMENTS:
            c = None
        answers[i] = {"answer": a, **({"comment": c} if c else {})}
    assert len(answers) == len(IDS)
    return doc("1881", year, answers, name="Kumla", status="published")


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
    files[ROOT / "examples" / "kumla-2016.json"] = dump(kumla_report(2016))
    files[ROOT / "examples" / "kumla-2017.json"] = dump(kumla_report(2017))
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
