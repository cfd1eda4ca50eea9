"""GK rules: reading, decoding, parsing and recognising a payload, for every kind.

These rules are reported by the loaders and the kind resolver rather than by a check
function, because they decide whether there is a document to check at all.
"""

from __future__ import annotations

from goalkeeper.diagnostics import Edit, Finding, Fix, Severity
from goalkeeper.rules import ANY_KIND, Source, rule

ERROR = Severity.ERROR
WARNING = Severity.WARNING

ALL = (ANY_KIND,)


@rule("GK001", title="file cannot be read", severity=ERROR, kinds=ALL, stage="load")
def unreadable_file() -> None:
    """The file does not exist, is a directory, or cannot be opened.

    Source: SPEC §4.1. goalkeeper reports it like any other finding, so one unreadable
    file never hides the results for the others.

    Wrong: ``goalkeeper check goals/missing.json`` where the file was renamed.

    Right: check the files that exist (a directory argument is searched recursively).
    """


@rule("GK002", title="file is empty", severity=ERROR, kinds=ALL, stage="load")
def empty_file() -> None:
    """The file has no content, or only white space (or only a byte order mark).

    Source: SPEC §4.1. Every vendor endpoint needs a body; an empty file is usually
    a save that went wrong.

    Wrong: a zero-byte ``goal.json``.

    Right: ``{"code": "checkout", "name": "Checkout", "agents": []}``
    """


@rule(
    "GK003",
    title="file is larger than the size limit",
    severity=ERROR,
    kinds=ALL,
    stage="load",
    hint="raise max-file-size in the configuration if the file is really a payload",
)
def file_too_large() -> None:
    """The file is over ``max-file-size`` (default 10 MiB) and is not parsed.

    Source: SPEC §4.1 and §10. Payloads for these APIs are small; a huge file is
    almost always the wrong file, and the limit bounds memory and time. The limit applies
    to every input: files, standard input (at most the limit and one byte are read, so
    ``/dev/zero`` ends here) and the library's ``str`` and ``bytes``. A file that needs
    more memory than the machine has is reported under this code too, never as an
    internal error.

    Wrong: a 40 MB export checked as a payload.

    Right: split the export into one request body per file, or raise
    ``max-file-size`` in ``[tool.goalkeeper]``.
    """


@rule("GK101", title="file is not valid UTF-8", severity=ERROR, kinds=ALL, stage="load")
def not_utf8() -> None:
    """A byte sequence in the file is not UTF-8.

    Source: SPEC §4.1; seed 003 "Getting started" (request bodies "encoded using
    UTF-8"). The finding points at the first byte that does not decode.

    Wrong: a file saved as Windows-1252 containing ``"name": "Café"``.

    Right: the same file saved as UTF-8.
    """


def _remove_bom(source: Source, finding: Finding) -> Fix | None:
    if not source.text.startswith("\ufeff"):
        return None
    return Fix((Edit(0, 1, ""),), "remove the byte order mark")


@rule(
    "GK102",
    title="file starts with a UTF-8 byte order mark",
    severity=WARNING,
    kinds=ALL,
    stage="load",
    fix=_remove_bom,
)
def utf8_bom() -> None:
    """The file starts with the bytes EF BB BF.

    Source: SPEC §4.1. JSON (RFC 8259 §8.1) forbids adding a byte order mark and some
    servers reject it; goalkeeper strips it and checks the rest.

    Wrong: a file saved by an editor as "UTF-8 with BOM".

    Right: the same file saved as "UTF-8".

    Fix (safe): removes the three bytes EF BB BF; nothing else changes.
    """


@rule("GK103", title="file is UTF-16 or UTF-32", severity=ERROR, kinds=ALL, stage="load")
def wide_encoding() -> None:
    """The file is encoded as UTF-16 or UTF-32 (by byte order mark or NUL pattern).

    Source: SPEC §4.1; seed 003 "Getting started". Windows tools (PowerShell's
    ``Out-File``) write UTF-16 by default; the APIs take UTF-8 only.

    Wrong: ``Get-Content goal.json | Out-File copy.json`` (UTF-16 LE with BOM).

    Right: ``Out-File -Encoding utf8NoBOM`` or ``iconv -f UTF-16 -t UTF-8``.
    """


