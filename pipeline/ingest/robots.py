"""robots.txt by RFC 9309: what each answer means, the first 500 KiB parsed, Crawl-delay capped.

The rules themselves (longest match, ``*`` and ``$`` wildcards, groups per product token) are
Protego's. A robots.txt applies to one origin: scheme, host and port.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from urllib.parse import urlsplit

from protego import Protego

LIMIT = 500 * 1024   # RFC 9309 2.5: at least 500 KiB is parsed; the rest may be ignored
REDIRECTS = 5        # RFC 9309 2.3.1.2: at least five redirects are followed


class Answer(Enum):
    """What a robots.txt answer means for the origin (RFC 9309 2.3.1)."""

    RULES = "rules"         # 2xx: obey its body
    ALLOW_ALL = "allow"     # 4xx other than 429, or too many redirects: no restrictions
    LATER = "later"         # 5xx, 429, unreachable: fetch nothing from the origin for now


def answer_of(status: int) -> Answer:
    """Return what a final (non-redirect) robots.txt status means."""
    if 200 <= status < 300:
        return Answer.RULES
    if 400 <= status < 500 and status != 429:
        return Answer.ALLOW_ALL
    return Answer.LATER


@dataclass(frozen=True)
class Robots:
    """The rules of one origin; ``parser`` None means no restrictions."""

    parser: Protego | None = None

    def allows(self, url: str, agent: str) -> bool:
        """Whether the product token ``agent`` may fetch ``url``."""
        return self.parser is None or self.parser.can_fetch(url, agent)

    def delay(self, agent: str, cap: float) -> float:
        """Return the Crawl-delay for ``agent`` in seconds (0 when none), never more than ``cap``."""
        asked = float((self.parser.crawl_delay(agent) if self.parser is not None else None) or 0.0)
        return min(asked, cap) if asked > 0 else 0.0   # also drops NaN


def parse_robots(body: bytes) -> Robots:
    """Return the rules of a robots.txt body, of which only the first LIMIT bytes (whole lines) are read."""
    if len(body) > LIMIT:
        body = body[:LIMIT].rsplit(b"\n", 1)[0]
    return Robots(Protego.parse(body.decode("utf-8", "replace")))


def robots_url(url: str) -> str:
    """Return the robots.txt URL of the origin of ``url``."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/robots.txt"
