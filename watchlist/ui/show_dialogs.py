"""Dialogs to add a show by hand and to edit the fields a user may override."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from watchlist.core.dates import FuzzyDateError, parse_fuzzy_date
from watchlist.core.status import RenewalStatus, WatchStatus
from watchlist.store.library import NewShow, SeasonEdit, ShowChanges
from watchlist.store.limits import MAX_NETWORK_LENGTH, MAX_TITLE_LENGTH
from watchlist.store.views import ShowDetail
from watchlist.ui import formatting, icons


class OptionalDateEdit(QWidget):
    """A date that may be unknown: a check box enabling a calendar date editor."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.known = QCheckBox(label)
        self.editor = QDateEdit()
        self.editor.setCalendarPopup(True)
        self.editor.setDisplayFormat("d MMM yyyy")
        self.editor.setDate(QDate.currentDate())
        self.editor.setEnabled(False)
        self.known.toggled.connect(self.editor.setEnabled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.known)
        layout.addWidget(self.editor, 1)

    def value(self) -> date | None:
        if not self.known.isChecked():
            return None
        picked = self.editor.date()
        return date(picked.year(), picked.month(), picked.day())

    def set_value(self, value: date | None) -> None:
        self.known.setChecked(value is not None)
        if value is not None:
            self.editor.setDate(formatting.qdate(value))


