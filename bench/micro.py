"""Micro-benchmark (not a test): parse + convert + interval product for 1,000 line items.

    .venv/bin/python bench/micro.py

Prints operations per second for each step and the time to recompute 1,000 line items
(activity × factor with unit conversion and interval verdict); the target is well under 100 ms.
"""
from __future__ import annotations

import random
import time

from auditcheck.engine import Engine
from auditcheck.numbers import find_numbers
from auditcheck.units import convert, parse_unit


def main() -> None:
    rnd = random.Random(7)
    rows = [(f"{rnd.uniform(1, 1e6):.2f}kWh", f"{rnd.uniform(0.3, 0.9):.4f}tCO2/MWh", f"{rnd.uniform(1, 900):.3f}")
            for _ in range(1000)]
    engine = Engine()
    find_numbers.__wrapped__ if hasattr(find_numbers, "__wrapped__") else None
    t = time.perf_counter()
    parsed = [[find_numbers(c)[0][0] for c in r] for r in rows]
    t_parse = time.perf_counter() - t
    t = time.perf_counter()
    for a, f, _ in parsed:
        convert(a.value, parse_unit(a.unit), parse_unit("MWh"))
    t_conv = time.perf_counter() - t
    t = time.perf_counter()
    for a, f, res in parsed:
        engine.agrees(res.with_unit("tCO2"), engine.product(a, f))
    t_prod = time.perf_counter() - t
    n = len(rows)
    print(f"parse numbers+units : {3 * n / t_parse:10.0f} cells/s")
    print(f"unit conversion     : {n / t_conv:10.0f} conversions/s")
    print(f"product + verdict   : {n / t_prod:10.0f} line items/s")
    print(f"1,000 line items recomputed (parse + product + verdict): {(t_parse + t_prod) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
