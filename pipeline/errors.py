"""Numbered error messages: each names the file, line or rule, and says what to do."""

from __future__ import annotations


class VnfactsError(Exception):
    """Base class of the errors this package raises on purpose."""


class RulesError(VnfactsError):
    """A rule file is malformed; raised at load time, never once per document."""


class InputError(VnfactsError):
    """An input document cannot be read; becomes a reject record."""


class PatternTimeout(VnfactsError):
    """A pattern ran past its time limit on one document."""


E001 = "E001 {path}: unknown key {key!r} in {where}; allowed: {allowed}"
E002 = "E002 {path}: {where} needs {key!r}"
E003 = "E003 {path}: pattern {pid!r} does not compile: {error}"
E004 = "E004 {path}: placeholder {{{{{name}}}}} in {where} names no lexicon list or fragment"
E005 = "E005 {path}: duplicate pattern id {pid!r}"
E006 = "E006 {path}: not a valid rule file ({error})"
E007 = "E007 {path}: cannot load the model ({error}); retrain it with `make model`"
E010 = "E010 {input}: cannot decode as UTF-8, UTF-16 or Windows-1258"
E011 = "E011 {input}:{line}: malformed JSON ({error})"
E012 = "E012 {input}:{line}: article has no {key!r} field"
E013 = "E013 {input}:{line}: {key!r} must be a string, not {kind}"
E014 = "E014 {input}: cannot read ({error})"
E015 = "E015 {input}:{line}: a JSONL line must hold a JSON object, not {kind}"
E016 = "E016 {input}:{line}: compressed stream is corrupt or truncated ({error})"
E017 = "E017 {input}: no such dump file (--engine dask reads .jsonl and .jsonl.gz dumps, directories or globs)"
E018 = "E018 {input}: --engine dask reads only .jsonl and .jsonl.gz dumps; run text files with --engine local"
E019 = "E019 worker {worker}: rules {found} differ from the client's {expected}; install the same vnfacts and rules/ on every worker"
E020 = "E020 {input}: a pattern ran past its {seconds}s limit on this document; document rejected"
