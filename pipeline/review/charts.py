"""The overview's charts laid out: where each bar, point and line of the inline SVG goes.

``charts`` is the entry: it turns an :class:`~pipeline.review.overview.Overview` into
:class:`Charts`, plain coordinates in SVG user units that the template ``overview.html.j2``
draws. No text is put into markup here; the template escapes every name it writes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from pipeline.review.overview import NO_PLACE, Metric, Overview, Person

BAR_WIDTH, LINE_WIDTH, TIMELINE_WIDTH = 320, 500, 1000  # three bar or two line charts side by side on a laptop
ROW = 20          # one bar or one position per row
CHAR = 6.6        # the width of a character of the chart's 11px text, to size the name column
NAME_COLUMN = (60, 230)
PALETTE = ("#2f6fd6", "#d35400", "#1d9a8a", "#c2185b", "#7e3fb0", "#5f8a12", "#d99600", "#8c564b")
UNPLACED = "#9a9a9a"  # figures of records with no place: grey in every chart
LINE_HEIGHT, MARGIN = 150, (40, 14, 26, 12)  # plot height; left, right, bottom, top margins


@dataclass(frozen=True)
class Bar:
    """One bar: its name, value and the text shown beside it; its row's top and its length."""

    name: str
    value: float
    text: str
    y: float
    length: float


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars, one per row, names in a left column of width ``left``, scaled to ``maximum``."""

    title: str
    width: int
    height: int
    left: float
    maximum: float
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Tick:
    """A mark on an axis: where, and its text."""

    at: float
    text: str


@dataclass(frozen=True)
class Dot:
    """One point of a line: where, and the figure it draws."""

    x: float
    y: float
    year: int
    value: float
    record: str


@dataclass(frozen=True)
class Line:
    """One series: its place, colour, points, and the points as an SVG ``points`` list."""

    place: str
    colour: str
    dots: tuple[Dot, ...]

    @property
    def points(self) -> str:
        """Return the dots as SVG polyline points, ``"x,y x,y"``."""
        return " ".join(f"{d.x:.1f},{d.y:.1f}" for d in self.dots)


@dataclass(frozen=True)
class LineChart:
    """A metric's figures by year, one line per place, in a plot box (``left``, ``top``, ``right``, ``bottom``)."""

    title: str
    unit: str
    n: int
    width: int
    height: int
    left: float
    top: float
    right: float
    bottom: float
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Segment:
    """One position of a person, as a bar from its first date to its last (at least a short mark); its title is
    written at ``label_x``: ``after`` the bar where it fits, else ``inside`` a bar long enough, else ``before``."""

    title: str
    first: date
    last: date
    n: int
    x: float
    y: float
    length: float
    label_x: float
    place: str


@dataclass(frozen=True)
class Lane:
    """A person's band of the timeline: the name, where the band starts and how many rows it holds."""

    person: str
    province: str
    n_records: int
    y: float
    rows: int


@dataclass(frozen=True)
class Timeline:
    """Persons' positions over publication dates: one lane per person, one row per position."""

    width: int
    height: int
    left: float
    lanes: tuple[Lane, ...]
    segments: tuple[Segment, ...]
    ticks: tuple[Tick, ...]


@dataclass(frozen=True)
class Charts:
    """Every chart of the overview."""

    labels: BarChart
    facts: BarChart
    metrics: tuple[LineChart, ...]
    timeline: Timeline | None
    scores: BarChart | None


def _name_column(names: Sequence[str]) -> float:
    longest = max((len(name) for name in names), default=0)
    return min(max(longest * CHAR + 8, NAME_COLUMN[0]), NAME_COLUMN[1])


def bar_chart(title: str, items: Sequence[tuple[str, float, str]], maximum: float | None = None) -> BarChart:
    """Return horizontal bars for ``(name, value, text)`` items, the longest bar at ``maximum`` (default: the
    largest value)."""
    left = _name_column([name for name, _, _ in items])
    top = maximum if maximum is not None else max((value for _, value, _ in items), default=0.0)
    span = BAR_WIDTH - left - 56  # room for the value's text after the longest bar
    bars = tuple(Bar(name, value, text, n * ROW, span * value / top if top > 0 else 0.0)
                 for n, (name, value, text) in enumerate(items))
    return BarChart(title, BAR_WIDTH, max(len(bars), 1) * ROW, left, top, bars)


