"""AC315 transport-factor-not-cited-source."""
from __future__ import annotations

import re

from auditcheck.api import Issue, Msg, rule

SOURCES = [("gbt51366", re.compile(r"51366"))]
PASSENGER = re.compile(r"人\s*[·.]?\s*(km|公里)|人公里|差旅|客运|乘客|通勤")
MODES = [("rail", re.compile(r"铁路|火车|机车")), ("water", re.compile(r"船|海运|水运|内河")),
         ("air", re.compile(r"航空|空运|飞机")), ("road", re.compile(r"货车|卡车|汽车|公路|道路"))]


def _candidates(ref, db: str, words: str):
    mode = next((m for m, rx in MODES if rx.search(words)), None)
    if mode is None:
        return []
    out = [t for t in ref.transport(mode) if t.database.startswith(db)]
    fuel = "diesel" if "柴油" in words else "gasoline" if "汽油" in words else None
    klass = "heavy" if "重型" in words else "medium" if "中型" in words else "light" if "轻型" in words else None
    payload = re.search(r"(\d+(?:\.\d+)?)\s*(?:t|吨)(?![·.a-z])", words)
    if fuel:
        out = [t for t in out if t.fuel in (fuel, None)]
    if klass:
        out = [t for t in out if t.vehicle_class in (klass, None)]
    if payload:
        out = [t for t in out if t.payload is None or t.payload == f"{payload.group(1)}t"]
    return out


@rule("AC315", "transport-factor-not-cited-source", category="factor.reference")
def check(report, engine):
    """A freight transport factor differs from the value its cited source gives for that vehicle.

    ## Why it matters
    Transport factors depend steeply on vehicle class and payload (GB/T 51366 附录E: heavy
    diesel truck 30 t 0.078, 18 t 0.129, light 2 t 0.286 kgCO2e/t·km); a value that is not the
    cited row's misstates the source or the vehicle.

    ## Example
        重型柴油货车（载重 18t） 0.078 kgCO2e/t·km  GB/T 51366-2019 附录E   ← 附录E gives 0.129

    ## Not flagged
    Factors whose source is not named in the row or its table; vehicles the source does not
    list or that the words do not identify; values equal to any row the vehicle words allow.
    """
    ref = engine.ref
    seen = set()
    for s in report.statements:
        if s.topic != "transport" or s.value.value <= 0:
            continue
        if PASSENGER.search(f"{s.unit or ''} {s.text[:60]}"):
            continue  # a passenger factor (人·km): the freight tables of GB/T 51366 do not cover it
        db = next((k for k, rx in SOURCES if rx.search(s.text)), None) or \
            (next((k for k, rx in SOURCES if rx.search(s.context)), None) if s.where == "table" else None)
        words = s.subject or ""
        cands = _candidates(ref, db, words) if db else []
        if not cands or any(abs(t.value - s.value.value) <= s.value.half for t in cands):
            continue
        key = (words, s.value.value)
        if key in seen:
            continue
        seen.add(key)
        values = sorted({t.value for t in cands})
        src = cands[0].source
        yield Issue(Msg(f"运输排放因子 {s.value.text}（“{words}”）≠ {src} 对应值 {' / '.join(map(str, values))}",
                        f"transport factor {s.value.text} ('{words}') ≠ {src} value {' / '.join(map(str, values))}"),
                    at=s, reported=s.value, expected=values[0] if len(values) == 1 else None,
                    values=values, evidence=[s.text[:160]])
