"""AC604 same-value-for-distinct-items."""
from __future__ import annotations

import re

from auditcheck.api import Issue, Msg, rule, similar

MIN_DIGITS = 6            # 38652.84: a coincidence at this many significant digits is not credible
NOT_QUANTITY = ("factor", "ncv", "cc", "of", "share", "distance", "seq", "result", "total")
CARRIERS = (r"电", r"气", r"油", r"煤", r"蒸汽|热", r"水")
_SUMMARY = re.compile(r"^其中|合\s*计|小\s*计|总\s*计|总量|汇总|填报|审核|核查|核实")


def significant(text: str) -> int:
    digits = re.sub(r"\D", "", text.split("e")[0].split("E")[0]).lstrip("0")
    if "." not in text:
        digits = digits.rstrip("0")
    return len(digits)


def _label(it) -> str:
    return re.sub(r"\s+", " ", (it.label or it.group)).strip()


def bigrams(s: str) -> set[str]:
    s = re.sub(r"[\sA-Za-z0-9（）()·/.-]", "", s)
    return {s[i:i + 2] for i in range(len(s) - 1)}


def _differ(a: str, b: str) -> bool:
    """Labels name different things once the words they share (units, stage, source) are set aside."""
    ta, tb = a.split(), b.split()
    ra, rb = " ".join(w for w in ta if w not in tb), " ".join(w for w in tb if w not in ta)
    if not (ra and rb) or similar(ra, rb) >= 80 or bigrams(ra) & bigrams(rb):
        return False
    return not any(re.search(c, ra) and re.search(c, rb) for c in CARRIERS)   # 外购电力 / 生产用电


@rule("AC604", "same-value-for-distinct-items", category="consistency.crossref")
def check(report, engine):
    """Two different items of one quantity column carry the identical many-digit value.

    ## Why it matters
    Distinct materials or sources with the same 7-significant-digit quantity (回收料 38652.84 吨
    and 头尾料 38652.84 吨) are almost certainly a copied cell: one of the two items is wrong, and
    every emission computed from it with it.

    ## Example
        回收料  38652.84  吨  原料  原料获取
        头尾料  38652.84  吨  原料  原料获取

    ## Not flagged
    Repeated factors, GWPs, distances and shares (2.300, 0.286, 40.00 km); short values that
    coincide easily (322.11 — fewer than six significant digits); the same item repeated (a
    填报 / 审核 pair, a summary row that restates its only line, one material split by disposal
    route on several rows); totals and 其中 rows.
    """
    for t in report.tables:
        seen: dict[tuple[int, object], list] = {}
        for it in t.items:
            if it.is_total or it.is_subtotal or _SUMMARY.search(_label(it)) or _SUMMARY.search(it.group or ""):
                continue
            for q in it.numbers:
                if q.role in NOT_QUANTITY or q.unit == "%" or not q.num.is_value or q.value <= 0:
                    continue
                if significant(q.num.text) >= MIN_DIGITS:
                    seen.setdefault((q.col, q.value), []).append((it, q))
        for (_, value), hits in seen.items():
            labels = list(dict.fromkeys(_label(it) for it, _ in hits))
            distinct = [lb for lb in labels if lb]
            if len(distinct) < 2 or not all(_differ(a, b) for i, a in enumerate(distinct) for b in distinct[i + 1:]):
                continue
            firsts = {(next((x for x in it.texts if x and not re.fullmatch(r"[\d.]+", x.strip())), "")
                       or it.group or "").strip() for it, _ in hits}   # the name cell, past a 序号
            if len(firsts) == 1 and "" not in firsts:
                continue  # one item split by route (瓦楞纸箱 | 回收利用 / 瓦楞纸箱 | 卫生填埋): its mass on each row
            (first, q0), (second, q1) = hits[0], hits[1]
            unit = f" {q0.unit}" if q0.unit else (f" {first.unit}" if first.unit else "")
            names = "、".join(f"“{lb}”" for lb in distinct)
            yield Issue(Msg(f"{names} 的数值同为 {q1.num.text}{unit}：不同项目出现相同的多位数值，疑为复制错误",
                            f"{', '.join(distinct)} all have {q1.num.text}{unit}: distinct items with the identical "
                            f"many-digit value (a copied cell?)"),
                        at=second, reported=q1.num, values=[q0.num],
                        evidence=[it.row_text for it, _ in hits])
