"""AC603 block-text-copied-from-other-item."""
from __future__ import annotations

import re

from auditcheck.api import Issue, Msg, rule

# energy carriers, each with the words that name it; a block is about one carrier
CARRIERS = {
    "电力": r"电力|光伏电|光伏|电量|用电|电能|电表|电费|供电|绿电|发电",
    "汽油": r"汽油",
    "柴油": r"柴油",
    "天然气": r"天然气|燃气|LNG|CNG",
    "液化石油气": r"液化石油气|液化气|LPG",
    "煤": r"原煤|烟煤|无烟煤|褐煤|焦炭|煤炭|燃煤",
    "热力": r"蒸汽|热力|热水",
    "燃料油": r"燃料油|重油",
    "煤油": r"煤油",
}
_QTY = r"[^\s，。;；,、《》]{0,8}?(?:消耗量|产生量|发电量|用量|使用量|计量|表)(?:[^\d，。;；《》]{0,4}[\d,.]+\s?[^\s，。;；()（）\d]{0,3})?"


def carrier(name: str) -> str | None:
    for c, words in CARRIERS.items():
        if re.search(words, name):
            return c
    return None


@rule("AC603", "block-text-copied-from-other-item", category="consistency.crossref")
def check(report, engine):
    """A verification block's cross-check or method text describes another item than the block's own.

    ## Why it matters
    The cross-check text is the evidence that the datum was verified. When the 汽油 block says the
    verifier confirmed "光伏电消耗量 20693 升" by "电力表连续计量", the text was copied from
    another block, and nothing shows that the gasoline figure itself was checked.

    ## Example
        数据名称   汽油
        监测方法:  电力表连续计量
        交叉核对   … 核查组确认…中光伏电消耗量 20693 升 …

    ## Not flagged
    Blocks whose cross-check text names their own item (柴油 block mentioning 柴油年消耗量, a
    diesel generator block mentioning 发电量), blocks about non-energy items (产量, 原材料), and
    blocks whose text names no carrier at all.
    """
    for b in report.blocks:
        own = carrier(b.name)
        if own is None or not b.notes:
            continue
        text = " ".join(n.text for n in b.notes)
        if re.search(CARRIERS[own], text):
            continue
        foreign = []
        for c, words in CARRIERS.items():
            if c == own:
                continue
            for m in re.finditer(f"(?:{words}){_QTY}", text):
                foreign.append((c, m.group(0).strip()))
        if not foreign:
            continue
        others = ", ".join(dict.fromkeys(c for c, _ in foreign))
        snippets = list(dict.fromkeys(s for _, s in foreign))
        at = next((n for n in b.notes if any(s in n.text for s in snippets)), b.notes[0])
        yield Issue(Msg(f"“{b.name}”核查块的核对/监测文字描述的是{others}（{'；'.join(snippets[:3])}），"
                        f"从未提及{b.name}：疑似从其他数据块复制",
                        f"the verification block for '{b.name}' describes {others} ({'; '.join(snippets[:3])}) "
                        f"and never mentions {b.name}: text copied from another block"),
                    at=at, reported=b.confirmed.num if b.confirmed else None,
                    evidence=snippets + [b.row_text])
