"""The desktop file, metainfo and Flatpak files agree with the app and with each other.

The freedesktop validators run in `make package` (packaging/validate_linux.py); these checks
are the fast ones that need no tool.
"""

from __future__ import annotations

import configparser
import json
import re
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

from packaging.requirements import Requirement

import watchlist
from tests.packaging.support import APP_ID, LINUX, ROOT, png_size
from watchlist.ui.app import DESKTOP_FILE_NAME, SCREENSHOT_SIZE

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(LINUX / f"{APP_ID}.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def _metainfo() -> ET.Element:
    return ET.parse(LINUX / f"{APP_ID}.metainfo.xml").getroot()


def test_app_id_is_the_one_the_app_gives_qt() -> None:
    assert DESKTOP_FILE_NAME == APP_ID


def test_desktop_file_shows_the_app_icon_and_runs_the_watchlist_command() -> None:
    entry = _desktop_entry()
    assert entry["Icon"] == APP_ID
    command = entry["Exec"].split()[0]
    assert command == entry["TryExec"] == "watchlist"
    assert command in PYPROJECT["scripts"]


def test_metainfo_names_the_app_its_desktop_file_and_its_command() -> None:
    root = _metainfo()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable[@type='desktop-id']") == f"{APP_ID}.desktop"
    assert root.findtext("provides/binary") == _desktop_entry()["Exec"].split()[0]


def test_metainfo_licences_match_the_project() -> None:
    root = _metainfo()
    assert root.findtext("project_license") == PYPROJECT["license"]
    assert root.findtext("metadata_license") == "CC0-1.0"


def test_metainfo_newest_release_is_this_version_with_notes() -> None:
    newest = _metainfo().find("releases/release")
    assert newest is not None
    assert newest.get("version") == watchlist.__version__
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", newest.get("date", ""))
    assert newest.findall("description/ul/li"), "release notes are missing"


def test_metainfo_screenshot_has_the_size_the_app_renders() -> None:
    image = _metainfo().find("screenshots/screenshot[@type='default']/image")
    assert image is not None
    assert (int(image.get("width", 0)), int(image.get("height", 0))) == SCREENSHOT_SIZE
    assert (image.text or "").endswith("resources/screenshots/main-window.png")


def test_install_script_installs_every_file_where_desktops_look(tmp_path: Path) -> None:
    subprocess.run(["sh", str(LINUX / "install-desktop-files.sh"), str(tmp_path)], check=True)
    share = tmp_path / "share"
    assert (share / "applications" / f"{APP_ID}.desktop").is_file()
    assert (share / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    assert (share / "icons/hicolor/scalable/apps" / f"{APP_ID}.svg").is_file()
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        icon = share / f"icons/hicolor/{size}x{size}/apps/{APP_ID}.png"
        assert png_size(icon.read_bytes()) == (size, size)


def test_flatpak_manifest_is_the_app_and_runs_watchlist() -> None:
    # A line-level look: PyYAML is a packaging tool (validate_linux.py parses the whole file).
    text = (LINUX / f"{APP_ID}.yml").read_text(encoding="utf-8")
    assert re.search(rf"^id: {re.escape(APP_ID)}$", text, re.MULTILINE)
    assert re.search(r"^command: watchlist$", text, re.MULTILINE)
    assert "- --share=network" in text


def test_flatpak_modules_pin_every_dependency_but_pyside() -> None:
    """PySide6 comes from the base app; every other dependency needs a pinned wheel."""
    modules = json.loads((LINUX / "python3-requirements.json").read_text(encoding="utf-8"))
    pins = {}
    for module in modules["modules"]:
        for command in module["build-commands"]:
            for pin in re.findall(r'"([A-Za-z0-9_.-]+==[^"]+)"', command):
                requirement = Requirement(pin)
                pins[requirement.name.lower()] = next(iter(requirement.specifier)).version
    for dependency in map(Requirement, PYPROJECT["dependencies"]):
        name = dependency.name.lower()
        if name.startswith("pyside6"):
            continue
        assert name in pins, f"{name} is missing from python3-requirements.json"
        assert dependency.specifier.contains(pins[name]), f"{name} {pins[name]} is out of range"
