#!/usr/bin/env python3
"""Writes the golden team fixtures: contributions, decisions, and, from an independent
implementation of the merge rules (DOMAIN.md §9, DESIGN.md "Team files"), the expected merged
assessment and team report for every policy.

The Rust, Python and JavaScript suites merge the contributions of each case and compare with
`expected.<policy>.merged.json` and `expected.<policy>.report.json`; this script shares no code
with them, so a fixture catches a merge bug rather than repeating it.

    python3 tests/team/generate.py          # rewrite the fixtures
    python3 tests/team/generate.py --check  # fail if any file would change

Rules implemented here (the same as the core's `eblomlada::team::merge` documents):
- responses to an indicator are taken in respondent-id order; a respondent may come in several
  files (same name, department and scope), and then counts once;
- a decision always wins; its comment comes first, then every respondent's comment after the
  respondent's name ("Name (Department): comment");
- no decision: no response → unanswered; one response → taken as it is (answer, comment and
  other fields); several equal answers → unanimous (comments attributed); differing answers →
  the policy: `open` leaves it unanswered, `lowest` takes the fewest points, `median` the median
  of the points rounded towards the lower answer;
- optional fields (top level, and of merged answers) are kept where all that have them agree.
"""
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEAM = ROOT / "tests" / "team"
CATALOGUE = json.loads((ROOT / "indicators" / "eblomladan-2016.json").read_text(encoding="utf-8"))
INDICATORS = CATALOGUE["indicators"]
IDS = [i["id"] for i in INDICATORS]
SCALE = CATALOGUE["scale"]
POINTS = {s["id"]: s["points"] for s in SCALE}
LEVELS = [lv["id"] for lv in CATALOGUE["levels"]]
AREAS = [a["id"] for a in CATALOGUE["areas"]]
REF = {"id": CATALOGUE["id"], "version": CATALOGUE["version"]}
POLICIES = ["open", "lowest", "median"]


def in_scope(scope, ind):
    if scope is None:
        return True
    return (
        (ind.get("area") is not None and ind["area"] in scope.get("areas", []))
        or ind["level"] in scope.get("levels", [])
        or ind["id"] in scope.get("indicators", [])
    )


def label(r):
    return f"{r['name']} ({r['department']})" if r.get("department") else r["name"]


def agreed(maps):
    out, dropped = {}, set()
    for m in maps:
        for k, v in m.items():
            if k in dropped:
                continue
            if k in out and out[k] != v:
                del out[k]
                dropped.add(k)
            elif k not in out:
                out[k] = v
    return dict(sorted(out.items()))


