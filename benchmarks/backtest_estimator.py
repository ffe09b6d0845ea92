"""Backtest the release estimator on real season premieres; prints figures, never pass/fail.

For every show and every season after the first, pretend today is the day after the previous
premiere (and, where a renewal date is known, the day after the renewal), estimate, and compare
with the real premiere. Reported on the test shows, which the priors never saw (see
fit_priors.py for the split), next to three naive baselines: the last gap repeated, the same
day a year later, and (where the renewal is known) the renewal plus the median lag of its kind.
``--update-docs`` also rewrites the figures in docs/estimator.md.

Run from the repository root: ``python benchmarks/backtest_estimator.py``.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import statistics
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from fit_priors import (
    KINDS,
    ROOT,
    Case,
    Ending,
    RenewalFact,
    Show,
    fit,
    is_test_show,
    load_endings,
    load_renewals,
    load_shows,
    split_cases,
)

from watchlist.core.estimate import (
    STATED_CONFIDENCE,
    GapModel,
    Outlook,
    SeasonHistory,
    estimate_next_season,
)

DOCS = ROOT / "docs" / "estimator.md"
DOCS_START = "<!-- backtest:start -->"
DOCS_END = "<!-- backtest:end -->"
OTHER_CONFIDENCES = (0.5, 0.9)
# Ask again this long after the previous premiere, for seasons that had still not premiered.
LATER_ASKS = (1, 182, 365, 730)
CROSS_FOLDS = 5
# Predicted chances of another season are grouped into these bins to compare with outcomes.
CHANCE_BINS = ((0.0, 0.5), (0.5, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 1.01))


@dataclass(frozen=True)
class Outcome:
    """One window and likely day against the real premiere."""

    case: Case
    hit: bool
    width: int
    error: int


@dataclass(frozen=True)
class Data:
    """The shows, their cases and renewal facts, split into training and test."""

    training: list[Case]
    test: list[Case]
    shows: list[Show]
    facts: list[RenewalFact]
    endings: list[Ending]

    @property
    def training_shows(self) -> list[Show]:
        return [show for show in self.shows if not is_test_show(show.name)]

    @property
    def training_facts(self) -> list[RenewalFact]:
        return [fact for fact in self.facts if not is_test_show(fact.show)]


def load_data() -> Data:
    shows = load_shows()
    facts = load_renewals(shows)
    training, test = split_cases(shows)
    return Data(training, test, shows, facts, load_endings())


def renewal_known(case: Case, today: date | None = None) -> bool:
    """True when the case's renewal was public on its day (or ``today``)."""
    return case.renewed_on is not None and case.renewed_on <= (today or case.today)


def history_of(case: Case, today: date | None = None) -> SeasonHistory:
    """What the app would know about the show on the case's day (or ``today``)."""
    known = renewal_known(case, today)
    status = "renewed" if known else "running"
    renewed_on = case.renewed_on if known else None
    return SeasonHistory(case.history, renewed_on, status, case.kind, None, network=case.network)


