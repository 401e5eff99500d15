"""AC132 per-unit-not-annual-over-output."""
from __future__ import annotations

from auditcheck.api import Issue, Msg, all_relations, rule


@rule("AC132", "per-unit-not-annual-over-output", category="arithmetic.derived")
def check(report, engine):
    """A per-unit consumption (单耗) differs from the annual consumption ÷ the stated output, where the other rows agree.

    ## Why it matters
    Per-unit figures are the activity data of a product footprint; one that does not follow
    from the annual figure carries its error into every emission computed from it.

    ## Example
        产品产量为28232373套
        钨粉  年耗量 64531 kg   单耗 2.29 g/套     ← 64531 kg ÷ 28232373 套 = 2.29 g/套
        铜粉  年耗量 1562 kg    单耗 0.16 g/套     ← 1562 kg ÷ 28232373 套 = 0.055 g/套

    ## Not flagged
    Rows within the rounding of the printed figures; tables where fewer than half the rows
    follow annual ÷ output under one unit step (the relation is then not what the table shows).
    """
    for rel in all_relations(engine, report)["per_unit"]:
        if any(n.startswith("off_scale") for n in rel.notes):
            continue  # right digits in the wrong unit: AC212
        q = rel.printed
        yield Issue(Msg(f"“{q.label}” 单耗 {q.text} ≠ {rel.calc.formula}（{rel.notes[0]}）",
                        f"'{q.label}' per-unit {q.text} ≠ {rel.calc.formula} ({rel.notes[0]})"),
                    at=q, reported=q.num, expected=rel.calc, values=[p.num for p in rel.parts], evidence=[q.row_text])
