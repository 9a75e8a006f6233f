"""Tidy long tables of the analysis results, built from their ``to_dict()`` data.

Each function takes the result's data and a table name and returns ``(records, columns)``:
a list of flat dicts and the column names in order. Used by ``to_records()`` and
``to_pandas()``; imported only when one of them is called.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional, Tuple

Records = Tuple[List[Dict[str, Any]], List[str]]


def _columns(rows: Iterable[Dict[str, Any]], first: Iterable[str] = ()) -> List[str]:
    columns: List[str] = list(first)
    seen = set(columns)
    for row in rows:
        for key in row:
            if key not in seen:
                seen.add(key)
                columns.append(key)
    return columns


def _scalars(entry: Dict[str, Any], skip: Iterable[str] = ()) -> Dict[str, Any]:
    """The entry's fields that are not nested (lists and dicts are left out)."""
    skipped = set(skip)
    return {k: v for k, v in entry.items() if k not in skipped and not isinstance(v, (dict, list))}


def _unknown(kind: str, table: str, known: Iterable[str]) -> ValueError:
    return ValueError(f"unknown table {table!r} of a {kind}; expected one of {', '.join(repr(k) for k in known)}")


def _scopes(data: Dict[str, Any]) -> List[Tuple[Optional[str], Optional[str], Dict[str, Any]]]:
    """``(group key, group name, figures)``: the overall figures (key None), then each group."""
    scopes: List[Tuple[Optional[str], Optional[str], Dict[str, Any]]] = [(None, None, data)]
    for key, group in (data.get("groups") or {}).items():
        scopes.append((key, group.get("name"), group))
    return scopes


COMPILATION_TABLES = ("indicators", "areas", "levels", "top", "bottom")


def compilation(data: Dict[str, Any], table: str) -> Records:
    """Tables of a Compilation.

    - ``indicators``: one row per group, indicator and answer (count, share, percent), with the
      indicator's answered/unanswered counts and mean points.
    - ``areas``: one row per group and area: complete (``scored``) and incomplete flowers, the
      mean flower score, ``mean_<level>`` per level and the number of flowers of each colour.
    - ``levels``: one row per group and level: mean of the assessments' level means, pooled
      mean, answers given and left open, and the count of each answer.
    - ``top`` / ``bottom``: one row per group and ranked indicator.

    Every table has ``overall`` (``True`` on the figures of all assessments, whose ``group`` is
    ``None``), as the tables of a Comparison have.
    """
    rows: List[Dict[str, Any]] = []
    base_columns = ["group", "group_name"]
    for key, name, figures in _scopes(data):
        base = {"group": key, "group_name": name}
        if table == "indicators":
            for ind_id, ind in figures["indicators"].items():
                shares = ind.get("shares") or {}
                percent = ind.get("percent") or {}
                for answer, count in ind["counts"].items():
                    rows.append({
                        **base,
                        "indicator": ind_id,
                        "level": ind["level"],
                        "area": ind.get("area"),
                        "answer": answer,
                        "count": count,
                        "share": shares.get(answer),
                        "percent": percent.get(answer),
                        "answered": ind["answered"],
                        "unanswered": ind["unanswered"],
                        "mean": ind["mean"],
                    })
        elif table == "areas":
            for area_id, area in figures["areas"].items():
                row = {**base, "area": area_id, **_scalars(area, skip=("mean_exact",))}
                for level, mean in (area.get("means") or {}).items():
                    row[f"mean_{level}"] = mean
                for colour, count in (area.get("colours") or {}).items():
                    row[colour] = count
                rows.append(row)
        elif table == "levels":
            for level_id, level in figures["levels"].items():
                row = {**base, "level": level_id, **_scalars(level, skip=("mean_exact",))}
                for answer, count in (level.get("counts") or {}).items():
                    row[answer] = count
                rows.append(row)
        elif table in ("top", "bottom"):
            for entry in figures[table]:
                rows.append({**base, **_scalars(entry)})
        else:
            raise _unknown("compilation", table, COMPILATION_TABLES)
    # ``overall`` (last) marks the figures of all assessments, as in the tables of a Comparison.
    for row in rows:
        row["overall"] = row["group"] is None
    first = {
        "indicators": ["indicator", "level", "area", "answer", "count", "share", "percent"],
        "areas": ["area"],
        "levels": ["level"],
        "top": ["rank", "id"],
        "bottom": ["rank", "id"],
    }[table]
    return rows, _columns(rows, base_columns + first)


COMPARISON_TABLES = ("areas", "levels", "indicators")


def comparison(data: Dict[str, Any], table: str) -> Records:
    """Tables of a Comparison: one row per scope (``"all"`` or the group key) and area, level
    or indicator, with the municipality's value against the compilation's."""
    if table not in COMPARISON_TABLES:
        raise _unknown("comparison", table, COMPARISON_TABLES)
    rows: List[Dict[str, Any]] = []
    item = {"areas": "area", "levels": "level", "indicators": "indicator"}[table]
    scopes = [("all", data["all"])] + ([("group", data["group"])] if data.get("group") else [])
    for kind, against in scopes:
        base = {
            "municipality": data["municipality"],
            "year": data["year"],
            "scope": "all" if kind == "all" else against["key"],
            "scope_name": against.get("name"),
            "assessments": against["assessments"],
        }
        for key, entry in against[table].items():
            rows.append({**base, item: key, **_scalars(entry), "overall": kind == "all"})
    return rows, _columns(rows, ["municipality", "year", "scope", "scope_name", "assessments", item])


DIFF_TABLES = ("indicators", "areas", "levels")


