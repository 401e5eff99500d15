"""Label vocabulary: column roles, total rows, and the fuzzy matcher behind them.

Headers are matched by synonyms, never by position: `原材料获取量（g）` and
`碳排放量(gCO2)` are read by their head words (获取量 → activity, 排放量 →
result) with the patterns below — headers are short, so patterns beat a word
segmenter (jieba's dictionary load alone costs ≈ 0.5 s); rapidfuzz catches
spelling variants (碳排放因子 / 排放因子 / 折算因子).
"""
from __future__ import annotations

import functools
import re

from rapidfuzz import fuzz

# order matters: the first role whose pattern hits wins, so specific before generic
ROLE_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("seq", re.compile(r"^(序号|编号|No\.?|代码)$", re.I)),
    ("unit", re.compile(r"^(计量)?单位$|(因子|系数)单位$")),
    # a change or a deviation (偏差, 变化率, 同比) is a percentage of another year's or party's
    # figure, never a share of this table's total
    ("change", re.compile(r"偏差|变化|变动|增减|增幅|降幅|增长|下降|上升|同比|环比|差异|差值|较上年|较基准")),
    # a share names itself (占比, 百分比); `碳酸盐含量（%）`, `煅烧比例（%）` are percentages, not shares
    ("share", re.compile(r"百分比|占比|所占比例|占.{0,6}比例|比重|贡献率|份额|^%$|^[（(]%[）)]$"
                         r"|分配系数|分摊系数|分配比例|分摊比例")),   # allocation shares: of the allocation total
    ("cc", re.compile(r"含碳量|CC")),
    ("of", re.compile(r"氧化率|OF")),
    ("ncv", re.compile(r"发热量|热值|NCV")),
    ("distance", re.compile(r"距离|里程|公里数|运距")),
    ("factor", re.compile(r"因子|系数|EF|排放强度值?$|GWP|变暖潜")),
    ("total", re.compile(r"总排放量|排放总量|合计|总计|小计")),
    ("result", re.compile(r"排放量|碳足迹|温室气体量|核证值|排放\b|^排放|当量|碳排放|CO2e?$|足迹")),
    ("activity", re.compile(r"单耗|活动数据|活动水平|消耗量|消费量|用量|耗量|获取量|物料量|数量|数值|购入量|净购入|使用量|电量|用水量|用气量|运输量|周转量|重量|质量|充注量|泄漏量|逸散量|补充量|补充|加注量|填充量|领用量|耗用量|处理量|处置量")),
    ("name", re.compile(r"名称|项目|种类|品种|类别|类型|排放源|阶段|过程|物料|原料|材料|能源|燃料|设施|来源|内容")),
]

_SHARE_OF = re.compile(r"^占.{1,14}[（(]\s*%\s*[）)]$")
_DESCRIPTIVE = re.compile(r"原因|说明|备注|依据|方式|来源$|类型$|描述")

TOTAL_ROW = re.compile(r"合\s*计|总\s*计|小\s*计|总量|总排放|汇\s*总|总和|^总$|^共计|^Total", re.I)
SUBTOTAL_ROW = re.compile(r"小\s*计")


@functools.lru_cache(maxsize=1 << 14)
def role_of(header: str) -> str | None:
    h = re.sub(r"\s+", "", header)
    if not h:
        return None
    # units in brackets do not name the role: `碳排放量(gCO2)` is a result, not a factor
    head = re.sub(r"[（(][^）)]*[）)]", "", h) or h
    if _SHARE_OF.match(h):
        return "share"  # `占产品碳足迹（%）`, `占本阶段（%）`: the words name what it is a share of
    if _DESCRIPTIVE.search(head):
        return "name"  # `排放/清除原因`, `数据来源`, `运输方式`: words about a row, not its quantities
    for role, rx in ROLE_PATTERNS:
        if rx.search(head):
            return role
    for role, rx in ROLE_PATTERNS:
        if rx.search(h):
            return role
    return None


def is_total_label(label: str) -> bool:
    return bool(TOTAL_ROW.search(label.strip()))


@functools.lru_cache(maxsize=1 << 15)
def similar(a: str, b: str) -> float:
    """0–100 similarity of two labels, tolerant of brackets, spacing and extra words."""
    na, nb = _norm(a), _norm(b)
    if not na or not nb:
        return 0.0
    if na == nb:
        return 100.0
    return max(fuzz.ratio(na, nb), 0.9 * fuzz.partial_ratio(na, nb) if min(len(na), len(nb)) >= 2 else 0)


_PUNCT = re.compile(r"[\s（）()\[\]【】:：,，、/·.。\-—_]+")
_STAGE_WORDS = re.compile(r"阶段|环节|过程")


def _norm(s: str) -> str:
    s = _PUNCT.sub("", s)
    return _STAGE_WORDS.sub("", s)
