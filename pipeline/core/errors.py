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
E008 = "E008 {path}: has no {what} {id!r}, which {module} reads; add it to the file or fix the name"
E022 = "E022 the package {package} holds no readable administrative divisions ({error}); reinstall vnfacts"
E009 = "E009 {input}:{line}: article has an empty 'id'; every article needs one"
E010 = "E010 {input}: cannot decode as UTF-8, UTF-16 or Windows-1258"
E011 = "E011 {input}:{line}: malformed JSON ({error})"
E012 = "E012 {input}:{line}: article has no {key!r} field"
E013 = "E013 {input}:{line}: {key!r} must be a string, not {kind}"
E014 = "E014 {input}: cannot read ({error})"
E015 = "E015 {input}:{line}: a JSONL line must hold a JSON object, not {kind}"
E016 = "E016 {input}:{line}: compressed stream is corrupt or truncated ({error})"
E017 = "E017 {input}: no such dump file (--engine dask reads .jsonl and .jsonl.gz dumps, directories or globs)"
E018 = "E018 {input}: --engine dask reads only .jsonl and .jsonl.gz dumps; run text files with --engine local"
E077 = ("E077 {address}: no dask scheduler answered within {seconds:g}s ({error}); start one with "
        "`dask scheduler`, check the address, or leave out --scheduler for a local cluster")
E078 = ("E078 --engine dask needs -o DIR: it writes part files (part-00000.jsonl, rejects-00000.jsonl) "
        "into a directory, not to stdout")
E019 = ("E019 worker {worker}: rules {found} differ from the client's {expected}; "
        "install the same vnfacts and rules/ on every worker")
E021 = ("E021 {input}:{line}: {key!r} holds a lone surrogate (U+{code:04X}), which UTF-8 output cannot hold; "
        "document rejected")
E020 = "E020 {input}: extraction ran past this document's time budget of {seconds:.1f}s; document rejected"
E090 = ("E090 {input}: ran out of memory extracting this document ({chars} characters); document rejected, "
        "the run goes on")
E023 = ("E023 {input}: the worker extracting this document died twice (killed, out of memory or crashed); "
        "document rejected")


E024 = ("E024 {path}: cannot write ({error}); the lines written before are whole records, "
        "so `--resume` finishes the run once there is room")
E025 = "E025 {input}: no text on standard input (--format text reads one plain-text document from -)"
# settings files (--config): each fault names the file and, where it has one, the setting
E026 = "E026 {path}: cannot read the settings file ({error})"
E027 = "E027 {path}: not valid YAML ({error})"
E028 = "E028 {path}: setting {key!r} must be {kind}, not {value!r}"
E029 = "E029 {path}: a settings file holds a mapping of setting names to values, not {kind}"


class OutputError(VnfactsError):
    """An output file or stream could not be written (a full disk, a closed pipe)."""


class ConfigError(VnfactsError):
    """An ingest config file or a database URL is malformed; raised before any work starts."""


# ingest (issue 7): config, fetch and page errors; each names the file or the URL
E030 = "E030 {path}: not valid TOML ({error})"
E031 = "E031 {path}: {where} must be {kind}"
E032 = "E032 {path}: pattern {pattern!r} in {where} does not compile: {error}"
E033 = "E033 {path}: portal {name!r} names no feed and no sitemap"
E034 = "E034 {url}: only http and https URLs are fetched"
E035 = "E035 {url}: host {host!r} is not named in the config; not fetched"
E036 = "E036 {url}: disallowed by robots.txt for {agent!r}"
E037 = "E037 {url}: HTTP status {status}"
E038 = "E038 {url}: no answer after {tries} tries ({error})"
E039 = "E039 {url}: redirect loop or more than {limit} redirects"
E040 = "E040 {url}: body larger than {limit} bytes; refused"
E041 = "E041 {url}: content type {kind!r} is not HTML; refused"
E042 = "E042 {url}: no main text found in the page"
E043 = "E043 {url}: not a readable {kind} ({error})"
E044 = "E044 {path}: another ingest holds this state file; try again when it ends"
# ingest state and scheduling (issue 15)
E046 = ("E046 {path}: ingest pass stopped by {signal}; {in_hand}; lines published: {published}; "
        "the rest waits for the next pass")
