"""AC503 process-dates-out-of-order."""
from __future__ import annotations

from auditcheck.api import Issue, Msg, rule

ORDER = ["doc_review", "site_visit", "completion", "technical_review", "approval", "issue"]
NAMES = {"doc_review": ("文件评审", "document review"), "site_visit": ("现场核查", "site visit"),
         "completion": ("报告完成", "report completion"), "technical_review": ("技术复核", "technical review"),
         "approval": ("批准", "approval"), "issue": ("签发", "issue")}


@rule("AC503", "process-dates-out-of-order", category="time.boundary")
def check(report, engine):
    """Verification process dates out of order (review ≤ site visit ≤ report ≤ technical review ≤ approval ≤ issue).

    ## Why it matters
    A report signed or issued before its own site visit or technical review was not produced by
    the verification process it describes.

    ## Example
        现场核查  2025年12月18日
        签发日期  2025年12月10日         ← issued before the site visit

    ## Not flagged
    Several steps on the same day; a step whose date is not printed.
    """
    by_role: dict[str, list] = {}
    for d in report.facts.dates:
        by_role.setdefault(d.role, []).append(d)
    flagged = set()
    for i, early in enumerate(ORDER):
        for late in ORDER[i + 1:]:
            if early not in by_role or late not in by_role:
                continue
            a = min(by_role[early], key=lambda d: d.day)   # the step began
            b = min(by_role[late], key=lambda d: d.day)    # the later step's first date
            if b.day < a.day and (late, b.line) not in flagged:
                flagged.add((late, b.line))
                ez, ee = NAMES[early]
                lz, le = NAMES[late]
                yield Issue(Msg(f"{lz}日期 {b.day} 早于{ez}日期 {a.day}",
                                f"{le} date {b.day} is before the {ee} date {a.day}"),
                            at=b, evidence=[b.text, a.text, b.row_text, a.row_text])
