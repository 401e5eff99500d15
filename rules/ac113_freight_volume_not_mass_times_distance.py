"""AC113 freight-volume-not-mass-times-distance."""
from __future__ import annotations

from auditcheck.api import Issue, Msg, all_relations, rule


@rule("AC113", "freight-volume-not-mass-times-distance", category="arithmetic.product")
def check(report, engine):
    """A freight-volume (t·km) cell differs from the row's mass × distance.

    ## Why it matters
    The t·km figure is what the transport factor multiplies; if it does not follow from the
    mass and distance printed beside it, one of the three is wrong.

    ## Example
        红茶茶叶 | 62.40 t | 1,600 km | 周转量 98,840.0 t·km     ← 62.40 × 1,600 = 99,840

    ## Not flagged
    Volumes within the rounding of mass × distance, after a kg/t step; a volume equal to the
    distance (AC213 reports that as a unit error).
    """
    for rel in all_relations(engine, report)["product"]:
        if rel.kind != "tkm_product":
            continue
        q = rel.printed
        yield Issue(Msg(f"“{q.label}” 周转量 {q.cell_text} ≠ {rel.calc.formula}", f"'{q.label}' freight volume {q.cell_text} ≠ {rel.calc.formula}"),
                    at=q, reported=q.num, expected=rel.calc, values=[p.num for p in rel.parts], evidence=[q.row_text])