def estimator_outcome(
    case: Case,
    confidence: float = STATED_CONFIDENCE,
    today: date | None = None,
    model: GapModel | None = None,
) -> Outcome:
    """The estimator's window and likely day for a case, as of its day or ``today``."""
    estimate = estimate_next_season(
        history_of(case, today), today=today or case.today, confidence=confidence, model=model
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


def median_lags(facts: Sequence[RenewalFact]) -> dict[str | None, int]:
    """The median days from renewal to premiere per kind (None: all kinds)."""
    lags: dict[str | None, list[int]] = {}
    for fact in facts:
        if fact.premiere is not None and fact.premiere > fact.renewed:
            days = (fact.premiere - fact.renewed).days
            lags.setdefault(fact.kind, []).append(days)
            lags.setdefault(None, []).append(days)
    return {kind: round(statistics.median(values)) for kind, values in lags.items()}


def renewal_plus_lag(lags: dict[str | None, int]) -> Callable[[Case], date | None]:
    """Baseline: the renewal day plus the median lag of its kind (only when it is known)."""

    def guess(case: Case) -> date | None:
        if case.renewed_on is None:
            return None
        return case.renewed_on + timedelta(days=lags.get(case.kind, lags[None]))

    return guess


Guess = Callable[[Case], date | None]


@dataclass(frozen=True)
class Baseline:
    """A naive guess with a fixed half-width covering 80 % of the training cases."""

    name: str
    guess: Guess
    margin: int

    def outcome(self, case: Case, today: date | None = None) -> Outcome | None:
        day = self.guess(case)
        if day is None:
            return None
        day = max(day, today or case.today)  # a guess in the past is moved to today
        error = abs((day - case.premiere).days)
        return Outcome(case, error <= self.margin, 2 * self.margin, error)


def baseline(name: str, guess: Guess, training: Sequence[Case]) -> Baseline:
    errors = sorted(
        abs((day - case.premiere).days) for case in training if (day := guess(case)) is not None
    )
    margin = errors[min(len(errors) - 1, math.ceil(STATED_CONFIDENCE * len(errors)) - 1)]
    return Baseline(name, guess, margin)


def baselines(data: Data) -> list[Baseline]:
    training = data.training
    return [
        baseline("last gap repeated", last_gap_repeated, training),
        baseline("+1 year", one_year_later, training),
        baseline(
            "renewal + median lag",
            renewal_plus_lag(median_lags(data.training_facts)),
            [case for case in training if case.renewed_on is not None],
        ),
    ]


HEADER = (
    f"{'method':<34} {'stated':>6} {'cases':>6} {'coverage':>9} "
    f"{'median width':>13} {'median |err|':>13} {'mean |err|':>11}"
)
RULE = "-" * len(HEADER)


def row(name: str, stated: str, outcomes: Sequence[Outcome]) -> str:
    """One line of a table: coverage, median window width, median and mean error in days."""
    if not outcomes:
        return f"{name:<34} {stated:>6} {0:>6}"
    coverage = 100 * sum(outcome.hit for outcome in outcomes) / len(outcomes)
    width = statistics.median(outcome.width for outcome in outcomes)
    median_error = statistics.median(outcome.error for outcome in outcomes)
    mean_error = statistics.fmean(outcome.error for outcome in outcomes)
    return (
        f"{name:<34} {stated:>6} {len(outcomes):>6} {coverage:>8.1f}% "
        f"{width:>13.0f} {median_error:>13.0f} {mean_error:>11.0f}"
    )


STATED = f"{STATED_CONFIDENCE:.0%}"


def group_rows(
    title: str,
    cases: Sequence[Case],
    methods: Sequence[Baseline],
    today: Callable[[Case], date] | None = None,
    *,
    with_half: bool = True,
) -> list[str]:
    """The estimator at 80 % (and 50 %) and the baselines on one group of cases."""
    when = today or (lambda case: case.today)
    lines = [
        row(
            f"{title}: estimator",
            STATED,
            [estimator_outcome(case, today=when(case)) for case in cases],
        )
    ]
    if with_half:
        lines.append(
            row(
                f"{title}: estimator",
                "50%",
                [estimator_outcome(case, 0.5, today=when(case)) for case in cases],
            )
        )
    for method in methods:
        outcomes = [
            outcome for case in cases if (outcome := method.outcome(case, when(case))) is not None
        ]
        if outcomes:
            lines.append(row(f"{title}: {method.name} (±{method.margin} d)", STATED, outcomes))
    return lines


def half_streaming_width(outcomes: Sequence[Outcome]) -> float:
    """The median window width of a mix where streaming cases weigh half, like the issue's
    held-out set (73 shows, half of their cases streaming originals)."""
    streaming = sorted(outcome.width for outcome in outcomes if outcome.case.kind == "streaming")
    others = sorted(outcome.width for outcome in outcomes if outcome.case.kind != "streaming")
    if not streaming or not others:
        return float("nan")
    weighted = sorted(
        [(width, 0.5 / len(streaming)) for width in streaming]
        + [(width, 0.5 / len(others)) for width in others]
    )
    running = 0.0
    for width, weight in weighted:
        running += weight
        if running >= 0.5:
            return width
    return weighted[-1][0]


def main_table(cases: Sequence[Case], methods: Sequence[Baseline]) -> list[str]:
    """The estimator at its stated confidence and, for calibration, at others; the baselines."""
    lines = [HEADER, RULE]
    for confidence in (STATED_CONFIDENCE, *OTHER_CONFIDENCES):
        name = "estimator" if confidence == STATED_CONFIDENCE else "estimator, if stated at"
        outcomes = [estimator_outcome(case, confidence) for case in cases]
        lines.append(row(name, f"{confidence:.0%}", outcomes))
    for method in methods:
        outcomes = [outcome for case in cases if (outcome := method.outcome(case)) is not None]
        lines.append(row(f"{method.name} (±{method.margin} d)", STATED, outcomes))
    return lines


def kind_table(cases: Sequence[Case], methods: Sequence[Baseline]) -> list[str]:
    lines = [HEADER, RULE]
    for kind in KINDS:
        lines += group_rows(kind, [case for case in cases if case.kind == kind], methods)
    return lines


def renewal_table(cases: Sequence[Case], methods: Sequence[Baseline]) -> list[str]:
    lines = [HEADER, RULE]
    known = [case for case in cases if case.renewed_on is not None]
    lines += group_rows("renewal known", known, methods)
    lines += group_rows(
        "renewal known, streaming", [case for case in known if case.kind == "streaming"], methods
    )
    lines += group_rows(
        "renewal unknown", [case for case in cases if case.renewed_on is None], methods[:2]
    )
    return lines


def later_table(cases: Sequence[Case], methods: Sequence[Baseline]) -> list[str]:
    """Asked N days after the last premiere, for seasons still not out: does the window hold?

    One question per season; its renewal counts (for the estimator and the renewal baseline)
    only when it had been announced by then.
    """
    seasons: dict[tuple[str, int], Case] = {}
    for case in cases:
        key = (case.show, case.season)
        if key not in seasons or case.renewed_on is not None:
            seasons[key] = case
    lines = [HEADER, RULE]
    for days in LATER_ASKS:
        asked = []
        for case in seasons.values():
            day = case.history[-1] + timedelta(days=days)
            if case.premiere > day:
                known = case.renewed_on if renewal_known(case, day) else None
                asked.append(replace(case, renewed_on=known, today=day))
        lines += group_rows(f"asked {days} d after", asked, methods, with_half=False)
        streaming = [case for case in asked if case.kind == "streaming"]
        lines += group_rows(f"asked {days} d after, streaming", streaming, methods, with_half=False)
    return lines


def seasons_table(cases: Sequence[Case]) -> list[str]:
    lines = [HEADER, RULE]
    outcomes = [estimator_outcome(case) for case in cases]
    for low, high, name in (
        (1, 1, "1 season known"),
        (2, 2, "2 seasons known"),
        (3, 4, "3-4 seasons known"),
        (5, 10_000, "5+ seasons known"),
    ):
        group = [outcome for outcome in outcomes if low <= len(outcome.case.history) <= high]
        lines.append(row(name, STATED, group))
    return lines


def chance_table(shows: Sequence[Show]) -> list[str]:
    """Another season or not: predicted chance against what happened, for seasons of test
    shows with a known outcome, asked when no renewal is known (so outlook "unknown")."""
    header = (
        f"{'predicted chance':<20} {'asked':>6} {'seasons':>8} {'predicted':>10} {'observed':>9}"
    )
    lines = [header, "-" * len(header)]
    points: dict[tuple[int, int], list[tuple[float, bool]]] = {}
    for show in shows:
        if not is_test_show(show.name):
            continue
        ordered = [show.premieres[number] for number in sorted(show.premieres)]
        for index in range(1, len(ordered) + 1):
            last = index == len(ordered)
            if last and not show.ended:
                continue
            history = ordered[:index]
            for days in (182, 365, 730):
                today = history[-1] + timedelta(days=days)
                if not last and ordered[index] <= today:
                    continue  # it had premiered by then: nothing to ask
                value = SeasonHistory(history, None, "running", show.kind, None)
                estimate = estimate_next_season(value, today=today)
                if estimate.outlook is Outlook.UNKNOWN and estimate.renewal_chance is not None:
                    for number, (low, high) in enumerate(CHANCE_BINS):
                        if low <= estimate.renewal_chance < high:
                            points.setdefault((number, days), []).append(
                                (estimate.renewal_chance, not last)
                            )
    for (number, days), values in sorted(points.items()):
        low, high = CHANCE_BINS[number]
        predicted = 100 * statistics.fmean(chance for chance, _ in values)
        observed = 100 * sum(came for _, came in values) / len(values)
        lines.append(
            f"{f'{low:.0%}-{min(high, 1):.0%}':<20} {days:>6} {len(values):>8} "
            f"{predicted:>9.0f}% {observed:>8.0f}%"
        )
    return lines


def report() -> str:
    """Every table, as plain text."""
    data = load_data()
    test, training = data.test, data.training
    methods = baselines(data)
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
            *main_table(test, methods),
            "Median 80 % window on a mix where streaming cases weigh half: "
            f"{half_streaming_width([estimator_outcome(case) for case in test]):.0f} days.",
            "",
            "Test split by network kind, baselines beside:",
            *kind_table(test, methods),
            "",
            "Test split by whether the renewal was known:",
            *renewal_table(test, methods),
            "",
            "Test split, asked N days after the last premiere while the season had not premiered:",
            *later_table(test, methods),
            "",
            "Test split by seasons known:",
            *seasons_table(test),
            "",
            "Test split, chance of another season against what happened:",
            *chance_table(data.shows),
            "",
            "In-sample, for comparison only (training split):",
            *main_table(training, methods),
        ]
    )


