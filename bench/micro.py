"""Micro-benchmark (not a test): parse + convert + interval product for 1,000 line items.

    .venv/bin/python bench/micro.py [--repeat 7]

Each round draws 1,000 new line items (activity in kWh, factor in tCO2/MWh, printed result),
so the number scanner's cache never helps, and times: parsing the 3,000 number+unit cells,
converting the activity to MWh, and the interval product with its verdict and derivation text.
Prints operations per second for each step and the median and worst time to recompute 1,000
line items (parse + product + verdict); the target is well under 100 ms.
"""
from __future__ import annotations

import argparse
import random
import statistics
import time

from auditcheck.engine import Engine
from auditcheck.numbers import find_numbers
from auditcheck.units import convert, parse_unit


def one_round(seed: int, n: int = 1000) -> tuple[float, float, float]:
    rnd = random.Random(seed)
    rows = [(f"{rnd.uniform(1, 1e6):.2f}kWh", f"{rnd.uniform(0.3, 0.9):.4f}tCO2/MWh",
             f"{rnd.uniform(1, 900):.3f}") for _ in range(n)]
    engine = Engine()
    t = time.perf_counter()
    parsed = [[find_numbers(c)[0][0] for c in r] for r in rows]
    t_parse = time.perf_counter() - t
    mwh = parse_unit("MWh")
    t = time.perf_counter()
    for a, _, _ in parsed:
        convert(a.value, parse_unit(a.unit), mwh)
    t_conv = time.perf_counter() - t
    t = time.perf_counter()
    for a, f, res in parsed:
        calc = engine.product(a, f)
        engine.agrees(res.with_unit("tCO2"), calc)
        str(calc)                       # the derivation text a finding would print
    t_prod = time.perf_counter() - t
    return t_parse, t_conv, t_prod


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    n = 1000
    rounds = [one_round(seed) for seed in range(args.repeat)]
    med = [statistics.median(r[i] for r in rounds) for i in range(3)]
    totals = sorted((p + q) * 1000 for p, _, q in rounds)
    print(f"parse numbers+units : {3 * n / med[0]:10.0f} cells/s")
    print(f"unit conversion     : {n / med[1]:10.0f} conversions/s")
    print(f"product + verdict   : {n / med[2]:10.0f} line items/s")
    print(f"1,000 line items recomputed (parse + product + verdict), {args.repeat} rounds: "
          f"median {statistics.median(totals):.1f} ms, worst {totals[-1]:.1f} ms")


if __name__ == "__main__":
    main()
