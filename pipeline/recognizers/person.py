"""PERSON and TITLE: names chosen by the trained model, positions attached by rules.

Candidates (``person_features``) are scored by the model in ``models/person``; the best
non-overlapping ones above its threshold are names. Each name then takes its TITLEs: a
signature block's position line above it, the positions right before it (``Phó Bí thư
Thường trực Thành uỷ, Trưởng Ban … Nguyễn Đình Vĩnh``) or right after it (``Lục Văn Đại -
Tỉnh ủy viên, Bí thư Đảng ủy``), and a role from the verb after it, a clause opening before
it (``Phát biểu tại …,``) or the list of officials it belongs to.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import regex

from pipeline.core.model import LinearModel, load_model
from pipeline.core.text import fold
from pipeline.recognizers.base import Context, Mention, PersonValues, TitleValues, make_mention
from pipeline.recognizers.person_features import (
    Candidate,
    PersonRules,
    byline_parts,
    candidates,
    features,
    signature_above,
)

PRE_WINDOW = 250
CLAUSE_MARKS = ".;:\n()“”\""
ORG_MAX_WORDS = 24
ORG_MAX_LOWER = 8


@dataclass
class _Person:
    cand: Candidate
    titles: list[tuple[int, int, int]] = field(default_factory=list)  # start, end, end of the head
    shared: list[tuple[int, int, int]] = field(default_factory=list)  # positions a list heading gives it
    prefix: int = 0
    tail: int = 0
    role: str | None = None
    role_from: str = ""


def _marked_byline(ctx: Context, rules: PersonRules, c: Candidate) -> bool:
    """Whether ``c`` is a whole run right after a byline marker, alone on the rest of its line or
    before an affiliation ("Tác giả: Hồng Nhung - Văn phòng Sở"): a name by the page's own
    structure, whatever the model says of its syllables."""
    if c.before or c.after:
        return False
    text = ctx.view.text
    # Only the first character after the name's trailing marks counts: reading on to the line's
    # end would make every candidate of a long line read that line again.
    after = c.vend
    while after < len(text) and text[after] in " \t*_.":
        after += 1
    if after < len(text) and text[after] not in "\n-–(":
        return False
    return rules.byline_before.search(text, max(0, c.vstart - 30), c.vstart) is not None


def _select(scored: list[tuple[float, Candidate]], threshold: float) -> list[Candidate]:
    """The best-scored candidates above the threshold that overlap no better one, in text order."""
    chosen: list[Candidate] = []  # in text order; they never overlap, so only the neighbours can
    starts: list[int] = []
    for p, c in sorted(scored, key=lambda pc: (-pc[0], pc[1].vstart)):
        if p < threshold:
            break
        at = bisect.bisect_left(starts, c.vstart)
        if at > 0 and chosen[at - 1].vend > c.vstart:
            continue
        if at < len(chosen) and chosen[at].vstart < c.vend:
            continue
        starts.insert(at, c.vstart)
        chosen.insert(at, c)
    return chosen


def _co_authors(ctx: Context, cands: list[Candidate], chosen: list[Candidate]) -> list[Candidate]:
    """The chosen names plus the co-authors sharing a byline line with one (``LÊ MAI - TRẦN HẢI``)."""
    text = ctx.view.text
    whole_runs = {(c.vstart, c.vend): c for c in cands if not c.before and not c.after}
    extra: list[Candidate] = []
    for c in chosen:
        line = byline_parts(text, c)
        if not line:
            continue
        for start, end in line:
            other = whole_runs.get((start, end))
            if other is not None and all(other.vend <= k.vstart or other.vstart >= k.vend for k in chosen + extra):
                extra.append(other)
    return sorted(chosen + extra, key=lambda c: c.vstart)


def _head_end(rules: PersonRules, text: str, pos: int) -> int:
    """End of the position head at ``pos`` and of the modifiers after it (``Thường trực``)."""
    head = rules.head.match(text, pos)
    end = head.end() if head else pos
    while (m := rules.modifier.match(text, end)):
        end = m.end()
    return end


def _closes(ctx: Context, rules: PersonRules, org: str, end: int) -> bool:
    """Whether ``org`` (ending at view offset ``end``) ends in an administrative unit ("xã", "thị trấn",
    not "xã hội") or a territorial party committee ("Tỉnh ủy"), after which a lower-case word ends it."""
    words = org.split()
    if " ".join(words[-2:]) in rules.party_committees:
        return True  # asked first: it needs no word segmentation
    for n in (1, 2, 3):
        tail = " ".join(words[-n:])
        if len(words) >= n and tail in rules.admin_units and ctx.whole_words(end - len(tail), end):
            return True
    return False


def _org_breaks(rules: PersonRules, text: str, word: regex.Match, last: str, after_unit: bool,
                names: frozenset[int]) -> bool:
    """Whether the organisation ends before ``word``: a name, a footer label, a line break, a joined position."""
    w = word.group("word")
    if word.start("word") in names or rules.line_label.match(text, word.start()):
        return True  # a name, or a label such as "Địa chỉ:" on the next footer line
    if text[word.start()] == "\n" and last not in rules.org_heads and w not in rules.org_heads \
            and not (after_unit and last[:1].isupper()):
        return True  # a line break goes on only in a name cut short ("Sở" / "Giáo dục", "tỉnh Quảng" / "Bình")
    return w in rules.conjunctions and bool(rules.head.match(text, word.end() + 1) or word.end() + 1 in names)


def _org_end(ctx: Context, rules: PersonRules, pos: int, names: frozenset[int] = frozenset()) -> int:
    """End of the organisation after a position head at ``pos``.

    It runs over the words of the name and ends at a verb or function word (whole words
    only: "giao" ends it, "giao thông" does not), before a person's name, a new position,
    a line break (unless the name was cut short there), or a lower-case word after the
    administrative unit that closes it ("… huyện Quỳnh Lưu | thông qua"). A run of more than
    ``ORG_MAX_LOWER`` lower-case words stays only when a unit or a capitalised word closes it
    ("Ban Quản lý dự án … công nghiệp tỉnh Bắc Ninh"); else the name ends where the run began.
    """
    text = ctx.view.text
    end, lower_from, lower_run, after_unit = pos, pos, 0, False
    overlong_from: int | None = None
    for _ in range(ORG_MAX_WORDS):
        stop = rules.title_stop.match(text, end)
        if stop and ctx.whole_words(stop.start(), stop.end()):
            break
        joint = rules.org_comma.match(text, end) or rules.org_dash.match(text, end)
        if joint and rules.head.match(text, joint.end()):
            break
        word = rules.org_word.match(text, joint.end() - 1 if joint else end)
        last = text[pos:end].rsplit(" ", 1)[-1]
        if not word or _org_breaks(rules, text, word, last, after_unit, names):
            break
        w = word.group("word")
        unit = _closes(ctx, rules, text[pos:word.end()], word.end())
        if w[0].islower() and not unit:
            if after_unit:
                break
            lower_from = end if lower_run == 0 else lower_from
            lower_run += 1
            if lower_run > ORG_MAX_LOWER and overlong_from is None:
                overlong_from = lower_from
        else:
            lower_run = 0
        after_unit = unit or (after_unit and w[0].isupper())
        end = word.end()
    if overlong_from is not None and lower_run:
        return overlong_from
    last = text[pos:end].rsplit(" ", 1)[-1]
    if end > pos and last in rules.conjunctions:
        end -= len(last) + 1
    return end


def _titles_after(ctx: Context, rules: PersonRules, vend: int,
                  names: frozenset[int] = frozenset()) -> tuple[list[tuple[int, int, int]], int]:
    """TITLEs right after a name, and where the name's clause goes on after them."""
    text = ctx.view.text
    link = rules.post_link.match(text, vend)
    if not link or not rules.head.match(text, link.end()):
        return [], vend
    titles, pos = [], link.end()
    while True:
        head_end = _head_end(rules, text, pos)
        end = _org_end(ctx, rules, head_end, names)
        titles.append((pos, end, head_end))
        sep = rules.title_more.match(text, end)
        if sep and rules.head.match(text, sep.end()):
            pos = sep.end()
            continue
        break
    if link.group().endswith("(") and text.startswith(")", end):
        end += 1
    return titles, end


