"""AC703 excluded-source-included."""
from __future__ import annotations

import re
from decimal import Decimal

from auditcheck.api import Issue, Msg, Verdict, cell_number, clean, rule

_VERB = r"(?:予以)?(?:忽略|舍去|舍弃|不计|不予计算|不予考虑|排除|未纳入|不纳入|剔除)"
EXCLUDED = re.compile(
    r"(?P<subj>[^，,;；。:：]{0,40}?)\s*(?:小于|低于|不足|不超过|未超过|<|＜)\s*[^，,;；。\d]{0,20}?"
    rf"(?P<pct>\d+(?:\.\d+)?)\s*%[^，,;；。]{{0,8}}?[，,]?\s*(?:故|因此|则|可|均|已)?\s*{_VERB}")
_VERB_RX = re.compile(_VERB)
NOT_IN_TOTAL = re.compile(r"(?P<subj>[^。;；:：]{4,60}?)(?:单独报告|单独列示|单独披露)?[，,]?\s*不(?:计入|纳入)(?:排放)?总量")
STATED_SHARE = re.compile(r"占[^，。；%]{0,15}?(?P<s>\d+(?:\.\d+)?)\s*%")
GENERIC = re.compile(r"投入|质量|能量|影响|总和|任何|类似|每个|单个|某一|此过程|该过程|基于位置|补充信息")
STOP = {"排放", "放量", "总排", "温室", "室气", "气体", "体排", "二氧", "氧化", "化碳", "直接", "间接", "范围", "类别",
        "消耗", "耗量", "使用", "过程", "产生", "引起", "的排", "GH", "HG", "CO", "O2", "总量", "排放量", "燃烧"}
MAX_RATIO = 3   # an author calls a source negligible at 5 %; a 15 % line is more likely another source
TOTAL = re.compile(r"合\s*计|小\s*计|总\s*计|总量|总排放|排放总|汇\s*总|总和")


_GAS = {"CO2": r"CO\s*2(?!e)|二氧化碳", "CH4": r"CH\s*4|甲烷", "N2O": r"N\s*2\s*O|氧化亚氮"}


def _gases(s: str) -> set[str]:
    return {g for g, rx in _GAS.items() if re.search(rx, s)}


def bigrams(s: str) -> set[str]:
    s = re.sub(r"[\s（）()\[\]:：,，、/·.\-—_0-9]", "", s)
    return {s[i:i + 2] for i in range(len(s) - 1)} - STOP


def _rows(table):
    for r in table.rows:
        label = " ".join(c.text for c in r.cells if c.text and cell_number(c.text) is None)
        nums = [(p[0], c) for c in r.cells if c.text and (p := cell_number(c.text)) and p[1] != "%" and p[0].is_value]
        if label and nums:
            yield label, nums[0][0], nums[0][1]


def _quantified(report, engine, keys, in_total: bool):
    """(label, value, cell, total) of the first table row naming the source, with the table's total."""
    for table in report.document.tables:
        rows = list(_rows(table))
        totals = [r for r in rows if TOTAL.search(r[0])]
        parts = [r[1] for r in rows if not TOTAL.search(r[0])]
        named = [r for r in rows if not TOTAL.search(r[0]) and keys & bigrams(r[0]) and r[1].value > 0]
        hit = max(named, key=lambda r: len(keys & bigrams(r[0])), default=None)   # the row naming it best
        if hit is None or not totals or len(parts) < 2:
            continue
        if in_total and not any(engine.agrees(t[1], engine.total(parts)) is not Verdict.DISAGREES for t in totals):
            continue
        return hit + (totals[-1][1],)
    return None


