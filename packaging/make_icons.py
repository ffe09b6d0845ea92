"""Render the app icon's PNG sizes, Windows .ico and macOS .icns from the master SVG.

The master is ``resources/icons/watchlist.svg``; everything this script writes is generated
from it and committed, so a build machine needs no image tools. Rerun it after editing the SVG:

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icons.py

The .ico and .icns files are packed here (both formats are simple containers of PNG images),
so only Qt is needed: no Pillow, ImageMagick, iconutil or png2icns.
"""

from __future__ import annotations

import os
import shutil
import struct
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_ID = "io.github.watchlist.Watchlist"
MASTER_SVG = ROOT / "resources" / "icons" / "watchlist.svg"
HICOLOR_DIR = ROOT / "packaging" / "linux" / "icons" / "hicolor"
ICO_PATH = ROOT / "packaging" / "windows" / "watchlist.ico"
ICNS_PATH = ROOT / "packaging" / "macos" / "watchlist.icns"

PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# macOS icon types that hold PNG data, with their pixel size ("@2x" types are Retina variants).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"ic11", 32),  # 16@2x
    (b"ic12", 64),  # 32@2x
    (b"ic07", 128),
    (b"ic13", 256),  # 128@2x
    (b"ic08", 256),
    (b"ic14", 512),  # 256@2x
    (b"ic09", 512),
    (b"ic10", 1024),  # 512@2x
)


def hicolor_png_path(size: int) -> Path:
    """Where the PNG of one size goes, in the freedesktop icon theme layout."""
    return HICOLOR_DIR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def hicolor_svg_path() -> Path:
    return HICOLOR_DIR / "scalable" / "apps" / f"{APP_ID}.svg"


def render_png(svg: Path, size: int) -> bytes:
    """The SVG rendered to a square PNG of ``size`` pixels with a transparent background."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter
    from PySide6.QtSvg import QSvgRenderer

    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, QByteArray(b"png"))
    if not writer.write(image.convertToFormat(QImage.Format.Format_ARGB32)):
        raise RuntimeError(f"could not encode the {size}px PNG: {writer.errorString()}")
    buffer.close()
    return bytes(data.data())


def pack_ico(images: Iterable[tuple[int, bytes]]) -> bytes:
    """An .ico file holding PNG images (Windows Vista and later read PNG entries at any size)."""
    entries = list(images)
    header = struct.pack("<HHH", 0, 1, len(entries))
    offset = len(header) + 16 * len(entries)
    directory = b""
    for size, png in entries:
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        offset += len(png)
    return header + directory + b"".join(png for _, png in entries)


def pack_icns(images: Iterable[tuple[bytes, bytes]]) -> bytes:
    """An .icns file: a big-endian container of (type, PNG data) elements."""
    body = b"".join(kind + struct.pack(">I", 8 + len(png)) + png for kind, png in images)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    print(f"wrote {path.relative_to(ROOT)} ({len(data):,} bytes)")


def main() -> int:
    needed = sorted({*PNG_SIZES, *ICO_SIZES, *(size for _, size in ICNS_TYPES)})
    rendered = {size: render_png(MASTER_SVG, size) for size in needed}
    for size in PNG_SIZES:
        write(hicolor_png_path(size), rendered[size])
    hicolor_svg_path().parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(MASTER_SVG, hicolor_svg_path())
    print(f"wrote {hicolor_svg_path().relative_to(ROOT)} (copy of the master)")
    write(ICO_PATH, pack_ico((size, rendered[size]) for size in ICO_SIZES))
    write(ICNS_PATH, pack_icns((kind, rendered[size]) for kind, size in ICNS_TYPES))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