def _split_titles(ctx: Context, rules: PersonRules, start: int, end: int) -> list[tuple[int, int, int]] | None:
    """The TITLEs of ``text[start:end]`` when it is a list of positions, else None."""
    text = ctx.view.text
    if any(ctx.whole_words(m.start(), m.end()) for m in rules.stop_inside.finditer(text, start, end)):
        return None
    titles, pos = [], start
    for sep in _separators(rules, text, start, end):
        titles.append((pos, sep[0], _head_end(rules, text, pos)))
        pos = sep[1]
    titles.append((pos, end, min(end, _head_end(rules, text, pos))))
    return titles


def _separators(rules: PersonRules, text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The separators in ``text[start:end]`` that a position head follows."""
    return [m.span() for m in rules.title_sep.overlapping(text, start, end) if rules.head.match(text, m.end())]


def _titles_before(ctx: Context, rules: PersonRules, vstart: int, floor: int) -> list[tuple[int, int, int]]:
    """TITLEs that end right before a name, or before its honorific (``…, cô giáo Lê Thị Hằng``)."""
    text = ctx.view.text
    honorific = rules.honorific_before.search_from_end(text, max(0, vstart - 30), vstart)
    end = honorific.start() if honorific else vstart
    end -= 2 if text[max(0, end - 2):end] in (", ", ": ") else 1
    if end <= 0 or text[end] not in " ,:":
        return []
    lo = max(floor, vstart - PRE_WINDOW)
    cut = max(text.rfind(ch, lo, end) for ch in CLAUSE_MARKS)
    lo = max(lo, cut + 1)
    for head in rules.head.finditer(text, lo, end):
        titles = _split_titles(ctx, rules, head.start(), end)
        if titles:
            return titles
    return []


def _role_before(rules: PersonRules, ctx: Context, pos: int) -> str | None:
    """The role a clause opening before ``pos`` gives (``Phát biểu tại …, ``, ``Dự … có``)."""
    text = ctx.view.text
    lo = max(ctx.sentence_bounds(max(0, pos - 1))[0] - 2, pos - 160, 0)
    window = text[lo:pos]
    opener = rules.role_opener.search(window)
    if opener:
        return str(rules.role_openers.value(opener.group("opener")))
    opener = rules.list_opener.search(window) or rules.chair_by.search(window)
    if opener:
        return str(rules.list_openers.value(opener.group("opener")))
    return None


def _attach(rules: PersonRules, ctx: Context, names: list[Candidate]) -> list[_Person]:
    text = ctx.view.text
    people: list[_Person] = []
    floor = 0
    starts = frozenset(c.vstart for c in names)
    for c in names:
        person = _Person(c, prefix=c.vstart, tail=c.vend)
        signature = signature_above(ctx, rules, c)
        if signature is not None:
            start, end = signature.span("position")
            person.titles = [(start, end, end)]  # a signature's position names no organisation
            person.role, person.role_from = rules.signature_role, "signature"
        else:
            before = _titles_before(ctx, rules, c.vstart, floor)
            after, person.tail = _titles_after(ctx, rules, c.vend, starts)
            person.titles = before + after
            if before:
                person.prefix = before[0][0]
            honorific = rules.honorific_before.search_from_end(text, max(0, person.prefix - 30), person.prefix)
            if honorific:
                person.prefix = honorific.start()
            byline = rules.byline_before.search(text, max(0, c.vstart - 30), c.vstart)
            role_after = rules.role_after.match(text, person.tail)
            if role_after and not ctx.whole_words(*role_after.span("role")):
                role_after = None  # "dự" of "dự án"
            if byline:
                person.role = rules.byline_markers.value(byline.group("marker")) or None
                person.role_from = "byline"
            elif role_after:
                person.role, person.role_from = rules.roles.value(role_after.group("role")), "after"
            else:
                person.role, person.role_from = _role_before(rules, ctx, person.prefix), "before"
        people.append(person)
        floor = person.tail
    _share_list_roles(rules, text, people)
    _share_titles(ctx, rules, people, starts)
    return people


def _shared_spans(ctx: Context, rules: PersonRules,
                  names: frozenset[int]) -> list[tuple[tuple[int, int, int], tuple[int, int]]]:
    """Positions that head a list of officials, each with the view extent of its list.

    ``3. Các Phó Trưởng ban:`` heads the dash lines below it; ``các đồng chí Tỉnh ủy viên:`` heads
    the officials after its colon up to the end of the sentence. A heading counts only when the
    whole of it reads as one position (head and organisation up to the colon).
    """
    text = ctx.view.text
    out = []
    for m, inline in [(m, False) for m in rules.shared_heading.finditer(text)] + \
                     [(m, True) for m in rules.shared_inline.finditer(text)]:
        start, end = m.span("title")
        head_end = _head_end(rules, text, start)
        if head_end < end and _org_end(ctx, rules, head_end, names) < end:
            continue
        stop = _inline_list_end(rules, text, m.end()) if inline else _dash_list_end(rules, text, m.end() + 1)
        scope = (m.end(), stop)
        out.append(((start, end, min(head_end, end)), scope))
    return out


def _inline_list_end(rules: PersonRules, text: str, pos: int) -> int:
    """End of the officials an inline heading shares its position with: the sentence, or an official
    introduced by an honorific of their own ("…; đồng chí Cao Văn Thược, ĐBQH khóa XV")."""
    ends = [text.find(".", pos), text.find("\n", pos)]
    own = rules.list_own_honorific.search(text, pos)
    ends.append(own.start() if own else -1)
    return min((p for p in ends if p >= 0), default=len(text))


def _dash_list_end(rules: PersonRules, text: str, pos: int) -> int:
    """End of the dash lines under a heading; a line a PDF wrapped goes on its item ("… Chánh Văn phòng Ban" /
    "ATGT tỉnh;"), as a line after one that ends without ``;``, ``.`` or ``:`` does."""
    while pos < len(text):
        nxt = text.find("\n", pos)
        line_end = len(text) if nxt < 0 else nxt
        item = rules.list_item_line.match(text, pos)
        wrapped = pos > 1 and text[pos - 2] not in ";.:" and text[pos:line_end].strip()
        if not (item or wrapped):
            break
        pos = line_end + 1
    return min(pos, len(text))


def _share_titles(ctx: Context, rules: PersonRules, people: list[_Person], names: frozenset[int]) -> None:
    """Give each official of a list the position its heading names (the TITLE span is the first one's)."""
    for title, (lo, hi) in _shared_spans(ctx, rules, names):
        for p in people:
            if lo <= p.cand.vstart < hi and p.role_from != "signature":
                p.shared.append(title)


def _share_list_roles(rules: PersonRules, text: str, people: list[_Person]) -> None:
    """Officials of one list (joined by ``;`` or ``và``) share the role its verb or opener gives."""
    link = rules.list_link
    groups: list[list[_Person]] = []
    for n, p in enumerate(people):
        prev = people[n - 1] if n else None
        if prev is not None and prev.role_from not in ("signature", "byline") and \
                link.fullmatch(text, prev.tail, p.prefix):
            groups[-1].append(p)
        else:
            groups.append([p])
    for group in groups:
        if len(group) < 2:
            continue
        after = next((p.role for p in reversed(group) if p.role_from == "after" and p.role), None)
        before = group[0].role if group[0].role_from == "before" else None
        for p in group:
            if p.role is None:
                p.role = after or before


def _org(ctx: Context, rules: PersonRules, start: int, end: int, head_end: int) -> str | None:
    """The organisation a TITLE names: the words after its head, led by the unit a compound head
    holds ("Trưởng phòng Tham mưu" is at "Phòng Tham mưu"); None when it names none."""
    if head_end >= end:
        return None
    org = fold(ctx.view.raw_slice(head_end, end))
    head = rules.head.match(ctx.view.text, start)
    unit = rules.position_heads.get(head.group("head"), {}).get("unit") if head else None
    return f"{unit} {org}" if unit else org


def _given_alone(ctx: Context, rules: PersonRules, people: list[_Person]) -> list[Mention]:
    """PERSONs for a given name used alone after a form of address ("Theo bà Hương") for someone the
    text named in full before; a given name two people share stays unread."""
    text = ctx.view.text
    first_seen: dict[str, int] = {}
    owners: dict[str, set[str]] = {}
    for p in people:
        syllables = p.cand.syllables
        if len(syllables) > 1:
            owners.setdefault(syllables[-1], set()).add(" ".join(syllables))
            first_seen.setdefault(syllables[-1], p.cand.vstart)
    taken = [(p.cand.vstart, p.cand.vend) for p in people]
    found = []
    for m in rules.given_alone.finditer(text):
        given, (s, e) = m.group("given"), m.span("given")
        if len(owners.get(given, ())) != 1 or first_seen[given] > s or any(a < e and s < b for a, b in taken):
            continue
        role = rules.role_after.match(text, e)
        role = role if role and ctx.whole_words(*role.span("role")) else None
        values = PersonValues(fold(ctx.view.raw_slice(s, e)), [],
                              role=rules.roles.value(role.group("role")) if role else None)
        found.append(make_mention(ctx, "PERSON", s, e, values, "person:given_alone"))
    return found


def find(ctx: Context, rules: PersonRules | None = None, model: LinearModel | None = None) -> list[Mention]:
    """Return PERSON mentions (name, titles, role) and the TITLE mentions attached to them."""
    rules = rules or PersonRules.load()
    model = model or load_model("person")
    memo: dict = {}
    scored = [(1.0 if _marked_byline(ctx, rules, c) else model.probability(features(ctx, rules, c, memo)), c)
              for c in candidates(ctx, rules)]
    chosen = _co_authors(ctx, [c for _, c in scored], _select(scored, model.threshold))
    people = _attach(rules, ctx, chosen)
    raw = ctx.view.raw_slice
    found: list[Mention] = []
    emitted: set[tuple[int, int, int]] = set()
    for person in people:
        c = person.cand
        name = fold(raw(c.vstart, c.vend))
        spans = {(s, e) for s, e, _ in person.titles}
        shared = [t for t in person.shared if t[:2] not in spans]  # a heading read as its own title too
        title_texts = [fold(raw(s, e)) for s, e, _ in shared + person.titles]
        values = PersonValues(name, title_texts, role=person.role or None)
        found.append(make_mention(ctx, "PERSON", c.vstart, c.vend, values, "person:candidate", source="model"))
        # A shared position is one TITLE, held by the first official of its list.
        own = [t for t in shared if t not in emitted] + person.titles
        emitted.update(person.shared)
        for s, e, head_end in own:
            found.append(make_mention(ctx, "TITLE", s, e, TitleValues(name, _org(ctx, rules, s, e, head_end)),
                                      "person:title"))
    return found + _given_alone(ctx, rules, people)
