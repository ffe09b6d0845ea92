"""Backtest the release estimator on real season premieres; prints figures, never pass/fail.

For every show and every season after the first, pretend today is the day after the previous
premiere (and, where a renewal date is known, the day after the renewal), estimate, and compare
with the real premiere. Reported on the test shows, which the priors never saw (see
fit_priors.py for the split), next to two naive baselines. ``--update-docs`` also rewrites the
figures in docs/estimator.md.

Run from the repository root: ``python benchmarks/backtest_estimator.py``.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import statistics
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from fit_priors import ROOT, Case, fit, load_shows, split_cases

from watchlist.core.estimate import (
    STATED_CONFIDENCE,
    GapModel,
    SeasonHistory,
    estimate_next_season,
)

DOCS = ROOT / "docs" / "estimator.md"
DOCS_START = "<!-- backtest:start -->"
DOCS_END = "<!-- backtest:end -->"
OTHER_CONFIDENCES = (0.5, 0.9)
# Ask again this long after the previous premiere, for seasons that had still not premiered.
LATER_ASKS = (365, 730)
CROSS_FOLDS = 5


@dataclass(frozen=True)
class Outcome:
    """One window and likely day against the real premiere."""

    case: Case
    hit: bool
    width: int
    error: int


def history_of(case: Case) -> SeasonHistory:
    """What the app would know about the show on the case's day."""
    status = "renewed" if case.renewed_on else "running"
    return SeasonHistory(
        case.history, case.renewed_on, status, case.kind, None, network=case.network
    )


def estimator_outcome(
    case: Case,
    confidence: float = STATED_CONFIDENCE,
    today: date | None = None,
    model: GapModel | None = None,
) -> Outcome:
    """The estimator's window and likely day for a case, as of its day or ``today``."""
    estimate = estimate_next_season(
        history_of(case), today=today or case.today, confidence=confidence, model=model
    )
    if estimate.earliest is None or estimate.latest is None or estimate.likely is None:
        raise RuntimeError(f"no estimate for {case.show} season {case.season}")
    return Outcome(
        case,
        estimate.earliest <= case.premiere <= estimate.latest,
        (estimate.latest - estimate.earliest).days,
        abs((estimate.likely - case.premiere).days),
    )


def one_year_later(case: Case) -> date:
    """Baseline: the same day a year after the previous premiere."""
    last = case.history[-1]
    try:
        return last.replace(year=last.year + 1)
    except ValueError:  # 29 February
        return last + timedelta(days=365)


def last_gap_repeated(case: Case) -> date:
    """Baseline: the previous gap again (a year for a show with one season)."""
    if len(case.history) < 2:
        return one_year_later(case)
    return case.history[-1] + (case.history[-1] - case.history[-2])


BASELINES: dict[str, Callable[[Case], date]] = {
    "last gap repeated": last_gap_repeated,
    "+1 year": one_year_later,
}


def baseline_margin(guess: Callable[[Case], date], training: Sequence[Case]) -> int:
    """Half-width that makes a baseline's window cover 80 % of the training cases."""
    errors = sorted(abs((guess(case) - case.premiere).days) for case in training)
    return errors[min(len(errors) - 1, math.ceil(STATED_CONFIDENCE * len(errors)) - 1)]


def baseline_outcome(case: Case, guess: Callable[[Case], date], margin: int) -> Outcome:
    error = abs((guess(case) - case.premiere).days)
    return Outcome(case, error <= margin, 2 * margin, error)


HEADER = (
    f"{'method':<30} {'stated':>6} {'cases':>6} {'coverage':>9} "
    f"{'median width':>13} {'median |err|':>13} {'mean |err|':>11}"
)
RULE = "-" * len(HEADER)


def row(name: str, stated: str, outcomes: Sequence[Outcome]) -> str:
    """One line of a table: coverage, median window width, median and mean error in days."""
    if not outcomes:
        return f"{name:<30} {stated:>6} {0:>6}"
    coverage = 100 * sum(outcome.hit for outcome in outcomes) / len(outcomes)
    width = statistics.median(outcome.width for outcome in outcomes)
    median_error = statistics.median(outcome.error for outcome in outcomes)
    mean_error = statistics.fmean(outcome.error for outcome in outcomes)
    return (
        f"{name:<30} {stated:>6} {len(outcomes):>6} {coverage:>8.1f}% "
        f"{width:>13.0f} {median_error:>13.0f} {mean_error:>11.0f}"
    )


def main_table(cases: Sequence[Case], training: Sequence[Case]) -> list[str]:
    """The estimator at its stated confidence and, for calibration, at others; the baselines."""
    lines = [HEADER, RULE]
    for confidence in (STATED_CONFIDENCE, *OTHER_CONFIDENCES):
        name = "estimator" if confidence == STATED_CONFIDENCE else "estimator, if stated at"
        outcomes = [estimator_outcome(case, confidence) for case in cases]
        lines.append(row(name, f"{confidence:.0%}", outcomes))
    for name, guess in BASELINES.items():
        margin = baseline_margin(guess, training)
        outcomes = [baseline_outcome(case, guess, margin) for case in cases]
        lines.append(row(f"{name} (±{margin} d)", f"{STATED_CONFIDENCE:.0%}", outcomes))
    return lines


