"""The time budget a document is extracted under, and the patterns that run within it.

A budget is a deadline set once per document (``time_budget``) for every stage. Each
pattern call made through a ``TimedPattern`` passes the time left as the ``regex``
module's ``timeout``, and long loops call ``check``; so a pathological document ends as
one ``BudgetExceeded`` (a reject), never as a hung worker. Outside any budget (a test,
a rule file's examples) a call still runs under ``DEFAULT_SECONDS``.
"""

from __future__ import annotations

import contextlib
import signal
import time
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

import regex

DEFAULT_SECONDS = 10.0
# A call over at most this many characters passes no timeout to ``regex``: see ``TimedPattern``.
SHORT_SPAN = 256

_deadline: ContextVar[float | None] = ContextVar("vnfacts_deadline", default=None)


class BudgetExceeded(TimeoutError):
    """The document's time budget ran out (raised by a pattern call or by ``check``)."""


@contextlib.contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Run the block under a budget of ``seconds`` (a nested budget cannot extend an outer one)."""
    outer = _deadline.get()
    deadline = time.monotonic() + seconds
    token = _deadline.set(deadline if outer is None else min(outer, deadline))
    try:
        yield
    finally:
        _deadline.reset(token)


@contextlib.contextmanager
def hard_limit(seconds: float | None) -> Iterator[None]:
    """Kill this process if the block runs longer than ``seconds`` (None: no limit).

    The last resort under the budget, for a call that never returns to Python (a pattern call
    that passed no timeout): the kernel ends the process with SIGALRM's default action, whatever
    it is doing. Only a batch worker arms it; its pool sees the death, runs the batch again, and
    a document that kills a worker twice becomes its own reject (E023).
    """
    if seconds is None or not hasattr(signal, "setitimer"):
        yield
        return
    previous = signal.signal(signal.SIGALRM, signal.SIG_DFL)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def remaining() -> float:
    """Return the seconds left in the current budget; raise ``BudgetExceeded`` when none are."""
    deadline = _deadline.get()
    if deadline is None:
        return DEFAULT_SECONDS
    left = deadline - time.monotonic()
    if left <= 0:
        raise BudgetExceeded("the document's time budget ran out")
    return left


def check() -> None:
    """Raise ``BudgetExceeded`` when the current budget has run out (for long pure-Python loops)."""
    remaining()


class TimedPattern:
    """A compiled pattern whose every call runs within the current time budget.

    A call checks the deadline first. A call over more than ``SHORT_SPAN`` characters also
    passes the time left as ``regex``'s ``timeout``; a shorter one does not, because regex
    reads a clock for it that costs three times a short match (about 1.9 µs against 0.5 µs),
    and three calls in four look at a few dozen characters around a cue. What one short call
    can cost is bounded by its span; ``benchmarks/short_spans.py`` runs every
    rule pattern on hostile spans of that length and prints the slowest.
    """

    __slots__ = ("_rx", "_backwards", "_anywhere")

    def __init__(self, compiled: regex.Pattern) -> None:
        self._rx = compiled
        self._backwards: regex.Pattern | None = None
        self._anywhere: regex.Pattern | None = None

    @property
    def pattern(self) -> str:
        """The source of the compiled pattern."""
        return str(self._rx.pattern)

    def match(self, text: str, pos: int = 0, endpos: int | None = None) -> regex.Match | None:
        """Return the match at ``pos``, or None."""
        return _spanned(self._rx.match, text, pos, endpos)

    def fullmatch(self, text: str, pos: int = 0, endpos: int | None = None) -> regex.Match | None:
        """Return the match of the whole of ``text[pos:endpos]``, or None."""
        return _spanned(self._rx.fullmatch, text, pos, endpos)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> regex.Match | None:
        """Return the first match in ``text[pos:endpos]``, or None."""
        return _spanned(self._rx.search, text, pos, endpos)

    def search_from_end(self, text: str, pos: int = 0, endpos: int | None = None) -> regex.Match | None:
        """Return what ``search`` returns, sooner for a pattern anchored at the span's end (``…$``).

        Most spans hold no match. A forward search tries the pattern at every position; the same
        pattern run backwards (``regex.REVERSE``) starts at the end, where the anchor fails at once
        elsewhere. It only says whether a match exists (backtracking finds one either way when the
        pattern has no atomic group or possessive quantifier); the match returned is the forward one.
        """
        if self._backwards is None:
            self._backwards = regex.compile(self._rx.pattern, self._rx.flags | regex.REVERSE)
        return None if _spanned(self._backwards.search, text, pos, endpos) is None else self.search(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[regex.Match]:
        """Yield the matches in ``text[pos:endpos]``; the whole walk counts against the budget."""
        get, now = _deadline.get, time.monotonic
        end = len(text) if endpos is None else endpos
        left = remaining()
        try:
            for found in (self._rx.finditer(text, pos, end) if end - pos <= SHORT_SPAN
                          else self._rx.finditer(text, pos, end, timeout=left)):
                yield found
                # regex's timeout counts only its own time, not the caller's between matches: the deadline is
                # read again at every match (what ``check`` does, without its two calls per match).
                deadline = get()
                if deadline is not None and now() >= deadline:
                    raise BudgetExceeded("the document's time budget ran out")
        except TimeoutError as exc:
            raise BudgetExceeded(str(exc)) from None

    def findall(self, text: str) -> list[Any]:
        """Return the text of every match (the groups' when the pattern has groups), in one call."""
        return list(_whole(self._rx.findall, text))

    def overlapping(self, text: str, pos: int = 0, endpos: int | None = None) -> list[regex.Match]:
        """Return the match at every position of ``text[pos:endpos]`` where one starts: what ``match``
        gives at each position, in one call rather than one per position.

        A leading ``\\G`` (a pattern written for ``match``) is dropped for the walk: at the position
        a match is tried it always holds, but an overlapping walk would anchor it elsewhere.
        """
        if self._anywhere is None:
            source = self._rx.pattern
            unanchored = source[2:] if source.startswith("\\G") else source
            if "\\G" in unanchored:
                raise ValueError(f"overlapping() cannot walk a pattern anchored inside: {source!r}")
            self._anywhere = regex.compile(unanchored, self._rx.flags)
        anywhere = self._anywhere

        def walk(text: str, pos: int, end: int, **timeout: float) -> list[regex.Match]:
            return list(anywhere.finditer(text, pos, end, overlapped=True, **timeout))
        return list(_spanned(walk, text, pos, endpos))

    def starts(self, text: str) -> list[int]:
        """Return every position of ``text`` where a match starts, overlapping matches included."""
        return [m.start() for m in self.overlapping(text)]

    def sub(self, repl: Any, text: str) -> str:
        """Return ``text`` with every match replaced by ``repl``."""
        return str(_whole(self._rx.sub, repl, text))

    def split(self, text: str) -> list[str]:
        """Return ``text`` split at every match."""
        return list(_whole(self._rx.split, text))


def _spanned(call: Any, text: str, pos: int, endpos: int | None) -> Any:
    """``call(text, pos, end)`` within the budget, passing regex the time left when the span is long."""
    end = len(text) if endpos is None else endpos
    left = remaining()
    if end - pos <= SHORT_SPAN:
        return call(text, pos, end)
    try:
        return call(text, pos, end, timeout=left)
    except TimeoutError as exc:
        raise BudgetExceeded(str(exc)) from None


def _whole(call: Any, *args: Any) -> Any:
    """``call(*args)`` over the whole of the text (the last argument) within the budget, as ``_spanned``."""
    left = remaining()
    if len(args[-1]) <= SHORT_SPAN:
        return call(*args)
    try:
        return call(*args, timeout=left)
    except TimeoutError as exc:
        raise BudgetExceeded(str(exc)) from None


def timed(source: str, flags: int = 0) -> TimedPattern:
    """Return ``source`` compiled (``regex`` syntax, VERSION0) as a pattern that honours the budget."""
    return TimedPattern(regex.compile(source, flags | regex.VERSION0))
