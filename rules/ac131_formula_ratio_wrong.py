"""AC131 formula-ratio-wrong."""
from __future__ import annotations

from auditcheck.api import Issue, Msg, all_relations, rule


@rule("AC131", "formula-ratio-wrong", category="arithmetic.derived")
def check(report, engine):
    """A derived figure printed as a division in the text (`C = E ÷ P = c`) does not give its result.

    ## Why it matters
    Intensities and per-unit figures are what benchmarks and labels quote; a division that does
    not hold misstates the product's or plant's performance.

    ## Example
        C工序 = 15547.08599 tCO2 ÷ 311561.14 t = 0.0497 tCO2/t      ← = 0.0499

    ## Not flagged
    Results within the rounding of the inputs, or after a power-of-ten unit step.
    """
    for f in all_relations(engine, report)["formula"]:
        if f.scale is not None or "÷" not in f.ops or "×" in f.ops:
            continue
        yield Issue(Msg(f"公式结果 {f.printed.text} ≠ {f.calc.formula}", f"formula result {f.printed.text} ≠ {f.calc.formula}"),
                    at=f.printed, reported=f.printed, expected=f.calc, values=list(f.calc.inputs), evidence=[f.formula.text])
