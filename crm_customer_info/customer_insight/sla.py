"""Service-level agreements in working time: deadlines, paused time and statuses.

Moments are naive ``datetime.datetime`` in one reference (UTC in the addon);
durations are hours of working time. Working time is a list of ``(start, end)``
intervals (the working hours of a calendar, holidays already removed), sorted and
not overlapping; pauses (e.g. waiting for the customer) are intervals too, in any
order, and stop the clock where they cover working time.
"""

from datetime import timedelta

ON_TRACK = "on_track"
AT_RISK = "at_risk"
FAILED = "failed"
MET = "met"
# From the worst to the best: an entry shows the worst status of its targets.
SEVERITY = (FAILED, AT_RISK, ON_TRACK, MET)

_HOUR = timedelta(hours=1)


def merge(intervals):
    """Return ``intervals`` sorted, without empty ones, overlapping ones joined."""
    merged = []
    for start, end in sorted(i for i in intervals if i[0] < i[1]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def subtract(intervals, pauses):
    """Working ``intervals`` minus the time covered by ``pauses``, sorted and merged."""
    pauses = merge(pauses)
    result = []
    for interval_start, end in merge(intervals):
        start = interval_start
        for pause_start, pause_end in pauses:
            if pause_end <= start or pause_start >= end:
                continue
            if pause_start > start:
                result.append((start, pause_start))
            start = max(start, pause_end)
            if start >= end:
                break
        if start < end:
            result.append((start, end))
    return result


def working_hours(start, end, intervals, pauses=()):
    """Hours of working time between ``start`` and ``end`` (0 when ``end`` is not later)."""
    total = timedelta()
    for interval_start, interval_end in subtract(intervals, pauses):
        low, high = max(interval_start, start), min(interval_end, end)
        if low < high:
            total += high - low
    return total / _HOUR


def add_working_hours(start, hours, intervals, pauses=()):
    """The moment ``hours`` of working time after ``start``, the clock stopped by ``pauses``.

    0 hours (or less) gives ``start`` itself. ``None`` when ``intervals`` end before
    enough working time has passed: the caller gives a longer stretch of calendar.
    """
    if hours <= 0:
        return start
    left = timedelta(hours=hours)
    for interval_start, high in subtract(intervals, pauses):
        low = max(interval_start, start)
        if low >= high:
            continue
        if high - low >= left:
            return low + left
        left -= high - low
    return None


def target_status(now, deadline, reached=None, warn_at=None):
    """Status of one target: ``met``, ``failed``, ``at_risk`` or ``on_track``.

    ``reached`` is when the target was reached (``None``: not yet); ``warn_at`` the
    moment from which an unreached target is at risk (``None``: never). Without a
    ``deadline`` there is nothing to miss: reached is met, otherwise on track.
    """
    if reached is not None:
        return FAILED if deadline is not None and reached > deadline else MET
    if deadline is None:
        return ON_TRACK
    if now > deadline:
        return FAILED
    if warn_at is not None and now >= warn_at:
        return AT_RISK
    return ON_TRACK


def worst(statuses):
    """The worst of ``statuses`` (failed, at risk, on track, met); ``met`` when there are none."""
    statuses = set(statuses)
    return next((status for status in SEVERITY if status in statuses), MET)