def _outer_fold(name: str) -> int:
    return int(hashlib.sha256(f"outer:{name}".encode()).hexdigest(), 16) % CROSS_FOLDS


def _fit_without(data: Data, fold: int, cases: Sequence[Case]) -> GapModel:
    inside = [case for case in cases if _outer_fold(case.show) != fold]
    shows = [show for show in data.shows if _outer_fold(show.name) != fold]
    facts = [fact for fact in data.facts if _outer_fold(fact.show) != fold]
    endings = [ending for ending in data.endings if _outer_fold(ending.show) != fold]
    return fit(inside, shows, facts, endings).model


def cross_validation(*, all_shows: bool = False) -> str:
    """Refit on four fifths of the shows, test on the rest, five times: how much the figures
    move from one set of shows to another (slow: five fits). Within the training split, or
    over every show (each show predicted once by a model that never saw it)."""
    data = load_data()
    if all_shows:
        cases = [*data.training, *data.test]
        title = "Cross-validation over all shows (fit on 4/5 of all shows, test on 1/5):"
    else:
        cases = data.training
        data = replace(data, shows=data.training_shows, facts=data.training_facts)
        title = "Cross-validation within the training split (fit on 4/5 of its shows):"
    lines = [title, HEADER, RULE]
    everything = []
    for fold in range(CROSS_FOLDS):
        model = _fit_without(data, fold, cases)
        held_out = [case for case in cases if _outer_fold(case.show) == fold]
        outcomes = [estimator_outcome(case, model=model) for case in held_out]
        everything += outcomes
        lines.append(row(f"fold {fold + 1}", STATED, outcomes))
    lines.append(row("all folds", STATED, everything))
    for kind in KINDS:
        lines.append(
            row(
                f"all folds, {kind}",
                STATED,
                [outcome for outcome in everything if outcome.case.kind == kind],
            )
        )
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
            text += "\n\n" + cross_validation(all_shows=True)
    print(text)
    if arguments.update_docs:
        update_docs(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
