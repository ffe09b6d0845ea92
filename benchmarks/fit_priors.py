"""Fit the release estimator's priors on the training shows and write watchlist/core/priors.py.

Run from the repository root: ``python benchmarks/fit_priors.py`` (``--check`` only compares).
The season data is split by show; only the training part is used here, so that
``benchmarks/backtest_estimator.py`` can report honestly on the rest. The method is described
in docs/estimator.md.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import math
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import partial
from pathlib import Path

from watchlist.core.estimate import (
    AGE_BANDS,
    ANY_KIND,
    MAD_TO_SD,
    RENEWAL_LEVELS,
    Calibration,
    Disruption,
    GapModel,
    GapSummary,
    KindPrior,
    LagPrior,
    RenewalOdds,
    calibration_key,
    log_gaps,
)
from watchlist.core.networks import guess_network_kind

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "seasons"
PRIORS_MODULE = ROOT / "watchlist" / "core" / "priors.py"

KINDS = ("broadcast", "cable", "streaming")
# Networks of the public data that watchlist.core.networks does not know (first listed wins).
EXTRA_NETWORK_KINDS = {
    "abc family": "cable",
    "animax": "cable",
    "at-x": "cable",
    "cbs all access": "streaming",
    "dc universe": "streaming",
    "hoichoi": "streaming",
    "las estrellas": "broadcast",
    "mbs": "broadcast",
    "mega": "broadcast",
    "nick jr.": "cable",
    "ntv": "broadcast",
    "pbs kids": "broadcast",
    "spectrum": "cable",
    "syndication": "broadcast",
    "the wb": "broadcast",
    "tokyo mx": "broadcast",
    "upn": "broadcast",
}
# Rows compiled from a TMDB snapshot of mid-2019 know nothing later than that.
MID_2019_SNAPSHOT = date(2019, 6, 30)
# A previous premiere this close to its source's snapshot could only have been followed by a
# short gap (a long one had not happened yet), so such cases would bias the fit to short gaps.
CENSORING_DAYS = 3 * 365
YEAR_ORIGIN = 2015
FIRST_YEAR = 1990
FOLDS = 5
SEARCH_ROUNDS = 3
# (lowest, highest, first step, finest step) of each number the fit climbs.
Bounds = tuple[float, float, float, float]
CENTRE_BOUNDS: dict[str, Bounds] = {
    "intercept": (4.5, 7.5, 0.2, 0.001),
    "slope": (-0.05, 0.08, 0.02, 0.001),
}
SPREAD_BOUNDS: dict[str, Bounds] = {
    "between_sd": (0.01, 1.5, 0.1, 0.005),
    "within_sd": (0.01, 1.0, 0.05, 0.002),
    "disrupted": (0.01, 0.8, 0.05, 0.005),
}
SHARED_BOUNDS: dict[str, Bounds] = {
    "variance_weight": (0.1, 50.0, 2.0, 0.25),
    "youth": (-0.3, 0.6, 0.05, 0.005),
    "shift": (-0.5, 1.5, 0.2, 0.01),
    "spread": (0.1, 2.0, 0.2, 0.01),
}
CENTRE_SHARED_BOUNDS: dict[str, Bounds] = {"prior_votes": (0.0, 8.0, 1.0, 0.05)}
CALIBRATION_LEVELS = tuple(round(index / 40, 3) for index in range(1, 40))
# A kind's calibration counts the pooled one as this many extra cases.
CALIBRATION_POOLING = 40


@dataclass
class Show:
    """One series with its season premieres (by season number) and renewal announcements."""

    name: str
    network: str | None
    kind: str | None
    snapshot: date
    premieres: dict[int, date] = field(default_factory=dict)
    renewals: dict[int, date] = field(default_factory=dict)
    ended: bool = False


@dataclass(frozen=True)
class RenewalFact:
    """A renewal of renewals.csv: the season ordered, when, and the premieres around it."""

    show: str
    kind: str | None
    season: int
    renewed: date
    previous: date | None
    premiere: date | None


@dataclass(frozen=True)
class Case:
    """One backtest question: as of ``today``, when does season ``season`` premiere?"""

    show: str
    kind: str | None
    network: str | None
    season: int
    history: tuple[date, ...]
    renewed_on: date | None
    today: date
    premiere: date
    snapshot: date

    @property
    def censored(self) -> bool:
        """True when a long gap could not have been seen yet when the data was compiled."""
        return (self.snapshot - self.history[-1]).days < CENSORING_DAYS


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text.strip() else None


def network_kind(network: str) -> str | None:
    """The kind of the first network listed ("FOX / TBS" is FOX's)."""
    first = network.split("/", maxsplit=1)[0].strip()
    kind = guess_network_kind(first)
    return kind.value if kind else EXTRA_NETWORK_KINDS.get(first.casefold())


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _latest_premiere(rows: Iterable[dict[str, str]]) -> date:
    return max(day for row in rows if (day := _day(row["premiere_date"])) is not None)


ENDED_STATUSES = ("ended", "cancelled", "canceled")


def _add_row(show: Show, row: dict[str, str]) -> None:
    season = int(row["season"])
    status = (row.get("show_status_after") or row.get("status") or "").casefold()
    if status.startswith(ENDED_STATUSES):
        show.ended = True
    if (premiere := _day(row["premiere_date"])) is not None:
        show.premieres[season] = premiere
    if (renewal := _day(row["renewal_announced"])) is not None:
        show.renewals[season] = renewal


def _title_key(title: str) -> str:
    """ "The Office (2005)" and "The Office" compare equal."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", title).casefold().strip()


def _same_show(first: Show, second: Show) -> bool:
    """Same title and at least one season premiering within a week in both."""
    if _title_key(first.name) != _title_key(second.name):
        return False
    return any(
        abs((first.premieres[season] - day).days) <= 7
        for season, day in second.premieres.items()
        if season in first.premieres
    )


def load_shows(folder: Path = FIXTURES) -> list[Show]:
    """Shows of seasons.csv, then those of seasons_public.csv that are not already there."""
    curated_rows = _read(folder / "seasons.csv")
    curated_snapshot = _latest_premiere(curated_rows)
    shows: dict[str, Show] = {}
    for row in curated_rows:
        kind = row["network_kind"] or None
        show = shows.setdefault(row["show"], Show(row["show"], None, kind, curated_snapshot))
        _add_row(show, row)
    public_rows = _read(folder / "seasons_public.csv")
    public_snapshot = _latest_premiere(public_rows)
    public: dict[str, Show] = {}
    for row in public_rows:
        snapshot = MID_2019_SNAPSHOT if "mid-2019" in row["status"] else public_snapshot
        kind = network_kind(row["network"])
        show = public.setdefault(row["show"], Show(row["show"], row["network"], kind, snapshot))
        show.snapshot = min(show.snapshot, snapshot)
        _add_row(show, row)
    curated = list(shows.values())
    for show in public.values():
        twin = next((known for known in curated if _same_show(known, show)), None)
        if twin is not None:
            twin.network = twin.network or show.network
            continue
        name = show.name if show.name not in shows else f"{show.name} (public)"
        shows[name] = show
    return list(shows.values())


@dataclass(frozen=True)
class Ending:
    """A show that ended (cancelled or concluded) after its ``last`` season: cancellations.csv."""

    show: str
    kind: str | None
    last: int


def load_endings(folder: Path = FIXTURES) -> list[Ending]:
    return [
        Ending(row["show"], row["network_kind"] or None, int(row["last_season"]))
        for row in _read(folder / "cancellations.csv")
    ]


# A premiere this far from a renewal belongs to another show of the same title.
RENEWAL_MATCH_DAYS = 4 * 365


def _matching_show(shows: Sequence[Show], row: dict[str, str], renewed: date) -> Show | None:
    """The show of seasons data a renewal row is about: same title, and a premiere of the
    renewed or previous season near the renewal (a 2018 reboot is not the 1998 series)."""
    season = int(row["season"])
    for exact in (True, False):
        for show in shows:
            same = (
                show.name == row["show"]
                if exact
                else _title_key(show.name) == _title_key(row["show"])
            )
            if not same:
                continue
            near = [
                day
                for number in (season - 1, season)
                if (day := show.premieres.get(number)) is not None
            ]
            if near and all(abs((day - renewed).days) <= RENEWAL_MATCH_DAYS for day in near):
                return show
    return None


def load_renewals(shows: list[Show], folder: Path = FIXTURES) -> list[RenewalFact]:
    """The renewals of renewals.csv, each attached to its show of the seasons data.

    A second season renewed between two known premieres of a show that is not in the seasons
    data is added as a show of its own (its history is complete); every renewal with a known
    premiere also tells how long renewals of its kind take to reach the screen.
    """
    facts = []
    snapshot = max(show.snapshot for show in shows)
    for row in _read(folder / "renewals.csv"):
        renewed = _day(row["renewal_announced"])
        if renewed is None:
            continue
        season = int(row["season"])
        previous, premiere = _day(row["prev_premiere"]), _day(row["premiere"])
        show = _matching_show(shows, row, renewed)
        if show is None and season == 2 and previous is not None and premiere is not None:
            kind = row["network_kind"] or None
            show = Show(row["show"], row["network"] or None, kind, snapshot)
            show.premieres.update({1: previous, 2: premiere})
            shows.append(show)
        if show is not None:
            show.renewals.setdefault(season, renewed)
            previous = show.premieres.get(season - 1, previous)
            premiere = show.premieres.get(season, premiere)
        name = show.name if show is not None else row["show"]
        kind = show.kind if show is not None and show.kind else (row["network_kind"] or None)
        facts.append(RenewalFact(name, kind, season, renewed, previous, premiere))
    return facts


def _history(show: Show, season: int) -> tuple[date, ...]:
    """The run of consecutive seasons before ``season`` whose premieres keep increasing."""
    history = [show.premieres[season - 1]]
    number = season - 2
    while number in show.premieres and show.premieres[number] < history[0]:
        history.insert(0, show.premieres[number])
        number -= 1
    return tuple(history)


def cases_of(show: Show) -> list[Case]:
    """The day after each previous premiere, and the day after each known renewal."""
    cases = []
    for season, premiere in sorted(show.premieres.items()):
        if season - 1 not in show.premieres:
            continue
        history = _history(show, season)
        if premiere <= history[-1]:
            continue  # two seasons on one day, or out of order: a data error
        days: list[tuple[date, date | None]] = [(history[-1] + timedelta(days=1), None)]
        renewal = show.renewals.get(season)
        if renewal is not None and history[-1] < renewal < premiere - timedelta(days=1):
            days.append((renewal + timedelta(days=1), renewal))
        for today, renewed_on in days:
            cases.append(
                Case(
                    show.name,
                    show.kind,
                    show.network,
                    season,
                    history,
                    renewed_on,
                    today,
                    premiere,
                    show.snapshot,
                )
            )
    return cases


def is_test_show(name: str) -> bool:
    """The deterministic train/test split: half of the shows, by a hash of the name."""
    return int(hashlib.sha256(name.encode("utf-8")).hexdigest(), 16) % 2 == 1


def _fold(name: str) -> int:
    return int(hashlib.sha256(f"fold:{name}".encode()).hexdigest(), 16) % FOLDS


def split_cases(shows: Sequence[Show]) -> tuple[list[Case], list[Case]]:
    """(training cases, test cases)."""
    training: list[Case] = []
    test: list[Case] = []
    for show in shows:
        (test if is_test_show(show.name) else training).extend(cases_of(show))
    return training, test


@dataclass(frozen=True)
class _Prepared:
    """A case reduced to what the fit needs."""

    case: Case
    kind: str
    log_gap: float
    gaps: GapSummary


def _prepare(cases: Iterable[Case]) -> list[_Prepared]:
    """The cases the fit may use: not censored, asked the day after the previous premiere."""
    prepared = []
    for case in cases:
        if case.censored or case.renewed_on is not None:
            continue
        log_gap = math.log((case.premiere - case.history[-1]).days)
        gaps = GapSummary.of(log_gaps(case.history))
        prepared.append(_Prepared(case, case.kind or ANY_KIND, log_gap, gaps))
    return prepared


UNCALIBRATED = {ANY_KIND: Calibration((0.5,), (0.5,))}


@dataclass(frozen=True)
class _Parameters:
    """Everything but the calibration, while the fit searches."""

    kinds: dict[str, KindPrior]
    prior_votes: float
    variance_weight: float
    disruption: Disruption
    year_range: tuple[int, int]

    def model(self, calibrations: dict[str, Calibration] = UNCALIBRATED) -> GapModel:
        return GapModel(
            self.kinds,
            YEAR_ORIGIN,
            self.year_range,
            self.prior_votes,
            self.variance_weight,
            self.disruption,
            calibrations,
        )


def _log_likelihood(parameters: _Parameters, items: Sequence[_Prepared], kind: str) -> float:
    """Log likelihood of the real gaps, each case forecast as a show of ``kind``."""
    model = parameters.model()
    return sum(
        model.forecast_from(item.case.history[-1], kind, item.gaps).log_density(item.log_gap)
        for item in items
    )


def _closeness(parameters: _Parameters, items: Sequence[_Prepared], kind: str) -> float:
    """Minus the summed absolute error of the forecast centres, in log days."""
    model = parameters.model()
    return -sum(
        abs(model.centre(kind, item.case.history[-1], item.gaps) - item.log_gap) for item in items
    )


Score = Callable[[_Parameters, Sequence[_Prepared], str], float]


def _climb(value: float, bounds: Bounds, score: Callable[[float], float]) -> float:
    """A one-dimensional hill climb: step both ways, halve the step when neither helps."""
    low, high, step, finest = bounds
    best = score(value)
    while step >= finest:
        moved = False
        for candidate in (value + step, value - step):
            if low <= candidate <= high:
                result = score(candidate)
                if result > best + 1e-9:
                    value, best, moved = candidate, result, True
                    break
        if not moved:
            step /= 2
    return round(value, 4)


def _set_kind(parameters: _Parameters, value: float, *, kind: str, name: str) -> _Parameters:
    """One of a kind's numbers changed."""
    changed = replace(parameters.kinds[kind], **{name: value})
    return replace(parameters, kinds={**parameters.kinds, kind: changed})


def _set_shared(parameters: _Parameters, value: float, *, name: str) -> _Parameters:
    """One of the numbers every kind shares changed."""
    if name == "prior_votes":
        return replace(parameters, prior_votes=value)
    if name == "variance_weight":
        return replace(parameters, variance_weight=value)
    return replace(parameters, disruption=replace(parameters.disruption, **{name: value}))


def _current(parameters: _Parameters, name: str, kind: str | None = None) -> float:
    if kind is not None:
        return float(getattr(parameters.kinds[kind], name))
    if name in ("prior_votes", "variance_weight"):
        return float(getattr(parameters, name))
    return float(getattr(parameters.disruption, name))


def _improve(
    parameters: _Parameters,
    setter: Callable[[_Parameters, float], _Parameters],
    start: float,
    limits: Bounds,
    objective: Callable[[_Parameters], float],
) -> _Parameters:
    """The parameters with one number climbed to a better ``objective``."""
    value = _climb(start, limits, lambda candidate: objective(setter(parameters, candidate)))
    return setter(parameters, value)


def _fit_kind(
    parameters: _Parameters,
    kind: str,
    items: Sequence[_Prepared],
    bounds: dict[str, Bounds],
    score: Score,
) -> _Parameters:
    """One sweep over some of a kind's numbers."""
    for name, limits in bounds.items():
        parameters = _improve(
            parameters,
            partial(_set_kind, kind=kind, name=name),
            _current(parameters, name, kind),
            limits,
            lambda candidate: score(candidate, items, kind),
        )
    return parameters


def _fit_shared(
    parameters: _Parameters,
    groups: dict[str, list[_Prepared]],
    bounds: dict[str, Bounds],
    score: Score,
) -> _Parameters:
    """One sweep over some of the numbers every kind shares."""
    for name, limits in bounds.items():
        parameters = _improve(
            parameters,
            partial(_set_shared, name=name),
            _current(parameters, name),
            limits,
            partial(_total, groups=groups, score=score),
        )
    return parameters


def _total(parameters: _Parameters, groups: dict[str, list[_Prepared]], score: Score) -> float:
    """The score over every kind (not the pooled prior, which is fitted on its own)."""
    return sum(score(parameters, groups[kind], kind) for kind in KINDS)


def _fit_centres(parameters: _Parameters, groups: dict[str, list[_Prepared]]) -> _Parameters:
    """Typical gaps, drifts and votes: where forecasts are centred, by least absolute error."""
    for _ in range(SEARCH_ROUNDS):
        for kind in KINDS:
            parameters = _fit_kind(parameters, kind, groups[kind], CENTRE_BOUNDS, _closeness)
        parameters = _fit_shared(parameters, groups, CENTRE_SHARED_BOUNDS, _closeness)
    return _fit_kind(parameters, ANY_KIND, groups[ANY_KIND], CENTRE_BOUNDS, _closeness)


def _fit_spreads(parameters: _Parameters, groups: dict[str, list[_Prepared]]) -> _Parameters:
    """Spreads and disruption around the fitted centres, by maximum likelihood."""
    for _ in range(SEARCH_ROUNDS):
        for kind in KINDS:
            parameters = _fit_kind(parameters, kind, groups[kind], SPREAD_BOUNDS, _log_likelihood)
        parameters = _fit_shared(parameters, groups, SHARED_BOUNDS, _log_likelihood)
    return _fit_kind(parameters, ANY_KIND, groups[ANY_KIND], SPREAD_BOUNDS, _log_likelihood)


def _fit_parameters(prepared: Sequence[_Prepared], year_range: tuple[int, int]) -> _Parameters:
    """Centres first, then the spreads around them, each one number at a time."""
    groups = {kind: [item for item in prepared if item.kind == kind] for kind in KINDS}
    groups[ANY_KIND] = list(prepared)
    parameters = _Parameters(
        dict.fromkeys(groups, KindPrior(5.9, 0.0, 0.3, 0.15, 0.2)),
        2.0,
        1.0,
        Disruption(0.1, 0.2, 0.7),
        year_range,
    )
    return _fit_spreads(_fit_centres(parameters, groups), groups)


def _quantiles(values: Sequence[float]) -> list[float]:
    """Linear-interpolated quantiles of ``values`` at CALIBRATION_LEVELS."""
    return _quantiles_at(values, CALIBRATION_LEVELS)


def _quantiles_at(values: Sequence[float], levels: Sequence[float]) -> list[float]:
    """Linear-interpolated quantiles of ``values`` at ``levels``."""
    ordered = sorted(values)
    result = []
    for level in levels:
        position = level * (len(ordered) - 1)
        low = math.floor(position)
        high = min(low + 1, len(ordered) - 1)
        result.append(ordered[low] + (position - low) * (ordered[high] - ordered[low]))
    return result


def _quantile_source(values: Sequence[float]) -> Sequence[float]:
    """The values a calibration borrows from (the kind's, for its age groups)."""
    return values


def _calibration(shares: Sequence[float], pooled: Sequence[float]) -> Calibration:
    """Quantiles of held-out probability integral transforms, partly pooled across kinds so
    that a kind with few shows borrows from the rest; strictly increasing."""
    own, everyone = _quantiles(shares), _quantiles(pooled)
    weight = len(shares) / (len(shares) + CALIBRATION_POOLING)
    quantiles: list[float] = []
    for mine, theirs in zip(own, everyone, strict=True):
        value = min(max(round(weight * mine + (1 - weight) * theirs, 5), 0.00001), 0.99999)
        if quantiles and value <= quantiles[-1]:
            value = round(quantiles[-1] + 0.00001, 5)
        quantiles.append(value)
    return Calibration(CALIBRATION_LEVELS, tuple(quantiles))


# A kind with fewer renewals than this borrows the pooled lag and odds.
MIN_KIND_FACTS = 8
# A kind's share of final seasons counts the pooled share as this many extra seasons.
FINAL_POOLING = 10
LAG_BOUNDS: dict[str, Bounds] = {
    "intercept": (3.0, 8.0, 0.2, 0.001),
    "slope": (-0.1, 0.15, 0.02, 0.001),
}
RENEWED_BOUNDS: dict[str, Bounds] = {
    "lag_spread": (0.3, 4.0, 0.2, 0.01),
    "renewed_disruption": (0.0, 2.0, 0.2, 0.01),
}


def _flip(function: Callable[[float, float], float]) -> Callable[[float, float], float]:
    """The same function with its two arguments swapped (to fix the second one)."""
    return lambda first, second: function(second, first)


def _lag_prior(facts: Sequence[RenewalFact]) -> LagPrior:
    """Typical log lag and its drift by least absolute error, its spread from the residuals."""
    points = [
        (fact.renewed.year - YEAR_ORIGIN, math.log((fact.premiere - fact.renewed).days))
        for fact in facts
        if fact.premiere is not None and fact.premiere > fact.renewed
    ]

    def error(intercept: float, slope: float) -> float:
        return -sum(abs(intercept + slope * year - value) for year, value in points)

    intercept, slope = 5.9, 0.0
    for _ in range(SEARCH_ROUNDS):
        intercept = _climb(intercept, LAG_BOUNDS["intercept"], partial(_flip(error), slope))
        slope = _climb(slope, LAG_BOUNDS["slope"], partial(error, intercept))
    residuals = sorted(abs(intercept + slope * year - value) for year, value in points)
    spread = MAD_TO_SD * residuals[len(residuals) // 2] if residuals else 0.5
    return LagPrior(intercept, slope, round(max(spread, 0.05), 4))


def _with_lag(facts: Sequence[RenewalFact]) -> list[RenewalFact]:
    return [f for f in facts if f.premiere is not None and f.premiere > f.renewed]


def _fit_lags(facts: Sequence[RenewalFact]) -> dict[str, LagPrior]:
    """Per kind with enough renewals, and pooled."""
    lags = {}
    for kind in KINDS:
        own = _with_lag([fact for fact in facts if fact.kind == kind])
        if len(own) >= MIN_KIND_FACTS:
            lags[kind] = _lag_prior(own)
    lags[ANY_KIND] = _lag_prior(_with_lag(facts))
    return lags


def _band(seasons: int) -> int:
    return max(index for index, low in enumerate(AGE_BANDS) if seasons >= low or index == 0)


def _final_counts(
    shows: Sequence[Show], facts: Sequence[RenewalFact], endings: Sequence[Ending]
) -> dict[str, list[list[int]]]:
    """Per kind and age band, [final seasons, seasons with a known outcome].

    A season is known to be final when its show ended right after it (seasons data, or
    cancellations.csv) and known not to be when another season followed or was ordered
    (seasons data, or renewals.csv); the last season of a show still running is unknown.
    """
    outcomes: dict[tuple[str, int], tuple[str, bool]] = {}
    for show in shows:
        ordered = sorted(show.premieres)
        for age, _ in enumerate(ordered, start=1):
            last = age == len(ordered)
            if not last or show.ended:
                outcomes[(_title_key(show.name), age)] = (show.kind or ANY_KIND, last)
    for fact in facts:
        key = (_title_key(fact.show), fact.season - 1)
        outcomes.setdefault(key, (fact.kind or ANY_KIND, False))
    for ending in endings:
        outcomes[(_title_key(ending.show), ending.last)] = (ending.kind or ANY_KIND, True)
    counts = {kind: [[0, 0] for _ in AGE_BANDS] for kind in (*KINDS, ANY_KIND)}
    for (_, age), (kind, final) in outcomes.items():
        if age < 1:
            continue
        for group in {kind, ANY_KIND}:
            if group in counts:
                counts[group][_band(age)][0] += int(final)
                counts[group][_band(age)][1] += 1
    return counts


def _renewal_odds(
    shows: Sequence[Show], facts: Sequence[RenewalFact], endings: Sequence[Ending]
) -> dict[str, RenewalOdds]:
    """Final-season shares (partly pooled, never quite 0 or 1) and renewal-day quantiles."""
    counts = _final_counts(shows, facts, endings)
    # Laplace's rule of succession: one final and one continued season more than seen.
    pooled = [(final + 1) / (total + 2) for final, total in counts[ANY_KIND]]

    def shares(kind: str) -> tuple[float, ...]:
        return tuple(
            round((final + FINAL_POOLING * share) / (total + FINAL_POOLING), 4)
            for (final, total), share in zip(counts[kind], pooled, strict=True)
        )

    def days(group: Sequence[RenewalFact]) -> tuple[float, ...]:
        values = sorted(float((f.renewed - f.previous).days) for f in group if f.previous)
        return tuple(round(value, 1) for value in _quantiles_at(values, RENEWAL_LEVELS))

    everyone = days(facts)
    odds = {}
    for kind in KINDS:
        own = [fact for fact in facts if fact.kind == kind and fact.previous is not None]
        own_days = days(own) if len(own) >= MIN_KIND_FACTS else everyone
        odds[kind] = RenewalOdds(shares(kind), own_days)
    odds[ANY_KIND] = RenewalOdds(tuple(round(share, 4) for share in pooled), everyone)
    return odds


def _renewed_likelihood(model: GapModel, cases: Sequence[Case]) -> float:
    """Log likelihood of the real premieres of renewal cases, given no premiere by their day."""
    total = 0.0
    for case in cases:
        assert case.renewed_on is not None
        forecast = model.forecast(case.history, case.kind, renewed_on=case.renewed_on)
        log_gap = math.log((case.premiere - case.history[-1]).days)
        waited = math.log(max((case.today - case.history[-1]).days, 1))
        total += forecast.log_density(log_gap) - forecast.model_log_survival(waited)
    return total


def _fit_renewed(model: GapModel, cases: Sequence[Case]) -> GapModel:
    """How wide a renewal's lag is and how much disruption remains, by maximum likelihood."""
    renewed = [case for case in cases if case.renewed_on is not None]
    if not renewed:
        return model
    for _ in range(SEARCH_ROUNDS):
        for name, limits in RENEWED_BOUNDS.items():
            score = partial(_renewed_score, model=model, name=name, cases=renewed)
            model = replace(model, **{name: _climb(getattr(model, name), limits, score)})
    return model


def _renewed_score(value: float, *, model: GapModel, name: str, cases: Sequence[Case]) -> float:
    return _renewed_likelihood(replace(model, **{name: value}), cases)


@dataclass(frozen=True)
class FitResult:
    """The fitted model and how much data it came from."""

    model: GapModel
    shows: int
    cases: int


def fit(
    training: Sequence[Case],
    shows: Sequence[Show] = (),
    facts: Sequence[RenewalFact] = (),
    endings: Sequence[Ending] = (),
) -> FitResult:
    """Priors from training cases, calibrated on forecasts for shows left out of the fit;
    renewal lags and the odds of another season from the training ``shows`` and ``facts``."""
    prepared = _prepare(training)
    year_range = (FIRST_YEAR, max(item.case.history[-1].year for item in prepared))
    parameters = _fit_parameters(prepared, year_range)
    shares: dict[str, list[float]] = {kind: [] for kind in KINDS}
    by_age: dict[str, list[float]] = {}
    for fold in range(FOLDS):
        inside = [item for item in prepared if _fold(item.case.show) != fold]
        model = _fit_parameters(inside, year_range).model()
        for item in prepared:
            if _fold(item.case.show) == fold:
                forecast = model.forecast_from(item.case.history[-1], item.kind, item.gaps)
                share = forecast.model_share_before(item.case.premiere)
                shares[item.kind].append(share)
                by_age.setdefault(calibration_key(item.kind, item.gaps.count), []).append(share)
    pooled = [share for kind_shares in shares.values() for share in kind_shares]
    calibrations = {kind: _calibration(shares[kind], pooled) for kind in KINDS}
    calibrations[ANY_KIND] = _calibration(pooled, pooled)
    for key, values in sorted(by_age.items()):
        kind = key.split("/", maxsplit=1)[0]
        if kind in KINDS:
            calibrations[key] = _calibration(values, _quantile_source(shares[kind]))
    model = replace(
        parameters.model(calibrations),
        lags=_fit_lags(facts),
        odds=_renewal_odds(shows, facts, endings),
    )
    model = _fit_renewed(model, training)
    count = len({item.case.show for item in prepared})
    return FitResult(model, count, len(prepared))


def training_data() -> tuple[list[Case], list[Show], list[RenewalFact], list[Ending]]:
    """The training cases, shows, renewals and endings: only shows of the training split."""
    shows = load_shows()
    facts = load_renewals(shows)
    training, _ = split_cases(shows)
    return (
        training,
        [show for show in shows if not is_test_show(show.name)],
        [fact for fact in facts if not is_test_show(fact.show)],
        [ending for ending in load_endings() if not is_test_show(ending.show)],
    )


def fit_training() -> FitResult:
    """The committed fit: everything the training split holds."""
    return fit(*training_data())


def _tuple(values: Iterable[float]) -> str:
    return "(" + ", ".join(repr(value) for value in values) + ")"


def render(result: FitResult) -> str:
    """The text of watchlist/core/priors.py."""
    model = result.model
    kinds = "\n".join(
        f'    "{kind}": {_tuple((p.intercept, p.slope, p.between_sd, p.within_sd, p.disrupted))},'
        for kind, p in model.kinds.items()
    )
    calibrations = "\n".join(
        f'    "{kind}": (\n'
        + "\n".join(
            "        "
            + ", ".join(repr(value) for value in calibration.quantiles[start : start + 8])
            + ","
            for start in range(0, len(calibration.quantiles), 8)
        )
        + "\n    ),"
        for kind, calibration in model.calibrations.items()
    )
    disruption = model.disruption
    lags = "\n".join(
        f'    "{kind}": {_tuple((lag.intercept, lag.slope, lag.sd))},'
        for kind, lag in model.lags.items()
    )
    finals = "\n".join(
        f'    "{kind}": {_tuple(odds.final_shares)},' for kind, odds in model.odds.items()
    )
    renewal_days = "\n".join(
        f'    "{kind}": {_tuple(odds.renewal_days)},' for kind, odds in model.odds.items()
    )
    return f'''"""Fitted priors of the release estimator; generated, do not edit by hand.

Generated by benchmarks/fit_priors.py from tests/fixtures/seasons (training split: \
{result.shows} shows,
{result.cases} gaps); rerun that script to refit. The method is explained in docs/estimator.md.
"""

from typing import Final

YEAR_ORIGIN: Final = {model.year_origin}
# The previous premiere's year is clamped to this range before the drift applies.
YEAR_RANGE: Final = {model.year_range!r}
# Per network kind (see KindPrior): log-days gap at YEAR_ORIGIN, drift per year, between-show
# and within-show spread (log days), share of disrupted seasons.
KIND_PRIORS: Final[dict[str, tuple[float, float, float, float, float]]] = {{
{kinds}
}}
# How many of a show's own gaps the kind's typical gap counts as.
PRIOR_VOTES: Final = {model.prior_votes!r}
# How many pseudo-gaps of the kind's within-show spread temper a show's own spread.
VARIANCE_WEIGHT: Final = {model.variance_weight!r}
# Seasons that break the rhythm (see Disruption): extra share for young shows, shift, spread.
DISRUPTION: Final = {_tuple((disruption.youth, disruption.shift, disruption.spread))}
# Per kind, quantiles of the held-out probability integral transform at levels 0.025 ... 0.975.
CALIBRATION_LEVELS: Final = tuple(round(index / 40, 3) for index in range(1, 40))
# fmt: off
CALIBRATION_QUANTILES: Final[dict[str, tuple[float, ...]]] = {{
{calibrations}
}}
# fmt: on
# Per kind: log days from a renewal to its premiere at YEAR_ORIGIN, drift per year, spread.
LAG_PRIORS: Final[dict[str, tuple[float, float, float]]] = {{
{lags}
}}
# How much wider than fitted a renewal's lag is, and the share of disruption left after one.
LAG_SPREAD: Final = {model.lag_spread!r}
RENEWED_DISRUPTION: Final = {model.renewed_disruption!r}
# Per kind, the share of seasons after which the show ended, after 1, 2, 3-4, 5+ seasons.
FINAL_SHARES: Final[dict[str, tuple[float, ...]]] = {{
{finals}
}}
# Per kind, days from a premiere to the next season's renewal at 5, 10, 25, 50, 75, 90, 95 %.
RENEWAL_DAYS: Final[dict[str, tuple[float, ...]]] = {{
{renewal_days}
}}
'''


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare with priors.py")
    arguments = parser.parse_args(argv)
    text = render(fit_training())
    if arguments.check:
        same = PRIORS_MODULE.read_text(encoding="utf-8") == text
        print("priors.py is up to date" if same else "priors.py differs from a fresh fit")
        return 0 if same else 1
    PRIORS_MODULE.write_text(text, encoding="utf-8")
    print(f"wrote {PRIORS_MODULE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
