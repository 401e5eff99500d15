"""`--format html`: one self-contained page (no external resource): a summary, the reports, and a
findings table that filters by severity, category, report and free text.

Every piece of report text (file names, messages, evidence, periods) is HTML-escaped, and a
Content-Security-Policy lets only this page's own script (by nonce) run, so a `<script>` printed
in a report can neither execute nor load anything.
"""
from __future__ import annotations

import html
import secrets

from ..finding import CATEGORIES
from .common import KIND, SEV, STATUS, coverage_text, entries, lang_of, num, totals

_H = {
    "zh": {"title": "auditcheck 核查发现", "reports": "报告", "findings": "发现", "sev": "严重性", "cat": "类别",
           "all": "全部", "search": "搜索", "file": "报告", "page": "页", "line": "行", "rule": "规则",
           "message": "说明", "printed": "印刷值", "expected": "复算值", "evidence": "原文", "kind": "类型",
           "status": "状态", "period": "报告期", "pages": "页数", "coverage": "覆盖", "shown": "显示",
           "none": "未发现问题。"},
    "en": {"title": "auditcheck findings", "reports": "Reports", "findings": "Findings", "sev": "severity",
           "cat": "category", "all": "all", "search": "search", "file": "report", "page": "page", "line": "line",
           "rule": "rule", "message": "message", "printed": "printed", "expected": "recomputed",
           "evidence": "evidence", "kind": "kind", "status": "status", "period": "period", "pages": "pages",
           "coverage": "coverage", "shown": "shown", "none": "No findings."},
}

_CSS = """
body{font-family:system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}
table{border-collapse:collapse;width:100%;font-size:.9em}th,td{border:1px solid #ddd;padding:.3em .5em;
vertical-align:top;text-align:left}th{background:#f4f4f4;position:sticky;top:0}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.cards span{display:inline-block;margin:0 1em .5em 0;padding:.4em .8em;border-radius:4px;background:#f4f4f4}
.sev-error{color:#b00020;font-weight:600}.sev-warning{color:#a15c00}.sev-info{color:#00639b}
.filters{margin:.8em 0}.filters label{margin-right:1em}.ev{color:#555;font-size:.92em}
tr.hidden{display:none}.bad{color:#b00020}
"""

_JS = """
(function(){
  var f=document.getElementById('filters'), rows=document.querySelectorAll('#findings tbody tr'),
      count=document.getElementById('shown');
  function apply(){
    var s=f.sev.value, c=f.cat.value, r=f.rep.value, q=f.q.value.toLowerCase(), n=0;
    rows.forEach(function(tr){
      var ok=(!s||tr.dataset.sev===s)&&(!c||tr.dataset.cat===c)&&(!r||tr.dataset.file===r)&&
             (!q||tr.textContent.toLowerCase().indexOf(q)>=0);
      tr.classList.toggle('hidden',!ok); if(ok) n++;
    });
    count.textContent=n;
  }
  f.addEventListener('input',apply); f.addEventListener('change',apply); apply();
})();
"""


def esc(s) -> str:
    return html.escape("" if s is None else str(s), quote=True)


def _options(values: list[tuple[str, str]], all_label: str) -> str:
    return f'<option value="">{esc(all_label)}</option>' + "".join(
        f'<option value="{esc(v)}">{esc(label)}</option>' for v, label in values)


