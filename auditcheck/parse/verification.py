"""Verification blocks (填报数据 / 核查数据 / 单位 / 最终确认的数据). Filled in by a later change."""
from __future__ import annotations


def extract_blocks(doc, tables) -> list:
    return []
