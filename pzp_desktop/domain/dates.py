"""FHIR dates and date-times that keep their precision and time zone.

A clinical date is compared as an instant (partial dates and dates without a time count from
the start of that period in Europe/Amsterdam, the time zone of the Dutch sources) and
displayed in Dutch format in Europe/Amsterdam. The text as received is kept, so writing a
value back never changes it (spec §7 item 24).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from enum import Enum
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

_PATTERN = re.compile(
    r"^(?P<year>\d{4})"
    r"(?:-(?P<month>\d{2})"
    r"(?:-(?P<day>\d{2})"
    r"(?:T(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?P<fraction>\.\d+)?)?"
    r"(?P<tz>Z|[+-]\d{2}:\d{2})?)?)?)?$"
)


class Precision(Enum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"
    TIME = "time"


class InvalidDate(ValueError):
    """A text that is not a FHIR date or dateTime."""


@dataclass(frozen=True, slots=True, order=False)
class ClinicalDate:
    """A FHIR ``date``/``dateTime``/``instant`` as received, comparable as an instant."""

    raw: str
    precision: Precision = field(compare=False)
    instant: datetime = field(compare=False)
    # The calendar day in Europe/Amsterdam, computed once (compared very often).
    _day: date = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.precision is Precision.TIME:
            day = self.instant.astimezone(AMSTERDAM).date()
        else:
            day = date.fromisoformat(_pad_date(self.raw[:10]))
        object.__setattr__(self, "_day", day)

    @classmethod
    def parse(cls, text: str) -> ClinicalDate:
        match = _PATTERN.match(text.strip()) if isinstance(text, str) else None
        if match is None:
            raise InvalidDate(f"geen geldige FHIR-datum: {text!r}")
        parts = match.groupdict()
        try:
            year = int(parts["year"])
            month = int(parts["month"] or 1)
            day = int(parts["day"] or 1)
            if parts["hour"] is None:
                local = datetime(year, month, day, tzinfo=AMSTERDAM)
                precision = (
                    Precision.DAY
                    if parts["day"]
                    else Precision.MONTH
                    if parts["month"]
                    else Precision.YEAR
                )
                return cls(text.strip(), precision, local.astimezone(UTC))
            fraction = parts["fraction"] or ""
            micro = int((fraction[1:] + "000000")[:6]) if fraction else 0
            naive = datetime(
                year,
                month,
                day,
                int(parts["hour"]),
                int(parts["minute"]),
                int(parts["second"] or 0),
                micro,
            )
        except ValueError as exc:
            raise InvalidDate(f"geen geldige FHIR-datum: {text!r}") from exc
        tz = parts["tz"]
        if tz is None:
            aware = naive.replace(tzinfo=AMSTERDAM)
        elif tz == "Z":
            aware = naive.replace(tzinfo=UTC)
        else:
            sign = 1 if tz[0] == "+" else -1
            offset = timedelta(hours=int(tz[1:3]), minutes=int(tz[4:6])) * sign
            aware = naive.replace(tzinfo=timezone(offset))
        return cls(text.strip(), Precision.TIME, aware.astimezone(UTC))

    @classmethod
    def try_parse(cls, text: object) -> ClinicalDate | None:
        """The parsed date, or ``None`` for anything that is not a FHIR date (never raises)."""
        if not isinstance(text, str):
            return None
        try:
            return cls.parse(text)
        except InvalidDate:
            return None

    @classmethod
    def from_datetime(cls, moment: datetime) -> ClinicalDate:
        """A full-precision date-time (used for values the application creates itself)."""
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=AMSTERDAM)
        text = moment.isoformat(timespec="seconds")
        return cls.parse(text)

    @classmethod
    def from_date(cls, day: date) -> ClinicalDate:
        return cls.parse(day.isoformat())

    # Ordering and equality are on the instant; the precision breaks ties so that equal
    # instants with a different precision still compare as different values.
    def _key(self) -> tuple[datetime, int]:
        return (self.instant, _PRECISION_RANK[self.precision])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ClinicalDate):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __lt__(self, other: ClinicalDate) -> bool:
        return self._key() < other._key()

    def __le__(self, other: ClinicalDate) -> bool:
        return self._key() <= other._key()

    def __gt__(self, other: ClinicalDate) -> bool:
        return self._key() > other._key()

    def __ge__(self, other: ClinicalDate) -> bool:
        return self._key() >= other._key()

    @property
    def local_day(self) -> date:
        """The calendar day in Europe/Amsterdam (what "the same date" means to a clinician)."""
        return self._day

    def display(self) -> str:
        """Dutch display: ``08-11-2020``, ``08-11-2020 14:05``, ``11-2020`` or ``2020``."""
        if self.precision is Precision.YEAR:
            return self.raw[:4]
        if self.precision is Precision.MONTH:
            return f"{self.raw[5:7]}-{self.raw[:4]}"
        if self.precision is Precision.DAY:
            return self.local_day.strftime("%d-%m-%Y")
        local = self.instant.astimezone(AMSTERDAM)
        return local.strftime("%d-%m-%Y %H:%M")

    def display_date(self) -> str:
        """Only the day part of :meth:`display` (dates in lists and banners)."""
        if self.precision in (Precision.YEAR, Precision.MONTH):
            return self.display()
        return self.local_day.strftime("%d-%m-%Y")

    def __str__(self) -> str:
        return self.raw


_PRECISION_RANK = {Precision.YEAR: 0, Precision.MONTH: 1, Precision.DAY: 2, Precision.TIME: 3}


def _pad_date(text: str) -> str:
    parts = text.split("-")
    while len(parts) < 3:
        parts.append("01")
    return "-".join(parts)
