"""Dates and times as the user's locale writes them."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QTime


def _tr(text: str) -> str:
    return QCoreApplication.translate("formatting", text)


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def long_date(day: date, locale: QLocale | None = None) -> str:
    """ "2 January 2023"."""
    return (locale or QLocale()).toString(qdate(day), "d MMMM yyyy")


def short_date(day: date, locale: QLocale | None = None) -> str:
    """ "6 Jun 2022"."""
    return (locale or QLocale()).toString(qdate(day), "d MMM yyyy")


def month_year(day: date, locale: QLocale | None = None) -> str:
    """ "Jan 2022"."""
    return (locale or QLocale()).toString(qdate(day), "MMM yyyy")


def timestamp(moment: datetime, locale: QLocale | None = None) -> str:
    """ "2 January 2023 at 23:48", in local time and the user's locale."""
    local = moment.astimezone()
    locale = locale or QLocale()
    time_text = locale.toString(QTime(local.hour, local.minute), QLocale.FormatType.ShortFormat)
    return _tr("{date} at {time}").format(date=long_date(local.date(), locale), time=time_text)


def relative_time(moment: datetime, now: datetime | None = None) -> str:
    """ "just now", "5 minutes ago", "3 hours ago", "yesterday", or the date."""
    now = now or datetime.now(UTC)
    seconds = (now - moment).total_seconds()
    if seconds < 60:
        return _tr("just now")
    if seconds < 3600:
        minutes = int(seconds // 60)
        return _tr("1 minute ago") if minutes == 1 else _tr("{n} minutes ago").format(n=minutes)
    if seconds < 86_400:
        hours = int(seconds // 3600)
        return _tr("1 hour ago") if hours == 1 else _tr("{n} hours ago").format(n=hours)
    days = (now.astimezone().date() - moment.astimezone().date()).days
    if days <= 1:
        return _tr("yesterday")
    if days < 7:
        return _tr("{n} days ago").format(n=days)
    return _tr("on {date}").format(date=long_date(moment.astimezone().date()))