@rule("GK201", title="JSON syntax error", severity=ERROR, kinds=ALL, stage="load")
def json_syntax() -> None:
    """The file is not valid JSON; the finding gives the exact line and column.

    Source: SPEC §4.1. Nothing else in the file is checked until it parses. Single
    quotes and ``...`` placeholders copied from documentation get their own message.

    Wrong: ``{"code": "checkout" "name": "Checkout"}`` (missing comma)

    Right: ``{"code": "checkout", "name": "Checkout"}``
    """


def _remove_comments(source: Source, finding: Finding) -> Fix | None:
    from goalkeeper.load.json_comments import comment_removals, scan

    extras = scan(source.text)
    if extras is None or not extras.comments:
        return None
    count = len(extras.comments)
    return Fix(
        comment_removals(source.text, extras.comments),
        f"remove {count} comment{'s' if count != 1 else ''}",
    )


def _remove_trailing_commas(source: Source, finding: Finding) -> Fix | None:
    from goalkeeper.load.json_comments import scan

    extras = scan(source.text)
    if extras is None or not extras.trailing_commas:
        return None
    count = len(extras.trailing_commas)
    return Fix(
        tuple(Edit(offset, offset + 1, "") for offset in extras.trailing_commas),
        f"remove {count} trailing comma{'s' if count != 1 else ''}",
    )


@rule(
    "GK202",
    title="comment in JSON",
    severity=ERROR,
    kinds=ALL,
    stage="load",
    fix=_remove_comments,
)
def json_comment() -> None:
    """The file contains a ``//`` or ``/* */`` comment, which JSON does not allow.

    Source: SPEC §4.1; seed 001 prints the transform list and options responses with
    comments "added for clarity", and seed 004 annotates samples the same way. Users
    copy them as they are.

    Wrong: ``{"status": 1 // 1 means enabled}``

    Right: ``{"status": 1}``

    Fix (safe): removes every comment in the file, found by a scan that knows JSON
    strings (``"http://..."`` is kept). A comment alone on its line goes with the line;
    a comment at the end of a line takes the spaces before it. The fix is applied only
    when the file then parses: ``"status": 1, // 1 means enabled`` becomes
    ``"status": 1,``.
    """


@rule(
    "GK203",
    title="trailing comma in JSON",
    severity=ERROR,
    kinds=ALL,
    stage="load",
    fix=_remove_trailing_commas,
)
def json_trailing_comma() -> None:
    """A comma follows the last member of an object or the last item of an array.

    Source: SPEC §4.1; seed 004's error-response sample has one. The finding points
    at the comma to remove.

    Wrong: ``{"agents": ["a-1", "a-2",]}``

    Right: ``{"agents": ["a-1", "a-2"]}``

    Fix (safe): removes every trailing comma in the file (only the comma; the line
    breaks and indentation stay). The fix is applied only when the file then parses.
    """


@rule("GK204", title="duplicate key in a JSON object", severity=ERROR, kinds=ALL, stage="load")
def json_duplicate_key() -> None:
    """The same key appears twice in one object.

    Source: SPEC §4.1. Parsers keep one of the values (usually the last) without a
    word, so the request says something other than the file seems to say. The finding
    points at the second occurrence and names the line of the first.

    Wrong: ``{"name": "Checkout", "agents": [], "name": "Purchase"}``

    Right: ``{"name": "Purchase", "agents": []}``
    """


@rule("GK205", title="NaN or Infinity in JSON", severity=ERROR, kinds=ALL, stage="load")
def json_non_finite() -> None:
    """The literals ``NaN``, ``Infinity`` and ``-Infinity`` are not JSON.

    Source: SPEC §4.1; RFC 8259 §6. Python's ``json.dumps`` writes them by default,
    and strict servers reject the body.

    Wrong: ``{"valueMin": 0, "valueMax": Infinity}``

    Right: ``{"valueMin": 0, "valueMax": 1000000}``
    """


