"""AC102 formula-sum-wrong."""
from __future__ import annotations

from auditcheck.api import Issue, Msg, all_relations, rule


@rule("AC102", "formula-sum-wrong", category="arithmetic.sum")
def check(report, engine):
    """A sum printed in the text (`E总 = a + b + c = d`) does not give its printed result.

    ## Why it matters
    The printed sum is usually the headline total; if it does not add up, the total or one of
    its parts is wrong.

    ## Example
        E工序总 = 3725.065583 + 11800.56575 + 21.45465379 = 15574.08599    ← = 15547.08599

    ## Not flagged
    Sums within the rounding of the printed parts.
    """
    for f in all_relations(engine, report)["formula"]:
        if f.scale is not None or not f.ops <= {"+", "−"}:
            continue
        yield Issue(Msg(f"公式结果 {f.printed.text} ≠ {f.calc.formula}", f"formula result {f.printed.text} ≠ {f.calc.formula}"),
                    at=f.printed, reported=f.printed, expected=f.calc, values=list(f.calc.inputs), evidence=[f.formula.text])