@rule("AC703", "excluded-source-included", category="boundary.scope")
def check(report, engine):
    """A source the report excludes ("below X %, ignored", "不计入排放总量") is quantified, or its stated share exceeds X %.

    ## Why it matters
    The exclusion statement and the inventory cannot both be right: either the source is in the
    boundary (and the statement is wrong) or it is not (and the total is overstated). When its
    share exceeds the threshold, the exclusion criterion itself is not met.

    ## Example
        空调制冷冷媒逸散量小于 GHG 总排放量的 5%, 予以忽略
        空调 CO₂ 排放 (范围 3)   459.77   …  企业年度 GHG 排放总量  7613.91   ← 6.04 % > 5 %
        …排放约7.76 gCO2e/瓶（约占产品碳足迹的3.11%），低于1%的取舍阈值，故未纳入    ← 3.11 % > 1 %

    ## Not flagged
    Generic cut-off criteria (舍去质量或能量投入小于 1% 的…) that name no source; excluded sources
    that appear in no table, only with 0 or `/`, or outside the total they are excluded from;
    rows sharing a word with the excluded source but far above the threshold (more than 3×).
    """
    lines = list(report.document.lines())
    done = set()
    for i, ln in enumerate(lines):
        prev = clean(lines[i - 1].text) if i else ""
        t = clean(ln.text)
        joined = prev + t
        # cheap pre-checks: the exclusion pattern is costly to try on every line
        excl = EXCLUDED.finditer(joined) if ("%" in t or "％" in t) and _VERB_RX.search(joined) else ()
        for m in excl:
            if m.end() <= len(prev):
                continue                                   # the previous line's own statement
            pct, subj = Decimal(m.group("pct")), m.group("subj")
            sentence = re.split(r"[。；;]", joined[:m.start()])[-1] + m.group(0)
            stated = [s for s in STATED_SHARE.finditer(sentence) if Decimal(s.group("s")) > pct]
            if stated:                                     # the statement quotes its own share, above X %
                s = stated[-1].group("s")
                yield Issue(Msg(f"排除理由自相矛盾：自称占 {s}%，却以“低于 {m.group('pct')}%”为由排除（“{m.group(0).strip()}”）",
                                f"the exclusion contradicts itself: the source is stated as {s}% yet excluded as "
                                f"below {m.group('pct')}% ('{m.group(0).strip()}')"),
                            at=ln, reported=Decimal(s), values=[pct], evidence=[sentence.strip(), m.group(0).strip()])
                continue
            keys = bigrams(subj)
            if GENERIC.search(subj) or not keys or (hit := _quantified(report, engine, keys, False)) is None:
                continue
            label, num, cell, total = hit
            share = engine.share(num, total)
            if share.value > MAX_RATIO * pct or (i, label) in done:
                continue
            done.add((i, label))
            over = share.value > pct
            snippet, pct_txt = m.group(0).strip(), f"{share.value:.2f}"
            yield Issue(Msg(f"“{label}” {num.text} 占总量 {total.text} 的 {pct_txt}%"
                            f"{' > ' + m.group('pct') + '%' if over else ''}，但报告称“{snippet}”",
                            f"'{label}' {num.text} is {pct_txt}% of the total {total.text}"
                            f"{' > ' + m.group('pct') + '%' if over else ''}, yet the report says '{snippet}'"),
                        at=cell, reported=num, expected=share, values=[total], evidence=[snippet, t, f"{label} {num.text}"],
                        severity=None if over else "warning")
        for m in (NOT_IN_TOTAL.finditer(t) if "总量" in t else ()):
            keys = bigrams(m.group("subj"))
            if GENERIC.search(m.group("subj")) or not keys or (hit := _quantified(report, engine, keys, True)) is None:
                continue
            label, num, cell, total = hit
            gs, gl = _gases(m.group("subj")), _gases(label)
            if gs and gl and not gs & gl:
                continue  # biogenic CO2 left out, the CH4 of the same process counted: as it should be
            if re.search(r"生物", m.group(0)) and re.search(r"化石", label):
                continue  # biogenic carbon left out, the fossil carbon of the same process counted
            yield Issue(Msg(f"报告称“{m.group(0).strip()}”，但“{label}” {num.text} 计入了排放总量 {total.text}",
                            f"the report says '{m.group(0).strip()}', yet '{label}' {num.text} is summed into the total "
                            f"{total.text}"),
                        at=cell, reported=num, values=[total], evidence=[m.group(0).strip(), f"{label} {num.text}"])
