"""AC135 defined-ratio-column-wrong."""
from __future__ import annotations

from auditcheck.api import Issue, Msg, all_relations, rule


@rule("AC135", "defined-ratio-column-wrong", category="arithmetic.derived")
def check(report, engine):
    """A column the report defines as a ratio of two other columns does not equal that ratio on a row.

    ## Why it matters
    Indicators such as PUE, yield or specific consumption are defined once in the text and then
    tabulated per site; a row that breaks the definition misstates that site's performance and
    any benchmark or target built on it.

    ## Example
        PUE = 数据中心总用电量 ÷ IT 设备用电量。
        数据中心   总用电量（MWh）   IT 设备用电量（MWh）   PUE
        KS02       142385.6          108690.5               1.25     ← 142385.6 ÷ 108690.5 = 1.31

    ## Not flagged
    Rows that agree within the printed precision (after the unit step between the two columns);
    tables that lack one of the three named columns; definitions with numbers in them (those are
    worked calculations, checked as formulas).
    """
    for rel in all_relations(engine, report)["defined"]:
        if not rel.verdict.flagged:
            continue
        q = rel.printed
        yield Issue(Msg(f"“{q.label}” {q.text} ≠ {rel.calc.formula}", f"'{q.label}' {q.text} ≠ {rel.calc.formula}"),
                    at=q, reported=q.num, expected=rel.calc, values=[p.num for p in rel.parts], evidence=[q.row_text])
