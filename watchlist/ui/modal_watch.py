"""Nothing modal may hold up ``watchlist gui --screenshot``: no one is there to answer it.

A message box opened while the window renders for a screenshot (a damaged library met while
reading, say) waited for a click forever. ``ModalWatch`` closes any dialog as soon as it is
shown and keeps what it said, so the screenshot ends with that message as one line; and
``Deadline`` ends the process with a one-line message should anything else hold it past a time
limit.
"""

from __future__ import annotations

import logging
import os
import sys
import threading

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

log = logging.getLogger(__name__)

POLL_MS = 50
MAX_MESSAGE_CHARS = 300


def dialog_text(dialog: QWidget) -> str:
    """What a dialog says, as one line."""
    parts = [dialog.windowTitle()]
    if isinstance(dialog, QMessageBox):
        parts = [dialog.text(), dialog.informativeText()]
    text = " ".join(" ".join(part.split()) for part in parts if part and part.strip())
    return text[:MAX_MESSAGE_CHARS] or "a dialog without text"


class ModalWatch(QObject):
    """Closes every dialog shown while it runs; ``message`` keeps what the first one said."""

    dialogClosed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.message: str | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.close_dialogs)

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def close_dialogs(self) -> None:
        """Reject every visible dialog (the timer runs inside their own event loops too)."""
        modal = QApplication.activeModalWidget()
        dialogs = [modal] if modal is not None else []
        dialogs += [
            widget
            for widget in QApplication.topLevelWidgets()
            if isinstance(widget, QDialog) and widget.isVisible() and widget not in dialogs
        ]
        for dialog in dialogs:
            text = dialog_text(dialog)
            log.warning("Closed a dialog the screenshot cannot answer: %s", text)
            if self.message is None:
                self.message = text
            if isinstance(dialog, QDialog):
                dialog.reject()
            else:
                dialog.close()
            self.dialogClosed.emit(text)


class Deadline:
    """Ends the process with a one-line message if it is still running after ``seconds``.

    A thread of its own, so it fires even while the GUI thread is blocked.
    """

    def __init__(self, seconds: float, what: str) -> None:
        self.seconds = seconds
        self.what = what
        self._timer = threading.Timer(seconds, self._give_up)
        self._timer.daemon = True

    def __enter__(self) -> Deadline:
        self._timer.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._timer.cancel()

    def _give_up(self) -> None:
        log.error("%s did not finish within %s s; giving up", self.what, self.seconds)
        sys.stderr.write(
            f"watchlist: {self.what} did not finish within {self.seconds:g} seconds; "
            "nothing was written.\n"
        )
        sys.stderr.flush()
        os._exit(1)
