"""Hypothesis strategies for hostile JSON: the values a broken or malicious file may hold."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

COMMON_TEXTS = ["", " ", "\x00", "\u202e\u2066", "2024-02-30", "javascript:alert(1)"]


def hostile_scalars(
    texts: list[str], long_sizes: list[int], *more: st.SearchStrategy[Any]
) -> st.SearchStrategy[Any]:
    """JSON scalars: edge numbers, odd and long text, and the caller's ``texts`` and ``more``."""
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.sampled_from([0, -1, 2**31 - 1, 2**31, 2**63, -(2**63) - 1, 10**40]),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=40),
        st.sampled_from(COMMON_TEXTS + texts),
        st.sampled_from(long_sizes).map(lambda size: "y" * size),
        st.integers(1, 400).map(lambda size: "😀" * size),
        *more,
    )


def json_values(scalars: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Small nested lists and objects of ``scalars``."""
    return st.recursive(
        scalars,
        lambda children: (
            st.lists(children, max_size=3)
            | st.dictionaries(st.text(max_size=6), children, max_size=3)
        ),
        max_leaves=6,
    )