@rule("GK206", title="number overflows a double", severity=ERROR, kinds=ALL, stage="load")
def json_number_overflow() -> None:
    """A number is larger in magnitude than the largest double (about 1.8e308).

    Source: SPEC §4.1; RFC 8259 §6 (interoperability of numbers). The API would read it
    as infinity or reject it.

    Wrong: ``{"valueMax": 1e400}``

    Right: ``{"valueMax": 1e300}``
    """


@rule(
    "GK207", title="top-level JSON value is not an object", severity=ERROR, kinds=ALL, stage="load"
)
def json_not_object() -> None:
    """The payload is an array, string, number, boolean or null.

    Source: SPEC §4.1. Every JSON request body of every supported API is an object.

    Wrong: ``[{"code": "checkout", "name": "Checkout", "agents": []}]``

    Right: ``{"code": "checkout", "name": "Checkout", "agents": []}``
    """


@rule("GK208", title="JSON nested too deeply", severity=ERROR, kinds=ALL, stage="load")
def json_too_deep() -> None:
    """Objects and arrays are nested more than 512 levels deep.

    Source: SPEC §4.10 (Decision: 512 levels, checked without recursion). No vendor
    payload nests beyond a handful of levels; deeper input is generated garbage or an
    attack on the parser.

    Wrong: ``[[[[ ... 600 levels ... ]]]]``

    Right: a payload as the vendor documents it.
    """


@rule(
    "GK209",
    title="payload holds a value JSON cannot represent",
    severity=ERROR,
    kinds=ALL,
    stage="load",
)
def not_json_data() -> None:
    """Data handed to the library holds something JSON has no form for.

    Source: SPEC §7. ``goalkeeper.check`` takes an already parsed payload (a dict); the
    request body is its JSON form, and a dict key that is not a string, a set, a list or
    dict that contains itself, or an object such as a ``datetime`` has none (``json.dumps``
    would fail or change it). The finding points at the value; the payload is not checked
    further until it is plain JSON data.

    Wrong: ``goalkeeper.check({"code": "g-1", "agents": {"a-1"}})`` (a set)

    Right: ``goalkeeper.check({"code": "g-1", "agents": ["a-1"]})``
    """


@rule("GK301", title="XML is not well-formed", severity=ERROR, kinds=ALL, stage="load")
def xml_syntax() -> None:
    """The XML cannot be parsed; the finding points at the offending character.

    Source: SPEC §4.1 and §5.1. The message is goalkeeper's own sentence for each kind of
    mistake (an unescaped ``&``, a closing tag that does not match, a start tag or an
    attribute value that is never closed, content after the root element, nesting deeper
    than 256 levels, stated as for JSON), never the XML parser's wording. A ``.xml`` file
    holding JSON gets a hint that says so.

    Wrong: ``<goalBean><name>Royco</goalBean>``

    Right: ``<goalBean><name>Royco</name></goalBean>``
    """


@rule("GK302", title="XML DOCTYPE or entity declaration", severity=ERROR, kinds=ALL, stage="load")
def xml_doctype() -> None:
    """The document has a ``<!DOCTYPE>``, where DTDs and entities are declared.

    Source: SPEC §4.1 and §10. goalkeeper never loads a DTD, resolves an entity or
    opens a URL named in one: the declaration is refused before parsing, so
    external-entity and billion-laughs documents cost nothing. The vendor API takes
    plain XML without a DOCTYPE.

    Wrong: ``<!DOCTYPE goalBean [<!ENTITY x SYSTEM "file:///etc/passwd">]><goalBean>&x;</goalBean>``

    Right: ``<goalBean>...</goalBean>``
    """


