"""The legal clock: whom each law wants told, by when, counted from `discovered`.

One table, `OBLIGATIONS`; every row cites its article. The rules were read in these texts
(December 2026, with the search tool):
- GDPR Art. 33(1): the supervisory authority "without undue delay and, where feasible, not
  later than 72 hours after having become aware"; Art. 34(1): the people affected "without
  undue delay", no number of hours.
- California Civil Code 1798.82 as amended by SB 446 (in force 1 January 2026): (a)(2)(A)
  residents "within 30 calendar days of discovery or notification of the data breach",
  (a)(2)(B) a delay for law enforcement or to determine the scope; (f) a sample copy to the
  Attorney General within 15 calendar days of notifying residents, when more than 500 were.
- Brazil, Resolução CD/ANPD 15/2024: the ANPD (art. 6) and the data subjects (art. 9) within
  three business days of the controller learning that the incident affected personal data.
  The Diário Oficial text was not among the stored sources; the rule is as four law firms'
  readings of it agree (Cescon Barrieu, Trench Rossi, Mattos Filho, Loeser e Hadad).
  Business days: Monday to Friday, not a national holiday of the `holidays` library's
  Brazilian calendar, counted from the day after, as Brazilian deadlines are.
- Mexico, LFPDPPP (DOF 20 March 2025) art. 19: the person is told "de forma inmediata", no
  number of hours (read in summaries of the DOF text; the law is unclear and we say so).
- NIS2 Directive (EU) 2022/2555 Art. 23(4): the CSIRT or competent authority gets an early
  warning within 24 hours of becoming aware (a), an incident notification within 72 hours
  (b), a final report within one month of that notification (d).
- `es-aepd` is the AEPD's guidance on what a notice says; its deadlines are the GDPR's, so a
  Spanish site lists `gdpr` too.
"""

from __future__ import annotations

import calendar
import functools
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

from .advisory import RECIPIENTS, Advisory, Notification
from .diagnostics import Problem
from .load import Document
from .messages import tr
from .spec import Key
from .vocabulary import N_

HOURS, CALENDAR_DAYS, BUSINESS_DAYS, MONTHS = "hours", "calendar days", "business days", "months"
DISCOVERED = "discovered"
# A deadline this close without a notification is a warning.
NEAR = timedelta(hours=24)


@dataclass(frozen=True)
class Obligation:
    regime: str
    recipient: str  # a key of `notified` (advisory.RECIPIENTS)
    what: str  # "notification", "early warning", ... (a msgid)
    article: str
    period: int | None = None  # None: the law sets no number (see `unclear`)
    unit: str = HOURS
    trigger: str = DISCOVERED  # or a recipient kind: counted from its notification
    trigger_index: int = 0  # which notification of the trigger recipient starts the clock
    satisfied_by: int = 0  # which notification of `recipient` meets the obligation
    zone: str = "UTC"  # where a day ends, for days
    calendar: str | None = None  # `holidays` country code, for business days
    condition: str | None = None  # when it applies only in some cases (a msgid)
    unclear: str | None = None  # what the law says instead of a number (a msgid)


OBLIGATIONS: tuple[Obligation, ...] = (
    Obligation("gdpr", "authority", N_("notification"), "GDPR Art. 33(1)", 72, HOURS),
    Obligation(
        "gdpr",
        "individuals",
        N_("communication"),
        "GDPR Art. 34(1)",
        unclear=N_("“without undue delay”: the GDPR sets no number of hours"),
    ),
    Obligation(
        "us-ca",
        "individuals",
        N_("notice"),
        "Cal. Civ. Code 1798.82(a)(2)(A)",
        30,
        CALENDAR_DAYS,
        zone="America/Los_Angeles",
    ),
    Obligation(
        "us-ca",
        "attorney_general",
        N_("sample copy of the notice"),
        "Cal. Civ. Code 1798.82(f)",
        15,
        CALENDAR_DAYS,
        trigger="individuals",
        zone="America/Los_Angeles",
        condition=N_("only when more than 500 California residents were notified"),
    ),
    Obligation(
        "br-lgpd",
        "authority",
        N_("communication to the ANPD"),
        "Res. CD/ANPD 15/2024 art. 6",
        3,
        BUSINESS_DAYS,
        zone="America/Sao_Paulo",
        calendar="BR",
    ),
    Obligation(
        "br-lgpd",
        "individuals",
        N_("communication"),
        "Res. CD/ANPD 15/2024 art. 9",
        3,
        BUSINESS_DAYS,
        zone="America/Sao_Paulo",
        calendar="BR",
    ),
    Obligation(
        "mx",
        "individuals",
        N_("notice"),
        "LFPDPPP (DOF 2025-03-20) art. 19",
        unclear=N_("“de forma inmediata”: the law sets no number of hours"),
    ),
    Obligation("nis2", "csirt", N_("early warning"), "NIS2 Art. 23(4)(a)", 24, HOURS),
    Obligation(
        "nis2", "csirt", N_("incident notification"), "NIS2 Art. 23(4)(b)", 72, satisfied_by=1
    ),
    Obligation(
        "nis2",
        "csirt",
        N_("final report"),
        "NIS2 Art. 23(4)(d)",
        1,
        MONTHS,
        trigger="csirt",
        trigger_index=1,
        satisfied_by=2,
    ),
)

