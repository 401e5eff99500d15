"""AC610 total-stated-differently."""
from __future__ import annotations

from auditcheck.api import Issue, Msg, all_relations, rule


@rule("AC610", "total-stated-differently", category="consistency.crossref")
def check(report, engine):
    """A total quoted in the text (conclusion, summary) differs slightly from the total in the tables.

    ## Why it matters
    The conclusion is the figure that gets certified and published; a near miss against the
    table total is usually a transposed digit in one of them.

    ## Example
        受核查方2024年度温室气体排放总量为101,885.87 tCO2e
        合计    101,858.87 tCO2e

    ## Not flagged
    A quoted total equal (to its printed precision) to some table total; figures more than 2 %
    away from every table total (they are other quantities).
    """
    for rel in all_relations(engine, report)["stated"]:
        q, T = rel.printed, rel.parts[0]
        where = f"（{rel.table.caption}）" if rel.table is not None and rel.table.caption else ""
        yield Issue(Msg(f"文中“{q.label}” {q.num.text} 与表中合计 {T.cell_text}{where}（第 {T.line} 行）不一致",
                        f"the text quotes '{q.label}' {q.num.text}; the table total is {T.cell_text} (line {T.line})"),
                    at=q, reported=q.num, expected=T.num, values=[T.num], evidence=[q.row_text, T.row_text])