@rule("GK303", title="XInclude in XML", severity=ERROR, kinds=ALL, stage="load")
def xml_xinclude() -> None:
    """An element in the XInclude namespace asks to pull in another file.

    Source: SPEC §4.1 and §10. goalkeeper never performs XInclude and the API would
    not either; the payload must be complete in itself.

    Wrong: ``<rulesBean><xi:include href="rules.xml" xmlns:xi="http://www.w3.org/2001/XInclude"/></rulesBean>``

    Right: the included elements written inline.
    """


@rule("GK304", title="XML encoding is not UTF-8", severity=ERROR, kinds=ALL, stage="load")
def xml_encoding() -> None:
    """The XML declaration names an encoding other than UTF-8.

    Source: SPEC §4.1; seed 003 "Getting started": request bodies are "provided in XML
    format and encoded using UTF-8".

    Wrong: ``<?xml version="1.0" encoding="ISO-8859-1"?>``

    Right: ``<?xml version="1.0" encoding="UTF-8"?>`` (or no declaration)
    """


@rule("GK401", title="kind of payload cannot be detected", severity=ERROR, kinds=ALL, stage="load")
def kind_unknown() -> None:
    """No kind's signature matches the payload, and no ``--kind`` or config glob names one.

    Source: SPEC §3 and §4.10. Detection looks at the top-level keys (JSON) or the root
    element (XML); a partial update such as seed 000's ``{"name": "My New Name"}`` has
    no signature and needs ``--kind conductrics/goal-type --op update`` or a ``files``
    mapping in the configuration.

    Wrong: ``goalkeeper check rename.json`` with ``{"name": "My New Name"}``

    Right: ``goalkeeper check --kind conductrics/goal-type --op update rename.json``
    """


@rule("GK402", title="kind of payload is ambiguous", severity=ERROR, kinds=ALL, stage="load")
def kind_ambiguous() -> None:
    """The payload carries the signatures of two kinds; goalkeeper never guesses.

    Source: SPEC §3 and §4.10. Only Conductrics settles by order (a targeting rule's
    ``when``/``apply`` wins over a goal type's ``code``); any other pair is reported.

    Wrong: one file mixing the keys of two vendors' payloads.

    Right: one request body per file, or ``--kind`` to say which it is.
    """


@rule(
    "GK403", title="response document given as a request", severity=ERROR, kinds=ALL, stage="load"
)
def response_document() -> None:
    """The file is what an API answered, not what it takes.

    Source: SPEC §4.1 and §4.10; the response shapes are printed in the seeds: Conductrics
    ``{"status": 200, "data": [...]}`` (seed 000), ``{"data": {"transforms": ...}}`` and
    ``{"success": true}`` (seed 001).

    Wrong: a saved ``GET /admin/acc-xxxxxx/goals`` answer checked as a goal type.

    Right: one goal type object from inside ``data``.
    """


@rule(
    "GK404", title="operation does not apply to the kind", severity=ERROR, kinds=ALL, stage="load"
)
def operation_mismatch() -> None:
    """``--op`` (or a ``files`` mapping's ``op``) names an operation the kind does not have.

    Source: SPEC §3, the table of kinds and operations. A targeting rule's PUT always
    replaces the rule (create only); a goal type takes create and update.

    Wrong: ``goalkeeper check --op update rule.json`` for a Conductrics targeting rule.

    Right: ``goalkeeper check rule.json`` (the operation is inferred).
    """


@rule(
    "GK501",
    title="endpoint takes another HTTP method",
    severity=ERROR,
    kinds=ALL,
    stage="request",
)
def wrong_method() -> None:
    """The URL is a known endpoint, but the request sends its payload with a method the
    endpoint does not take.

    Source: SPEC §3 (the endpoint table) and §4.10, "Request endpoints": a known path with
    the wrong method is an error that names the method the endpoint takes. The body is
    still checked as the kind that path takes. Only the methods that send a payload (POST,
    PUT, PATCH) are judged: a GET, HEAD, OPTIONS or DELETE on a path that does not take it
    reads or deletes the resource and is not goalkeeper's to check. Reported by
    ``goalkeeper.check_request`` and the HTTP guards only.

    Wrong: ``POST /admin/acc-xxxxxx/goals/goal/g-checkout`` (a Conductrics goal type).

    Right: ``PUT /admin/acc-xxxxxx/goals/goal/g-checkout``
    """


