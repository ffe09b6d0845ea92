"""Validate the Linux desktop integration: .desktop file, AppStream metainfo, Flatpak manifest.

Runs the freedesktop validators (Debian packages desktop-file-utils and appstream), checks the
installed layout with ``appstreamcli validate-tree`` and parses the Flatpak manifest. A missing
validator is an error, never a skip: `.ci/run` installs them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml  # type: ignore[import-untyped]  # PyYAML ships no type hints

ROOT = Path(__file__).resolve().parent.parent
LINUX = ROOT / "packaging" / "linux"
APP_ID = "io.github.watchlist.Watchlist"
DESKTOP_FILE = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
FLATPAK_MANIFEST = LINUX / f"{APP_ID}.yml"
INSTALL_SCRIPT = LINUX / "install-desktop-files.sh"
TOOLS = {"desktop-file-validate": "desktop-file-utils", "appstreamcli": "appstream"}


class ValidationError(Exception):
    """A packaging file is invalid, or a validator is missing."""


def require_tools() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        packages = " ".join(TOOLS[tool] for tool in missing)
        raise ValidationError(
            f"{', '.join(missing)} not found: install {packages} "
            f"(Debian/Ubuntu: apt-get install {packages}; .ci/run does this)"
        )


def run_validator(command: list[str]) -> None:
    """Run a validator, show what it says, and fail on anything above a hint."""
    print("$", " ".join(command))
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    output = (result.stdout + result.stderr).strip()
    if output:
        print(output)
    if result.returncode != 0:
        raise ValidationError(f"{command[0]} {command[1]} failed (exit {result.returncode})")
    # desktop-file-validate exits 0 on warnings; treat them as failures too.
    if command[0] == "desktop-file-validate" and "warning:" in output:
        raise ValidationError(f"desktop-file-validate warns about {DESKTOP_FILE.name}")


def validate_installed_tree() -> None:
    """Install the files as a package would and let AppStream check they fit together."""
    with tempfile.TemporaryDirectory(prefix="watchlist-tree-") as folder:
        prefix = Path(folder) / "usr"
        subprocess.run(["sh", str(INSTALL_SCRIPT), str(prefix)], check=True)
        run_validator(["appstreamcli", "validate-tree", "--no-net", folder])


def validate_flatpak_manifest() -> None:
    """The manifest parses, names the app, and every local file it refers to exists."""
    print(f"$ parse {FLATPAK_MANIFEST.relative_to(ROOT)}")
    manifest = yaml.safe_load(FLATPAK_MANIFEST.read_text(encoding="utf-8"))
    if manifest.get("id") != APP_ID or manifest.get("command") != "watchlist":
        raise ValidationError(f"{FLATPAK_MANIFEST.name}: id must be {APP_ID}, command watchlist")
    for module in manifest.get("modules", []):
        if isinstance(module, str):
            included = LINUX / module
            if not included.is_file():
                raise ValidationError(f"{FLATPAK_MANIFEST.name}: module file {module} is missing")
            json.loads(included.read_text(encoding="utf-8"))
            continue
        for source in module.get("sources", []):
            path = source.get("path")
            if path and not (LINUX / path).exists():
                raise ValidationError(f"{FLATPAK_MANIFEST.name}: source path {path} is missing")
    print("ok")


def main() -> int:
    try:
        require_tools()
        run_validator(["desktop-file-validate", str(DESKTOP_FILE)])
        run_validator(["appstreamcli", "validate", "--no-net", str(METAINFO)])
        validate_installed_tree()
        validate_flatpak_manifest()
    except (ValidationError, subprocess.CalledProcessError, yaml.YAMLError) as error:
        print(f"validate_linux: {error}", file=sys.stderr)
        return 1
    print("Linux desktop files: valid")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
