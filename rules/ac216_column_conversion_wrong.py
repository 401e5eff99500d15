"""AC216 column-conversion-wrong."""
from __future__ import annotations


from auditcheck.api import Issue, Msg, all_relations, rule


@rule("AC216", "column-conversion-wrong", category="unit.mismatch")
def check(report, engine):
    """One quantity printed in two units in one row, and the second column is not the first one converted.

    ## Why it matters
    Tables often restate an activity in the unit the factor needs (`电量（万kWh）` → `电量（MWh）`);
    the calculation then uses the converted column. A row copied across without converting
    (36.82 万kWh entered as 36.82 MWh) understates that line tenfold, and everything built on it.

    ## Example
        用电区域    电量（万kWh）  电量（MWh）  排放因子（tCO2/MWh）  排放量（tCO2）
        生产区      4825.53        48255.3      0.7120                34357.77
        办公宿舍楼  36.82          36.82        0.7120                26.22
            ← 36.82 万kWh = 368.2 MWh

    ## Not flagged
    A conversion that agrees within the printed precision; two columns that hold different
    quantities in compatible units (`总用电量（MWh）` and `IT 设备用电量（MWh）`); columns whose
    headers print no unit.
    """
    for rel in all_relations(engine, report)["conversion"]:
        if not rel.verdict.flagged:
            continue
        q, src = rel.printed, rel.parts[0]
        same = q.value == src.value
        hint_zh = "（数字未换算，按原单位照抄）" if same else ""
        hint_en = " (the digits were copied without converting)" if same else ""
        u_to = rel.calc.unit.text if rel.calc.unit else ""
        yield Issue(Msg(f"“{q.label}” {q.text} {u_to} ≠ {rel.calc.formula}{hint_zh}",
                        f"'{q.label}' {q.text} {u_to} ≠ {rel.calc.formula}{hint_en}"),
                    at=q, reported=q.num, expected=rel.calc, values=[src.num],
                    evidence=[q.row_text])
