"""Remote HTML (TVmaze summaries) made safe: a strict allow-list sanitizer and a text converter.

Only simple formatting survives: paragraphs, line breaks, emphasis, lists, and links whose target
is http(s). Every attribute except a link's ``href`` is dropped, so no scripts, event handlers,
styles or remote resources (images, stylesheets, frames) can reach the renderer.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

ALLOWED_TAGS = frozenset(
    {"p", "br", "b", "strong", "i", "em", "u", "ul", "ol", "li", "blockquote", "a", "h3", "h4"}
)
VOID_TAGS = frozenset({"br"})
DROP_CONTENT_TAGS = frozenset(
    {"script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math",
     "head", "title", "textarea", "select", "frameset", "frame", "applet", "xml"}
)  # fmt: skip
BLOCK_TAGS = frozenset({"p", "br", "li", "blockquote", "h3", "h4", "div", "ul", "ol", "tr"})
SAFE_SCHEMES = frozenset({"http", "https"})
MAX_INPUT_LENGTH = 200_000


def is_safe_link(url: str) -> bool:
    """True for absolute http(s) URLs with a host; everything else is refused."""
    candidate = "".join(char for char in url.strip() if char.isprintable() and not char.isspace())
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return False
    return parts.scheme.lower() in SAFE_SCHEMES and bool(parts.netloc)


class _Sanitizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []
        self.dropping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if tag in DROP_CONTENT_TAGS:
            self.dropping += 1
            return
        if self.dropping or tag not in ALLOWED_TAGS:
            return
        if tag in VOID_TAGS:
            self.out.append(f"<{tag}>")
            return
        if tag == "a":
            href = next((value for name, value in attrs if name.lower() == "href"), None)
            if href and is_safe_link(href):
                self.out.append(f'<a href="{html.escape(href.strip(), quote=True)}">')
            else:
                self.out.append("<a>")
        else:
            self.out.append(f"<{tag}>")
        self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag.lower() in VOID_TAGS and not self.dropping:
            self.out.append(f"<{tag.lower()}>")

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if tag in DROP_CONTENT_TAGS:
            self.dropping = max(0, self.dropping - 1)
            return
        if self.dropping or tag not in self.open:
            return
        while self.open:
            closing = self.open.pop()
            self.out.append(f"</{closing}>")
            if closing == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.out.append(html.escape(data, quote=False))

    def result(self) -> str:
        self.close()
        while self.open:
            self.out.append(f"</{self.open.pop()}>")
        return "".join(self.out).strip()


def sanitize_html(markup: str | None) -> str:
    """Allow-listed HTML safe for a rich-text view that must never load or run anything."""
    if not markup:
        return ""
    parser = _Sanitizer()
    parser.feed(markup[:MAX_INPUT_LENGTH])
    return parser.result()


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.dropping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag.lower() in DROP_CONTENT_TAGS:
            self.dropping += 1
        elif tag.lower() in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag.lower() in DROP_CONTENT_TAGS:
            self.dropping = max(0, self.dropping - 1)
        elif tag.lower() in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.parts.append(data)


def html_to_text(markup: str | None) -> str:
    """Plain text of an HTML fragment: paragraphs separated by blank lines, spaces collapsed."""
    if not markup:
        return ""
    extractor = _TextExtractor()
    extractor.feed(markup[:MAX_INPUT_LENGTH])
    extractor.close()
    text = "".join(extractor.parts)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    paragraphs = re.split(r"\n{2,}", "\n".join(lines).strip())
    return "\n\n".join(paragraph.strip() for paragraph in paragraphs if paragraph.strip())


def text_to_html(text: str) -> str:
    """Escaped plain text as paragraphs, for showing a user's own synopsis."""
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]
    return "".join(
        "<p>" + html.escape(paragraph).replace("\n", "<br>") + "</p>" for paragraph in paragraphs
    )
