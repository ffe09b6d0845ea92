"""``watchlist gui`` in a real process, with the start-up dialog answered by a script.

Run as ``python -m tests.ui.startup_probe`` with ``WATCHLIST_DATA_DIR`` set (and,
for a read-only folder, without the root capabilities that ignore file modes: see
``tests.processes.as_unprivileged``). The "cannot open your library" dialog is replaced by one
that prints what it would show as one JSON line and answers Close; the exit status is the
app's.
"""

from __future__ import annotations

import json
import os
import sys

from watchlist.ui import messages


def answer_close(reason: str, *, offer_restore: bool) -> bool:
    print(json.dumps({"reason": reason, "offer_restore": offer_restore}), flush=True)
    return False


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    messages.cannot_open_library = answer_close
    from watchlist.cli import main as watchlist_main

    return watchlist_main(["gui"])


if __name__ == "__main__":
    sys.exit(main())