@rule(
    "GK502",
    title="matrix parameter missing or empty",
    severity=ERROR,
    kinds=ALL,
    stage="request",
)
def missing_matrix_parameter() -> None:
    """The endpoint takes its identifier as a matrix parameter (``;id=…``), and the URL has
    none, an empty one, or gives it as a query parameter (``?id=…``) instead.

    Source: seed 003, "Update a goal" and "Update goal rules" (``by_goal_id;id={id}``, the
    id as a matrix parameter); SPEC §4.10, "Request endpoints". Matrix parameters may come
    in any order and extra ones are ignored. Reported by ``goalkeeper.check_request`` and
    the HTTP guards only.

    Wrong: ``PUT /api/1.0/goal/by_goal_id?id=8e81…`` or ``PUT /api/1.0/goal/by_goal_id;id=``

    Right: ``PUT /api/1.0/goal/by_goal_id;id=8e81…`` (also ``…;lang=en;id=8e81…``)
    """


@rule(
    "GK601",
    title="safe fixes not applied: the file would not parse",
    severity=WARNING,
    kinds=ALL,
    stage="load",
    hint="fix the syntax by hand; the other fixes are applied on the next --fix",
)
def fix_would_not_parse() -> None:
    """``--fix`` found safe fixes for the file but left it untouched, because the text
    after them would not parse.

    Source: SPEC §5.2 ("a file that would not parse after a fix is left untouched"). It
    happens when a file has a mistake no fix can mend next to one it can: removing the
    comments of a file that also has a missing comma still leaves invalid JSON. The
    message names the first problem that remains.

    Wrong: ``{"a": 1 // one`` + a line ``"b": 2}`` (the comma is missing too).

    Right: ``{"a": 1, // one`` + ``"b": 2}``; ``--fix`` then removes the comment.
    """


@rule(
    "GK602",
    title="fixed file cannot be written",
    severity=ERROR,
    kinds=ALL,
    stage="load",
    hint="make the file writable (or run `goalkeeper check --diff` and apply the diff)",
)
def fix_not_written() -> None:
    """``--fix`` could not write the fixed file: the file is read-only, or the directory
    does not let goalkeeper create the temporary file it renames over the original.

    Source: SPEC §5.2. Fixes are written atomically (a temporary file in the same
    directory, then a rename that keeps the permissions), so a file is either fully
    fixed or untouched. A file without any write permission bit is treated as
    read-only even for a user who could override it, as ``chmod a-w`` asks.

    Wrong: ``chmod a-w goal.json && goalkeeper check --fix goal.json``.

    Right: ``chmod u+w goal.json && goalkeeper check --fix goal.json``.
    """


@rule("GK999", title="internal error in goalkeeper", severity=ERROR, kinds=ALL, stage="load")
def internal_error() -> None:
    """A check failed with an unexpected exception: a bug in goalkeeper, not in the file.

    Source: SPEC §5 (exit status 2 for an internal failure). The other findings for the
    file are still reported; please report the message with the file that caused it.

    Wrong: nothing the user wrote.

    Right: nothing to change in the payload.
    """


RULES = (
    unreadable_file,
    empty_file,
    file_too_large,
    not_utf8,
    utf8_bom,
    wide_encoding,
    json_syntax,
    json_comment,
    json_trailing_comma,
    json_duplicate_key,
    json_non_finite,
    json_number_overflow,
    json_not_object,
    json_too_deep,
    not_json_data,
    xml_syntax,
    xml_doctype,
    xml_xinclude,
    xml_encoding,
    kind_unknown,
    kind_ambiguous,
    response_document,
    operation_mismatch,
    wrong_method,
    missing_matrix_parameter,
    fix_would_not_parse,
    fix_not_written,
    internal_error,
)
