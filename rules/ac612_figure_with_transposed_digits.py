"""AC612 figure-with-transposed-digits."""
from __future__ import annotations

from collections import defaultdict

from auditcheck.api import Issue, Msg, clean, find_numbers, parse_unit, rule

MIN_DIGITS = 5          # 1455.99 and 1545.99: short figures swap into each other by chance


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _adjacent_swap(a: str, b: str) -> bool:
    """b is a with two neighbouring digits exchanged (1455.99 → 1545.99)."""
    if len(a) != len(b) or a == b:
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


@rule("AC612", "figure-with-transposed-digits", category="consistency.crossref")
def check(report, engine):
    """One figure, printed several times with one unit, appears once with two neighbouring digits swapped.

    ## Why it matters
    The odd print is the one a reader of that page takes away (often the summary page that gets
    certified); a transposition changes the figure by far more than rounding, yet is invisible
    without the other pages beside it.

    ## Example
        1 t 瓦楞纸箱        1545.99   kgCO2e/t          ← summary page
        合计   1455.99 …;  碳足迹为 1455.99 kgCO2e/t    ← body, conclusion (three times)

    ## Not flagged
    Figures shorter than five digits; two prints that each occur once (which one is right cannot
    be told); prints in the same line (a reported and a corrected value side by side); figures in
    other units.
    """
    seen: dict[tuple, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for loc in report.lines:
        t = clean(loc.text)
        for n, _ in find_numbers(t):
            if not n.is_value or not n.unit or n.value < 100 or parse_unit(n.unit) is None:
                continue
            d = _digits(n.text)
            if len(d) < MIN_DIGITS:
                continue
            key = (parse_unit(n.unit).text, len(d), n.decimals)
            seen[key][d].append((n, loc))
    for key, prints in seen.items():
        for odd, where in prints.items():
            if len(where) != 1:
                continue
            n, loc = where[0]
            for usual, others in prints.items():
                if len(others) < 2 or not _adjacent_swap(usual, odd):
                    continue
                if any(o.line == loc.line and o.page == loc.page for _, o in others):
                    continue
                u = others[0][0]
                yield Issue(Msg(f"{n.text} {n.unit} 在报告中仅出现一次，其余 {len(others)} 处均为 {u.text} {u.unit}"
                                f"（相邻两位数字颠倒）",
                                f"{n.text} {n.unit} is printed once; the other {len(others)} prints are {u.text} "
                                f"{u.unit} (two neighbouring digits swapped)"),
                            at=n.with_loc(loc.page, loc.line), reported=n, expected=u.value,
                            values=[u], evidence=[loc.text] + [o.text for _, o in others[:2]])
                break
