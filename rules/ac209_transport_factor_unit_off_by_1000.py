"""AC209 transport-factor-unit-off-by-1000."""
from __future__ import annotations

from decimal import Decimal

from auditcheck.api import Issue, Msg, clean, convert, find_numbers, parse_unit, rule, same_dimension

MAX_KG_PER_TKM = Decimal(5)     # air freight is ~1–2 kgCO2e/t·km; road 0.05–0.3; rail/sea ~0.01


def per_tkm(n) -> Decimal | None:
    pu = parse_unit(n.unit) if n.unit else None
    if pu is None or not pu.species or not same_dimension(pu, "kgCO2e/(t·km)"):
        return None
    v = convert(n.value, pu, "kgCO2e/(t·km)")
    return v if isinstance(v, Decimal) else None


@rule("AC209", "transport-factor-unit-off-by-1000", category="unit.mismatch")
def check(report, engine):
    """A transport factor's printed unit makes it 1000× too large (0.078 kgCO2e/(kg·km) = 78 kgCO2e/t·km).

    ## Why it matters
    Road freight factors are about 0.05–0.3 kgCO2e per t·km. Printed per kg·km (or per t·m) the
    same number is 1000× larger; whoever applies the factor with its printed unit to the
    transport masses gets a 1000× wrong result, and the table contradicts the t·km calculation.

    ## Example
        运输  重型柴油货车（载重30t）  0.078  kgCO2e/(kg·km)  GB/T 51366-2019 附录E
        ← 0.078 kgCO2e/(kg·km) = 78 kgCO2e/(t·km); GB/T 51366 gives 0.078 per t·km

    ## Not flagged
    0.078 kgCO2e/t·km; 0.104 gCO2/(kg·km) (= 0.104 kgCO2/t·km, correct); factors whose unit is
    not per mass-distance.
    """
    hits: dict[str, list] = {}
    for ln in report.document.lines():
        for n, _ in find_numbers(clean(ln.text)):
            if n.is_value and (v := per_tkm(n)) is not None and v > MAX_KG_PER_TKM:
                hits.setdefault(f"{n.text} {n.unit}", []).append((n, ln, v))
    for t in report.tables:
        for it in t.items:
            for q in it.role("factor"):
                n = q.num.with_unit(q.unit).with_loc(q.page, q.line)
                if n.is_value and (v := per_tkm(n)) is not None and v > MAX_KG_PER_TKM:
                    hits.setdefault(f"{n.text} {n.unit}", []).append((n, it, v))
    for shown, found in hits.items():
        n, at, v = found[0]
        yield Issue(Msg(f"运输排放因子 {shown} = {v.normalize():f} kgCO2e/(t·km)，远超任何运输方式（≤ 2）；"
                        f"该数值应为每 t·km 的因子",
                        f"transport factor {shown} = {v.normalize():f} kgCO2e/(t·km), far above any mode (≤ 2); "
                        f"the figure is a per-t·km factor"),
                    at=at, reported=n, expected=v / 1000,
                    evidence=list(dict.fromkeys(getattr(h[1], "row_text", None) or h[1].text for h in found))[:3])
