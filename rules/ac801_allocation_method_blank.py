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
    """
    for loc in report.lines:
        m = FIELD.match(loc.text)
        if m:
            yield Issue(Msg(f"“{m.group(1)}”为空", f"'{m.group(1)}' is blank"), at=loc, evidence=[m.group(1), loc.text])