# How each calendar is named in messages: the library and the country's national holidays.
CALENDAR_NAMES = {"BR": "holidays (python-holidays) BR, national holidays"}


@functools.cache
def _holidays(country: str, year: int) -> holidays.HolidayBase:
    return holidays.country_holidays(country, years=year)


def _business_day(day: date, country: str) -> bool:
    return day.weekday() < 5 and day not in _holidays(country, day.year)


def _end_of(day: date, zone: str) -> datetime:
    return datetime.combine(day, time(23, 59, 59), ZoneInfo(zone))


def _add_months(start: datetime, months: int) -> datetime:
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return start.replace(year=year, month=month, day=day)


def due(rule: Obligation, start: datetime) -> datetime | None:
    """When the obligation falls due, counted from `start` (None: no number in the law)."""
    if rule.period is None:
        return None
    if rule.unit == HOURS:
        return (start.astimezone(UTC) + timedelta(hours=rule.period)).astimezone(start.tzinfo)
    if rule.unit == MONTHS:
        return _add_months(start, rule.period)
    day = start.astimezone(ZoneInfo(rule.zone)).date()
    if rule.unit == CALENDAR_DAYS:
        return _end_of(day + timedelta(days=rule.period), rule.zone)
    counted = 0
    while counted < rule.period:
        day += timedelta(days=1)
        counted += _business_day(day, rule.calendar or "")
    return _end_of(day, rule.zone)


@dataclass(frozen=True)
class Clock:
    """One obligation of one record, as of `now`."""

    rule: Obligation
    due: datetime | None  # None: no number in the law, or the clock has not started
    started: bool  # False: `discovered` (or the notification it counts from) is missing
    sent: Notification | None
    state: str  # "met", "late", "overdue", "near", "pending", "no-deadline", "not-started"


def _nth(a: Advisory, recipient: str, index: int) -> Notification | None:
    sent = (a.notified or {}).get(recipient, ())
    return sent[index] if len(sent) > index else None


def clocks(a: Advisory, regimes: tuple[str, ...], now: datetime) -> list[Clock]:
    out = []
    for rule in OBLIGATIONS:
        if rule.regime not in regimes:
            continue
        if rule.trigger == DISCOVERED:
            start = a.discovered
        else:
            trigger = _nth(a, rule.trigger, rule.trigger_index)
            start = trigger.at if trigger else None
        sent = _nth(a, rule.recipient, rule.satisfied_by)
        when = due(rule, start) if start else None
        if rule.period is None:
            state = "no-deadline"
        elif when is None:
            state = "not-started"
        elif sent is not None:
            state = "met" if sent.at <= when else "late"
        elif now > when:
            state = "overdue"
        elif when - now <= NEAR:
            state = "near"
        else:
            state = "pending"
        out.append(Clock(rule, when, start is not None, sent, state))
    return out


def _where(a: Advisory, rule: Obligation) -> Key:
    return (
        ("notified", rule.recipient) if (a.notified or {}).get(rule.recipient) else ("discovered",)
    )


