"""Sync with TVmaze: provider, rate-limited HTTP client, merge into the library, posters.

Optional: everything else works without it, and nothing it does can lose a user's data.
"""
