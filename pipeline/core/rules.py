"""Load the rule files in rules/: closed schema, placeholders expanded, compiled once.

A rule file is YAML with the keys below; an unknown key anywhere is an error that
names the file and the key. Patterns may use ``{{name}}`` placeholders:
``{{lexicon}}`` expands to the alternation of a lexicon list's forms (or values),
``{{lexicon.field}}`` to the alternation of that field's items (e.g. type codes),
``{{lexicon|flag}}`` to the forms of the entries whose ``flag`` is true, and
``{{fragment}}`` to a named regex fragment of the same file.

Code never reads a rule by a bare string: each module declares the ids it needs as a
``RuleSet`` (one annotated field per id) and gets them checked once, when the set is
first loaded; a missing id is error E008 naming the file and the id. Every pattern runs
within the document's time budget (``pipeline.core.budget``).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Hashable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Self, cast, get_type_hints

import regex
import yaml

from pipeline import data as shipped
from pipeline.core.budget import TimedPattern, timed
from pipeline.core.errors import E001, E002, E003, E004, E005, E006, E008, RulesError

TOP_KEYS = {"version", "description", "lexicon", "fragments", "patterns", "cues", "negative", "settings"}
PATTERN_KEYS = {"id", "regex", "description", "examples"}
EXAMPLE_KEYS = {"text", "span", "attrs"}
ENTRY_KEYS = {"value", "forms", "codes", "party_codes", "quoted", "generic", "letter", "doc_type", "unit", "lower",
              "exact_case", "from", "to", "note", "example", "issued"}
PLACEHOLDER = timed(r"\{\{([\w]+)(?:\.([\w]+))?(?:\|([\w]+))?\}\}")


@dataclass(frozen=True)
class Example:
    """One positive example of a pattern: the text, the expected span and values."""

    text: str
    span: str
    attrs: dict[str, Any]


class Pattern(TimedPattern):
    """A compiled pattern with its id and the examples that test it; calls run within the time budget."""

    __slots__ = ("id", "source", "examples")

    def __init__(self, id: str, source: str, compiled: regex.Pattern, examples: tuple[Example, ...]) -> None:
        super().__init__(compiled)
        self.id = id
        self.source = source
        self.examples = examples


class Lexicon(Mapping[str, dict[str, Any]]):
    """A lexicon list: each surface form mapped to its entry, and the entries in file order."""

    def __init__(self, name: str, entries: list[dict[str, Any]]) -> None:
        self.name = name
        self.entries = entries
        self._by_form = {form: entry for entry in entries for form in entry_forms(entry)}

    def __getitem__(self, form: str) -> dict[str, Any]:
        return self._by_form[form]

    # The Mapping mixins would go through __getitem__ and catch KeyError: recognisers ask millions of times.
    def __contains__(self, form: object) -> bool:
        return form in self._by_form

    def get(self, form: str, default: Any = None) -> Any:
        """Return the entry of ``form``, or ``default``."""
        return self._by_form.get(form, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_form)

    def __len__(self) -> int:
        return len(self._by_form)

    def value(self, form: str) -> Any:
        """Return the ``value`` of the entry that ``form`` belongs to."""
        return self._by_form[form]["value"]

    # One list is one object: hashable by identity, so tables derived from it can be cached.
    __hash__ = object.__hash__
    __eq__ = object.__eq__


@dataclass(frozen=True, eq=False)
class RuleFile:
    """One rule file, validated and compiled."""

    name: str
    path: Path
    version: int
    lexicon: dict[str, list[dict[str, Any]]]
    patterns: dict[str, Pattern]
    cues: dict[str, Pattern]
    negative: tuple[str, ...]
    settings: dict[str, Any] = field(default_factory=dict)

    def lexicon_list(self, list_name: str) -> Lexicon:
        """Return a lexicon list with its form index (built once per list)."""
        return _lexicon(self, list_name)


@functools.cache
def _lexicon(rules: RuleFile, list_name: str) -> Lexicon:
    return Lexicon(list_name, rules.lexicon[list_name])


def entry_forms(entry: dict[str, Any]) -> list[str]:
    """Return the surface forms of one lexicon entry, with case variants of forms."""
    if "forms" in entry and entry.get("exact_case"):
        return list(entry["forms"])
    if "forms" in entry or "from" in entry:
        out: list[str] = []
        for form in entry.get("forms") or [entry["from"]]:
            for variant in (form, form.lower(), form.upper(), form[:1].upper() + form[1:]):
                if variant not in out:
                    out.append(variant)
        return out
    return [str(entry["value"])]


def _check_keys(obj: Any, allowed: set[str], path: Path, where: str) -> None:
    if not isinstance(obj, dict):
        raise RulesError(E006.format(path=path, error=f"{where} is a {type(obj).__name__}"))
    for key in obj:
        if key not in allowed:
            raise RulesError(E001.format(path=path, key=key, where=where, allowed=", ".join(sorted(allowed))))


def alternation(items: list[str], folded: bool = False) -> str:
    """Return the regex alternation of ``items``, each escaped, as ``{{lexicon}}`` expands to.

    The items are written as a trie (``Phó (?:Bí thư|Chủ tịch)``): a flat alternation of a few
    hundred phrases tries every one at every position, a trie only the branches its next
    character allows, two to four times faster on our lexicons. It matches what the flat
    alternation, longest item first, matches: two literals can both match at one position only
    when one is a prefix of the other, and the trie tries the longer continuation first. Under
    ``(?i)`` (``folded``) siblings differing only in case could both match, so the items stay flat
    there, longest first (so that QĐi wins over QĐ and "Nghị quyết liên tịch" over "Nghị quyết").
    """
    unique = sorted(set(items), key=lambda s: (-len(s), s))
    if folded or not unique:
        return "(?:" + "|".join(regex.escape(item) for item in unique) + ")"
    trie: dict[str, dict] = {}
    for item in unique:
        node = trie
        for ch in item:
            node = node.setdefault(ch, {})
        node[""] = {}
    return "(?:" + _trie_source(trie) + ")"


def _trie_source(node: dict[str, dict]) -> str:
    """The regex of a trie node: its branches in character order, optional where an item ends here."""
    branches = [regex.escape(ch) + _trie_source(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    ends_here = "" in node
    if len(branches) == 1 and not ends_here:
        return branches[0]
    return "(?:" + "|".join(branches) + ")" + ("?" if ends_here else "")


def _expand(source: str, lexicon: dict, fragments: dict, path: Path, where: str, depth: int = 0,
            folded: bool = False) -> str:
    folded = folded or "(?i" in source

    def replace(match: regex.Match) -> str:
        name, fld, flag = match.group(1), match.group(2), match.group(3)
        if name in fragments and not fld and not flag:
            return _expand(fragments[name], lexicon, fragments, path, f"fragment {name!r}", depth + 1, folded)
        if name not in lexicon:
            raise RulesError(E004.format(path=path, name=match.group(0)[2:-2], where=where))
        entries = [e for e in lexicon[name] if not flag or e.get(flag)]
        if fld:
            items = [str(item) for e in entries for item in e.get(fld, [])]
        else:
            items = [form for e in entries for form in entry_forms(e)]
        return alternation(items, folded)

    if depth > 8:
        raise RulesError(E004.format(path=path, name="(recursive)", where=where))
    return PLACEHOLDER.sub(replace, source)


def _compile_patterns(raw: list, lexicon: dict, fragments: dict, path: Path, kind: str) -> dict[str, Pattern]:
    compiled: dict[str, Pattern] = {}
    for n, item in enumerate(raw or []):
        where = f"{kind}[{n}]"
        _check_keys(item, PATTERN_KEYS, path, where)
        for key in ("id", "regex"):
            if key not in item:
                raise RulesError(E002.format(path=path, where=where, key=key))
        pid = item["id"]
        if pid in compiled:
            raise RulesError(E005.format(path=path, pid=pid))
        source = _expand(item["regex"], lexicon, fragments, path, f"{kind} {pid!r}")
        try:
            rx = regex.compile(source, regex.VERSION0)
        except regex.error as exc:
            raise RulesError(E003.format(path=path, pid=pid, error=exc)) from exc
        examples = []
        for m, ex in enumerate(item.get("examples") or []):
            _check_keys(ex, EXAMPLE_KEYS, path, f"{kind} {pid!r} example {m}")
            examples.append(Example(ex["text"], ex["span"], dict(ex.get("attrs") or {})))
        compiled[pid] = Pattern(pid, source, rx, tuple(examples))
    return compiled


@functools.cache
def load_rules(name: str, rules_dir: Path | None = None) -> RuleFile:
    """Return the validated, compiled rule file ``<name>.yaml`` of ``rules_dir`` (default: the shipped ones), cached."""
    path = Path(rules_dir or shipped.rules_dir()) / f"{name}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise RulesError(E006.format(path=path, error=str(exc).replace("\n", " "))) from exc
    _check_keys(data, TOP_KEYS, path, "the file")
    if "version" not in data:
        raise RulesError(E002.format(path=path, where="the file", key="version"))
    lexicon = data.get("lexicon") or {}
    for list_name, entries in lexicon.items():
        for n, entry in enumerate(entries):
            where = f"lexicon {list_name!r} entry {n}"
            _check_keys(entry, ENTRY_KEYS, path, where)
            if "example" not in entry:
                raise RulesError(E002.format(path=path, where=where, key="example"))
    fragments = data.get("fragments") or {}
    return RuleFile(
        name=name,
        path=path,
        version=int(data["version"]),
        lexicon=lexicon,
        patterns=_compile_patterns(data.get("patterns"), lexicon, fragments, path, "patterns"),
        cues=_compile_patterns(data.get("cues"), lexicon, fragments, path, "cues"),
        negative=tuple(data.get("negative") or ()),
        settings=dict(data.get("settings") or {}),
    )


def rules_version(rules_dir: Path | None = None) -> str:
    """Return a short fingerprint of every rule file, recorded in each output record."""
    digest = hashlib.sha256()
    for path in sorted(Path(rules_dir or shipped.rules_dir()).glob("*.yaml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


class RuleSet:
    """The rule ids one module reads, declared as annotated fields and checked once at load.

    A subclass names its file (``class PercentRules(RuleSet, file="percent")``) and one field
    per id it reads: ``Pattern`` fields come from the file's cues (or, failing that, its
    patterns), ``Lexicon`` fields from its lexicon lists, and ``int``, ``float``, ``str`` or
    ``list`` fields from its settings. ``load()`` returns the filled-in set (cached per rule
    file); an id the file lacks is error E008 naming the file, the id and the module.
    """

    FILE: ClassVar[str]
    rules: RuleFile

    def __init_subclass__(cls, file: str = "", **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if file:
            cls.FILE = file

    @classmethod
    def load(cls, rules: RuleFile | None = None) -> Self:
        """Return this set filled in from ``rules`` (default: the shipped file), loaded once."""
        return cast(Self, _bind(cast(Hashable, cls), rules or load_rules(cls.FILE)))


_SETTING_TYPES = (int, float, str, list)


@functools.cache
def _bind(set_class: Hashable, rules: RuleFile) -> RuleSet:
    cls = cast(type[RuleSet], set_class)
    bound = cls.__new__(cls)
    bound.rules = rules
    for name, kind in get_type_hints(cls).items():
        if name == "rules" or name.isupper():
            continue
        if kind is Pattern:
            value: Any = rules.cues.get(name) or rules.patterns.get(name)
            what = "cue or pattern"
        elif kind is Lexicon:
            value = rules.lexicon_list(name) if name in rules.lexicon else None
            what = "lexicon list"
        elif kind in _SETTING_TYPES:
            value = rules.settings.get(name)
            value = value if isinstance(value, kind) and not isinstance(value, bool) else None
            what = f"setting ({kind.__name__})"
        else:
            raise TypeError(f"{cls.__name__}.{name}: a rule set field is a Pattern, a Lexicon or a setting")
        if value is None:
            raise RulesError(E008.format(path=rules.path, what=what, id=name, module=cls.__module__))
        setattr(bound, name, value)
    return bound