class SeasonsEditor(QWidget):
    """Seasons typed by hand: each has a premiere date, or none yet (announced)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("seasonsEditor")
        self.rows: list[tuple[QLabel, QDateEdit, QCheckBox, QWidget]] = []
        self.rows_layout = QVBoxLayout()
        self.rows_layout.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton(icons.add_show(), self.tr("Add season"))
        self.add_button.setObjectName("addSeasonButton")
        self.add_button.clicked.connect(self.add_season)
        self.remove_button = QPushButton(icons.remove_show(), self.tr("Remove last"))
        self.remove_button.setObjectName("removeSeasonButton")
        self.remove_button.clicked.connect(self.remove_last)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.rows_layout)
        layout.addLayout(buttons)
        self._update_buttons()

    def add_season(self, premiere: date | None = None, *, announced: bool = False) -> None:
        number = len(self.rows) + 1
        row = QWidget()
        label = QLabel(self.tr("Season {number}").format(number=number))
        editor = QDateEdit()
        editor.setCalendarPopup(True)
        editor.setDisplayFormat("d MMM yyyy")
        editor.setDate(formatting.qdate(premiere) if premiere else QDate.currentDate())
        undated = QCheckBox(self.tr("Not dated yet"))
        undated.setChecked(announced)
        editor.setEnabled(not announced)
        undated.toggled.connect(lambda checked: editor.setEnabled(not checked))
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(label)
        line.addWidget(editor, 1)
        line.addWidget(undated)
        self.rows.append((label, editor, undated, row))
        self.rows_layout.addWidget(row)
        self._update_buttons()

    def remove_last(self) -> None:
        if self.rows:
            *_, row = self.rows.pop()
            row.deleteLater()
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(bool(self.rows))

    def seasons(self) -> tuple[SeasonEdit, ...]:
        result = []
        for number, (_label, editor, undated, _row) in enumerate(self.rows, start=1):
            picked = editor.date()
            premiere = (
                None if undated.isChecked() else date(picked.year(), picked.month(), picked.day())
            )
            result.append(SeasonEdit(number, premiere))
        return tuple(result)


def _enum_combo(members: list[Any], icon_for: Any = None) -> QComboBox:
    combo = QComboBox()
    for member in members:
        if icon_for is not None:
            combo.addItem(icon_for(member), member.label, member)
        else:
            combo.addItem(member.label, member)
    return combo


class ShowForm(QWidget):
    """The fields shared by the add and edit dialogs, with live validation."""

    def __init__(self, parent: QWidget | None = None, *, with_seasons: bool) -> None:
        super().__init__(parent)
        self.title = QLineEdit()
        self.title.setObjectName("titleField")
        self.title.setMaxLength(MAX_TITLE_LENGTH)
        self.title.setPlaceholderText(self.tr("Required"))
        self.network = QLineEdit()
        self.network.setObjectName("networkField")
        self.network.setMaxLength(MAX_NETWORK_LENGTH)
        self.network.setPlaceholderText(self.tr("e.g. Netflix, BBC One, HBO"))
        self.renewal = _enum_combo(list(RenewalStatus), icons.renewal)
        self.renewal.setObjectName("renewalField")
        self.announced_on = OptionalDateEdit(self.tr("Announced on"))
        self.announced_on.setObjectName("announcedOnField")
        self.expected = QLineEdit()
        self.expected.setObjectName("expectedField")
        self.expected.setPlaceholderText(self.tr('e.g. "late 2025", "spring 2026", "2026-03-14"'))
        self.expected_hint = QLabel()
        self.expected_hint.setObjectName("expectedHint")
        self.expected_hint.setWordWrap(True)
        self.watch = _enum_combo(list(WatchStatus), icons.watch)
        self.watch.setObjectName("watchField")
        self.rating = QSpinBox()
        self.rating.setObjectName("ratingField")
        self.rating.setRange(0, 10)
        self.rating.setSpecialValueText(self.tr("No rating"))

        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(self.tr("&Title:"), self.title)
        form.addRow(self.tr("&Network:"), self.network)
        if with_seasons:
            self.country = QLineEdit()
            self.country.setObjectName("countryField")
            self.country.setPlaceholderText(self.tr("e.g. US, KR, GB"))
            self.seasons = SeasonsEditor()
            form.addRow(self.tr("&Country:"), self.country)
            form.addRow(self.tr("Seasons:"), self.seasons)
        form.addRow(self.tr("&Renewal:"), self.renewal)
        form.addRow("", self.announced_on)
        form.addRow(self.tr("Next season &expected:"), self.expected)
        form.addRow("", self.expected_hint)
        form.addRow(self.tr("&Watch status:"), self.watch)
        form.addRow(self.tr("Your ra&ting:"), self.rating)
        self.expected.textChanged.connect(self._check_expected)
        self._check_expected()

    def _check_expected(self) -> None:
        self.expected_hint.setText(self.expected_problem() or self._expected_meaning())
        self.expected_hint.setStyleSheet("color: palette(placeholder-text);")

    def _expected_meaning(self) -> str:
        text = self.expected.text().strip()
        if not text:
            return self.tr("Leave empty unless a date or period was announced.")
        parsed = parse_fuzzy_date(text)
        if not parsed.is_known:
            return self.tr("To be announced.")
        return self.tr("Understood as: {label}").format(label=parsed.label)

    def expected_problem(self) -> str | None:
        text = self.expected.text().strip()
        if not text:
            return None
        try:
            parse_fuzzy_date(text)
        except FuzzyDateError as error:
            return str(error)
        return None

    def problem(self) -> str | None:
        if not self.title.text().strip():
            return self.tr("A show needs a title.")
        return self.expected_problem()

    def rating_value(self) -> int | None:
        return self.rating.value() or None

    def set_from(self, show: ShowDetail) -> None:
        self.title.setText(show.title)
        self.network.setText(show.network or "")
        self.renewal.setCurrentIndex(self.renewal.findData(show.renewal_status))
        self.announced_on.set_value(show.renewal_announced_on)
        self.expected.setText(show.next_season_expected or "")
        self.watch.setCurrentIndex(self.watch.findData(show.watch_status))
        self.rating.setValue(show.rating or 0)


class _ShowDialog(QDialog):
    def __init__(self, parent: QWidget | None, *, with_seasons: bool) -> None:
        super().__init__(parent)
        self.form = ShowForm(self, with_seasons=with_seasons)
        self.problem = QLabel()
        self.problem.setObjectName("dialogProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c62828;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._accept_if_valid)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        for field in (self.form.title, self.form.expected):
            field.textChanged.connect(self._update_ok)
        self._update_ok()
        self.setMinimumWidth(460)

    def _update_ok(self) -> None:
        problem = self.form.problem()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(problem is None)
        self.problem.setText(problem if problem and self.form.title.text().strip() else "")

    def _accept_if_valid(self) -> None:
        problem = self.form.problem()
        if problem is None:
            self.accept()
        else:
            self.problem.setText(problem)


class AddShowDialog(_ShowDialog):
    """Add a show by hand."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, with_seasons=True)
        self.setObjectName("addShowDialog")
        self.setWindowTitle(self.tr("Add a show"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Add show"))
        self.form.renewal.setCurrentIndex(self.form.renewal.findData(RenewalStatus.UNKNOWN))
        self.form.watch.setCurrentIndex(self.form.watch.findData(WatchStatus.PLAN_TO_WATCH))
        self.form.title.setFocus(Qt.FocusReason.OtherFocusReason)

    def new_show(self) -> NewShow:
        form = self.form
        seasons = form.seasons.seasons()
        premiered = seasons[0].premiere_date if seasons else None
        return NewShow(
            title=form.title.text(),
            network=form.network.text() or None,
            country=form.country.text().strip().upper() or None,
            premiered=premiered,
            renewal_status=form.renewal.currentData(),
            renewal_announced_on=form.announced_on.value(),
            next_season_expected=form.expected.text().strip() or None,
            watch_status=form.watch.currentData(),
            rating=form.rating_value(),
            seasons=seasons,
        )


class EditShowDialog(_ShowDialog):
    """Edit the fields a user may override; only changed fields are marked as the user's."""

    def __init__(self, show: ShowDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent, with_seasons=False)
        self.setObjectName("editShowDialog")
        self.setWindowTitle(self.tr("Edit {title}").format(title=show.title))
        self.show_detail = show
        self.form.set_from(show)
        note = QLabel(self.tr("Fields you change here are yours: syncing will not overwrite them."))
        note.setWordWrap(True)
        note.setEnabled(False)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, note)

    def changes(self) -> ShowChanges:
        show, form = self.show_detail, self.form
        given: dict[str, Any] = {}
        if form.title.text().strip() != show.title:
            given["title"] = form.title.text()
        if (form.network.text().strip() or None) != show.network:
            given["network"] = form.network.text() or None
        if form.renewal.currentData() != show.renewal_status:
            given["renewal_status"] = form.renewal.currentData()
        if form.announced_on.value() != show.renewal_announced_on:
            given["renewal_announced_on"] = form.announced_on.value()
        if (form.expected.text().strip() or None) != show.next_season_expected:
            given["next_season_expected"] = form.expected.text().strip() or None
        if form.watch.currentData() != show.watch_status:
            given["watch_status"] = form.watch.currentData()
        if form.rating_value() != show.rating:
            given["rating"] = form.rating_value()
        return ShowChanges(**given)
