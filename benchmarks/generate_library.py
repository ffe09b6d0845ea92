"""Generate libraries of 1k, 10k or 100k shows for the benchmarks, through the library API.

Every show has a title made from word lists, a network, genres, a synopsis, 2-10 seasons with
plausible premiere dates (some future or announced) and 10 notes written from templates that
mention the show's own characters. One extra show, ``HEAVY_SHOW_TITLE``, has 1,000 notes. The
same size always gives the same library (a fixed seed). Libraries are cached under
``benchmarks/out/libraries/<size>/`` so reruns are quick; a changed ``GENERATOR_VERSION``
regenerates them.

    python benchmarks/generate_library.py 1000 10000 100000
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from watchlist.core.status import RenewalStatus, ShowStatus, WatchStatus
from watchlist.store.library import Library, NewNote, NewShow, SeasonEdit

OUT = Path(__file__).resolve().parent / "out"
LIBRARIES = OUT / "libraries"
GENERATOR_VERSION = 4
NOTES_PER_SHOW = 10
HEAVY_SHOW_TITLE = "Marginalia"
HEAVY_SHOW_NOTES = 1_000
SIZES = (1_000, 10_000, 100_000)
TODAY = date(2026, 11, 26)
SHOWS_PER_TRANSACTION = 10_000
NOTES_PER_TRANSACTION = 100_000

ADJECTIVES = (
    "Silent", "Broken", "Golden", "Hidden", "Last", "Dark", "Bright", "Lost", "Burning",
    "Frozen", "Crimson", "Quiet", "Wild", "Hollow", "Endless", "Savage", "Gentle", "Sharp",
    "Northern", "Southern", "Electric", "Midnight", "Distant", "Restless", "Sacred", "Bitter",
    "Little", "Royal", "Secret", "Final", "Perfect", "Ordinary", "Shattered", "Iron", "Velvet",
    "Paper", "Glass", "Stone", "Silver", "Scarlet", "Emerald", "Wicked", "Lucky", "Forgotten",
)  # fmt: skip
NOUNS = (
    "River", "Kingdom", "Harbor", "Garden", "Empire", "Signal", "Crown", "Witness", "Station",
    "Orchard", "Island", "Frontier", "Machine", "Colony", "Doctor", "Detective", "Family",
    "Circle", "Tide", "Horizon", "Verdict", "Precinct", "Academy", "Hotel", "Kitchen", "Ward",
    "Border", "Valley", "Tower", "Bridge", "Lighthouse", "Dynasty", "Archive", "Orbit", "Mirror",
    "Shadow", "Summer", "Winter", "Storm", "Harvest", "Protocol", "Syndicate", "Covenant",
    "Outpost", "Carnival", "Gallery", "Parish", "Republic", "Voyage", "Canyon", "Line",
)  # fmt: skip
PLACES = (
    "Brooklyn", "Kyoto", "Lagos", "Oslo", "Seville", "Galway", "Marseille", "Busan", "Tromsø",
    "Cardiff", "Palermo", "Montreal", "Austin", "Reno", "Bristol", "Tangier", "Hobart", "Lisbon",
    "Gdańsk", "Valparaíso", "Nairobi", "Yorkshire", "Baltimore", "Perth", "Riga", "Naples",
)  # fmt: skip
FIRST_NAMES = (
    "Margot", "Elias", "Tomas", "Ingrid", "Viktor", "Nadia", "Omar", "Lucia", "Felix", "Hana",
    "Bruno", "Sofia", "Marcus", "Priya", "Dmitri", "Aiko", "Jonas", "Leila", "Mateo", "Greta",
    "Rosalind", "Idris", "Cormac", "Yusuf", "Beatrix", "Wendell", "Noor", "Anselm", "Thea",
    "Casimir", "Odile", "Rafferty", "Saoirse", "Tobias", "Ximena", "Ezra", "Mirela", "Kofi",
    "Imogen", "Lorcan", "Fenna", "Ravi", "Agnieszka", "Bastien", "Delphine", "Hamish", "Inès",
    "Joaquín", "Keziah", "Ludovic", "Marisol", "Nikolai", "Orla", "Pilar", "Quentin", "Rhiannon",
    "Stellan", "Tamsin", "Ulrich", "Vesna", "Winifred", "Yannick", "Zofia", "Ambrose", "Bettina",
)  # fmt: skip
NETWORKS = (
    "Netflix", "Prime Video", "Disney+", "Apple TV+", "Max", "Hulu", "Paramount+", "Peacock",
    "HBO", "FX", "AMC", "Showtime", "Starz", "BBC One", "BBC Two", "ITV1", "Channel 4", "NBC",
    "CBS", "ABC", "FOX", "The CW", "ZDF", "ARD", "NRK1", "SVT1", "tvN", "JTBC", "Canal+", "RAI 1",
)  # fmt: skip
GENRES = (
    "Drama", "Comedy", "Crime", "Thriller", "Mystery", "Science-Fiction", "Fantasy", "Horror",
    "Romance", "Family", "Legal", "Medical", "History", "War", "Western", "Action", "Adventure",
    "Supernatural", "Music", "Sports",
)  # fmt: skip
EXPECTED = ("2027", "early 2027", "late 2027", "spring 2027", "Q3 2027", "2028", "TBA")
NOTE_WORDS = (
    "rooftop", "finale", "cliffhanger", "villain", "twist", "cameo", "soundtrack", "flashback",
    "heist", "trial", "wedding", "funeral", "storm", "shipwreck", "confession", "betrayal",
    "monologue", "showdown", "reunion", "pilot", "montage", "dinner party", "car chase",
    "courtroom scene", "opening credits", "cold open", "dream sequence", "time jump",
    "voice-over", "love triangle", "red herring", "chess game", "séance", "blackout", "ransom",
)  # fmt: skip
NOTE_ADJECTIVES = (
    "incredible", "boring", "brilliant", "heartbreaking", "predictable", "gorgeous", "tense",
    "hilarious", "slow", "chaotic", "haunting", "clumsy", "perfect", "rushed", "unforgettable",
    "baffling", "understated", "over the top", "beautifully shot", "forgettable",
)  # fmt: skip
NOTE_TEMPLATES = (
    "Episode {episode} was {adjective} — the {thing} scene!",
    "Can't believe {first} did that to {second}.",
    "The {thing} in episode {episode} was {adjective}.",
    "{first} and {second} finally talk about the {thing}.",
    "Season {season} finale: {adjective}. That {thing} though!",
    "Rewatched the {thing} episode, still {adjective}.",
    "Theory: {first} is behind the {thing}.",
    "Not sure about the {thing}; it felt {adjective}.",
    "S{season}E{episode}: {first}'s {thing} is the best thing this show has done.",
    'Quote of the week, from {first}: "never trust a {thing}".',
    "Stopped at episode {episode}. The pacing is {adjective}, but I want to know about {first}.",
    "Finished season {season}. {first} deserved better; the {thing} was {adjective}.",
)  # fmt: skip
# The long tail: a note sometimes remembers one odd detail, so searches have rare words too.
RARE_THINGS = (
    "accordion", "aquarium", "armadillo", "avalanche", "ballroom", "bandolier", "barometer",
    "beekeeper", "birthmark", "blacksmith", "blizzard", "bonfire", "boomerang", "bulldozer",
    "cactus", "calligraphy", "campfire", "candelabra", "carousel", "catapult", "cathedral",
    "chandelier", "chessboard", "chimney", "chloroform", "clocktower", "compass", "corkscrew",
    "crossbow", "crystal ball", "cufflink", "dagger", "dinghy", "dirigible", "dollhouse",
    "doppelganger", "dumbwaiter", "earthquake", "eclipse", "elevator", "embassy", "falconer",
    "ferris wheel", "fingerprint", "firework", "flamingo", "flashlight", "fog horn", "forgery",
    "fountain pen", "gargoyle", "glacier", "gondola", "gramophone", "greenhouse", "guillotine",
    "hailstorm", "harpoon", "hearse", "helicopter", "hourglass", "houseboat", "icebreaker",
    "igloo", "jukebox", "kaleidoscope", "kayak", "lantern", "lifeboat", "locket", "lollipop",
    "magnifying glass", "mannequin", "marionette", "masquerade", "metronome", "microfilm",
    "minefield", "monocle", "moonshine", "mousetrap", "music box", "nightingale", "obituary",
    "observatory", "orchid", "origami", "ouija board", "padlock", "paperweight", "parachute",
    "parrot", "periscope", "pinball", "planetarium", "pocket watch", "poison ivy", "polaroid",
    "porcupine", "quarantine", "quicksand", "raincoat", "rattlesnake", "ravine", "record player",
    "roller rink", "saxophone", "scarecrow", "scrapbook", "seashell", "sextant", "shipwreck",
    "skateboard", "snow globe", "speakeasy", "stagecoach", "submarine", "sunflower", "switchblade",
    "tapestry", "taxidermy", "telegram", "telescope", "thunderstorm", "tightrope", "tombstone",
    "tornado", "trampoline", "treehouse", "tuxedo", "typewriter", "umbrella", "unicycle",
    "vending machine", "ventriloquist", "vineyard", "volcano", "waffle iron", "walkie-talkie",
    "waterfall", "weathervane", "wheelbarrow", "windmill", "wishbone", "xylophone", "yacht",
    "zeppelin", "zipline",
)  # fmt: skip
RARE_TEMPLATES = (
    "And that {thing}!",
    "Who else noticed the {thing} in the background?",
    "The {thing} is definitely a clue.",
    "Still thinking about the {thing}.",
)
SYNOPSIS_TEMPLATES = (
    "In {place}, {first} returns home after twenty years and finds the {noun} changed.",
    "{first} runs the only {noun} in {place}, until {second} arrives with a secret.",
    "A {adjective} {noun} sets {first} and {second} against each other in {place}.",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class GeneratedLibrary:
    """A generated library on disk and what it holds."""

    size: int
    data_dir: Path
    shows: int
    notes: int
    heavy_show_title: str
    seconds: float

    @property
    def database_path(self) -> Path:
        return self.data_dir / "library.sqlite3"

    @property
    def database_url(self) -> str:
        return f"sqlite:///{self.database_path}"


def library_for(size: int, *, fresh: bool = False, quiet: bool = False) -> GeneratedLibrary:
    """The cached library of ``size`` shows, generating it first when needed."""
    folder = LIBRARIES / str(size)
    facts = folder / "generated.json"
    if not fresh and facts.is_file():
        known = json.loads(facts.read_text())
        if known.get("version") == GENERATOR_VERSION and (folder / "library.sqlite3").is_file():
            return _described(folder, known)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    started = time.perf_counter()
    shows, notes = generate(folder / "library.sqlite3", size, quiet=quiet)
    seconds = time.perf_counter() - started
    known = {
        "version": GENERATOR_VERSION,
        "size": size,
        "shows": shows,
        "notes": notes,
        "heavy_show_title": HEAVY_SHOW_TITLE,
        "seconds": round(seconds, 1),
    }
    facts.write_text(json.dumps(known, indent=2) + "\n")
    return _described(folder, known)


def _described(folder: Path, known: dict[str, object]) -> GeneratedLibrary:
    return GeneratedLibrary(
        size=int(str(known["size"])),
        data_dir=folder,
        shows=int(str(known["shows"])),
        notes=int(str(known["notes"])),
        heavy_show_title=str(known["heavy_show_title"]),
        seconds=float(str(known["seconds"])),
    )


def generate(path: Path, size: int, *, quiet: bool = False) -> tuple[int, int]:
    """Write a library of ``size`` shows (plus the heavy one) to ``path``; (shows, notes)."""
    rng = random.Random(size)
    say = (lambda _text: None) if quiet else (lambda text: print(text, file=sys.stderr))
    library = Library.open(f"sqlite:///{path}", clock=lambda: datetime(2026, 11, 26, tzinfo=UTC))
    try:
        cast: dict[int, tuple[str, ...]] = {}
        premieres: dict[int, date] = {}
        started = time.perf_counter()
        for batch in _batches(size, SHOWS_PER_TRANSACTION):
            shows = [_show(rng, index) for index in batch]
            ids = library.add_shows(new for new, _ in shows)
            for show_id, (new, characters) in zip(ids, shows, strict=True):
                cast[show_id] = characters
                premieres[show_id] = new.premiered or TODAY
        heavy_id = library.add_show(_heavy_show())
        cast[heavy_id] = tuple(rng.sample(FIRST_NAMES, 5))
        premieres[heavy_id] = date(2012, 9, 20)
        say(f"  {size:,} shows in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        wanted = [(show_id, NOTES_PER_SHOW) for show_id in cast if show_id != heavy_id]
        wanted.append((heavy_id, HEAVY_SHOW_NOTES))
        notes = 0
        pending: list[NewNote] = []
        for show_id, count in wanted:
            pending.extend(_notes(rng, show_id, cast[show_id], premieres[show_id], count))
            if len(pending) >= NOTES_PER_TRANSACTION:
                notes += library.add_notes(pending)
                pending = []
        notes += library.add_notes(pending)
        say(f"  {notes:,} notes in {time.perf_counter() - started:.1f} s")
        with library.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.exec_driver_sql("ANALYZE")
        return len(cast), notes
    finally:
        library.close()


def _batches(size: int, step: int) -> Iterator[range]:
    for start in range(0, size, step):
        yield range(start, min(size, start + step))


def _title(rng: random.Random) -> str:
    adjective, noun = rng.choice(ADJECTIVES), rng.choice(NOUNS)
    pattern = rng.randrange(8)
    if pattern == 0:
        return f"The {adjective} {noun}"
    if pattern == 1:
        return f"{noun} of {rng.choice(PLACES)}"
    if pattern == 2:
        return f"{rng.choice(FIRST_NAMES)}'s {noun}"
    if pattern == 3:
        return f"{adjective} {noun}s"
    if pattern == 4:
        return f"{rng.choice(PLACES)} {noun}"
    if pattern == 5:
        return f"The {noun} and the {rng.choice(NOUNS)}"
    if pattern == 6:
        return f"{adjective} {noun}: {rng.choice(PLACES)}"
    return f"{noun} {rng.randint(2, 99)}"


def _show(rng: random.Random, index: int) -> tuple[NewShow, tuple[str, ...]]:
    characters = tuple(rng.sample(FIRST_NAMES, 4))
    count = rng.randint(2, 10)
    first = date(1995, 1, 1) + timedelta(days=rng.randrange(365 * 29))
    day, seasons = first, []
    for number in range(1, count + 1):
        if day > TODAY + timedelta(days=400):
            seasons.append(SeasonEdit(number))  # announced, no date yet
            continue
        episodes = rng.choice((6, 8, 10, 10, 12, 13, 22))
        seasons.append(SeasonEdit(number, day, episodes, day + timedelta(weeks=episodes), name=""))
        day += timedelta(days=rng.choice((364, 364, 371, 420, 540, 700, 900)))
    last = seasons[-1].premiere_date
    if last is not None and last > TODAY:
        renewal = RenewalStatus.RENEWED
    else:
        renewal = rng.choice(
            (RenewalStatus.ENDED, RenewalStatus.ENDED, RenewalStatus.CANCELLED,
             RenewalStatus.AWAITING, RenewalStatus.RENEWED, RenewalStatus.UNKNOWN)
        )  # fmt: skip
    provider = {
        RenewalStatus.ENDED: ShowStatus.ENDED,
        RenewalStatus.CANCELLED: ShowStatus.ENDED,
        RenewalStatus.AWAITING: ShowStatus.TO_BE_DETERMINED,
    }.get(renewal, ShowStatus.RUNNING)
    expected = (
        rng.choice(EXPECTED) if renewal is RenewalStatus.RENEWED and rng.random() < 0.3 else None
    )
    watch = rng.choice(
        (WatchStatus.WATCHING, WatchStatus.PLAN_TO_WATCH, WatchStatus.PLAN_TO_WATCH,
         WatchStatus.COMPLETED, WatchStatus.ON_HOLD, WatchStatus.DROPPED)
    )  # fmt: skip
    place = rng.choice(PLACES)
    synopsis = " ".join(
        template.format(
            place=place,
            first=characters[0],
            second=characters[1],
            noun=rng.choice(NOUNS).lower(),
            adjective=rng.choice(ADJECTIVES).lower(),
        )
        for template in rng.sample(SYNOPSIS_TEMPLATES, 2)
    )
    new = NewShow(
        title=_title(rng),
        network=rng.choice(NETWORKS),
        country=rng.choice(("US", "GB", "KR", "DE", "NO", "FR", "ES", "JP", "CA", "AU")),
        language=rng.choice(("English", "English", "English", "Korean", "German", "Spanish")),
        genres=tuple(rng.sample(GENRES, rng.randint(1, 3))),
        synopsis=synopsis,
        premiered=first,
        ended=None if renewal not in (RenewalStatus.ENDED, RenewalStatus.CANCELLED) else day,
        provider_status=provider,
        renewal_status=renewal,
        renewal_announced_on=(
            first + timedelta(days=rng.randrange(30, 300))
            if renewal is RenewalStatus.RENEWED
            else None
        ),
        next_season_expected=expected,
        watch_status=watch,
        rating=rng.choice((None, None, 6, 7, 8, 9, 10)),
        seasons=tuple(seasons),
    )
    return new, characters


def _heavy_show() -> NewShow:
    return NewShow(
        title=HEAVY_SHOW_TITLE,
        network="BBC Two",
        genres=("Drama", "Mystery"),
        synopsis="A librarian annotates every book in a village that reads too much.",
        premiered=date(2012, 9, 20),
        renewal_status=RenewalStatus.AWAITING,
        watch_status=WatchStatus.WATCHING,
        seasons=tuple(
            SeasonEdit(number, date(2012 + 2 * (number - 1), 9, 20), 8) for number in range(1, 8)
        ),
    )


def _notes(
    rng: random.Random, show_id: int, characters: tuple[str, ...], premiered: date, count: int
) -> Iterator[NewNote]:
    start = datetime(premiered.year, premiered.month, premiered.day, 21, tzinfo=UTC)
    span = max(int((datetime(2026, 11, 1, tzinfo=UTC) - start).total_seconds()), 86_400)
    for _ in range(count):
        sentences = rng.randint(1, 3)
        sentences_text = " ".join(
            rng.choice(NOTE_TEMPLATES).format(
                episode=rng.randint(1, 13),
                season=rng.randint(1, 8),
                adjective=rng.choice(NOTE_ADJECTIVES),
                thing=rng.choice(NOTE_WORDS),
                first=rng.choice(characters),
                second=rng.choice(characters),
            )
            for _ in range(sentences)
        )
        if rng.random() < 0.3:
            rare = rng.choice(RARE_TEMPLATES).format(thing=rng.choice(RARE_THINGS))
            sentences_text = f"{sentences_text} {rare}"
        body = sentences_text
        created = start + timedelta(seconds=rng.randrange(span))
        yield NewNote(show_id=show_id, body=body, created_at=created)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=list(SIZES))
    parser.add_argument("--fresh", action="store_true", help="regenerate even when cached")
    options = parser.parse_args()
    for size in options.sizes:
        print(f"library of {size:,} shows:", file=sys.stderr)
        generated = library_for(size, fresh=options.fresh)
        print(
            f"  {generated.shows:,} shows, {generated.notes:,} notes in {generated.data_dir} "
            f"(generated in {generated.seconds:.1f} s)",
            file=sys.stderr,
        )


if __name__ == "__main__":
    main()
