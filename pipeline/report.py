"""``praxis report``: one self-contained HTML page about the registry.

Counts per table; targets against results (matplotlib charts, inlined as PNG): every
target's latest result as a share of it, coloured by status; a section per body with its
targets, their status and a chart per target of its results over time; the audit's verdicts
with their evidence. No external file, script or font: the
page opens offline in any browser.
"""
from __future__ import annotations

import base64
import html
import io
import os
from collections import Counter, defaultdict
from pathlib import Path

from .audit import run_audit
from .registry import Registry


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _chart_kinds(figs: list[dict], top: int = 12) -> str | None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    per = defaultdict(Counter)
    for f in figs:
        if f.get("organization"):
            per[f["organization"]][f.get("kind") or "?"] += 1
    orgs = sorted(per, key=lambda o: -(per[o]["target"] + per[o]["result"]))[:top]
    orgs = [o for o in orgs if per[o]["target"] + per[o]["result"] > 0]
    if not orgs:
        return None
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(orgs) + 1.2))
    y = range(len(orgs))
    t = [per[o]["target"] for o in orgs]
    r = [per[o]["result"] for o in orgs]
    ax.barh([i + 0.2 for i in y], t, height=0.4, label="targets", color="#4C72B0")
    ax.barh([i - 0.2 for i in y], r, height=0.4, label="results", color="#DD8452")
    ax.set_yticks(list(y))
    ax.set_yticklabels([o[:45] for o in orgs], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("figures in the registry")
    ax.set_title("Targets and results per organization")
    ax.legend()
    out = _png(fig)
    plt.close(fig)
    return out


STATUS_COLOURS = {"achieved": "#2E7D32", "not_achieved": "#C62828", "in_progress": "#EF9F00", "no_result": "#9E9E9E"}
_SCALE_MAX = 200.0  # the attainment axis ends here; longer bars are cut and carry their value


def attainment_rows(targets: list[dict], top: int = 20) -> list[dict]:
    """The tracker's targets with a result, as bars: the latest result as a share of the target
    (for a falling indicator, the target over the result: 100 or more is met), coloured by
    status, labelled "body — indicator (period)"; targets whose metric is no phrase (no
    indicator and fewer than two words of its own) are left out."""
    from .indicators import name as indicator_name
    from .tracker import metric_key, num

    rows = []
    for t in targets:
        v, goal = num(t.get("latest_result")), num(t.get("value"))
        if v is None or not goal or t.get("status") == "no_result":
            continue
        what = indicator_name(t.get("indicator") or "") or str(t.get("metric") or "")
        if not t.get("indicator") and len(metric_key(what).split()) < 2:
            continue
        if t.get("direction") == "down":
            ratio = goal / v * 100 if v else None
        else:
            ratio = v / goal * 100
        if ratio is None:
            continue
        body = str(t.get("organization") or "")
        label = f"{body[:34]} — {what[:40]}" + (f" ({t.get('period')})" if t.get("period") else "")
        rows.append({"label": label, "ratio": ratio, "status": t.get("status"), "colour": STATUS_COLOURS[t["status"]],
                     "n": t.get("n_results") or 0, "confidence": t.get("confidence") or 0})
    # the best-documented targets (most results, surest links), shown from the furthest behind to the furthest ahead
    rows.sort(key=lambda r: (-r["n"], -r["confidence"]))
    rows = rows[:top]
    rows.sort(key=lambda r: r["ratio"])
    return rows


def _chart_attainment(targets: list[dict], top: int = 20) -> str | None:
    import textwrap

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = attainment_rows(targets, top)
    if not rows:
        return None
    fig, ax = plt.subplots(figsize=(9, 0.5 * len(rows) + 1.4))
    shown = [min(r["ratio"], _SCALE_MAX) for r in rows]
    ax.barh(range(len(rows)), shown, color=[r["colour"] for r in rows])
    for i, r in enumerate(rows):
        ax.text(shown[i] + 2, i, f"{r['ratio']:.0f}%" + (" ▸" if r["ratio"] > _SCALE_MAX else ""), va="center", fontsize=7)
    ax.axvline(100, color="black", linewidth=1)
    ax.set_xlim(0, _SCALE_MAX + 25)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels(["\n".join(textwrap.wrap(r["label"], 55)) for r in rows], fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("latest result as % of its target (100 = met; for a falling indicator, target / result)")
    ax.set_title("Results against targets (green achieved, red not achieved, amber in progress)")
    out = _png(fig)
    plt.close(fig)
    return out


def _chart_indicator(target: dict, results: list[dict]) -> str | None:
    """One target's results over time against it: dots at each result's period end, the target
    as a dashed line (a band for a range), the deadline as a vertical line."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .tracker import format_value, num, period_end

    pts = []
    for r in results:
        end = period_end(r.get("period"))
        if end and num(r.get("value")) is not None:
            pts.append((end[0] + (end[1] - 0.5) / 12, num(r["value"]), bool(r.get("meets"))))
    goal, high = num(target.get("value")), num(target.get("value_high"))
    if not pts or goal is None:
        return None
    pts.sort()
    fig, ax = plt.subplots(figsize=(5.2, 2.6))
    ax.plot([p[0] for p in pts], [p[1] for p in pts], color="#607D8B", linewidth=1, zorder=1)
    ax.scatter([p[0] for p in pts], [p[1] for p in pts], zorder=2,
               color=[STATUS_COLOURS["achieved"] if p[2] else STATUS_COLOURS["not_achieved"] for p in pts])
    ax.axhline(goal, color="black", linestyle="--", linewidth=1)
    if high is not None and high != goal:
        ax.axhspan(goal, high, color="#BDBDBD", alpha=0.4)
    if target.get("period_end"):
        ax.axvline(int(target["period_end"]) + 11.5 / 12, color="#9E9E9E", linewidth=1, linestyle=":")
    values = [p[1] for p in pts] + [goal, high or goal]
    lo, hi = min(values), max(values)
    pad = (hi - lo) * 0.15 or abs(hi) * 0.1 or 1
    ax.set_ylim(min(0, lo) if lo >= 0 and lo < hi * 0.5 else lo - pad, hi + pad)
    years = sorted({int(p[0]) for p in pts} | ({int(target["period_end"])} if target.get("period_end") else set()))
    ax.set_xticks([y + 0.5 for y in years])  # a year's label in its middle; a year's result at its end
    ax.set_xticklabels([str(y) for y in years], fontsize=7)
    ax.set_xlim(min(years), max(years) + 1)
    unit = str(target.get("unit") or "")
    ax.tick_params(axis="y", labelsize=7)
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda x, _p: format_value(x, unit)))
    ax.set_title(f"target {format_value(goal, unit, high, target.get('comparator') or '')}", fontsize=8)
    out = _png(fig)
    plt.close(fig)
    return out


def _body_sections(db, limit_bodies: int = 25, limit_charts: int = 40) -> list[str]:
    """A section per body that has targets with results: its targets and their status, and a
    chart per target with results over time."""
    from .indicators import name as indicator_name
    from .tracker import format_value, list_targets

    e = html.escape
    targets = list_targets(db)
    by_body = defaultdict(list)
    for t in targets:
        by_body[t.get("body") or t.get("organization") or ""].append(t)
    bodies = [b for b in by_body if any(t["n_results"] for t in by_body[b])]
    bodies.sort(key=lambda b: -sum(t["n_results"] for t in by_body[b]))
    parts, charts = [], 0
    for b in bodies[:limit_bodies]:
        ts = sorted(by_body[b], key=lambda t: (-(t["n_results"] or 0), str(t.get("indicator") or t.get("metric"))))
        name = max((t.get("organization") or "" for t in ts), key=len)
        counts = Counter(t["status"] for t in ts)
        parts.append(f"<h3>{e(name)}</h3><p>" + ", ".join(f"{n} {e(s.replace('_', ' '))}" for s, n in counts.most_common())
                     + "</p><table><tr><th>what</th><th>period</th><th>target</th><th>status</th><th>latest result</th>"
                     "<th>documents</th></tr>")
        for t in ts[:30]:
            what = indicator_name(t.get("indicator") or "") or str(t.get("metric") or "")
            latest = format_value(t.get("latest_result"), t.get("unit")) if t.get("latest_result") is not None else ""
            if latest:
                latest += f" ({e(str(t.get('latest_result_doc')))}, {e(str(t.get('latest_result_period') or ''))})"
            parts.append(f"<tr><td>{e(what)}</td><td>{e(str(t.get('period') or ''))}</td>"
                         f"<td>{e(format_value(t.get('value'), t.get('unit'), t.get('value_high'), t.get('comparator') or ''))}</td>"
                         f"<td class='{e(t['status'])}'>{e(t['status'].replace('_', ' '))}</td><td>{latest}</td>"
                         f"<td>{e(str(t.get('doc_ids') or ''))}</td></tr>")
        parts.append("</table>")
        for t in ts:
            if not t["n_results"] or charts >= limit_charts:
                continue
            results = [dict(zip(("value", "period", "meets"), row)) for row in db.execute(
                "SELECT value, period, meets FROM target_results WHERE target_id = ?", (t["target_id"],))]
            img = _chart_indicator(t, results)
            if img:
                what = indicator_name(t.get("indicator") or "") or str(t.get("metric") or "")
                parts.append(f"<figure style='display:inline-block;margin:4px'><img alt='{e(what)}' "
                             f"src='data:image/png;base64,{img}'><figcaption style='font-size:12px'>{e(what)}"
                             f"{' (' + e(str(t['period'])) + ')' if t.get('period') else ''}</figcaption></figure>")
                charts += 1
    return parts


def build_report(registry: str | os.PathLike, out: str | os.PathLike, reference: list[dict] | None = None) -> Path:
    from .tracker import list_targets

    with Registry(registry, readonly=True) as reg:
        counts = reg.counts()
        copies = reg.copies()
        figs = [f for f in reg.rows("figures") if f["doc_key"] not in copies]
        docs = reg.rows("documents")
        targets = list_targets(reg.db)
        bodies = _body_sections(reg.db)
    findings = run_audit(figs, reference, titles={d["doc_key"]: d.get("title") or "" for d in docs})
    kinds = Counter(f.get("kind") for f in figs)
    verdicts = Counter((f.check, f.verdict) for f in findings)
    c1, c2 = _chart_kinds(figs), _chart_attainment(targets)
    status = Counter(t["status"] for t in targets)
    e = html.escape
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Praxis report</title>",
        "<style>body{font-family:sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;"
        "margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;font-size:13px;vertical-align:top}"
        "th{background:#f0f0f0}.contradicts{color:#b00}.consistent{color:#070}.unverifiable{color:#666}.achieved{color:#2E7D32}.not_achieved{color:#C62828}.in_progress{color:#B07000}"
        "img{max-width:100%}</style></head><body>",
        "<h1>Praxis report</h1>",
        f"<p>Registry <code>{e(str(registry))}</code>: {counts['documents']} documents "
        f"({sum(1 for d in docs if d.get('status') != 'ok')} with errors).</p>",
        "<h2>Rows per table</h2><table><tr><th>table</th><th>rows</th></tr>",
        *[f"<tr><td>{e(t)}</td><td>{n}</td></tr>" for t, n in counts.items()],
        "</table>",
        "<p>Figures by kind: " + ", ".join(f"{e(str(k))} {n}" for k, n in sorted(kinds.items(), key=str)) + "</p>",
        "<h2>Targets against results</h2>",
    ]
    for img, alt in ((c1, "Targets and results per organization"), (c2, "Results against targets")):
        if img:
            parts.append(f"<p><img alt='{e(alt)}' src='data:image/png;base64,{img}'></p>")
    if not (c1 or c2):
        parts.append("<p>No targets or results to chart.</p>")
    parts.append(f"<h2>Targets by body</h2><p>{len(targets)} targets: "
                 + ", ".join(f"{n} {e(s.replace('_', ' '))}" for s, n in status.most_common())
                 + ". Each body's targets with the results reported on them (<code>praxis targets</code>).</p>")
    parts += bodies
    parts.append("<h2>Audit</h2><table><tr><th>check</th><th>verdict</th><th>rows</th></tr>")
    parts += [f"<tr><td>{e(c)}</td><td class='{v}'>{v}</td><td>{n}</td></tr>" for (c, v), n in sorted(verdicts.items())]
    parts.append("</table><table><tr><th>check</th><th>verdict</th><th>confidence</th><th>explanation</th>"
                 "<th>evidence</th></tr>")
    order = {"contradicts": 0, "unverifiable": 1, "consistent": 2}
    for f in sorted(findings, key=lambda x: (order[x.verdict], x.check))[:300]:
        ev = "<br>".join(f"<b>{e(str(x.get('doc_id', '')))}</b> “{e(str(x.get('text', '')))}” — "
                         f"{e(str(x.get('sentence', ''))[:220])}" for x in f.figures)
        parts.append(f"<tr><td>{e(f.check)}</td><td class='{f.verdict}'>{f.verdict}</td><td>{f.confidence:.2f}</td>"
                     f"<td>{e(f.explanation)}</td><td>{ev}</td></tr>")
    parts.append("</table></body></html>")
    out = Path(out)
    tmp = out.with_suffix(out.suffix + ".partial")
    tmp.write_text("\n".join(parts), encoding="utf-8")
    os.replace(tmp, out)
    return out