E048 = "E048 {source}: entry {url!r} is not a valid URL ({error}); entry skipped, the rest kept"
E080 = "E080 {path}: {key} must be {rule}, not {value!r}"
E081 = "E081 {path}: cannot read the ingest state ({error}); give the --state of an earlier pass"
# ingest fetch against hostile servers (issue 15)
E045 = "E045 {url}: no complete answer within the {seconds:g} s deadline; tried again on a later pass"
E047 = "E047 {url}: robots.txt of {origin} cannot be read now ({error}); nothing is fetched there until it can"
E049 = "E049 {url}: body decodes ({codings}) to more than {limit} bytes; refused"
E050 = "E050 {url}: the server asks to come back at {when} (HTTP {status}); tried again then"
# load (issue 7): input lines and database URLs
E051 = "E051 {input}:{line}: not a vnfacts record or gold document (needs {key!r})"
E052 = "E052 {url!r} is not a database URL; use duckdb:///PATH.duckdb or postgresql://…"
E054 = "E054 cannot open the database {url!r} ({error})"
# load (issue 15): each record is checked before it loads; a bad one is one line, the rest loads
E053 = "E053 {input}:{line}: record {id!r} is not a valid record: {error}; record not loaded"
E055 = ("E055 {input}:{line}: record {id!r} has schema_version {found!r}, this vnfacts loads {expected!r}; "
        "extract the document again; record not loaded")
E056 = "E056 {input}:{line}: record {id!r} has two entities with id {entity!r}; record not loaded"
E057 = ("E057 {input}:{line}: record {id!r}: entity {entity!r} spans {start}-{end}, {problem}; "
        "record not loaded")
E058 = ("E058 {input}:{line}: record {id!r}: entity {entity!r} says {text!r} but the text holds {found!r} there; "
        "record not loaded")
E059 = ("E059 {input}:{line}: record {id!r}: fact {fact!r} names entity {entity!r}, which the record lacks; "
        "record not loaded")
E079 = ("E079 {input}:{line}: record {id!r} version {version} is also at {other} with other content; "
        "both left out, keep one")
# show (issue 16): the review page's inputs
E070 = ("E070 {input}:{line}: record {id!r} has no text (extracted with --no-text?) and no gold document gives it; "
        "nothing to show")
E071 = "E071 {input}: no record with id {id!r} (asked for with --id)"
E072 = ("E072 {input}: {count} documents to show, more than the limit of {limit}; pick documents with --id "
        "or raise --limit")
E073 = ("E073 {input}:{line}: record {id!r} does not hold the text of its gold document in {gold}; "
        "differences cannot be marked")
E074 = "E074 {input}:{line}: entity {index} of record {id!r} {problem}; it cannot be drawn"
# query (issue 16): an SQL file run on a loaded database
E075 = "E075 {path}: {problem}; give a UTF-8 file holding one SQL query (see examples/queries/)"
E076 = "E076 {path}: the query failed on {url} ({error})"
# show's overview (issue 16): a warning, the page is still written
E066 = ("E066 {input}:{line}: record id {id!r} was already on line {first}; the overview's per-label scores "
        "pair one record with each gold document, so they are left out (each document's own scores are shown)")
# registry (issue 17): records read across, the registry written, the cross-document gold
E060 = "E060 {input}:{line}: not a vnfacts record (needs {key!r}); left out of the registry"
E061 = "E061 {path}: cannot write the registry ({error})"
E062 = "E062 {path}: not a cross-document gold file ({error})"
E063 = "E063 {path}: {where} names the mention {doc}:{start}-{end}, which is no gold {label} mention of {gold}"
E064 = "E064 {path}: {where} names the cluster {id!r}, which the file does not define"
E065 = "E065 {input}: no such file or directory"
