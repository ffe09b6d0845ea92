"""The generated icons are complete and still match the master SVG (rerun make_icons.py if not)."""

from __future__ import annotations

import struct
from types import ModuleType

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from tests.packaging.support import png_size

# A committed PNG is stale when more than this share of its pixels differs from a fresh render
# by more than CHANNEL_TOLERANCE in some channel. Loose enough for antialiasing differences
# between Qt versions; moving the check mark by two units of the 256 grid already exceeds it.
STALE_PIXEL_SHARE = 0.001
CHANNEL_TOLERANCE = 48


def _argb_bytes(data: bytes) -> bytes:
    image = QImage.fromData(data).convertToFormat(QImage.Format.Format_ARGB32)
    assert not image.isNull()
    return bytes(image.constBits())[: image.sizeInBytes()]


def test_hicolor_pngs_exist_in_every_size(make_icons: ModuleType) -> None:
    for size in make_icons.PNG_SIZES:
        path = make_icons.hicolor_png_path(size)
        assert png_size(path.read_bytes()) == (size, size), path


def test_hicolor_pngs_match_a_render_of_the_master_svg(
    make_icons: ModuleType, qapp: QApplication
) -> None:
    for size in make_icons.PNG_SIZES:
        committed = _argb_bytes(make_icons.hicolor_png_path(size).read_bytes())
        fresh = _argb_bytes(make_icons.render_png(make_icons.MASTER_SVG, size))
        assert len(committed) == len(fresh)
        if committed == fresh:
            continue
        differing = sum(
            1
            for pixel in range(0, len(fresh), 4)
            if max(abs(committed[pixel + k] - fresh[pixel + k]) for k in range(4))
            > CHANNEL_TOLERANCE
        )
        share = differing / (size * size)
        assert share <= STALE_PIXEL_SHARE, f"{size}px icon is stale: run packaging/make_icons.py"


def test_scalable_icon_is_the_master_svg(make_icons: ModuleType) -> None:
    assert make_icons.hicolor_svg_path().read_bytes() == make_icons.MASTER_SVG.read_bytes()


def test_windows_icon_holds_every_size(make_icons: ModuleType) -> None:
    data = make_icons.ICO_PATH.read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind, count) == (0, 1, len(make_icons.ICO_SIZES))
    sizes = []
    for index in range(count):
        width, height, *_, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * index)
        image = data[offset : offset + length]
        assert png_size(image) == (width or 256, height or 256)
        sizes.append(width or 256)
    assert tuple(sizes) == make_icons.ICO_SIZES


def test_macos_icon_holds_standard_and_retina_sizes(make_icons: ModuleType) -> None:
    data = make_icons.ICNS_PATH.read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack_from(">I", data, 4)[0] == len(data)
    elements = []
    offset = 8
    while offset < len(data):
        kind = data[offset : offset + 4]
        (length,) = struct.unpack_from(">I", data, offset + 4)
        width, _ = png_size(data[offset + 8 : offset + length])
        elements.append((kind, width))
        offset += length
    assert tuple(elements) == make_icons.ICNS_TYPES