def choose(answers, policy):
    pts = sorted(POINTS[a] for a in answers)
    if policy == "open":
        return None
    if policy == "lowest":
        target2 = 2 * pts[0]
    else:
        n = len(pts)
        target2 = 2 * pts[n // 2] if n % 2 else pts[n // 2 - 1] + pts[n // 2]
    best = None
    for s in SCALE:  # best first; ties in points keep the first
        if 2 * s["points"] <= target2 and (best is None or s["points"] > best["points"]):
            best = s
    return best["id"]


def merge(contributions, decisions, policy):
    first = contributions[0]
    by_id = {}
    for c in contributions:
        by_id.setdefault(c["respondent"]["id"], []).append(c)
    ids = sorted(by_id)
    respondents = {rid: by_id[rid][0]["respondent"] for rid in ids}
    top_extras = agreed(
        [{k: v for k, v in c.items() if k not in ("catalogue", "municipality", "year", "answers", "respondent")}
         for c in contributions]
    )
    merged = {"catalogue": first["catalogue"], "municipality": first["municipality"], "year": first["year"]}
    merged.update(top_extras)
    answers = {}
    indicators = {}
    open_ = []
    summary = {"respondents": len(ids), "indicators": len(IDS), "answered": 0, "disagreements": 0,
               "open": 0, "decided": 0, "unassigned": 0}
    for ind in INDICATORS:
        iid = ind["id"]
        responses = []
        for rid in ids:
            entry = next((c["answers"][iid] for c in by_id[rid] if iid in c["answers"]), None)
            if entry is not None:
                responses.append((respondents[rid], entry))
        assigned = [rid for rid in ids if in_scope(respondents[rid].get("scope"), ind)]
        if not assigned:
            summary["unassigned"] += 1
        agree = len({e["answer"] for _, e in responses}) <= 1
        if not agree:
            summary["disagreements"] += 1
        attributed = [f"{label(r)}: {e['comment']}" for r, e in responses if "comment" in e]
        slot = None
        if iid in decisions:
            d = decisions[iid]
            summary["decided"] += 1
            lines = ([d["comment"]] if "comment" in d else []) + attributed
            slot = {"answer": d["answer"]}
            if lines:
                slot["comment"] = "\n".join(lines)
            how = "decision"
        elif not responses:
            how = "unanswered"
        elif len(responses) == 1:
            slot = dict(responses[0][1])
            how = "single"
        else:
            chosen = responses[0][1]["answer"] if agree else choose([e["answer"] for _, e in responses], policy)
            if chosen is None:
                how = "open"
                summary["open"] += 1
                open_.append(iid)
            else:
                how = "unanimous" if agree else "policy"
                slot = {"answer": chosen}
                if attributed:
                    slot["comment"] = "\n".join(attributed)
                slot.update(agreed([{k: v for k, v in e.items() if k not in ("answer", "comment")}
                                    for _, e in responses]))
        if slot is not None:
            summary["answered"] += 1
            answers[iid] = slot
        resp = []
        for r, e in responses:
            item = {"respondent": r["id"], "name": r["name"]}
            if r.get("department") is not None:
                item["department"] = r["department"]
            item["answer"] = e["answer"]
            if "comment" in e:
                item["comment"] = e["comment"]
            resp.append(item)
        indicators[iid] = {"level": ind["level"], "area": ind.get("area"), "assigned": assigned,
                           "responses": resp, "agree": agree,
                           "merged": slot["answer"] if slot else None, "resolution": how}
    merged["answers"] = answers
    participation = []
    for rid in ids:
        r = respondents[rid]
        total = {"assigned": 0, "answered": 0}
        levels = {lv: {"assigned": 0, "answered": 0} for lv in LEVELS}
        areas = {a: {"assigned": 0, "answered": 0} for a in AREAS}
        for ind in INDICATORS:
            if not in_scope(r.get("scope"), ind):
                continue
            answered = any(ind["id"] in c["answers"] for c in by_id[rid])
            parts = [total, levels[ind["level"]]] + ([areas[ind["area"]]] if ind.get("area") else [])
            for p in parts:
                p["assigned"] += 1
                p["answered"] += int(answered)
        p = {"id": rid, "name": r["name"]}
        if r.get("department") is not None:
            p["department"] = r["department"]
        p["scope"] = r.get("scope")
        p.update(total)
        p["areas"] = {k: v for k, v in areas.items() if v["assigned"]}
        p["levels"] = {k: v for k, v in levels.items() if v["assigned"]}
        participation.append(p)
    report = {"catalogue": first["catalogue"], "municipality": first["municipality"], "year": first["year"],
              "policy": policy, "summary": summary, "participation": participation,
              "indicators": indicators, "open": open_}
    return merged, report


def contribution(respondent, answers, **extra):
    d = {"catalogue": REF, "municipality": "1881", "year": 2017, "respondent": respondent}
    d.update(extra)
    d["answers"] = {i: answers[i] for i in IDS if i in answers}
    return d


def answer_some(rng, respondent, share, comments):
    out = {}
    for ind in INDICATORS:
        if in_scope(respondent.get("scope"), ind) and rng.random() < share:
            entry = {"answer": rng.choice([s["id"] for s in SCALE])}
            if rng.random() < 0.3:
                entry["comment"] = rng.choice(comments)
            out[ind["id"]] = entry
    return out


HOSTILE = [
    "Införs under 2018.",
    "Delvis: finns för hemtjänst men inte för LSS.",
    "<script>alert('x')</script> & \"citat\"",
    "=HYPERLINK(\"http://example.invalid\")",
    "Två rader:\nandra raden.",
    "Planerat 🌱",
]


def cases():
    rng = random.Random(14)
    soc = {"id": "soc-1", "name": "Sara Lind", "department": "Socialförvaltningen",
           "scope": {"areas": ["elderly"], "levels": ["lead"]}}
    bun = {"id": "bun-1", "name": "Björn Ek", "department": "Barn- och utbildningsförvaltningen",
           "scope": {"areas": ["children"], "indicators": ["lead-01", "lead-02", "lead-03", "lead-04", "lead-05"]}}
    it = {"id": "it-1", "name": "Ida <Berg>", "department": "IT-enheten",
          "scope": {"levels": ["tech"], "indicators": ["lead-20", "lead-21"]}}
    kom = {"id": "kom-1", "name": "Karin Holm"}
    kumla = {
        "contribution-soc.json": contribution(soc, answer_some(rng, soc, 0.8, HOSTILE), name="Kumla", status="draft"),
        "contribution-bun.json": contribution(bun, answer_some(rng, bun, 0.9, HOSTILE), name="Kumla", status="sent"),
        "contribution-it.json": contribution(it, answer_some(rng, it, 1.0, HOSTILE), name="Kumla"),
        "contribution-kom.json": contribution(
            kom, {i: {"answer": rng.choice(["fully", "partly", "not_met"])} for i in IDS if i.startswith("lead-0")},
            name="Kumla"),
        # The same respondent again, with more answers (a second save): counts once.
        "contribution-soc-more.json": contribution(
            soc, {"elderly-08": {"answer": "partly", "comment": "Kompletterat."}}, name="Kumla"),
    }
    # The second soc file must not contradict the first on elderly-08.
    kumla["contribution-soc.json"]["answers"].pop("elderly-08", None)
    merged_open, report_open = merge(list(kumla.values()), {}, "open")
    disputed = [i for i, r in report_open["indicators"].items() if not r["agree"]]
    agreed_ids = [i for i, r in report_open["indicators"].items() if r["agree"] and r["responses"]]
    unanswered = [i for i, r in report_open["indicators"].items() if not r["responses"]]
    decisions = {
        disputed[0]: {"answer": "partly", "comment": "Beslut i ledningsgruppen."},
        disputed[1]: {"answer": "fully"},
        agreed_ids[0]: {"answer": "not_met", "comment": "Samordnaren bedömer strängare."},
        unanswered[0]: {"answer": "not_met"},
    }
    kumla["decisions.json"] = {"decisions": {i: decisions[i] for i in IDS if i in decisions}, "decided_by": "Kommunbehörig"}

    full = {"id": "solo", "name": "Ensam Samordnare", "department": "Kommunledningskontoret"}
    solo_answers = {}
    for k, i in enumerate(IDS):
        e = {"answer": SCALE[k % len(SCALE)]["id"]}
        if k % 5 == 0:
            e["comment"] = HOSTILE[k % len(HOSTILE)]
        if k % 11 == 0:
            e["by"] = "IT"
        solo_answers[i] = e
    one = {"contribution-solo.json": contribution(full, solo_answers, name="Kumla", status="final")}
    return {"kumla-team": kumla, "one-full": one}


def dump(value):
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def main():
    check = "--check" in sys.argv
    files = {}
    for name, case in cases().items():
        folder = TEAM / name
        for file, value in case.items():
            files[folder / file] = dump(value)
        contributions = [v for k, v in sorted(case.items()) if k.startswith("contribution-")]
        decisions = case.get("decisions.json", {"decisions": {}})["decisions"]
        for policy in POLICIES:
            merged, report = merge(contributions, decisions, policy)
            files[folder / f"expected.{policy}.merged.json"] = dump(merged)
            files[folder / f"expected.{policy}.report.json"] = dump(report)
    stale = [p for p, text in files.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
    if check:
        if stale:
            raise SystemExit("stale team fixtures (run tests/team/generate.py): "
                             + ", ".join(str(p.relative_to(ROOT)) for p in stale))
        print(f"{len(files)} team fixture files up to date")
        return
    for p in stale:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(files[p], encoding="utf-8")
    print(f"{len(stale)} of {len(files)} team fixture files written")


if __name__ == "__main__":
    main()
