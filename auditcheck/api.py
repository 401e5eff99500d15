"""The one module rule packs import: the report model, the engine, and the rule decorator."""
from __future__ import annotations

from .document import Cell, Line, Row, Table
from .engine import Calc, Engine, Verdict
from .numbers import Num, find_numbers, parse_number
from .relations import Relation, all_relations, denominator_mismatch, off_scale_rows
from .parse.facts import DateFact, Facts, GwpClaim, Loc, Period, norm
from .parse.formulas import Formula, Term
from .parse.report import Report
from .parse.statements import Statement, ars_in, claimed, gases_in, grid_fits, grid_label, issued_on, reporting_year
from .parse.tables import Item, Q, TypedTable, cell_number
from .parse.verification import Block, Field, clean
from .parse.vocab import is_total_label, role_of, similar
from .rule import Issue, Msg, Rule, rule
from .units import Unit, convert, parse_unit, same_dimension

__all__ = [
    "Calc", "Cell", "Relation", "all_relations", "denominator_mismatch", "off_scale_rows", "DateFact", "Engine", "Facts", "Formula", "GwpClaim", "Issue", "Item", "Line", "Loc", "Msg",
    "Num", "Period", "Q", "Report", "Row", "Rule", "Table", "Term", "TypedTable", "Unit", "Verdict",
    "cell_number", "convert", "find_numbers", "norm", "parse_number", "parse_unit", "role_of", "rule",
    "same_dimension", "similar", "Block", "Field", "clean", "is_total_label",
]
__all__ += ["Statement", "ars_in", "claimed", "gases_in", "grid_fits", "grid_label", "issued_on", "reporting_year"]
