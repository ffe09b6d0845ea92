"""Watchlist: follow TV shows on your own computer, offline."""

__version__ = "0.1.0"
APP_NAME = "Watchlist"
