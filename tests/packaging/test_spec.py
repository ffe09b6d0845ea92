"""What packaging/watchlist.spec asks PyInstaller for, on Linux, Windows and macOS.

The spec runs here against stand-ins for PyInstaller's build classes that record their
arguments, so the Windows and macOS branches are checked on any machine. `make package` builds
the real Linux bundle and smoke-tests it.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest

from tests.packaging.support import APP_ID, PACKAGING, ROOT

SPEC = PACKAGING / "watchlist.spec"


class _Analysis:
    def __init__(self, scripts: list[str], **options: Any) -> None:
        self.scripts = [(Path(script).stem, script, "PYSOURCE") for script in scripts]
        self.scripts.insert(0, ("pyi_rth_inspect", "hook.py", "PYSOURCE"))
        self.pure: list[Any] = []
        self.binaries: list[Any] = []
        self.datas = list(options["datas"])
        self.options = options


def _build(platform: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Run the spec as PyInstaller would on ``platform``; return what it asked for."""
    calls: dict[str, list[Any]] = defaultdict(list)

    def recorder(kind: str) -> Any:
        def record(*args: Any, **kwargs: Any) -> SimpleNamespace:
            made = SimpleNamespace(args=args, kwargs=kwargs)
            calls[kind].append(made)
            return made

        return record

    def collect_data_files(package: str) -> list[tuple[str, str]]:
        calls["collect_data_files"].append(package)
        return [(f"/site-packages/{package}/fonts/font.ttf", f"{package}/fonts")]

    stubs = {
        "PyInstaller": {},
        "PyInstaller.utils": {},
        "PyInstaller.utils.hooks": {"collect_data_files": collect_data_files},
        "PyInstaller.utils.win32": {},
        "PyInstaller.utils.win32.versioninfo": {
            name: recorder(name)
            for name in (
                "VSVersionInfo",
                "FixedFileInfo",
                "StringFileInfo",
                "StringTable",
                "StringStruct",
                "VarFileInfo",
                "VarStruct",
            )
        },
        "PyInstaller.depend": {},
        "PyInstaller.depend.bindepend": {"get_imports": lambda path: []},
    }
    for name, attributes in stubs.items():
        module = ModuleType(name)
        module.__dict__.update(attributes)
        monkeypatch.setitem(sys.modules, name, module)
    monkeypatch.setattr(sys, "platform", platform)

    def analysis(*args: Any, **kwargs: Any) -> _Analysis:
        made = _Analysis(*args, **kwargs)
        calls["Analysis"].append(made)
        return made

    namespace: dict[str, Any] = {
        "SPECPATH": str(PACKAGING),
        "Analysis": analysis,
        **{kind: recorder(kind) for kind in ("PYZ", "EXE", "COLLECT", "BUNDLE")},
    }
    exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    return {**calls, "APP_ID": namespace["APP_ID"]}


def _programs(build: dict[str, Any]) -> dict[str, SimpleNamespace]:
    return {program.kwargs["name"]: program for program in build["EXE"]}


def _launchers(program: SimpleNamespace) -> list[str]:
    return [name for name, _, _ in program.args[1] if name.endswith("_launcher")]


def test_spec_uses_the_app_id(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _build("linux", monkeypatch)["APP_ID"] == APP_ID


def test_bundle_ships_resources_migrations_and_qtawesome_fonts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    build = _build("linux", monkeypatch)
    datas = {
        (Path(source).resolve(), destination) for source, destination in build["Analysis"][0].datas
    }
    assert (ROOT / "resources" / "sample-library.json", "resources") in datas
    assert (ROOT / "resources" / "icons" / "watchlist.svg", "resources/icons") in datas
    migrations = ROOT / "watchlist" / "store" / "migrations"
    for path in [
        migrations / "env.py",
        migrations / "script.py.mako",
        *migrations.glob("versions/*.py"),
    ]:
        destination = Path("watchlist/store", path.parent.relative_to(migrations.parent))
        assert (path, destination.as_posix()) in datas, path
    assert "qtawesome" in build["collect_data_files"]
    assert not any("screenshots" in str(source) for source, _ in datas)


def test_migration_imports_are_bundled_though_alembic_loads_them_from_files(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hidden = _build("linux", monkeypatch)["Analysis"][0].options["hiddenimports"]
    assert {"alembic", "sqlalchemy", "watchlist.store.models"} <= set(hidden)


def test_linux_bundle_is_one_console_program_named_watchlist(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    build = _build("linux", monkeypatch)
    programs = _programs(build)
    assert list(programs) == ["watchlist"]
    assert programs["watchlist"].kwargs["console"] is True
    assert _launchers(programs["watchlist"]) == ["cli_launcher"]
    assert "BUNDLE" not in build


def test_windows_bundle_adds_a_windowed_program_with_icon_and_version(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    programs = _programs(_build("win32", monkeypatch))
    assert set(programs) == {"watchlist", "watchlist-gui"}
    assert programs["watchlist"].kwargs["console"] is True
    assert programs["watchlist-gui"].kwargs["console"] is False
    assert _launchers(programs["watchlist-gui"]) == ["gui_launcher"]
    for program in programs.values():
        icon = Path(program.kwargs["icon"])
        assert icon.suffix == ".ico" and icon.is_file()
        assert program.kwargs["version"] is not None


def test_macos_app_bundle_has_the_app_id_and_opens_the_window(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    build = _build("darwin", monkeypatch)
    (app,) = build["BUNDLE"]
    assert app.kwargs["bundle_identifier"] == APP_ID
    assert app.kwargs["name"] == "Watchlist.app"
    icon = Path(app.kwargs["icon"])
    assert icon.suffix == ".icns" and icon.is_file()
    plist = app.kwargs["info_plist"]
    assert plist["CFBundleExecutable"] == "watchlist-gui"
    assert plist["LSBackgroundOnly"] is False  # a Dock icon and a menu bar
    (folder,) = app.args
    launched = next(p for p in folder.args[:2] if p.kwargs["name"] == plist["CFBundleExecutable"])
    assert launched.kwargs["console"] is False
    assert _launchers(launched) == ["gui_launcher"]
