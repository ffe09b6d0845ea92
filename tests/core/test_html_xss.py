"""The synopsis sanitizer against an XSS corpus: no script, no handler, no resource, safe links.

The corpus is ``tests/fixtures/xss/vectors.txt``. Each output is parsed again and checked
structurally: only allow-listed tags, no attribute but a link's ``href``, and that only http(s).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from watchlist.core.html import ALLOWED_TAGS, html_to_text, is_safe_link, sanitize_html

CORPUS = Path(__file__).parent.parent / "fixtures" / "xss" / "vectors.txt"
LOOSE_BRACKET = re.compile(r"<(?!/?(?:" + "|".join(sorted(ALLOWED_TAGS)) + r")[ >])")


def load_vectors(path: Path = CORPUS) -> list[tuple[str, str]]:
    """(name, markup) for every vector of the corpus file."""
    vectors: list[tuple[str, str]] = []
    name: str | None = None
    lines: list[str] = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("%% "):
            if name is not None:
                vectors.append((name, "\n".join(lines).rstrip("\n")))
            name, lines = line[3:].strip(), []
        elif name is not None:
            lines.append(line)
    if name is not None:
        vectors.append((name, "\n".join(lines).rstrip("\n")))
    return vectors


VECTORS = load_vectors()
# Literal control characters inside a scheme, which do not belong in a text fixture.
VECTORS += [
    (f"link with U+{ord(char):04X} inside the scheme", f'<a href="java{char}script:alert(1)">x</a>')
    for char in ("\x00", "\x01", "\x0b", "\x0c", "\x7f", "\u00a0", "\u2028", "\ufeff")
]


class Inspector(HTMLParser):
    """Everything a renderer would see in sanitized markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str | None]] = []
        self.declarations: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(tag, name, value) for name, value in attrs]

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_comment(self, data: str) -> None:
        self.declarations.append(f"comment {data!r}")

    def handle_decl(self, decl: str) -> None:
        self.declarations.append(f"declaration {decl!r}")

    def handle_pi(self, data: str) -> None:
        self.declarations.append(f"processing instruction {data!r}")

    def unknown_decl(self, data: str) -> None:
        self.declarations.append(f"unknown declaration {data!r}")


def inspect(markup: str) -> Inspector:
    inspector = Inspector()
    inspector.feed(markup)
    inspector.close()
    return inspector


def assert_safe(output: str) -> None:
    seen = inspect(output)
    assert set(seen.tags) <= ALLOWED_TAGS, seen.tags
    assert seen.declarations == []
    for tag, name, value in seen.attributes:
        assert (tag, name) == ("a", "href"), (tag, name, value)
        assert value is not None and is_safe_link(value), value
        assert value.strip().lower().startswith(("http://", "https://")), value


def test_the_corpus_is_large_and_varied() -> None:
    assert len(VECTORS) >= 100
    text = "\n".join(markup.lower() for _name, markup in VECTORS)
    for trick in ("javascript:", "vbscript:", "data:", "<svg", "<math", "expression(", "<meta",
                  "<base", "srcset", "<![cdata[", "<!--", "&#x", "onerror", "<style"):  # fmt: skip
        assert trick in text, trick


@pytest.mark.parametrize(("name", "markup"), VECTORS, ids=[name for name, _ in VECTORS])
def test_sanitized_vector_has_no_script_handler_resource_or_unsafe_link(
    name: str, markup: str
) -> None:
    output = sanitize_html(markup)
    assert_safe(output)
    # Every "<" left opens an allowed tag; any other is escaped text ("&lt;").
    assert not LOOSE_BRACKET.search(output), output


@pytest.mark.parametrize(("name", "markup"), VECTORS, ids=[name for name, _ in VECTORS])
def test_sanitizing_twice_changes_nothing(name: str, markup: str) -> None:
    once = sanitize_html(markup)
    assert sanitize_html(once) == once


def test_safe_formatting_and_links_survive() -> None:
    markup = (
        '<p>Plain <b>synopsis</b> with an <a href="https://www.tvmaze.com/people/1" '
        'onclick="x()">actor</a>.</p>'
    )
    assert sanitize_html(markup) == (
        '<p>Plain <b>synopsis</b> with an <a href="https://www.tvmaze.com/people/1">actor</a>.</p>'
    )


def test_escaped_markup_stays_text() -> None:
    output = sanitize_html("&lt;script&gt;alert(1)&lt;/script&gt;")
    assert output == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert html_to_text(output) == "<script>alert(1)</script>"


def test_deep_nesting_and_huge_input_are_handled() -> None:
    deep = "<b>" * 20_000 + "deep" + "</b>" * 20_000
    assert_safe(sanitize_html(deep))
    huge = "<p>" + "<img src=https://evil.example/x.png>" * 50_000 + "</p>"
    assert_safe(sanitize_html(huge))


@given(st.text(alphabet=st.sampled_from(list("<>/=\"' abc&#;:xjpvS\t\n!-[]")), max_size=200))
def test_arbitrary_tag_soup_comes_out_safe(markup: str) -> None:
    assert_safe(sanitize_html(markup))


@given(
    tag=st.sampled_from(["a", "img", "p", "b", "svg", "script", "iframe", "x"]),
    attribute=st.sampled_from(["href", "src", "onclick", "style", "srcset", "xlink:href"]),
    value=st.text(max_size=60),
)
def test_any_attribute_value_comes_out_safe(tag: str, attribute: str, value: str) -> None:
    quoted = value.replace('"', "&quot;")
    assert_safe(sanitize_html(f'<{tag} {attribute}="{quoted}">text</{tag}>'))
