"""Report facts, each with its location and printed text: periods, dates, claims, factor statements.

Everything here is found by the words reports use for it (时间边界, 数据来源,
基准期, 签发, 第五次评估报告 …), on any line of the document, so tables and
prose are read alike.
"""
from __future__ import annotations

import calendar
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from ..document import Document
from ..ingest.html import strip_tags
from ..numbers import parse_number
from .dates import Found, find_dates, find_periods


@dataclass(frozen=True)
class Loc:
    """A located snippet: what the reviewer searches for, and where."""
    text: str
    page: int | None
    line: int
    row_text: str = ""


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    role: str          # reporting | data | base
    text: str
    page: int | None
    line: int
    row_text: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class DateFact:
    day: date
    role: str          # issue | doc_review | site_visit | completion | technical_review | approval | signed
    text: str
    page: int | None
    line: int
    row_text: str


@dataclass(frozen=True)
class GwpClaim:
    ar: str            # AR2 … AR6
    year: int | None   # a year printed next to it, if any
    text: str
    page: int | None
    line: int
    row_text: str


@dataclass
class Facts:
    reporting: list[Period] = field(default_factory=list)
    data: list[Period] = field(default_factory=list)
    base: list[Period] = field(default_factory=list)
    period_fields: list[Loc] = field(default_factory=list)   # a period field that holds one date
    dates: list[DateFact] = field(default_factory=list)
    gwp_claims: list[GwpClaim] = field(default_factory=list)
    first_assessment: list[Loc] = field(default_factory=list)
    standards: list[Loc] = field(default_factory=list)
    outputs: list[tuple] = field(default_factory=list)       # (Num with unit, Loc): production output figures

    @property
    def period(self) -> Period | None:
        """The reporting period: the one stated most often, else the first."""
        if not self.reporting:
            return None
        counts: dict[tuple, int] = {}
        for p in self.reporting:
            counts[(p.start, p.end)] = counts.get((p.start, p.end), 0) + 1
        best = max(counts.items(), key=lambda kv: kv[1])[0]
        return next(p for p in self.reporting if (p.start, p.end) == best)


_REPORTING = re.compile(r"时间边界|时间范围|(报告|核算|核查|评价|盘查|排放|量化)(周)?期(间)?|报告年度|核算年度|时间跨度|评价周期")
_DATA = re.compile(r"数据来源|数据收集|数据代表性|主要数据|数据时间|数据期|生产数据|统计数据|数据范围|数据周期|数据采集|统计(周)?期(间)?|结算周期|结算单")
_BASE = re.compile(r"基准期|基准年|基准时间")
_FIRST = re.compile(r"首次(评价|核查|核算|盘查|评估|开展)")
_DATE_ROLES: list[tuple[str, re.Pattern]] = [
    ("doc_review", re.compile(r"文件评审|文件审核|文审")),
    ("site_visit", re.compile(r"现场(核查|访问|审核|评价|检查|走访)")),
    ("completion", re.compile(r"(完成|编制|编写)(核查|审核|评价)?报告|报告(完成|编制|编写)|编制日期|^编制")),
    ("technical_review", re.compile(r"技术(复核|评审|审核)")),
    ("approval", re.compile(r"批准")),
    ("issue", re.compile(r"签发|发布日期|报告日期|出具日期")),
]
_AR = re.compile(r"(IPCC\s*)?第\s*([二三四五六2-6])\s*次\s*评估报告(?:\s*[（(]\s*((?:19|20)\d{2})\s*年?\s*[）)])?|\bAR\s*([2-6])\b(?:\s*[（(]\s*((?:19|20)\d{2})\s*[）)])?|(Second|Third|Fourth|Fifth|Sixth)\s+Assessment\s+Report", re.I)
_CN_DIGIT = {"二": 2, "三": 3, "四": 4, "五": 5, "六": 6}
_EN_ORD = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}
_OUTPUT = re.compile(r"(产品产量|年产量|产量|生产量|产出量|合格品入库量|年产能|(?<![用耗])生产(?!用|线|过程|阶段|工艺|设备|车间)[^0-9。；;，,]{0,20}?(?:合格品|产品))[^0-9。；;]{0,16}?"
                     r"(\d[\d,]*(?:\.\d+)?)\s*(万\s*)?(t|吨|套|台|件|个|只|片|块|卷|瓶|罐|听|包|盒|袋|箱|支|条|双|张|根|颗|粒|辆|kg|千克|m2|㎡|平方米|m3|立方米|Wp|kWp|MW|万片)(?![A-Za-z])")
_STANDARD = re.compile(r"(ISO\s*/?\s*(?:TS\s*)?1406[4-9](?:\s*[-－—]\s*\d)?(?:\s*[:：]\s*\d{4})?|GB\s*/\s*T\s*\d{4,5}(?:\.\d+)?(?:\s*[-—－]\s*\d{4})?|PAS\s*2050(?:\s*[:：]\s*\d{4})?|GHG\s*Protocol)", re.I)


