"""PyInstaller runtime hook: tell QtPy (used by QtAwesome) that the bundle's binding is PySide6.

Without it QtPy first tries PyQt5, which the bundle does not contain.
"""

import os

os.environ.setdefault("QT_API", "pyside6")
