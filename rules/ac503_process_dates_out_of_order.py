"""AC503 process-dates-out-of-order."""
from __future__ import annotations

from auditcheck.api import Issue, Msg, rule

ORDER = ["doc_review", "site_visit", "completion", "technical_review", "approval", "issue"]
NAMES = {"doc_review": ("文件评审", "document review"), "site_visit": ("现场核查", "site visit"),
         "completion": ("报告完成", "report completion"), "technical_review": ("技术复核", "technical review"),
         "approval": ("批准", "approval"), "issue": ("签发", "issue")}


# 批准 is as often the reporting organization's own approval of its inventory (which comes before
# the verifier's technical review) as the verifier's: that pair alone proves nothing
AMBIGUOUS = {"technical_review", "approval"}


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
    Several steps on the same day; a step whose date is not printed; a technical review after an
    approval (批准 may be the reporting organization's own). One step out of place is one
    finding (at that step), however many steps it contradicts.
    """
    first = {}
    reviews = [d.day for d in report.facts.dates if d.role == "doc_review"]
    for d in report.facts.dates:
        if d.role == "completion" and reviews and d.day < min(reviews):
            continue  # the reviewed report's own 编制日期 (the organization's), not the verifier's report
        if d.role not in first or d.day < first[d.role].day:
            first[d.role] = d
    steps = [r for r in ORDER if r in first]
    # the step out of place is the one in most inversions (a late site visit after four sign-offs
    # is one defect, not four); report it once with every step it contradicts
    while True:
        inv = {r: [o for o in steps if (ORDER.index(o) < ORDER.index(r)) != (first[o].day < first[r].day)
                   and first[o].day != first[r].day and {o, r} != AMBIGUOUS] for r in steps}
        worst = max(steps, key=lambda r: len(inv[r]), default=None)
        if worst is None or not inv[worst]:
            return
        d = first[worst]
        z, e = NAMES[worst]
        others = sorted(inv[worst], key=ORDER.index)
        before = [o for o in others if ORDER.index(o) < ORDER.index(worst)]
        rel_z = "早于" if before else "晚于"
        rel_e = "before" if before else "after"
        lst_z = "、".join(f"{NAMES[o][0]} {first[o].day}" for o in others)
        lst_e = ", ".join(f"{NAMES[o][1]} {first[o].day}" for o in others)
        yield Issue(Msg(f"{z}日期 {d.day} {rel_z}{lst_z}（应为 文件评审 ≤ 现场核查 ≤ 报告完成 ≤ 技术复核 ≤ 批准 ≤ 签发）",
                        f"{e} date {d.day} is {rel_e} {lst_e} (expected document review ≤ site visit ≤ report "
                        "completion ≤ technical review ≤ approval ≤ issue)"),
                    at=d, evidence=[d.text, d.row_text] + [first[o].text for o in others])
        steps.remove(worst)
