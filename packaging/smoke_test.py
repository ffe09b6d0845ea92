"""Smoke-test what `make package` built: the wheel and sdist, and the PyInstaller bundle.

    python packaging/smoke_test.py wheel dist            # dist/ holds the wheel and the sdist
    python packaging/smoke_test.py bundle dist/watchlist # the one-folder bundle

Each check runs the installed or bundled program the way a person would, outside the checkout
and with the network off: `--version`, a screenshot of the window on the sample library
(offscreen, 1280x800 PNG) and a real library created from scratch (the migrations run).
Uses only the standard library, so any Python 3.11 can run it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import struct
import subprocess
import sys
import tarfile
import tempfile
import venv
import zipfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERSION = re.search(
    r'^__version__ = "([^"]+)"',
    (ROOT / "watchlist" / "__init__.py").read_text(encoding="utf-8"),
    re.MULTILINE,
).group(1)  # type: ignore[union-attr]
SCREENSHOT_SIZE = (1280, 800)
MIN_SCREENSHOT_BYTES = 40_000
SAMPLE_SHOW = "All of Us Are Dead"
TIMEOUT_SECONDS = 180
MIGRATIONS = ROOT / "watchlist" / "store" / "migrations"


class SmokeTestError(Exception):
    """What was built does not work."""


def migration_files() -> list[str]:
    """Migration files relative to the package folder, as the wheel and the bundle hold them."""
    return sorted(
        path.relative_to(ROOT).as_posix()
        for path in MIGRATIONS.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    )


def resource_files() -> list[str]:
    """Runtime resources relative to resources/ (the README's screenshots are not needed)."""
    folder = ROOT / "resources"
    return sorted(
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and path.relative_to(folder).parts[0] != "screenshots"
    )


def clean_environment(home: Path) -> dict[str, str]:
    """The environment of a fresh desktop session: no checkout, no virtualenv, no network."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("WATCHLIST_", "PYTHON", "QT_", "XDG_"))
        and key not in {"VIRTUAL_ENV", "PYTHONPATH"}
    }
    env.update(
        {
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_DATA_HOME": str(home / ".local" / "share"),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "QT_QPA_PLATFORM": "offscreen",
            "WATCHLIST_OFFLINE": "1",
        }
    )
    return env


def run(command: Sequence[str | Path], *, env: dict[str, str], cwd: Path) -> str:
    """Run a command; return its standard output, or fail with everything it said."""
    words = [str(word) for word in command]
    print("$", " ".join(f'"{word}"' if " " in word else word for word in words), flush=True)
    try:
        result = subprocess.run(
            words,
            env=env,
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise SmokeTestError(f"timed out after {TIMEOUT_SECONDS} s: {words[0]}") from error
    if result.returncode != 0 or "Traceback (most recent call last)" in result.stderr:
        raise SmokeTestError(
            f"{' '.join(words)} exited {result.returncode}\n"
            f"--- stdout\n{result.stdout}--- stderr\n{result.stderr}"
        )
    return result.stdout


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's header."""
    with path.open("rb") as file:
        header = file.read(24)
    if len(header) < 24 or header[:8] != b"\x89PNG\r\n\x1a\n" or header[12:16] != b"IHDR":
        raise SmokeTestError(f"{path} is not a PNG")
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def check_program(program: Sequence[str | Path], work: Path) -> None:
    """The checks every build of Watchlist must pass, whatever installed it."""
    home = work / "home"
    home.mkdir()
    env = clean_environment(home)

    version = run([*program, "--version"], env=env, cwd=work).strip()
    if version != f"watchlist {VERSION}":
        raise SmokeTestError(f"--version printed {version!r}, expected 'watchlist {VERSION}'")

    screenshot = work / "screenshot.png"
    run(
        [*program, "--demo", "gui", "--screenshot", screenshot, "--select", SAMPLE_SHOW],
        env=env,
        cwd=work,
    )
    if not screenshot.is_file():
        raise SmokeTestError("the screenshot command exited 0 but wrote no PNG")
    if png_size(screenshot) != SCREENSHOT_SIZE:
        raise SmokeTestError(f"screenshot is {png_size(screenshot)}, expected {SCREENSHOT_SIZE}")
    # An empty window compresses to about 5 kB; the sample library's window to about 150 kB.
    if screenshot.stat().st_size < MIN_SCREENSHOT_BYTES:
        raise SmokeTestError(f"the screenshot is nearly empty ({screenshot.stat().st_size} bytes)")

    data_dir = work / "library"
    title = "Smoke Test Show"
    run(
        [*program, "--data-dir", data_dir, "add", "--title", title, "--renewal", "renewed"],
        env=env,
        cwd=work,
    )
    shows = json.loads(run([*program, "--data-dir", data_dir, "list", "--json"], env=env, cwd=work))
    if [show.get("title") for show in shows] != [title]:
        raise SmokeTestError(f"a new library should list only {title!r}, got {shows!r}")
    print(f"ok: {version}, screenshot {SCREENSHOT_SIZE[0]}x{SCREENSHOT_SIZE[1]}, new library")


def require_members(archive: str, members: set[str], expected: Sequence[str]) -> None:
    missing = [name for name in expected if name not in members]
    if missing:
        raise SmokeTestError(f"{archive} lacks {', '.join(missing)}")


def check_distributions(dist: Path) -> Path:
    """The wheel and sdist of this version carry resources/ and the migrations."""
    wheels = sorted(dist.glob(f"watchlist-{VERSION}-*.whl"))
    sdists = sorted(dist.glob(f"watchlist-{VERSION}.tar.gz"))
    if len(wheels) != 1 or len(sdists) != 1:
        raise SmokeTestError(f"expected one wheel and one sdist of {VERSION} in {dist}")
    wheel, sdist = wheels[0], sdists[0]

    with zipfile.ZipFile(wheel) as archive:
        members = set(archive.namelist())
        entry_points = archive.read(f"watchlist-{VERSION}.dist-info/entry_points.txt").decode()
    require_members(
        wheel.name,
        members,
        [
            *(f"watchlist/resources/{name}" for name in resource_files()),
            *(name for name in migration_files()),
            "watchlist/py.typed",
        ],
    )
    for script in ("watchlist = watchlist.cli:main", "watchlist-gui = watchlist.cli:gui_main"):
        if script not in entry_points:
            raise SmokeTestError(f"{wheel.name} does not declare the script {script!r}")

    with tarfile.open(sdist) as archive:
        prefix = f"watchlist-{VERSION}/"
        members = {name.removeprefix(prefix) for name in archive.getnames()}
    require_members(
        sdist.name,
        members,
        [
            *(f"resources/{name}" for name in resource_files()),
            *migration_files(),
            "pyproject.toml",
            "LICENSE",
            "packaging/watchlist.spec",
        ],
    )
    print(f"ok: {wheel.name} and {sdist.name} carry resources/ and the migrations")
    return wheel


def smoke_test_wheel(dist: Path) -> None:
    """Install the wheel into a fresh virtualenv and run the installed program."""
    wheel = check_distributions(dist)
    with tempfile.TemporaryDirectory(prefix="watchlist-wheel-") as folder:
        work = Path(folder)
        environment = work / "venv"
        print(f"$ python -m venv {environment}", flush=True)
        venv.create(environment, with_pip=True)
        scripts = environment / ("Scripts" if sys.platform == "win32" else "bin")
        python = scripts / "python"
        pip_env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
        pip_env.pop("PYTHONPATH", None)
        run([python, "-m", "pip", "install", "--quiet", wheel.resolve()], env=pip_env, cwd=work)
        where = run(
            [
                python,
                "-c",
                "import watchlist, watchlist.config as c; "
                "print(watchlist.__file__); print(c.resources_dir())",
            ],
            env=pip_env,
            cwd=work,
        ).split()
        if any(Path(path).resolve().is_relative_to(ROOT) for path in where):
            raise SmokeTestError(f"the installed package reads from the checkout: {where}")
        check_program([scripts / "watchlist"], work)


def bundle_program(bundle: Path) -> Path:
    name = "watchlist.exe" if sys.platform == "win32" else "watchlist"
    app_program = bundle.parent / "Watchlist.app" / "Contents" / "MacOS" / name
    return app_program if sys.platform == "darwin" else bundle / name


def check_bundle_contents(bundle: Path) -> None:
    """The data the bundle needs at run time is there as files."""
    internal = bundle / "_internal"
    expected = [
        *(f"resources/{name}" for name in resource_files()),
        *migration_files(),
        "LICENSE",
    ]
    missing = [name for name in expected if not (internal / name).is_file()]
    fonts = list((internal / "qtawesome" / "fonts").glob("*.ttf"))
    charmaps = list((internal / "qtawesome" / "fonts").glob("*charmap*.json"))
    if not fonts or not charmaps:
        missing.append("qtawesome/fonts (fonts and charmaps)")
    plugins = internal / "PySide6" / "Qt" / "plugins"
    if sys.platform.startswith("linux"):
        for plugin in (
            "platforms/libqxcb.so",
            "platforms/libqwayland.so",
            "platforms/libqoffscreen.so",
            "iconengines/libqsvgicon.so",
            "imageformats/libqsvg.so",
        ):
            if not (plugins / plugin).is_file():
                missing.append(f"PySide6/Qt/plugins/{plugin}")
    if missing:
        raise SmokeTestError(f"{bundle} lacks {', '.join(missing)}")
    size = sum(
        path.stat().st_size
        for path in bundle.rglob("*")
        if path.is_file() and not path.is_symlink()
    )
    print(f"ok: bundle contents ({size / 2**20:.0f} MiB)")


# Libraries Qt's X11 plugin needs that a desktop may lack (libxcb-cursor0 most often). PyInstaller
# bundles those it finds on the build machine, so the build machine must have them.
X11_PLUGIN_PACKAGES = (
    "libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 "
    "libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0"
)


def check_x11_plugin_dependencies(bundle: Path) -> None:
    """Every library of Qt's X11 plugin is in the bundle or on the system it was built on.

    The smoke test runs offscreen, which never loads the X11 plugin; this is the check that it
    would load on a desktop.
    """
    internal = bundle / "_internal"
    plugin = internal / "PySide6" / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    library_path = os.pathsep.join(str(path) for path in (internal, internal / "PySide6/Qt/lib"))
    result = subprocess.run(
        ["ldd", str(plugin)],
        env={**os.environ, "LD_LIBRARY_PATH": library_path},
        capture_output=True,
        text=True,
        check=True,
    )
    missing = sorted(
        {line.split()[0] for line in result.stdout.splitlines() if "not found" in line}
    )
    if missing:
        raise SmokeTestError(
            f"Qt's X11 plugin needs {', '.join(missing)}, which this build machine lacks, so the "
            "bundle lacks them too and would not open a window on a desktop without them. "
            f"Install them (Debian: apt-get install {X11_PLUGIN_PACKAGES}; .ci/run does) "
            "and build again."
        )
    print("ok: Qt's X11 plugin finds all its libraries")


def smoke_test_bundle(bundle: Path) -> None:
    check_bundle_contents(bundle)
    if sys.platform.startswith("linux"):
        check_x11_plugin_dependencies(bundle)
    with tempfile.TemporaryDirectory(prefix="watchlist-bundle-") as folder:
        check_program([bundle_program(bundle).resolve()], Path(folder))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=["wheel", "bundle"])
    parser.add_argument("path", type=Path, help="dist/ for wheel, the bundle folder for bundle")
    args = parser.parse_args(argv)
    try:
        if args.kind == "wheel":
            smoke_test_wheel(args.path)
        else:
            smoke_test_bundle(args.path)
    except SmokeTestError as error:
        print(f"smoke test failed: {error}", file=sys.stderr)
        return 1
    print(f"smoke test passed: {args.kind}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
