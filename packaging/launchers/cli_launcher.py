"""Entry script of the bundled ``watchlist`` program: the whole command line, GUI by default."""

from watchlist.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
