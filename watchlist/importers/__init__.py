"""Imports from other trackers (TV Time, Trakt, IMDb lists): parse, preview, then apply.

Parsers turn an export into provider-neutral ``ImportCandidate``s without touching the library;
``preview_import`` matches them to TVmaze by IMDb or TheTVDB id (when online) and to the library,
still writing nothing; ``apply_import`` writes what the user confirmed and reports what it did.
This package sits above ``sync`` (it looks shows up on TVmaze) and below the UI and the CLI.
"""