def nice_top(value: float) -> float:
    """Return the top of a value axis: ``value`` rounded up to 1, 2 or 5 times a power of ten (1 for nothing)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def _year_ticks(first: int, last: int) -> list[int]:
    step = max(1, math.ceil((last - first + 1) / 8))
    return list(range(first, last + 1, step))


def line_chart(metric: Metric) -> LineChart:
    """Return the chart of one metric: years across (one year wider either side when all points share it),
    values up from 0 to :func:`nice_top` of the largest (a rate of 2-5% stays readable), one line per place,
    coloured in PALETTE order (grey for NO_PLACE); the chart's own legend names them."""
    dots = [p for s in metric.series for p in s.points]
    first, last = min(p.year for p in dots), max(p.year for p in dots)
    low, high = (first - 1, last + 1) if first == last else (first, last)
    largest = max(max(p.value for p in dots), 0.0)
    top = nice_top(largest)
    left, right = MARGIN[0], LINE_WIDTH - MARGIN[1]
    up, down = MARGIN[3], MARGIN[3] + LINE_HEIGHT

    def x(year: int) -> float:
        return left + (right - left) * (year - low) / (high - low)

    def y(value: float) -> float:
        return down - (down - up) * max(value, 0.0) / top

    placed = [s.place for s in metric.series if s.place != NO_PLACE]
    lines = tuple(Line(s.place, UNPLACED if s.place == NO_PLACE else PALETTE[placed.index(s.place) % len(PALETTE)],
                       tuple(Dot(x(p.year), y(p.value), p.year, p.value, p.record) for p in s.points))
                  for s in metric.series)
    x_ticks = tuple(Tick(x(year), str(year)) for year in _year_ticks(low, high))
    y_ticks = tuple(Tick(y(top * n / 4), f"{top * n / 4:g}") for n in range(5))
    return LineChart(metric.name, metric.unit, metric.n, LINE_WIDTH, down + MARGIN[2], left, up, right, down,
                     x_ticks, y_ticks, lines)


def _date_ticks(low: date, high: date) -> list[tuple[date, str]]:
    if (high - low).days > 3 * 365:
        return [(date(year, 1, 1), str(year)) for year in range(low.year + 1, high.year + 1)]
    months = [date(low.year + (low.month + n) // 12, (low.month + n) % 12 + 1, 1)
              for n in range((high.year - low.year) * 12 + high.month - low.month)]
    step = max(1, math.ceil(len(months) / 8))
    return [(month, f"{month:%Y-%m}") for month in months[::step]]


def _label(start: float, length: float, title: str) -> tuple[float, str]:
    """Return where a position's title goes, and whether after, inside or before its bar."""
    room = len(title) * CHAR + 8
    if start + length + room <= TIMELINE_WIDTH:
        return start + length + 4, "after"
    if length >= room:
        return start + 4, "inside"
    return start - 4, "before"


def timeline(persons: Sequence[Person]) -> Timeline | None:
    """Return the positions timeline: one lane per person (in the given order), one row per position, a bar
    from its first to its last publication date on a shared date axis; None when there is no position."""
    if not persons:
        return None
    low = min(h.first for p in persons for h in p.positions)
    high = max(h.last for p in persons for h in p.positions)
    if high - low < timedelta(days=30):  # a few days would stretch over the whole width
        low, high = low - timedelta(days=15), high + timedelta(days=15)
    left = _name_column([p.name for p in persons]) + 10
    span = TIMELINE_WIDTH - left - 10

    def x(day: date) -> float:
        return left + span * (day - low).days / (high - low).days

    lanes, segments, row = [], [], 0
    for person in persons:
        lanes.append(Lane(person.name, person.province, person.n_records, row * ROW, len(person.positions)))
        for held in person.positions:
            start = x(held.first)
            length = max(x(held.last) - start, 4.0)
            segments.append(Segment(held.title, held.first, held.last, held.n, start, row * ROW, length,
                                    *_label(start, length, held.title)))
            row += 1
    ticks = tuple(Tick(x(day), text) for day, text in _date_ticks(low, high))
    return Timeline(TIMELINE_WIDTH, row * ROW, left, tuple(lanes), tuple(segments), ticks)


def charts(overview: Overview) -> Charts:
    """Return the charts of ``overview``: counts, figures by metric, positions over time, and scores with gold."""
    scores = None
    if overview.scores is not None:
        f1 = [(s.label, s.strict.f1, f"{s.strict.f1:.3f}") for s in overview.scores]
        scores = bar_chart("strict F1 per label", f1, maximum=1.0)
    return Charts(
        labels=bar_chart("mentions per label", [(c.name, c.n, str(c.n)) for c in overview.labels]),
        facts=bar_chart("facts per type", [(c.name, c.n, str(c.n)) for c in overview.facts]),
        metrics=tuple(line_chart(metric) for metric in overview.metrics),
        timeline=timeline(overview.persons),
        scores=scores,
    )
