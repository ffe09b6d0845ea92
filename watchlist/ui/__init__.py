"""The PySide6 desktop interface."""

import os

# qtawesome goes through QtPy; make it pick PySide6 even if another binding is installed.
os.environ.setdefault("QT_API", "pyside6")
