"""AC112 formula-product-wrong."""
from __future__ import annotations

from auditcheck.api import Issue, Msg, all_relations, rule


@rule("AC112", "formula-product-wrong", category="arithmetic.product")
def check(report, engine):
    """A calculation printed in the text (`E = a × b = c`) does not give its printed result.

    ## Why it matters
    Printed formulas are how a reviewer follows the calculation; a formula whose result differs
    from its own inputs (often a digit dropped when the table figure was retyped) undermines the
    figure it documents.

    ## Example
        E电力 = 22240041 KWh × 0.5306 tCO2/KWh = 11800.5675 tCO2e    ← ÷ 1000 gives 11800.56575

    ## Not flagged
    Results that agree after a power-of-ten unit step or within the rounding of the inputs
    (`0.242 kWh × 0.5978 kgCO2/kWh = 0.14467 kgCO2 = 144.67 gCO2`).
    """
    for f in all_relations(engine, report)["formula"]:
        if f.scale is not None or "×" not in f.ops or not f.ops <= {"×", "÷"}:
            continue
        yield Issue(Msg(f"公式结果 {f.printed.text} ≠ {f.calc.formula}", f"formula result {f.printed.text} ≠ {f.calc.formula}"),
                    at=f.printed, reported=f.printed, expected=f.calc, values=list(f.calc.inputs), evidence=[f.formula.text])
