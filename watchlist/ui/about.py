"""The About box: version, where the data lives, licences and credits."""

from __future__ import annotations

import html
import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from watchlist import __version__
from watchlist.config import Settings


def _redacted(url: str) -> str:
    """A database URL without its password."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


class AboutDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About Watchlist"))
        text = self.tr(
            "<h2>Watchlist {version}</h2>"
            "<p>Follow TV shows on your own computer: renewals, seasons, release estimates "
            "and your own notes, offline.</p>"
            "<p><b>Data folder:</b> {data_dir}<br><b>Library:</b> {database}</p>"
            "<p>Show information from <a href='https://www.tvmaze.com'>TVmaze</a>, "
            "licensed under <a href='https://creativecommons.org/licenses/by-sa/4.0/'>"
            "CC BY-SA 4.0</a>.</p>"
            "<p>Watchlist is free software under the GNU GPL, version 3 or later. "
            "Built with Qt {qt} (LGPLv3) via PySide6 {pyside}, SQLAlchemy, Alembic, requests, "
            "platformdirs and QtAwesome (Material Design Icons, Apache 2.0). "
            "Python {python}.</p>"
        ).format(
            version=__version__,
            data_dir=html.escape(str(settings.data_dir)),
            database=html.escape(_redacted(settings.database_url)),
            qt=qVersion(),
            pyside=pyside_version,
            python=platform.python_version(),
        )
        label = QLabel(text)
        label.setObjectName("aboutText")
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setOpenExternalLinks(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
