"""Rendering the XSS corpus: Qt is never asked for a remote resource, and links stay http(s).

A spy subclass records every ``loadResource`` call before the real (refusing) one runs. The
control cases show the spy does see a request when markup that asks for one reaches Qt
unsanitized, so "no request" is a real result and not a spy that never fires.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QTextDocument
from pytestqt.qtbot import QtBot

from tests.core.test_html_xss import VECTORS
from watchlist.core.html import is_safe_link
from watchlist.ui import richtext
from watchlist.ui.richtext import SafeTextBrowser, SafeTextDocument, open_safe_link

REMOTE_IMAGE = "https://evil.example/tracker.png"


def _text(url: QUrl | str) -> str:
    return url.toString() if isinstance(url, QUrl) else str(url)


class SpyingBrowser(SafeTextBrowser):
    """The synopsis view, recording what Qt asks it to load."""

    def __init__(self) -> None:
        super().__init__()
        self.requested: list[str] = []

    def loadResource(self, resource_type: int, url: QUrl | str) -> Any:
        self.requested.append(_text(url))
        return super().loadResource(resource_type, url)


class SpyingDocument(SafeTextDocument):
    """The note document, recording what Qt asks it to load."""

    def __init__(self) -> None:
        super().__init__()
        self.requested: list[str] = []

    def loadResource(self, resource_type: int, url: QUrl | str) -> Any:
        self.requested.append(_text(url))
        return super().loadResource(resource_type, url)


def rendered(qtbot: QtBot, browser: SafeTextBrowser) -> None:
    """Show and paint the view, so every image and stylesheet it needs is asked for."""
    qtbot.addWidget(browser)
    browser.resize(600, 400)
    browser.show()
    qtbot.waitExposed(browser)
    browser.grab()


def links_and_images(document: QTextDocument) -> tuple[list[str], list[str]]:
    links: list[str] = []
    images: list[str] = []
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.isValid():
                text_format = fragment.charFormat()
                if text_format.isAnchor():
                    links.append(text_format.anchorHref())
                if text_format.isImageFormat():
                    images.append(text_format.toImageFormat().name())
            iterator += 1
        block = block.next()
    return links, images


@pytest.mark.parametrize(("name", "markup"), VECTORS, ids=[name for name, _ in VECTORS])
def test_rendering_a_vector_requests_nothing_and_links_only_to_the_web(
    qtbot: QtBot, name: str, markup: str
) -> None:
    browser = SpyingBrowser()
    refused: list[QUrl] = []
    browser.resourceRefused.connect(refused.append)
    browser.set_remote_html(markup)
    rendered(qtbot, browser)
    assert browser.requested == []
    assert refused == []
    links, images = links_and_images(browser.document())
    assert images == []
    # A refused link is kept as an inert <a> without a target; every target is http(s).
    assert all(is_safe_link(link) for link in links if link), links


def test_control_unsanitized_image_reaches_the_spy_and_is_refused(qtbot: QtBot) -> None:
    browser = SpyingBrowser()
    browser.setHtml(f'<p>bypassing the sanitizer <img src="{REMOTE_IMAGE}"></p>')
    with qtbot.waitSignal(browser.resourceRefused, timeout=5000) as refusal:
        rendered(qtbot, browser)
    assert REMOTE_IMAGE in browser.requested
    assert refusal.args is not None and refusal.args[0].toString() == REMOTE_IMAGE
    image = browser.document().resource(QTextDocument.ResourceType.ImageResource, REMOTE_IMAGE)
    assert image is None or not image


def test_control_the_same_image_through_the_sanitizer_is_never_requested(qtbot: QtBot) -> None:
    browser = SpyingBrowser()
    browser.set_remote_html(f'<p>sanitized <img src="{REMOTE_IMAGE}"></p>')
    rendered(qtbot, browser)
    assert browser.requested == []
    assert browser.toPlainText().strip() == "sanitized"


def test_a_note_asking_for_an_image_is_refused_and_raw_html_is_not_markup() -> None:
    document = SpyingDocument()
    document.set_markdown_note(
        f"![poster]({REMOTE_IMAGE}) and <img src=https://evil.example/raw.png> "
        "[click](javascript:alert(1))"
    )
    document.setTextWidth(500)
    document.size()  # lays the document out, loading what it shows
    assert document.requested == [REMOTE_IMAGE]  # the spy fires, and the request is refused
    assert "raw.png" not in "".join(document.requested)
    _links, images = links_and_images(document)
    assert images == [REMOTE_IMAGE]
    assert not document.resource(QTextDocument.ResourceType.ImageResource, REMOTE_IMAGE)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "//evil.example/",
    ],
)
def test_clicking_a_link_that_is_not_http_opens_nothing(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda target: opened.append(target) or True)
    assert open_safe_link(QUrl(url)) is False
    assert opened == []


def test_clicking_a_web_link_opens_it_in_the_system_browser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(
        richtext.QDesktopServices,
        "openUrl",
        lambda target: opened.append(target.toString()) or True,
    )
    assert open_safe_link(QUrl("https://www.tvmaze.com/shows/1")) is True
    assert opened == ["https://www.tvmaze.com/shows/1"]