_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])")


@functools.lru_cache(maxsize=1 << 16)
def norm(s: str) -> str:
    """A line as matched: markup stripped, NFKC (₂→2, full-width → ASCII), whitespace collapsed,
    letter-spacing between CJK characters removed (`时间 边界` reads `时间边界`)."""
    return _CJK_GAP.sub("", " ".join(unicodedata.normalize("NFKC", strip_tags(s)).split()))


def extract_facts(doc: Document) -> Facts:
    f = Facts()
    lines = list(doc.lines())
    for i, ln in enumerate(lines):
        t = norm(ln.text)
        if not t:
            continue
        periods = find_periods(t)
        for p in periods:
            ctx = t[max(0, p.span[0] - 40): p.span[0]]
            role = _period_role(ctx, t)
            if role is None and i > 0:
                role = _period_role(norm(lines[i - 1].text)[-40:], "")  # label on the line above
            if role:
                getattr(f, role).append(Period(p.start, p.end, role, p.text.strip(), ln.page, ln.line, t))
        if _REPORTING.search(t) and not periods:
            # `报告期 | 2026 年 3 月 25`: a period field holding one date
            m = _REPORTING.search(t)
            ds = [d for d in find_dates(t[m.end():]) if d.span[0] < 25]
            if ds:
                f.period_fields.append(Loc(ds[0].text.strip(), ln.page, ln.line, t))
        if _FIRST.search(t):
            f.first_assessment.append(Loc(_FIRST.search(t).group(0), ln.page, ln.line, t))
        _dates(f, t, ln, periods)
        for m in _AR.finditer(t):
            ar, year = _ar_of(m)
            if ar:
                f.gwp_claims.append(GwpClaim(ar, year, m.group(0), ln.page, ln.line, t))
        for m in _OUTPUT.finditer(t):
            num = parse_number(m.group(2) + (m.group(3) or "").strip())
            if num is not None and num.is_value and not re.search(r"增长|下降|较|同比|%|多计|少计|减少|增加|差额|偏差|修正",
                                                                  t[m.start(): m.end() + 4]):
                f.outputs.append((num.with_unit(m.group(4)).with_loc(ln.page, ln.line),
                                  Loc(m.group(0), ln.page, ln.line, t)))
        for m in _STANDARD.finditer(t):
            f.standards.append(Loc(m.group(0), ln.page, ln.line, t))
    _table_periods(f, doc)
    if not f.reporting:
        # `2024年度温室气体排放核查报告`: the title's year is the period when no period is printed
        for ln in lines[:40]:
            m = _TITLE_YEAR.search(norm(ln.text))
            if m:
                y = int(m.group(1))
                f.reporting.append(Period(date(y, 1, 1), date(y, 12, 31), "reporting", m.group(0), ln.page, ln.line,
                                          norm(ln.text)))
                break
    return f


_MONTH = re.compile(r"^((?:19|20)\d{2})\s*[年.\-/]\s*(\d{1,2})\s*月?$")


def _month_rows(f: Facts, t) -> None:
    """A table of monthly figures (`2023年12月 | 373.35` …) covers the months it lists: a data period."""
    months = []
    for r in t.rows:
        m = _MONTH.match(norm(r.cells[0].text)) if r.cells else None
        if m and 1 <= int(m.group(2)) <= 12:
            months.append((int(m.group(1)), int(m.group(2)), r))
    if len(months) < 6:
        return
    (y0, m0, r0), (y1, m1, r1) = min(months, key=lambda x: x[:2]), max(months, key=lambda x: x[:2])
    start, end = date(y0, m0, 1), date(y1, m1, calendar.monthrange(y1, m1)[1])
    text = f"{norm(r0.cells[0].text)}—{norm(r1.cells[0].text)}"
    f.data.append(Period(start, end, "data", text, r0.page, r0.line,
                         " ".join(norm(c.text) for c in t.rows[0].cells) + " " + text))


def _table_periods(f: Facts, doc: Document) -> None:
    """A period in a table cell takes its role from its column header (`数据来源` → data period)."""
    seen = {(p.line, p.start, p.end) for p in f.data + f.reporting + f.base}
    for t in doc.tables:
        _month_rows(f, t)
        if len(t.rows) < 2:
            continue
        head = [norm(c.text) for c in t.rows[0].cells]
        for r in t.rows[1:]:
            for i, c in enumerate(r.cells):
                if i >= len(head) or not re.search(r"\d", c.text):
                    continue
                text = norm(c.text)
                for p in find_periods(text):
                    role = _period_role(head[i], "")
                    if role is None or (c.line, p.start, p.end) in seen:
                        continue
                    seen.add((c.line, p.start, p.end))
                    row_text = " ".join(norm(x.text) for x in r.cells)
                    getattr(f, role).append(Period(p.start, p.end, role, p.text.strip(), c.page, c.line, row_text))


