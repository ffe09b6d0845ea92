"""Episode references: "S1E3", "S01E03", "1x03", "S2"."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from watchlist.core.episodes import (
    EpisodeReference,
    EpisodeReferenceError,
    parse_episode_reference,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("S1E3", EpisodeReference(1, 3)),
        ("S01E03", EpisodeReference(1, 3)),
        ("s1e3", EpisodeReference(1, 3)),
        (" S1 E3 ", EpisodeReference(1, 3)),
        ("S01.E03", EpisodeReference(1, 3)),
        ("1x03", EpisodeReference(1, 3)),
        ("10X12", EpisodeReference(10, 12)),
        ("S2", EpisodeReference(2)),
        ("Season 2", EpisodeReference(2)),
        ("season 2 episode 5", EpisodeReference(2, 5)),
        ("S0E1", EpisodeReference(0, 1)),
    ],
)
def test_parses_the_usual_forms(text: str, expected: EpisodeReference) -> None:
    assert parse_episode_reference(text) == expected


@pytest.mark.parametrize("text", ["", "E3", "S1E", "3", "S1E0", "S1001", "episode 3", "S1E3x"])
def test_rejects_other_text_saying_what_works(text: str) -> None:
    with pytest.raises(EpisodeReferenceError, match=r"S1E3|season|episode"):
        parse_episode_reference(text)


def test_labels_are_short() -> None:
    assert EpisodeReference(1, 3).label == "S1E3"
    assert EpisodeReference(2).label == "S2"
    assert EpisodeReference(2).is_season


def test_references_order_by_season_then_episode() -> None:
    assert sorted([EpisodeReference(2, 1), EpisodeReference(1, 10), EpisodeReference(1, 2)]) == [
        EpisodeReference(1, 2),
        EpisodeReference(1, 10),
        EpisodeReference(2, 1),
    ]


references = st.builds(
    EpisodeReference,
    st.integers(0, 1000),
    st.one_of(st.none(), st.integers(1, 10_000)),
)


@given(references)
def test_every_label_parses_back(reference: EpisodeReference) -> None:
    assert parse_episode_reference(reference.label) == reference


@given(st.text(max_size=30))
def test_any_text_parses_or_is_refused_cleanly(text: str) -> None:
    with contextlib.suppress(EpisodeReferenceError):
        parse_episode_reference(text)
