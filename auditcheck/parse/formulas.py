"""Inline calculations in prose: `E电力 = 22240041 KWh × 0.5306 tCO2/KWh = 11800.5675 tCO2e`.

Reports print their arithmetic as text, LaTeX (`$$… \\times …$$`) or a table row
split into cells (`= | 3725.065583 | + | …`). Each is normalised to one
operator alphabet and read as `term (op term)* = result (= result)*`, where
a term is a printed number with the unit printed after it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..ingest.html import strip_tags
from ..numbers import Num, find_numbers
from ..units import parse_unit

_LATEX_TEXT = re.compile(r"\\(?:text|mathrm|mathit|rm|operatorname)\s*\{([^{}]*)\}")
_LATEX_SUB = re.compile(r"[_^]\{([^{}]*)\}")
_SUPER = str.maketrans("⁻⁺⁰¹²³⁴⁵⁶⁷⁸⁹", "-+0123456789")
_OPS = {"×": "×", "*": "×", "x": "×", "X": "×", "÷": "÷", "+": "+", "-": "−", "−": "−", "=": "="}


@dataclass(frozen=True)
class Term:
    num: Num
    unit: str | None


@dataclass(frozen=True)
class Formula:
    """`terms[0] ops[0] terms[1] … = results[0] = results[1] …` as printed on one line."""
    terms: tuple[Term, ...]
    ops: tuple[str, ...]
    results: tuple[Term, ...]
    text: str
    page: int | None
    line: int
    row_text: str


def normalise(s: str) -> str:
    s = strip_tags(s).replace("$", " ")
    s = _LATEX_TEXT.sub(r"\1", s)
    s = s.replace("\\times", "×").replace("\\cdot", "×").replace("\\div", "÷").replace("\\left", "").replace("\\right", "")
    s = _LATEX_SUB.sub(r"\1", s)
    s = s.replace("\\", " ").replace("{", "").replace("}", "").replace("\t", " ")
    s = s.replace("＝", "=").replace("＋", "+").replace("＊", "*").replace("（", "(").replace("）", ")")
    s = re.sub(r"\s*[*×]\s*", " × ", s)
    s = re.sub(r"\s*=\s*", " = ", s)
    # 10^-3, 10⁻³: a power of ten is one exact number
    s = re.sub(r"10\s*\^\s*\(?\s*([-−+]?\d+)\s*\)?", lambda m: "1E" + m.group(1).replace("−", "-"), s)
    s = re.sub(r"10([⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)", lambda m: "1E" + m.group(1).translate(_SUPER), s)
    return " ".join(s.split())


def find_formulas(text: str, page: int | None, line: int) -> list[Formula]:
    """Formulas on one line; a sentence break (；。，) ends a formula."""
    out: list[Formula] = []
    for seg in re.split(r"[；;。，]|,\s", normalise(text)):
        out.extend(_formulas_in(seg, page, line))
    return out


def _formulas_in(t: str, page: int | None, line: int) -> list[Formula]:
    if "=" not in t or not re.search(r"\d\s*(?:[A-Za-z%³/·()\u4e00-\u9fff₂]*\s*)?[×*÷+]", t):
        return []
    nums = [(n, span) for n, span in find_numbers(t) if n.kind in ("number",)]
    if len(nums) < 3:
        return []
    # token stream: numbers (with the unit text after them) and the operators between them
    tokens: list[tuple[str, object]] = []
    pos = 0
    for n, (a, b) in nums:
        gap = t[pos:a]
        if gap.strip() == "/" and tokens and tokens[-1][0] == "num":
            gap = " ÷ "  # `44/12`: a ratio of two printed numbers
        for ch in re.findall(r"[×*÷+=−]|(?<=\s)-(?=\s)|(?<=[\d)\s])[xX](?=\s*\d)", gap):
            tokens.append(("op", _OPS.get(ch, ch)))
        unit = n.unit.strip() if n.unit else None
        if unit and parse_unit(unit) is None:
            unit = None
        if unit is None:  # `0.14467（kgCO2）`: a unit in brackets right after the number
            m = re.match(r"\s*\(([^()]{1,20})\)", t[b:])
            if m and parse_unit(m.group(1)):
                unit, b = m.group(1), b + m.end()
        tokens.append(("num", Term(n, unit)))
        pos = b
    out: list[Formula] = []
    i = 0
    while i < len(tokens):
        # a run: num (op num)+ (= num)+
        if tokens[i][0] != "num":
            i += 1
            continue
        terms, ops = [tokens[i][1]], []
        j = i + 1
        while j + 1 < len(tokens) and tokens[j] [0] == "op" and tokens[j][1] in "×÷+−" and tokens[j + 1][0] == "num":
            ops.append(tokens[j][1])
            terms.append(tokens[j + 1][1])
            j += 2
        results = []
        while j + 1 < len(tokens) and tokens[j] == ("op", "=") and tokens[j + 1][0] == "num":
            if j + 2 < len(tokens) and tokens[j + 2][0] == "op" and tokens[j + 2][1] in "×÷+−":
                break  # `= 46285.37 × 1000 kWh × …`: the next expression of a chain, not a result
            results.append(tokens[j + 1][1])
            j += 2
        grouped = "(" in t[: t.find("=")] if "=" in t else False  # `(En − 83.74) × 10⁻³`: grouping not modelled
        # `tC/TJ × 98% × 44/12 = 3863.47` continues a formula from the line above: not all here
        tail = i > 0 and tokens[i - 1][0] == "op" and tokens[i - 1][1] in "×÷+−"
        if ops and results and not grouped and not tail:
            out.append(Formula(tuple(terms), tuple(ops), tuple(results), t, page, line, t))
            i = j
        elif ops and not results and j + 1 < len(tokens) and tokens[j] == ("op", "="):
            i = j + 1   # an expression equated to the next one: read that one next
        else:
            i += 1
    return out


_EXPR = re.compile(r"\d\s*[A-Za-z\u4e00-\u9fff%²³·/()（）\s<>]*?[×÷*]\s*[\u4e00-\u9fffA-Za-z\s]*\d")


def table_formulas(tables) -> list[Formula]:
    """A calculation written in one cell with its result in a later cell of the row
    (`排放总量 20887.48 tCO2e ÷ 营业收入 52863.40 万元 | 0.3915 | tCO2e/万元`): read as
    `expression = result`. Rows with an `=` of their own are the prose reader's."""
    from .tables import cell_number

    out: list[Formula] = []
    for t in tables:
        for r in t.rows:
            texts = [c.text for c in r.cells]
            if any("=" in x or "＝" in x for x in texts):
                continue
            exprs = [i for i, x in enumerate(texts) if _EXPR.search(strip_tags(x)) and cell_number(x) is None]
            if len(exprs) != 1:
                continue
            i = exprs[0]
            res = next((j for j in range(i + 1, len(texts)) if texts[j].strip() and cell_number(texts[j])), None)
            if res is None:
                continue
            # the result's unit may sit in the next cell (`0.3915 | tCO2e/万元`)
            unit = texts[res + 1].strip() if res + 1 < len(texts) and parse_unit(strip_tags(texts[res + 1]).strip()) else ""
            line = r.cells[res].line if r.cells[res].line else r.line
            text = f"{texts[i]} = {texts[res]} {unit}".strip()
            out.extend(f for f in find_formulas(text, r.page, line) if len(f.results) == 1)
    return out