_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度?\s*(?:温室气体|碳排放|碳足迹|排放|组织|产品)")


def _period_role(ctx: str, line: str) -> str | None:
    # the nearest label before the period decides; data wording beats the generic period words
    best = None
    for role, rx in (("base", _BASE), ("data", _DATA), ("reporting", _REPORTING)):
        for m in rx.finditer(ctx):
            if best is None or m.end() > best[0]:
                best = (m.end(), role)
    return best[1] if best else None


def _after_role(t: str, at: int) -> tuple[int, str] | None:
    """(distance, role) of a step named after a date in the same clause (`于 DATE 完成核查报告编写`)."""
    clause = re.split(r"[，,。；;]", t[at: at + 30], maxsplit=1)[0]
    hits = [(m.start(), r) for r, rx in _DATE_ROLES for m in rx.finditer(clause)]
    return min(hits) if hits else None


def _dates(f: Facts, t: str, ln, periods: list[Found]) -> None:
    for p in periods:  # `现场核查日期 2025年4月18日—2025年4月19日`: a step spanning days starts at its first day
        before = t[: p.span[0]]
        hits = [(m.end(), r) for r, rx in _DATE_ROLES for m in rx.finditer(before)]
        gap, role = (p.span[0] - max(hits)[0], max(hits)[1]) if hits else (99, None)
        after = _after_role(t, p.span[1])
        if after is not None and after[0] < gap:
            gap, role = after  # `核查组于 5 月 14 日至 15 日对受核查方进行了现场核查`
        if role and p.day_given and gap <= 8:
            f.dates.append(DateFact(p.start, role, p.text.strip(), ln.page, ln.line, t))
    ds = find_dates(t)
    if not ds:
        return
    for d in ds:
        before = t[: d.span[0]]
        role = None
        pos = -1
        for r, rx in _DATE_ROLES:
            for m in rx.finditer(before):
                if m.start() > pos:
                    pos, role = m.start(), r
        after = t[d.span[1]: d.span[1] + 12]
        nxt = _after_role(t, d.span[1])
        if role is not None and nxt is not None and nxt[0] < d.span[0] - pos - 4 and \
                re.search(r"于\s*$", before):
            role = nxt[1]  # `…现场核查发现，于 5 月 6 日完成核查报告编写`: the step named after the date
        if role is None and nxt is not None and re.search(r"于\s*$", before) and \
                re.match(r"\s*(至|到|[-—~～])\s*\d{1,2}\s*日", t[d.span[1]:]):
            role = nxt[1]  # `核查组于2025年12月22日至 23 日对受核查方进行了现场核查`
        if role is None:
            for r, rx in _DATE_ROLES:  # `2025.05.29 现场核查` (date first, in a schedule table)
                if rx.search(after):
                    role = r
                    break
        if role and d.day_given:
            f.dates.append(DateFact(d.start, role, d.text.strip(), ln.page, ln.line, t))


def _ar_of(m: re.Match) -> tuple[str | None, int | None]:
    if m.group(2):
        n = _CN_DIGIT.get(m.group(2)) or int(m.group(2))
        return f"AR{n}", int(m.group(3)) if m.group(3) else None
    if m.group(4):
        return f"AR{m.group(4)}", int(m.group(5)) if m.group(5) else None
    if m.group(6):
        return f"AR{_EN_ORD[m.group(6).lower()]}", None
    return None, None


_OUTPUT_ROW = re.compile(r"^(?:[\u4e00-\u9fffA-Za-z0-9#]{0,12})(产品产量|年产量|产量|生产量|产出量|合格品入库量)")
_OUTPUT_UNITS = {"t", "吨", "套", "台", "件", "个", "只", "片", "块", "卷", "瓶", "包", "盒", "箱", "万片", "m2", "㎡"}


def table_outputs(tables) -> list[tuple]:
    """Output rows of typed tables (`硝酸产量合计（折 100%） | t | 240137.60 | 251030.90`): each
    figure in a product unit is a candidate output, like a `产量为 … t` sentence."""
    out = []
    for t in tables:
        # a 产量 column (`产品 | 产量 | 单位`) or a row named for the output (`硝酸产量合计 | t | …`)
        out_cols = {i for i, h in enumerate(t.header) if re.search(r"产量|产出量|合格品", h) and not re.search(r"单位|强度|单耗", h)}
        for it in t.items:
            if re.search(r"排放|强度|单耗|占比", it.label):
                continue
            named = bool(_OUTPUT_ROW.search(it.label.replace(" ", "")))
            for q in it.numbers:
                u = (q.unit or it.unit or "").strip()
                if (named or (q.col in out_cols and not it.is_total)) and q.num.is_value and q.value > 0 \
                        and u in _OUTPUT_UNITS:
                    out.append((q.num.with_unit(u).with_loc(q.page, q.line), Loc(it.row_text, q.page, q.line, it.row_text)))
    return out