def breakdown_table(cases: Sequence[Case]) -> list[str]:
    """The estimator at its stated confidence by network kind and by seasons known."""
    outcomes = [estimator_outcome(case) for case in cases]
    stated = f"{STATED_CONFIDENCE:.0%}"
    lines = [HEADER, RULE]
    for kind in ("broadcast", "cable", "streaming"):
        group = [outcome for outcome in outcomes if outcome.case.kind == kind]
        lines.append(row(f"{kind}", stated, group))
    for low, high, name in (
        (1, 1, "1 season known"),
        (2, 2, "2 seasons known"),
        (3, 4, "3-4 seasons known"),
        (5, 10_000, "5+ seasons known"),
    ):
        group = [outcome for outcome in outcomes if low <= len(outcome.case.history) <= high]
        lines.append(row(name, stated, group))
    return lines


def later_table(cases: Sequence[Case]) -> list[str]:
    """Asked again later, when the season still had not premiered: does the window hold?"""
    lines = [HEADER, RULE]
    for days in LATER_ASKS:
        outcomes = [
            estimator_outcome(case, today=case.history[-1] + timedelta(days=days))
            for case in cases
            if case.premiere > case.history[-1] + timedelta(days=days) and case.renewed_on is None
        ]
        lines.append(row(f"asked {days} days after", f"{STATED_CONFIDENCE:.0%}", outcomes))
    return lines


def report() -> str:
    """Every table, as plain text."""
    training, test = split_cases(load_shows())
    renewals = sum(case.renewed_on is not None for case in test)
    test_shows = len({case.show for case in test})
    training_shows = len({case.show for case in training})
    return "\n".join(
        [
            f"Test split: {len(test)} cases from {test_shows} shows the priors never saw "
            f"({renewals} asked the day after a known renewal);",
            f"priors fitted on {len(training)} cases from {training_shows} other shows. "
            "Widths and errors in days.",
            "",
            *main_table(test, training),
            "",
            "Test split, estimator by network kind and by seasons known:",
            *breakdown_table(test),
            "",
            "Test split, asked again later while the season had still not premiered:",
            *later_table(test),
            "",
            "In-sample, for comparison only (training split):",
            *main_table(training, training),
        ]
    )


def _outer_fold(name: str) -> int:
    return int(hashlib.sha256(f"outer:{name}".encode()).hexdigest(), 16) % CROSS_FOLDS


def cross_validation() -> str:
    """Refit on four fifths of the training shows, test on the rest, five times: how much the
    figures move from one set of shows to another (slow: five fits)."""
    training, _ = split_cases(load_shows())
    lines = [
        "Cross-validation within the training split (fit on 4/5 of its shows, test on 1/5):",
        HEADER,
        RULE,
    ]
    everything = []
    for fold in range(CROSS_FOLDS):
        model = fit([case for case in training if _outer_fold(case.show) != fold]).model
        held_out = [case for case in training if _outer_fold(case.show) == fold]
        outcomes = [estimator_outcome(case, model=model) for case in held_out]
        everything += outcomes
        lines.append(row(f"fold {fold + 1}", f"{STATED_CONFIDENCE:.0%}", outcomes))
    lines.append(row("all folds", f"{STATED_CONFIDENCE:.0%}", everything))
    return "\n".join(lines)


def cross_validation_all_shows() -> str:
    """Five folds over every show (test split included): each show is predicted once by a model
    that never saw it. This judges the method, not the committed priors (slow: five fits)."""
    training, testing = split_cases(load_shows())
    cases = [*training, *testing]
    lines = [
        "Cross-validation over all shows (fit on 4/5 of all shows, test on 1/5, every show once):",
        HEADER,
        RULE,
    ]
    everything: list[Outcome] = []
    baselines: dict[str, list[Outcome]] = {name: [] for name in BASELINES}
    for fold in range(CROSS_FOLDS):
        fitted_on = [case for case in cases if _outer_fold(case.show) != fold]
        model = fit(fitted_on).model
        held_out = [case for case in cases if _outer_fold(case.show) == fold]
        outcomes = [estimator_outcome(case, model=model) for case in held_out]
        everything += outcomes
        lines.append(row(f"fold {fold + 1}", f"{STATED_CONFIDENCE:.0%}", outcomes))
        for name, guess in BASELINES.items():
            margin = baseline_margin(guess, fitted_on)
            baselines[name] += [baseline_outcome(case, guess, margin) for case in held_out]
    lines.append(row("estimator, all folds", f"{STATED_CONFIDENCE:.0%}", everything))
    for name, outcomes in baselines.items():
        lines.append(row(f"{name}, all folds", f"{STATED_CONFIDENCE:.0%}", outcomes))
    return "\n".join(lines)


def update_docs(text: str) -> None:
    """Replace the figures between the markers in docs/estimator.md."""
    content = DOCS.read_text(encoding="utf-8")
    start = content.index(DOCS_START) + len(DOCS_START)
    end = content.index(DOCS_END)
    block = f"\n```text\n{text}\n```\n"
    DOCS.write_text(content[:start] + block + content[end:], encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update-docs", action="store_true", help="rewrite docs/estimator.md")
    parser.add_argument(
        "--cross-validate", action="store_true", help="add a slow five-fold check (about 30 s)"
    )
    parser.add_argument(
        "--all-shows",
        action="store_true",
        help="with --cross-validate, also five folds over every show (about a minute)",
    )
    arguments = parser.parse_args(argv)
    text = report()
    if arguments.cross_validate:
        text += "\n\n" + cross_validation()
        if arguments.all_shows:
            text += "\n\n" + cross_validation_all_shows()
    print(text)
    if arguments.update_docs:
        update_docs(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
