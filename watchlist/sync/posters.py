"""Posters on disk, so the library shows them offline: downloaded once, capped, type-checked.

A poster's file name comes from the show and a hash of the image URL, so a file that exists is
the image that URL names and is never fetched again; a new URL upstream makes a new file. Files
are written whole or not at all (a temporary file renamed into place).
"""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path

from watchlist.core.html import is_safe_link
from watchlist.core.text import quoted, shortened
from watchlist.sync.errors import PosterError, ResponseTooLargeError
from watchlist.sync.http import HttpClient

log = logging.getLogger(__name__)

MAX_POSTER_BYTES = 5 * 1024 * 1024
IMAGE_SUFFIXES = (".jpg", ".png", ".webp")
_SAFE_KEY = re.compile(r"[^a-z0-9-]+")


def image_suffix(data: bytes) -> str | None:
    """The file suffix for JPEG, PNG or WebP data, judged by magic bytes; None otherwise."""
    if data.startswith(b"\xff\xd8\xff"):
        return ".jpg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return ".png"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ".webp"
    return None


class PosterCache:
    """The posters folder in the data folder, filled from the provider's image host."""

    def __init__(
        self, folder: Path, client: HttpClient, *, max_bytes: int = MAX_POSTER_BYTES
    ) -> None:
        self.folder = folder
        self.client = client
        self.max_bytes = max_bytes

    def path(self, file_name: str) -> Path:
        return self.folder / file_name

    def stem_for(self, key: str, url: str) -> str:
        """``tvmaze-1-<hash of the URL>``: stable for one image, new for a new one."""
        digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]
        safe_key = _SAFE_KEY.sub("-", key.casefold()).strip("-") or "poster"
        return f"{safe_key}-{digest}"

    def cached(self, key: str, url: str) -> str | None:
        """The file name of this image if it is already on disk."""
        stem = self.stem_for(key, url)
        for suffix in IMAGE_SUFFIXES:
            if (self.folder / f"{stem}{suffix}").is_file():
                return f"{stem}{suffix}"
        return None

    def fetch(self, url: str, *, key: str) -> str:
        """The file name of the poster at ``url``, downloading it unless it is on disk."""
        existing = self.cached(key, url)
        if existing is not None:
            return existing
        if not is_safe_link(url):
            raise PosterError(f"Not downloading a poster from {quoted(url)}: not a web address.")
        try:
            data = self.client.download(url, max_bytes=self.max_bytes, what="the poster")
        except ResponseTooLargeError:
            raise PosterError(
                f"The poster at {shortened(url)} is larger than {self.max_bytes / 1_048_576:g} MB, "
                "so it was not saved."
            ) from None
        suffix = image_suffix(data)
        if suffix is None:
            raise PosterError(
                f"The poster at {shortened(url)} is not a JPEG, PNG or WebP image, so it was not "
                "saved."
            )
        name = f"{self.stem_for(key, url)}{suffix}"
        self._write(name, data)
        log.info("Saved poster %s (%d bytes)", name, len(data))
        return name

    def remove(self, file_name: str) -> None:
        """Delete a poster that no show uses any more."""
        target = self.folder / Path(file_name).name
        try:
            target.unlink(missing_ok=True)
        except OSError as error:
            log.warning("Could not delete the old poster %s: %s", target, error)

    def _write(self, name: str, data: bytes) -> None:
        target = self.folder / name
        temporary = self.folder / f".{name}.partial"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(data)
            temporary.replace(target)
        except OSError as error:
            temporary.unlink(missing_ok=True)
            raise PosterError(
                f"Cannot save the poster in {self.folder}: {error.strerror or error}."
            ) from error
