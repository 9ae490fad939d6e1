"""``praxis report``: one self-contained HTML page about the registry.

Counts per table; targets against results per organization (two matplotlib charts, inlined
as PNG); the audit's verdicts with their evidence. No external file, script or font: the
page opens offline in any browser.
"""
from __future__ import annotations

import base64
import html
import io
import os
from collections import Counter, defaultdict
from pathlib import Path

from .audit import Finding, run_audit
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


def _chart_attainment(findings: list[Finding], top: int = 20) -> str | None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = []
    for f in findings:
        if f.check != "result_vs_target" or len(f.figures) < 2:
            continue
        r, t = f.figures[0], f.figures[1]
        try:
            ratio = float(r["value"]) / float(t["value"]) * 100
        except (TypeError, ValueError, ZeroDivisionError):
            continue
        label = f"{(r.get('organization') or r.get('doc_id') or '')[:28]}: {(r.get('metric') or '')[:30]}"
        rows.append((label, ratio, f.verdict))
    if not rows:
        return None
    rows = rows[:top]
    fig, ax = plt.subplots(figsize=(8, 0.4 * len(rows) + 1.2))
    colors = {"consistent": "#55A868", "contradicts": "#C44E52", "unverifiable": "#8C8C8C"}
    ax.barh(range(len(rows)), [min(x[1], 300) for x in rows], color=[colors[x[2]] for x in rows])
    ax.axvline(100, color="black", linewidth=1)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([x[0] for x in rows], fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("result as % of its target (100 = target met)")
    ax.set_title("Results against targets")
    out = _png(fig)
    plt.close(fig)
    return out


def build_report(registry: str | os.PathLike, out: str | os.PathLike, reference: list[dict] | None = None) -> Path:
    with Registry(registry) as reg:
        counts = reg.counts()
        figs = reg.rows("figures")
        docs = reg.rows("documents")
    findings = run_audit(figs, reference, titles={d["doc_key"]: d.get("title") or "" for d in docs})
    kinds = Counter(f.get("kind") for f in figs)
    verdicts = Counter((f.check, f.verdict) for f in findings)
    c1, c2 = _chart_kinds(figs), _chart_attainment(findings)
    e = html.escape
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Praxis report</title>",
        "<style>body{font-family:sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;"
        "margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;font-size:13px;vertical-align:top}"
        "th{background:#f0f0f0}.contradicts{color:#b00}.consistent{color:#070}.unverifiable{color:#666}"
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
