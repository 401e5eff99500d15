"""AC703 excluded-source-included."""
from __future__ import annotations

import re
from decimal import Decimal

from auditcheck.api import Issue, Msg, cell_number, clean, rule

EXCLUDED = re.compile(
    r"(?P<subj>[^，,;；。:：]{2,40}?)\s*(?:小于|低于|不足|不超过|未超过|<|＜)\s*(?P<base>[^，,;；。\d]{0,20}?)"
    r"(?P<pct>\d+(?:\.\d+)?)\s*%[^，,;；。]{0,6}?[，,]?\s*(?:故|因此|则|可|均|已)?\s*(?:予以)?"
    r"(?P<verb>忽略|舍去|舍弃|不计|不予计算|不予考虑|排除|未纳入|不纳入|剔除)")
GENERIC = re.compile(r"投入|质量|能量|影响|总和|任何|类似|每个|单个|某一|此过程|该过程")
STOP = {"排放", "放量", "总排", "温室", "室气", "气体", "体排", "二氧", "氧化", "化碳", "直接", "间接", "范围", "类别",
        "消耗", "耗量", "使用", "过程", "产生", "引起", "的排", "GH", "HG", "CO", "O2", "总量", "排放量"}
MAX_RATIO = 3   # an author calls a source negligible at 5 %; a 15 % line is more likely another source
TOTAL = re.compile(r"合\s*计|总\s*计|总量|总排放|排放总|汇\s*总|总和")


def bigrams(s: str) -> set[str]:
    s = re.sub(r"[\s（）()\[\]:：,，、/·.\-—_0-9]", "", s)
    return {s[i:i + 2] for i in range(len(s) - 1)} - STOP


def _rows(table):
    for r in table.rows:
        label = " ".join(c.text for c in r.cells if c.text and cell_number(c.text) is None)
        nums = [(p[0], c) for c in r.cells if c.text and (p := cell_number(c.text)) and p[1] != "%" and p[0].is_value]
        if label and nums:
            yield label, nums[0][0], nums[0][1]


@rule("AC703", "excluded-source-included", category="boundary.scope")
def check(report, engine):
    """A source the report excludes as immaterial ("below X %, ignored") is quantified, often above X %.

    ## Why it matters
    The exclusion statement and the inventory cannot both be right: either the source is in the
    boundary (and the statement is wrong) or it is not (and the total is overstated). When its
    share exceeds the threshold, the exclusion criterion itself is not met.

    ## Example
        空调制冷冷媒逸散量小于 GHG 总排放量的 5%, 予以忽略
        空调 CO₂ 排放 (范围 3)   459.77   …  企业年度 GHG 排放总量  7613.91   ← 6.04 % > 5 %

    ## Not flagged
    Generic cut-off criteria (舍去质量或能量投入小于 1% 的…) that name no source; excluded sources
    that appear in no table, or only with 0 or `/`; rows sharing a word with the excluded source
    but far above the threshold (more than 3×), which are more likely another source.
    """
    done = set()
    for ln in report.document.lines():
        t = clean(ln.text)
        for m in EXCLUDED.finditer(t):
            subj = m.group("subj")
            keys = bigrams(subj)
            if GENERIC.search(subj) or not keys:
                continue
            pct = Decimal(m.group("pct"))
            for table in report.document.tables:
                rows = list(_rows(table))
                totals = [r for r in rows if TOTAL.search(r[0])]
                hit = next((r for r in rows if not TOTAL.search(r[0]) and keys & bigrams(r[0]) and r[1].value > 0), None)
                if hit is None or not totals or (ln.line, hit[0]) in done:
                    continue
                done.add((ln.line, hit[0]))
                label, num, cell = hit
                total = totals[-1][1]
                share = engine.share(num, total)
                if share.value > MAX_RATIO * pct:
                    continue                               # far above: another source than the one excluded
                over = share.value > pct
                snippet = m.group(0).strip()
                pct_txt = f"{share.value:.2f}"
                yield Issue(Msg(f"“{label}” {num.text} 占总量 {total.text} 的 {pct_txt}%"
                                f"{' > ' + m.group('pct') + '%' if over else ''}，但报告称“{snippet}”",
                                f"'{label}' {num.text} is {pct_txt}% of the total {total.text}"
                                f"{' > ' + m.group('pct') + '%' if over else ''}, yet the report says '{snippet}'"),
                            at=cell, reported=num, expected=share, values=[total],
                            evidence=[snippet, t, f"{label} {num.text}"],
                            severity=None if over else "warning")
                break
