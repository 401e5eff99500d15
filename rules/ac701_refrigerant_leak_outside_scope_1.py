"""AC701 refrigerant-leak-outside-scope-1."""
from __future__ import annotations

import re

from auditcheck.api import Issue, Msg, rule

REFRIGERANT = re.compile(r"制冷剂|冷媒|灭火器|逸散|泄漏|\bR-?\d{2,3}[A-Za-z]?\b|HFC|HCFC|SF6|空调\s*(CO\s*2\s*e?|二氧化碳|温室气体)?\s*排放")
LEAK = re.compile(r"逸散|泄漏|泄露|排放|充注|填充|补充|损耗")
INDIRECT = re.compile(r"范围\s*[3三]|范畴\s*[3-6三四五六]|类别\s*[3-6三四五六]|scope\s*3|间接(温室气体)?排放")
ELECTRICITY = re.compile(r"用电|电力|电量|电耗")


@rule("AC701", "refrigerant-leak-outside-scope-1", category="boundary.scope",
      kinds=("organization_inventory", "unknown"))
def check(report, engine):
    """Fugitive refrigerant (or other direct fugitive gas) emissions are filed as indirect / scope 3.

    ## Why it matters
    Leaks from equipment the organization operates are direct (scope 1 / category 1) emissions
    under ISO 14064-1 and GHG Protocol; filing them as indirect moves them out of the totals that
    targets and trading use.

    ## Example
        空调 CO₂ 排放（范围 3）    459.77

    ## Not flagged
    Electricity used by air conditioners (scope 2), refrigerant named under scope 1, or a
    refrigerant that is only mentioned in prose without a scope label.
    """
    seen = set()
    hits: dict[str, list] = {}      # one finding per classification, every place it is stated
    for loc, m in report.grep(INDIRECT):
        t = loc.text
        if not REFRIGERANT.search(t) or not LEAK.search(t) or ELECTRICITY.search(t):
            continue
        # the scope label must sit next to the refrigerant wording (same item), not far away in a sentence
        r = REFRIGERANT.search(t)
        if abs(r.start() - m.start()) > 30 or len(t) > 160:
            continue
        if (loc.page, loc.line) in seen:
            continue
        seen.add((loc.page, loc.line))
        hits.setdefault(re.sub(r"\s+", "", m.group(0)), []).append((loc, m))
    for label, places in hits.items():
        loc, m = places[0]
        yield Issue(Msg(f"制冷剂/逸散排放被归入间接排放“{m.group(0)}”，应为直接排放（范围 1）"
                        + (f"（共 {len(places)} 处）" if len(places) > 1 else ""),
                        f"fugitive refrigerant emission filed as '{m.group(0)}'; it is a direct (scope 1) emission"
                        + (f" ({len(places)} places)" if len(places) > 1 else "")),
                    at=loc, evidence=[x.text for x, _ in places[:4]] + [m.group(0)])