def render_html(results, lang: str = "zh") -> str:
    lang = lang_of(lang)
    h = _H[lang]
    es = entries(results)
    sev, cat = totals(es)
    nonce = secrets.token_urlsafe(16)
    out = ["<!DOCTYPE html>", f'<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">',
           '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
           f"style-src 'unsafe-inline'; script-src 'nonce-{nonce}'; img-src data:\">",
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{esc(h['title'])}</title><style>{_CSS}</style></head><body>", f"<h1>{esc(h['title'])}</h1>"]
    n_ok = sum(1 for e in es if e.result is not None)
    out.append('<div class="cards">' + f"<span>{esc(h['reports'])}: {n_ok}/{len(es)}</span>" + "".join(
        f'<span class="sev-{s}">{esc(SEV[lang][s])}: {sev[s]}</span>' for s in ("error", "warning", "info"))
        + "".join(f"<span>{esc(k)}: {v}</span>" for k, v in cat.items()) + "</div>")

    # reports
    out.append(f"<h2>{esc(h['reports'])}</h2><table><thead><tr>" + "".join(
        f"<th>{esc(h[k])}</th>" for k in ("file", "kind", "period", "pages", "coverage")) + "".join(
        f"<th>{esc(SEV[lang][s])}</th>" for s in ("error", "warning", "info")) + f"<th>{esc(h['status'])}</th>"
        "</tr></thead><tbody>")
    for e in es:
        c = e.counts()
        kind = KIND[lang].get(e.result.report_kind, e.result.report_kind) if e.result else "-"
        status = STATUS[lang].get(e.status, e.status) + (f": {e.reason}" if e.failed and e.reason else "")
        nums = "".join(f'<td class="n">{c[s] if e.result else "-"}</td>' for s in ("error", "warning", "info"))
        out.append(f"<tr><td>{esc(e.file)}</td><td>{esc(kind)}</td><td>{esc(e.meta.get('period'))}</td>"
                   f'<td class="n">{esc(e.meta.get("pages"))}</td><td>{esc(coverage_text(e.meta, lang))}</td>'
                   f'{nums}<td class="{"bad" if e.failed else ""}">{esc(status)}</td></tr>')
    out.append("</tbody></table>")

    # findings with filters
    files = [e.file for e in es if e.result is not None and e.result.findings]
    out.append(f"<h2>{esc(h['findings'])} (<span id=\"shown\">{sum(sev.values())}</span> {esc(h['shown'])})</h2>")
    out.append('<form id="filters" class="filters" onsubmit="return false">'
               f"<label>{esc(h['sev'])} <select name=\"sev\">"
               + _options([(s, SEV[lang][s]) for s in ("error", "warning", "info")], h["all"]) + "</select></label>"
               f"<label>{esc(h['cat'])} <select name=\"cat\">"
               + _options([(k, k) for k in CATEGORIES if k in cat], h["all"]) + "</select></label>"
               f"<label>{esc(h['file'])} <select name=\"rep\">"
               + _options([(f, f) for f in files], h["all"]) + "</select></label>"
               f"<label>{esc(h['search'])} <input name=\"q\" type=\"search\"></label></form>")
    if not sev:
        out.append(f"<p>{esc(h['none'])}</p>")
    out.append('<table id="findings"><thead><tr>' + "".join(
        f"<th>{esc(h[k])}</th>" for k in ("file", "page", "line", "sev", "rule", "cat", "message", "printed",
                                          "expected", "evidence")) + "</tr></thead><tbody>")
    for e in es:
        for f in (e.result.findings if e.result else ()):
            ev = "<br>".join(esc(x) for x in f.evidence)
            out.append(
                f'<tr data-sev="{esc(f.severity)}" data-cat="{esc(f.category)}" data-file="{esc(e.file)}">'
                f"<td>{esc(e.file)}</td><td class=\"n\">{esc(f.page)}</td><td class=\"n\">{esc(f.line)}</td>"
                f'<td class="sev-{esc(f.severity)}">{esc(SEV[lang][f.severity])}</td>'
                f"<td>{esc(f.rule)} {esc(f.name)}</td><td>{esc(f.category)}</td><td>{esc(f.message)}</td>"
                f'<td class="n">{esc(num(f.reported))}</td><td class="n">{esc(num(f.expected))}</td>'
                f'<td class="ev">{ev}</td></tr>')
    out.append("</tbody></table>")
    out.append(f'<script nonce="{nonce}">{_JS}</script></body></html>')
    return "\n".join(out) + "\n"
