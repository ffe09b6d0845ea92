"""Quoting values from outside in messages and logs, and text no database can store."""

from __future__ import annotations

import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from watchlist.core.text import QUOTE_LIMIT, quoted, shortened, text_problem


def test_a_short_value_is_quoted_as_repr_shows_it() -> None:
    assert quoted("Dark") == "'Dark'"
    assert quoted("Grey's Anatomy") == '"Grey\'s Anatomy"'
    assert quoted(42) == "42"


def test_a_20_mb_title_is_quoted_in_80_characters_with_an_ellipsis() -> None:
    shown = quoted("x" * 20_000_000)
    assert shown == "'" + "x" * (QUOTE_LIMIT - 1) + "…'"


@given(st.text(min_size=1, max_size=300))
def test_a_quoted_value_is_one_short_printable_line(text: str) -> None:
    shown = quoted(text)
    assert len(shown) <= QUOTE_LIMIT + 2
    assert shown.isprintable()
    shown.encode("utf-8")  # no lone surrogate: any log file can hold it


def test_a_cut_never_splits_an_escape() -> None:
    shown = quoted("\x00" * 100)
    assert shown.endswith("\\x00…'")


def test_lone_surrogates_and_controls_are_escaped() -> None:
    assert quoted("caf\udce9\n") == "'caf\\udce9\\n'"
    assert shortened("caf\udce9") == "caf\\udce9"


def test_lists_nested_thousands_deep_and_huge_numbers_are_quoted_briefly() -> None:
    deep: list[object] = []
    for _ in range(sys.getrecursionlimit() * 5):
        deep = [deep]
    assert quoted(deep) == "[[[[...]]]]"
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        huge = int("9" * 5_000)
    finally:
        sys.set_int_max_str_digits(limit)
    assert quoted(huge) == "a number of about 5,000 digits"


def test_shortened_leaves_a_plain_title_alone() -> None:
    assert shortened("All of Us Are Dead") == "All of Us Are Dead"
    assert shortened("y" * 500) == "y" * (QUOTE_LIMIT - 1) + "…"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("fine", None),
        ("café 😀", None),
        ("a\x00b", "contains a NUL character (at character 2)"),
        ("x\ud800", "lone surrogate ('\\ud800') at character 2"),
        ("😀\udfff", "lone surrogate ('\\udfff') at character 2"),
    ],
)
def test_text_problem_names_nul_and_lone_surrogates(text: str, problem: str | None) -> None:
    found = text_problem(text)
    assert found == problem if problem is None else problem in (found or "")
