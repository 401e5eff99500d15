"""AC804 required-field-blank."""
from __future__ import annotations

import re

from auditcheck.api import Issue, Msg, rule

# fields ISO 14064-1 / ISO 14067 reports must fill; "无" is an answer, "/" and "—" are not
FIELD = re.compile(
    r"^\s*(GWP\s*(?:值)?\s*(?:取值)?\s*(?:来源|依据|出处)|全球(?:变暖|增温)潜势\s*(?:值)?\s*(?:取值)?\s*(?:来源|依据)"
    r"|基准年|功能单位|声明单位|系统边界|时间边界|核算边界|取舍准则)\s*[:：]\s*([;；。,，/／、\-—－_\s]*)$")


@rule("AC804", "required-field-blank", category="completeness")
def check(report, engine):
    """A field the standard requires (GWP source, base year, functional unit, boundary, cut-off) is left as `/` or blank.

    ## Why it matters
    ISO 14064-1 asks for the GWP source and the base year, ISO 14067 for the functional or
    declared unit, the system boundary and the cut-off criteria. A placeholder where the answer
    belongs means the figures cannot be reproduced or compared, whatever values the tables use.

    ## Example
        GWP 取值来源：/          ← the values used (1530, 2256, 3600) are AR6, but the report never says so
        功能单位：—

    ## Not flagged
    A filled field (`GWP 取值来源：IPCC AR6`, `基准年：2021 年`); a heading that is followed by
    the answer on the next lines; the answer "无" where the field allows it.
    """
    for loc in report.lines:
        m = FIELD.match(loc.text)
        if m is None:
            continue
        name = re.sub(r"\s+", " ", m.group(1)).strip()
        if not m.group(2).strip():
            # `系统边界：` as a lead-in: the answer may follow on the next line
            nxt = next((x for x in report.lines if (x.page, x.line) > (loc.page, loc.line)), None)
            if nxt is None or not re.fullmatch(r"[;；。,，/／、\-—－_\s]*|\d+(\.\d+)*\s+\S.*|第\s*\d+\s*页.*", nxt.text):
                continue
        yield Issue(Msg(f"“{name}”未填写（{loc.text.strip()}）", f"'{name}' is not filled in ({loc.text.strip()})"),
                    at=loc, evidence=[loc.text.strip()])
