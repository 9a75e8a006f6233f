"""HTML summaries for Jupyter (``_repr_html_``), built from the results' ``to_dict()`` data.

Every text that comes from a file or a catalogue is escaped where it lands; imported only when
a notebook asks for the HTML.
"""

from __future__ import annotations

from html import escape
from typing import Any, Dict, Iterable, List, Optional, Sequence

STYLE = "border-collapse:collapse;font-size:90%"


def _cell(value: Any) -> str:
    if value is None:
        return "<td></td>"
    if isinstance(value, float):
        return f'<td style="text-align:right">{value:.3f}</td>'
    if isinstance(value, int) and not isinstance(value, bool):
        return f'<td style="text-align:right">{value}</td>'
    return f"<td>{escape(str(value))}</td>"


def table(columns: Sequence[str], rows: Iterable[Sequence[Any]], caption: Optional[str] = None) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(_cell(v) for v in row) + "</tr>" for row in rows)
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    return f'<table style="{STYLE}">{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def compilation(data: Dict[str, Any]) -> str:
    cat = data.get("catalogue") or {}
    title = (f"Compilation of {data['assessments']} assessments ({data['municipalities']} municipalities, "
             f"years {', '.join(str(y) for y in data['years'])}), catalogue {cat.get('id')} {cat.get('version')}")
    if data.get("synthetic"):
        title += f"; {data['synthetic']} synthetic (invented data)"
    areas = table(["area", "mean", "green", "yellow", "red"],
                  [[a, v.get("mean"), *(v.get("colours") or {}).values()] for a, v in data["areas"].items()],
                  "Flowers per area")
    levels = table(["level", "mean"], [[k, v.get("mean")] for k, v in data["levels"].items()], "Levels")
    bottom = table(["rank", "indicator", "percent fully"],
                   [[t.get("rank"), t.get("id"), t.get("ranked_percent")] for t in data.get("bottom", [])],
                   "Bottom indicators")
    groups = data.get("groups") or {}
    extra = f"<p>{len(groups)} groups by {escape(str(data.get('grouping')))}</p>" if groups else ""
    return f"<div><p><b>{escape(title)}</b></p>{areas}{levels}{bottom}{extra}</div>"


def comparison(data: Dict[str, Any], chart: str = "") -> str:
    """``chart`` is the comparison chart's SVG, drawn (and escaped) by the library itself."""
    rows: List[List[Any]] = []
    for area, entry in data["all"]["areas"].items():
        rows.append([area, entry.get("value"), entry.get("mean"), entry.get("median"), entry.get("rank"),
                     entry.get("percentile")])
    title = f"{data['municipality']} {data['year']} against {data['all']['assessments']} assessments"
    return f"<div><p><b>{escape(title)}</b></p>" + chart + table(
        ["area", "value", "mean", "median", "rank", "percentile"], rows) + "</div>"


def diff(data: Dict[str, Any]) -> str:
    title = f"{data['municipality']['new']}: {data['year']['old']} → {data['year']['new']}"
    rows = [[area, (e.get("score") or {}).get("old"), (e.get("score") or {}).get("new"),
             (e.get("colour") or {}).get("old"), (e.get("colour") or {}).get("new")]
            for area, e in data.get("areas", {}).items()]
    counts = ", ".join(f"{escape(str(k))}: {v}" for k, v in (data.get("changes") or {}).items() if v)
    return (f"<div><p><b>{escape(title)}</b></p><p>{counts}</p>"
            + table(["area", "score before", "score after", "colour before", "colour after"], rows) + "</div>")


def plan(data: Dict[str, Any]) -> str:
    title = f"Plan for {data['municipality']} {data['year']}: target {data['target']}"
    rows = [[s.get("id"), s.get("from"), s.get("to"), s.get("total_gain")] for s in data.get("steps", [])[:10]]
    return (f"<div><p><b>{escape(title)}</b></p>"
            + table(["indicator", "from", "to", "total gain"], rows, "The ten best single steps") + "</div>")


def rows(columns: Sequence[str], records: Sequence[Dict[str, Any]], total: int) -> str:
    shown = table(columns, [[r.get(c) for c in columns] for r in records])
    return f"<div>{shown}<p>{total} rows × {len(columns)} columns</p></div>"