def deadline_problems(
    a: Advisory, doc: Document, regimes: tuple[str, ...], now: datetime
) -> list[Problem]:
    """A passed deadline with nothing sent is an error (a warning when the law applies only
    in some cases); one within a day, or met late without a reason, is a warning."""
    found = clocks(a, regimes, now)
    out = []
    if a.discovered is None and any(
        c.state == "not-started" and c.rule.trigger == DISCOVERED for c in found
    ):
        laws = sorted({c.rule.regime for c in found if c.rule.period is not None})
        out.append(
            doc.problem(
                ("id",),
                "discovered-missing",
                tr(
                    "discovered: missing, so the deadlines of %(regimes)s cannot be counted; "
                    "add `discovered: 2025-11-25T18:00:00+01:00`, when you became aware of "
                    "the breach",
                    regimes=", ".join(laws),
                ),
                "warning",
            )
        )
    for clock in found:
        rule = clock.rule
        if clock.due is None:
            continue
        names = {
            "regime": rule.regime,
            "article": rule.article,
            "what": tr(rule.what),
            "recipient": tr(RECIPIENTS[rule.recipient]),
            "kind": rule.recipient,
            "due": clock.due.isoformat(timespec="minutes"),
            "condition": f" ({tr(rule.condition)})" if rule.condition else "",
        }
        if clock.state == "overdue":
            out.append(
                doc.problem(
                    _where(a, rule),
                    "deadline-passed",
                    tr(
                        "%(article)s: the %(what)s to %(recipient)s was due by "
                        "%(due)s%(condition)s and `notified.%(kind)s` records none; notify "
                        "now, then add `notified: {%(kind)s: [{at: <when>, reference: "
                        "<case number>}]}`",
                        **names,
                    ),
                    "warning" if rule.condition else "error",
                )
            )
        elif clock.state == "near":
            left = clock.due - now
            out.append(
                doc.problem(
                    _where(a, rule),
                    "deadline-near",
                    tr(
                        "%(article)s: the %(what)s to %(recipient)s is due by "
                        "%(due)s%(condition)s, in %(hours)d h %(minutes)02d min; once sent, "
                        "add it under `notified.%(kind)s`",
                        hours=left // timedelta(hours=1),
                        minutes=(left % timedelta(hours=1)) // timedelta(minutes=1),
                        **names,
                    ),
                    "warning",
                )
            )
        elif clock.state == "late" and not (a.delay and a.delay.reason):
            out.append(
                doc.problem(
                    ("notified", rule.recipient),
                    "notified-late",
                    tr(
                        "%(article)s: the %(what)s to %(recipient)s was sent on "
                        "%(sent)s, after %(due)s; say why in `delay.reason` (the notice must "
                        "give the reasons for a delay)",
                        sent=clock.sent.at.isoformat(timespec="minutes") if clock.sent else "",
                        **names,
                    ),
                    "warning",
                )
            )
    return out


@dataclass(frozen=True)
class Posting:
    """How long a public notice must stay on the website."""

    days: int | None
    months: int | None
    article: str

    def until(self, published: date) -> date:
        if self.months:
            return _add_months(datetime.combine(published, time()), self.months).date()
        return published + timedelta(days=self.days or 0)


# California's substitute notice is a conspicuous posting, linked from the home page, for
# at least 30 days; Brazil's public communication (when people cannot be reached one by
# one) stays at least three months.
MINIMUM_POSTING = {
    "us-ca": Posting(30, None, "Cal. Civ. Code 1798.82(j)(3)(B)"),
    "br-lgpd": Posting(None, 3, "Res. CD/ANPD 15/2024 art. 9"),
}


def posting_until(a: Advisory, regimes: tuple[str, ...]) -> date | None:
    """The last day the advisory must stay posted under its regimes, if any sets one."""
    days = [MINIMUM_POSTING[r].until(a.published) for r in regimes if r in MINIMUM_POSTING]
    return max(days) if days else None


def posting_problems(a: Advisory, doc: Document, regimes: tuple[str, ...]) -> list[Problem]:
    """A withdrawal before a law's minimum posting time is over."""
    if not a.withdrawn:
        return []
    out = []
    for regime in regimes:
        rule = MINIMUM_POSTING.get(regime)
        if rule is None or a.withdrawn.when >= rule.until(a.published):
            continue
        out.append(
            doc.problem(
                ("withdrawn", "date"),
                "posting-too-short",
                tr(
                    "%(article)s: withdrawn on %(when)s, but the notice must stay "
                    "posted until %(until)s; keep the advisory up (an update can say what "
                    "changed) and withdraw it after that day",
                    regime=regime,
                    article=rule.article,
                    when=a.withdrawn.when.isoformat(),
                    until=rule.until(a.published).isoformat(),
                ),
                "warning",
            )
        )
    return out
