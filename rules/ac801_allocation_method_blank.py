"""AC801 allocation-method-blank."""
from __future__ import annotations

import re

from auditcheck.api import Issue, Msg, rule

FIELD = re.compile(r"^\s*(分配(?:依据|方法|程序|原则|方式|系数))\s*[:：]\s*([;；。,，/\s]*)$")


@rule("AC801", "allocation-method-blank", category="completeness")
def check(report, engine):
    """An allocation field (分配依据 / 分配方法 / 分配程序) is left blank.

    ## Why it matters
    When a plant makes more than one product, the product's share of energy and materials
    depends entirely on the allocation; a blank field means the result cannot be reproduced.

    ## Example
        分配依据： ；
        分配程序： ；

    ## Not flagged
    A filled field (`分配依据：按产量分配`), or a heading `4.2 分配原则与程序` followed by text.
    Blank fields of one section are one finding.
    """
    blanks = [(loc, m) for loc in report.lines if (m := FIELD.match(loc.text))]
    # blank fields of one allocation section are one defect: report them together
    groups: list[list] = []
    for loc, m in blanks:
        if groups and loc.page == groups[-1][-1][0].page and loc.line - groups[-1][-1][0].line <= 6:
            groups[-1].append((loc, m))
        else:
            groups.append([(loc, m)])
    for g in groups:
        names = "、".join(f"“{m.group(1)}”" for _, m in g)
        names_en = ", ".join(f"'{m.group(1)}'" for _, m in g)
        yield Issue(Msg(f"{names}为空", f"{names_en} {'is' if len(g) == 1 else 'are'} blank"), at=g[0][0],
                    evidence=[m.group(1) for _, m in g] + [loc.text for loc, _ in g])
