"""Unique Pupil Numbers: the DfE check letter that catches mistyped UPNs."""

from __future__ import annotations

import re

CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_UPN = re.compile(r"^[A-Z]\d{12}$")


def check_letter(digits: str) -> str:
    """The check letter for the 12 characters after it (weights 2 to 13, mod 23)."""
    total = sum(int(ch) * weight for weight, ch in enumerate(digits, start=2))
    return CHECK_LETTERS[total % 23]


def upn_problem(upn: str) -> str | None:
    """None for a valid permanent UPN, else what is wrong with it."""
    if not _UPN.match(upn):
        return "a UPN is a letter followed by 12 digits"
    expected = check_letter(upn[1:])
    if upn[0] != expected:
        return f"UPN check letter should be {expected}, not {upn[0]} (is a digit mistyped?)"
    return None
