"""Sizes past which input is refused with a message rather than stored half-way."""

MAX_TITLE_LENGTH = 300
MAX_NETWORK_LENGTH = 120
MAX_NOTE_LENGTH = 100_000
MAX_SYNOPSIS_LENGTH = 50_000
# The synopsis as HTML (from TVmaze, or an export's synopsis_html): its text plus the markup.
MAX_SYNOPSIS_HTML_LENGTH = 2 * MAX_SYNOPSIS_LENGTH
MAX_EXPECTED_TEXT_LENGTH = 100
MAX_GENRES = 30
MAX_SEASONS = 500
MAX_IMPORT_BYTES = 200 * 1024 * 1024
MAX_COUNTRY_LENGTH = 80
MAX_LANGUAGE_LENGTH = 80
MAX_IMDB_ID_LENGTH = 20
MAX_URL_LENGTH = 2000
# Entries of a show's user_edited list: a field name ("renewal") or a season ("season:3").
MAX_USER_EDITED_ENTRIES = 1000
MAX_USER_EDITED_LENGTH = 40
# Ids, numbers and counts must fit PostgreSQL's INTEGER (SQLite's is wider).
MAX_DATABASE_INTEGER = 2**31 - 1
# An import is read whole before anything is written; past these it is refused outright.
MAX_IMPORT_SHOWS = 200_000
MAX_IMPORT_NOTES_PER_SHOW = 100_000
MAX_IMPORT_EPISODES_PER_SHOW = 50_000
# Objects of any kind (shows, seasons, episodes, notes) an import file may hold: parsing stops
# past it, before a hostile file of millions of tiny records fills the memory.
MAX_IMPORT_RECORDS = 5_000_000
