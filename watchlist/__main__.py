"""``python -m watchlist`` runs the same command line as ``watchlist``."""

from watchlist.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
