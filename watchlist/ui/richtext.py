"""Rich text that cannot reach out: sanitized synopses and Markdown notes.

Qt's text classes load images and stylesheets through ``loadResource``; both the browser and the
document used here refuse every resource, so nothing is fetched even if markup slipped through.
Links open in the system browser on click, and only when they are http(s).
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from watchlist.core.html import is_safe_link, sanitize_html

log = logging.getLogger(__name__)


class SafeTextDocument(QTextDocument):
    """A document that never loads a resource (images, stylesheets, remote or local)."""

    resourceRefused = Signal(QUrl)

    def loadResource(self, resource_type: int, url: QUrl | str) -> Any:
        target = url if isinstance(url, QUrl) else QUrl(url)
        log.debug("Refused to load resource %s", target.toString())
        self.resourceRefused.emit(target)
        return None

    def set_markdown_note(self, text: str) -> None:
        """Light Markdown (emphasis, lists, links, code) without raw HTML."""
        features = QTextDocument.MarkdownFeature.MarkdownDialectGitHub | (
            QTextDocument.MarkdownFeature.MarkdownNoHTML
        )
        self.setMarkdown(text, features)


class SafeTextBrowser(QTextBrowser):
    """A read-only rich-text view for remote HTML: sanitized, no resources, safe links."""

    resourceRefused = Signal(QUrl)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(open_safe_link)

    def set_remote_html(self, markup: str) -> None:
        """Show HTML from the network after sanitizing it."""
        self.setHtml(sanitize_html(markup))

    def loadResource(self, resource_type: int, url: QUrl | str) -> Any:
        target = url if isinstance(url, QUrl) else QUrl(url)
        log.debug("Refused to load resource %s", target.toString())
        self.resourceRefused.emit(target)
        return None


def open_safe_link(url: QUrl) -> bool:
    """Open an http(s) link in the system browser; refuse anything else."""
    text = url.toString()
    if not is_safe_link(text):
        log.info("Refused to open link %r", text)
        return False
    return QDesktopServices.openUrl(url)