def diff(data: Dict[str, Any], table: str) -> Records:
    """Tables of a Diff: ``indicators`` (one row per indicator: old and new answer, change,
    points delta), ``areas`` and ``levels`` (one row per area or level and answer: the count
    before and after, with the score and colour before and after)."""
    base = {
        "municipality": data["municipality"]["new"],
        "old_year": data["year"]["old"],
        "new_year": data["year"]["new"],
    }
    rows: List[Dict[str, Any]] = []
    if table == "indicators":
        for ind_id, entry in data["indicators"].items():
            row = {**base, "indicator": ind_id, **_scalars(entry)}
            row.setdefault("relation", None)
            row.setdefault("stricter", False)
            row["from"] = ",".join(entry.get("from", []))
            rows.append(row)
        first = ["indicator", "old", "new", "change", "delta"]
    elif table in ("areas", "levels"):
        item = "area" if table == "areas" else "level"
        for key, entry in data[table].items():
            score = entry.get("score") or entry.get("mean") or {}
            colour = entry.get("colour") or {}
            for answer, change in entry["answers"].items():
                row = {
                    **base,
                    item: key,
                    "answer": answer,
                    "old": change["old"],
                    "new": change["new"],
                    "delta": change["delta"],
                    "score_old": score.get("old"),
                    "score_new": score.get("new"),
                    "score_delta": score.get("delta"),
                }
                if table == "areas":
                    row.update(colour_old=colour.get("old"), colour_new=colour.get("new"), colour_changed=colour.get("changed"))
                rows.append(row)
        first = [item, "answer", "old", "new", "delta"]
    else:
        raise _unknown("diff", table, DIFF_TABLES)
    return rows, _columns(rows, list(base) + first)


PLAN_TABLES = ("steps", "minimal")


def plan(data: Dict[str, Any], table: str) -> Records:
    """Tables of a Plan: ``steps`` (one row per single-step change and area whose flower it
    raises: gain, new score and colour) and ``minimal`` (one row per change of each area's
    smallest set that reaches the target; area ``None`` for the set that makes every area reach it)."""
    base = {"municipality": data["municipality"], "year": data["year"], "target": data["target"]}
    rows: List[Dict[str, Any]] = []
    if table == "steps":
        for rank, step in enumerate(data["steps"], start=1):
            head = {**base, "rank": rank, "indicator": step["id"], "level": step["level"],
                    "indicator_area": step.get("area"), "from": step["from"], "to": step["to"],
                    "steps": step["steps"], "total_gain": step["total_gain"]}
            gains = step.get("gains") or {}
            if not gains:
                rows.append({**head, "area": None})
            for area, gain in gains.items():
                rows.append({**head, "area": area, **_scalars(gain, skip=("gain_exact",))})
        first = ["rank", "indicator", "from", "to", "area", "gain"]
    elif table == "minimal":
        sets = [(area_id, area.get("reached"), area.get("minimal")) for area_id, area in data["areas"].items()]
        if data.get("all") is not None:
            sets.append((None, None, data["all"]))
        for area_id, reached, minimal in sets:
            if not minimal:
                continue
            for move in minimal["changes"]:
                rows.append({**base, "area": area_id, "reached": reached, "set_size": minimal["count"],
                             "set_steps": minimal["steps"], "indicator": move["id"], "from": move["from"],
                             "to": move["to"], "steps": move["steps"]})
        first = ["area", "indicator", "from", "to", "steps"]
    else:
        raise _unknown("plan", table, PLAN_TABLES)
    return rows, _columns(rows, list(base) + first)


TEAM_TABLES = ("participation", "disagreements", "responses")


def team(data: Dict[str, Any], table: str) -> Records:
    """Tables of a TeamReport.

    - ``participation``: one row per respondent and part (``scope_kind`` ``"total"``, ``"level"``
      or ``"area"``): assigned, answered and the share answered.
    - ``disagreements``: one row per response to an indicator where the respondents disagree,
      with the merged answer (``None`` while open) and how it was reached.
    - ``responses``: one row per response to any indicator.
    """
    base = {"municipality": data["municipality"], "year": data["year"]}
    rows: List[Dict[str, Any]] = []
    if table == "participation":
        for p in data["participation"]:
            who = {**base, "respondent": p["id"], "name": p["name"], "department": p.get("department")}
            parts = [("total", None, p)] + [("level", k, v) for k, v in p["levels"].items()] + [
                ("area", k, v) for k, v in p["areas"].items()
            ]
            for kind, key, progress in parts:
                assigned, answered = progress["assigned"], progress["answered"]
                rows.append({**who, "scope_kind": kind, "scope": key, "assigned": assigned, "answered": answered,
                             "share": answered / assigned if assigned else None})
        first = ["respondent", "name", "department", "scope_kind", "scope", "assigned", "answered", "share"]
    elif table in ("disagreements", "responses"):
        for indicator, entry in data["indicators"].items():
            if table == "disagreements" and entry["agree"]:
                continue
            for r in entry["responses"]:
                rows.append({**base, "indicator": indicator, "level": entry["level"], "area": entry.get("area"),
                             "respondent": r["respondent"], "name": r["name"], "department": r.get("department"),
                             "answer": r["answer"], "comment": r.get("comment"), "agree": entry["agree"],
                             "merged": entry.get("merged"), "resolution": entry["resolution"]})
        first = ["indicator", "respondent", "answer", "merged", "resolution"]
    else:
        raise _unknown("team report", table, TEAM_TABLES)
    return rows, _columns(rows, ["municipality", "year"] + first)
