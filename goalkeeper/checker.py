"""The pipeline: load → resolve kind and operation → schema → rules → diagnostics.

One :class:`Checker` serves a whole run (or a library caller): it holds the resolved
settings and the per-code decisions, and checks one payload at a time without keeping
anything of it afterwards.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import Any, NamedTuple

from goalkeeper import registry
from goalkeeper.context import Context, Request
from goalkeeper.diagnostics import (
    SEVERITY_ORDER,
    Diagnostic,
    Finding,
    Fix,
    Severity,
    cap_findings,
    printable,
)
from goalkeeper.kinds import (
    Kind,
    ResponseShape,
    content_of,
    detect,
    near_miss,
    response_finding,
)
from goalkeeper.load.document import (
    Format,
    LoadResult,
    load_bytes,
    load_path,
    read_stream,
    special_file_of,
    too_large,
)
from goalkeeper.load.json_document import JsonDocument
from goalkeeper.rules import Rule, Source
from goalkeeper.settings import Selection, Settings

_SEVERITY_OF = attrgetter("severity")


class Report:
    """The result of checking one or more payloads: ``diagnostics`` and ``files_checked``.

    ``fixed`` (fixes applied by ``--fix``) and ``baselined`` (findings a baseline
    accepted, with ``stale`` baseline entries that matched nothing) are None unless
    those modes are on.
    """

    __slots__ = (
        "baselined",
        "diagnostics",
        "files",
        "files_checked",
        "fixed",
        "skipped",
        "stale",
        "strict_paths",
    )

    def __init__(
        self,
        diagnostics: tuple[Diagnostic, ...] = (),
        files_checked: int = 0,
        *,
        skipped: tuple[tuple[str, str], ...] = (),
        files: Sequence[tuple[str, str | None, str | None, str | None]] = (),
        strict_paths: frozenset[str | None] = frozenset(),
        fixed: int | None = None,
        baselined: int | None = None,
        stale: tuple[dict[str, str], ...] = (),
    ) -> None:
        self.diagnostics = diagnostics
        self.files_checked = files_checked
        # Files found by walking and not checked: (path, reason).
        self.skipped = skipped
        # Every file of the run: (path, kind, op, reason skipped), for --show-files.
        self.files = files
        # Files whose own configuration makes warnings fail the run.
        self.strict_paths = strict_paths
        self.fixed = fixed
        self.baselined = baselined
        self.stale = stale

    def __repr__(self) -> str:
        return f"Report(diagnostics={self.diagnostics!r}, files_checked={self.files_checked})"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Report)
            and other.diagnostics == self.diagnostics
            and other.files_checked == self.files_checked
        )

    __hash__ = None  # type: ignore[assignment]

    def replace(
        self,
        diagnostics: tuple[Diagnostic, ...],
        *,
        fixed: int | None = None,
        baselined: int | None = None,
        stale: tuple[dict[str, str], ...] | None = None,
    ) -> Report:
        """The same run with other diagnostics; counts not given are kept."""
        return Report(
            diagnostics,
            self.files_checked,
            skipped=self.skipped,
            files=self.files,
            strict_paths=self.strict_paths,
            fixed=self.fixed if fixed is None else fixed,
            baselined=self.baselined if baselined is None else baselined,
            stale=self.stale if stale is None else stale,
        )

    @property
    def ok(self) -> bool:
        """True when no diagnostic is an error."""
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)

    @property
    def summary(self) -> dict[str, int]:
        counts = Counter(map(_SEVERITY_OF, self.diagnostics))
        return {str(severity): counts[severity] for severity in SEVERITY_ORDER}

    @property
    def fixable(self) -> int:
        """How many diagnostics have a safe fix (what ``--fix`` would resolve)."""
        return sum(1 for d in self.diagnostics if d.fix is not None)

    @property
    def internal_error(self) -> bool:
        return any(d.code == "GK999" for d in self.diagnostics)

    def failed(self, strict: bool = False) -> bool:
        """Whether the run fails: any error, or (strict) any warning — also a warning in a
        file whose own configuration says ``strict`` (``strict_paths``)."""
        summary = self.summary
        if summary["error"] or (strict and summary["warning"]):
            return True
        return bool(self.strict_paths) and any(
            d.severity is Severity.WARNING and d.path in self.strict_paths for d in self.diagnostics
        )

    def statistics(self) -> list[dict[str, Any]]:
        """One ``{code, title, count}`` per reported code, the most frequent first."""
        counts: dict[str, int] = {}
        for diagnostic in self.diagnostics:
            counts[diagnostic.code] = counts.get(diagnostic.code, 0) + 1
        return [
            {"code": code, "title": _title(code), "count": count}
            for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        ]

    def to_dict(
        self,
        version: str,
        strict: bool = False,
        statistics: bool = False,
        show_files: bool = False,
    ) -> dict[str, Any]:
        """The JSON report (SPEC §5): the stable keys first, then ``ok`` (the verdict,
        ``strict`` included), ``skipped`` and, when asked, ``statistics`` and ``files``."""
        result: dict[str, Any] = {
            "tool": "goalkeeper",
            "version": version,
            "files_checked": self.files_checked,
            "summary": self.summary,
            "diagnostics": [d.to_dict() for d in self.diagnostics],
            "ok": not self.failed(strict),
            "skipped": [{"path": path, "reason": reason} for path, reason in self.skipped],
        }
        if statistics:
            result["statistics"] = self.statistics()
        if show_files:
            result["files"] = [
                {"path": path, "kind": kind, "op": op, "skipped": reason}
                for path, kind, op, reason in self.files
            ]
        if self.fixed is not None:
            result["fixed"] = self.fixed
        if self.baselined is not None:
            result["baselined"] = self.baselined
            result["stale_baseline_entries"] = list(self.stale)
        return result


class FileResult(NamedTuple):
    """What checking one file gave: its diagnostics, its kind and operation when known, and
    why it was skipped (a file found by walking that is not a payload of a known kind)."""

    diagnostics: list[Diagnostic]
    kind: str | None = None
    op: str | None = None
    skipped: str | None = None
    # The few values of the body that cross-file rules need (Kind.facts), when asked for.
    facts: Any = None


NOT_A_PAYLOAD = "no known payload kind"
OTHER_VENDOR = "a payload of another vendor (--vendor)"


class _Enabled(dict[str, bool]):
    """Whether each code is reported, decided on first sight of the code.

    Built lazily so that a run loads only the rules of the vendors it checks; concurrent
    first lookups compute the same answer, so sharing it between threads is safe.
    """

    def __init__(self, selection: Selection) -> None:
        super().__init__()
        self._selection = selection

    def __missing__(self, code: str) -> bool:
        enabled = self[code] = self._selection.enabled(code)
        return enabled


def _title(code: str) -> str:
    declared = registry.rule_by_code(code)
    return declared.title if declared is not None else code


class Target(NamedTuple):
    """What to check and what is already known about it."""

    path: str | None = None
    kind: str | None = None
    op: str | None = None


class _Plan(NamedTuple):
    """Everything needed to check one kind and operation, resolved once per Checker."""

    kind: Kind
    op: str
    schema: Any  # the compiled schema engine (JSON kinds)
    rules: tuple[Rule, ...]
    request_rules: tuple[Rule, ...]
    # Whether a cross-file rule looks at this kind: then a run keeps the body's facts.
    collects_facts: bool
    # (with the request rules, the payload's top-level keys) -> the rules those keys
    # trigger, in order: payloads of one kind have few distinct key sets.
    triggered: dict[tuple[bool, frozenset[str]], tuple[Rule, ...]]
    # Whether any rule names the keys or tags that trigger it (no Pulse rule does).
    triggers: bool


# The most key sets remembered per kind and operation (beyond, rules are picked per file).
_KEY_SETS_KEPT = 512
# The responses and kinds a payload's top-level keys could be.
_Pretested = tuple[tuple[ResponseShape, ...], tuple[Kind, ...]]
# Payloads with more top-level keys than this are pre-tested afresh (no key list kept).
_KEYS_REMEMBERED = 64


class Checker:
    """Checks payloads under one set of settings. Safe to share between threads."""

    def __init__(self, settings: Settings | None = None, *, fingerprints: bool = False) -> None:
        self.settings = settings or Settings()
        # Whether diagnostics carry the digest of their offending value (for a baseline).
        self.fingerprints = fingerprints
        selection: Selection = self.settings.selection
        self._enabled = _Enabled(selection)
        self._plans: dict[tuple[str, str], _Plan] = {}
        vendors = self.settings.vendors
        kinds = [k for k in registry.KINDS if not vendors or k.vendor in vendors]
        responses = [r for r in registry.RESPONSES if not vendors or r.vendor in vendors]
        self._kinds = {fmt: tuple(k for k in kinds if k.format == fmt) for fmt in ("json", "xml")}
        self._responses = {
            fmt: tuple(r for r in responses if r.format == fmt) for fmt in ("json", "xml")
        }
        self._pretests: dict[tuple[str, ...], _Pretested] = {}

    # -- entry points ---------------------------------------------------------------

    def check_path(
        self, path: str, display: str | None = None, target: Target | None = None
    ) -> list[Diagnostic]:
        return self.check_file(path, display, target).diagnostics

    def check_file(
        self,
        path: str,
        display: str | None = None,
        target: Target | None = None,
        walked: bool = False,
        facts: bool = False,
        regular: bool = False,
        relative: str | None = None,
    ) -> FileResult:
        """Check one file. The parser follows the extension (.json, .xml; other names are
        sniffed). A file found by ``walked`` a directory whose kind cannot be told is
        skipped, unless it nearly matches a kind (SPEC §5.1); one the walk saw as
        ``regular`` is opened at once. With ``facts``, the result carries what the
        cross-file rules need of it (see :mod:`goalkeeper.cross_file`). ``relative``, the
        path relative to the configuration when the caller knows it, saves working it out
        for the configuration's ``files`` entries."""
        shown = display or path
        target = self._with_mapping(path, target or Target(shown), relative)
        expected = (
            registry.KINDS_BY_NAME[target.kind].format if target.kind else format_of_name(path)
        )
        try:
            loaded = load_path(path, shown, expected, self.settings.max_file_size, regular)
        except MemoryError:
            loaded = LoadResult(None, [out_of_memory()], expected)
        return self._run(loaded, target, path, None, walked, facts)

    def check_bytes(self, raw: bytes, target: Target | None = None) -> list[Diagnostic]:
        return self.check_bytes_result(raw, target).diagnostics

    def check_bytes_result(self, raw: bytes, target: Target | None = None) -> FileResult:
        """Check text that has no file name of its own (standard input, a library string):
        the format is sniffed unless the kind says it."""
        target = self._with_mapping(target.path if target else None, target or Target())
        if len(raw) > self.settings.max_file_size:
            return self._failed_load(too_large(len(raw), self.settings.max_file_size), target)
        expected = registry.KINDS_BY_NAME[target.kind].format if target.kind else None
        try:
            loaded = load_bytes(raw, target.path, expected)
        except MemoryError:
            loaded = LoadResult(None, [out_of_memory()], expected)
        return self._run(loaded, target, target.path)

    def check_stream(
        self, read: Callable[[int], bytes], target: Target | None = None
    ) -> FileResult:
        """Check what ``read`` (standard input's) gives, reading at most the size limit
        plus one byte (``/dev/zero`` ends with GK003, not with the memory)."""
        raw = read_stream(read, self.settings.max_file_size)
        if isinstance(raw, Finding):
            return self._failed_load(raw, target or Target())
        return self.check_bytes_result(raw, target)

    def check_text(self, text: str, target: Target | None = None) -> list[Diagnostic]:
        """Check a payload given as text (the library's ``str``)."""
        target = target or Target()
        if len(text) > self.settings.max_file_size:  # at least as many bytes as characters
            return self.check_failed_load(too_large(len(text), self.settings.max_file_size), target)
        try:
            raw = text.encode("utf-8")
        except UnicodeEncodeError as error:
            return self.check_failed_load(lone_surrogate(text, error.start), target)
        return self.check_bytes(raw, target)

    def check_failed_load(self, finding: Finding, target: Target) -> list[Diagnostic]:
        """The diagnostic of a payload that could not even be read."""
        return self._failed_load(finding, target).diagnostics

    def unreadable_directory(self, display: str, reason: str) -> FileResult:
        """GK001 for a directory a walk could not enter: its files were not checked."""
        finding = Finding(
            "GK001",
            "",
            f"cannot read the directory: {reason}; the files in it were not checked",
            hint="fix the permissions, or exclude the directory",
        )
        return self._failed_load(finding, Target(display))

    def _failed_load(self, finding: Finding, target: Target) -> FileResult:
        return self._run(LoadResult(None, [finding], None), target, target.path)

    def check_file_bytes(self, raw: bytes, path: str, target: Target) -> list[Diagnostic]:
        """Check bytes as the file at ``path`` is checked (its name picks the parser): how
        ``--fix`` checks the text it is about to write."""
        target = self._with_mapping(path, target)
        expected = (
            registry.KINDS_BY_NAME[target.kind].format if target.kind else format_of_name(path)
        )
        return self._run(load_bytes(raw, target.path, expected), target, path).diagnostics

    def check_data(self, data: Any, target: Target | None = None) -> list[Diagnostic]:
        """Check already-parsed JSON data (no positions: there is no text)."""
        target = target or Target()
        return self.check_loaded(load_data(data, target.path), target, target.path)

    def check_loaded(
        self,
        loaded: LoadResult,
        target: Target,
        real_path: str | None = None,
        request: Request | None = None,
    ) -> list[Diagnostic]:
        return self._run(loaded, target, real_path, request).diagnostics

    def _run(
        self,
        loaded: LoadResult,
        target: Target,
        real_path: str | None = None,
        request: Request | None = None,
        walked: bool = False,
        facts: bool = False,
    ) -> FileResult:
        is_xml = loaded.format == "xml"
        try:
            return self._run_stages(loaded, target, real_path, request, walked, facts)
        except MemoryError:
            # Not a bug in the payload's check: the machine has too little memory for it.
            del loaded
            diagnostics = self._diagnostics(
                [out_of_memory()], None, target.path, real_path, None, None
            )
            return FileResult(diagnostics)
        finally:
            if is_xml:  # the per-thread pointer index must not keep the document alive
                from goalkeeper.load.xml_document import release_element_index

                release_element_index()

    def _run_stages(
        self,
        loaded: LoadResult,
        target: Target,
        real_path: str | None,
        request: Request | None,
        walked: bool,
        facts: bool,
    ) -> FileResult:
        document, findings = loaded.document, loaded.findings
        if walked and document is None:
            special = special_file_of(findings)
            if special is not None:  # a walk never reads a pipe or device: skipped
                return FileResult([], skipped=f"not a regular file ({special})")
        kept: Any = None
        kind: Kind | None = None
        op: str | None = None
        if document is not None and not (findings and _stops(findings)):
            kind, op, problem = self._resolve(document, target)
            if self.settings.vendors and self._other_vendor(document, kind, problem):
                return FileResult([], skipped=OTHER_VENDOR)
            if problem is not None:
                if problem.code == "GK401":
                    # A near miss says what it nearly is; a file found by walking that is
                    # not even close is no payload at all and is skipped.
                    nearly = near_miss(document, self._kinds[document.format], _known_keys)
                    if nearly is None and walked:
                        return FileResult([], skipped=NOT_A_PAYLOAD)
                    problem = nearly or problem
                findings = [*findings, problem]
            elif kind is not None and op is not None:
                plan = self._plan(kind, op)
                found = self._check(document, plan, request)
                if found:
                    findings = [*findings, *_once(findings, found)]
                if facts and plan.collects_facts and kind.facts is not None:
                    try:
                        kept = kind.facts(content_of(document))
                    except Exception as error:  # a bug must not hide the other findings
                        findings = [*findings, _internal_error("reading cross-file facts", error)]
        elif walked and _not_an_object(findings, document):
            return FileResult([], skipped="not a JSON object")
        name = kind.name if kind else None
        if not findings:
            return FileResult([], name, op, facts=kept)
        source = None
        if loaded.text is not None:
            bom = any(f.code == "GK102" for f in loaded.findings)
            source = Source("\ufeff" + loaded.text if bom else loaded.text, int(bom), document)
        return FileResult(
            self._diagnostics(findings, document, target.path, real_path, kind, op, source),
            name,
            op,
            facts=kept,
        )

    # -- stages ---------------------------------------------------------------------

    def _with_mapping(
        self, path: str | None, target: Target, relative: str | None = None
    ) -> Target:
        if target.kind is not None and target.op is not None:
            return target
        settings = self.settings
        mapping = (
            settings.mapping_of(relative) if relative is not None else settings.mapping_for(path)
        )
        if mapping is None:
            return target
        return Target(target.path, target.kind or mapping.kind, target.op or mapping.op)

    def _resolve(
        self, document: Any, target: Target
    ) -> tuple[Kind | None, str | None, Finding | None]:
        """The kind and operation, or the GK finding that says why there are none."""
        content = content_of(document)
        if document.format == "json" and not isinstance(content, dict):
            return None, None, None  # GK207 already says what is wrong
        kind = registry.KINDS_BY_NAME[target.kind] if target.kind else None
        # Cheap pre-tests first (most payloads have none of a response's keys); the full
        # test, with its message, only when one could match.
        responses, kinds = self._pretested(document.format, content)
        for shape in responses:
            if shape.test(content):
                response = response_finding(
                    document, registry.RESPONSES, kind.vendor if kind else None
                )
                if response is not None:
                    return kind, None, response
                break
        if kind is None:
            candidates = [k for k in kinds if k.signature(content)]
            if len(candidates) > 1:
                outranked = {name for k in candidates for name in k.outranks}
                candidates = [k for k in candidates if k.name not in outranked]
            if len(candidates) == 1:
                kind = candidates[0]
            else:  # none or several: detect() settles precedence or says what is wrong
                detected = detect(document, self._kinds[document.format])
                if isinstance(detected, Finding):
                    return None, None, detected
                kind = detected
        if target.op is None:
            return kind, kind.infer_op(content), None
        if target.op not in kind.ops:
            return (
                kind,
                None,
                Finding(
                    "GK404",
                    "",
                    f'the operation "{target.op}" does not apply to {kind.name}, which takes '
                    + " or ".join(f'"{op}"' for op in kind.ops),
                    hint="drop --op (or the files mapping's op) for this file, or fix --kind",
                ),
            )
        return kind, target.op, None

    def _pretested(self, fmt: str, content: Any) -> _Pretested:
        """The responses and kinds whose keys ``content`` has (the cheap pre-test before
        their full tests), remembered per key list: payloads have few distinct ones."""
        cacheable = fmt == "json" and len(content) <= _KEYS_REMEMBERED
        if cacheable:
            key = tuple(content)
            found = self._pretests.get(key)
            if found is not None:
                return found
        found = (
            tuple(
                r for r in self._responses[fmt] if r.keys is None or not r.keys.isdisjoint(content)
            ),
            tuple(k for k in self._kinds[fmt] if k.keys is None or not k.keys.isdisjoint(content)),
        )
        if cacheable and len(self._pretests) < _KEY_SETS_KEPT:
            self._pretests[key] = found
        return found

    def _other_vendor(self, document: Any, kind: Kind | None, problem: Finding | None) -> bool:
        """Whether a run restricted to some vendors has a payload of another vendor."""
        vendors = self.settings.vendors
        if kind is not None:  # mapped (or forced) to a kind
            return kind.vendor not in vendors
        if problem is None or problem.code != "GK401":
            return False
        content = content_of(document)
        if document.format == "json" and not isinstance(content, dict):
            return False
        return any(
            k.vendor not in vendors
            and k.format == document.format
            and (k.keys is None or not k.keys.isdisjoint(content))
            and k.signature(content)
            for k in registry.KINDS
        ) or any(
            r.vendor not in vendors
            and r.format == document.format
            and (r.keys is None or not r.keys.isdisjoint(content))
            and r.test(content)
            for r in registry.RESPONSES
        )

    def _plan(self, kind: Kind, op: str) -> _Plan:
        plan = self._plans.get((kind.name, op))
        if plan is None:
            enabled = self._enabled
            plan = _Plan(
                kind,
                op,
                self._engine(kind, op, self.settings.engine),
                tuple(r for r in registry.rules_for(kind.name, op, "payload") if enabled[r.code]),
                tuple(r for r in registry.rules_for(kind.name, op, "request") if enabled[r.code]),
                kind.facts is not None
                and any(enabled[r.code] for r in registry.rules_for(kind.name, op, "files")),
                {},
                any(
                    r.triggers is not None
                    for stage in ("payload", "request")
                    for r in registry.rules_for(kind.name, op, stage)
                ),
            )
            self._plans[(kind.name, op)] = plan
        return plan

    @staticmethod
    def _engine(kind: Kind, op: str, name: str) -> Any:
        """The kind's schema stage: a callable from document to findings."""
        if kind.format == "xml":
            from goalkeeper.xml_schema import stage_for

            return stage_for(kind.schema)
        from goalkeeper.schema import json_stage

        return json_stage(kind.schema, op, name)

    def _check(self, document: Any, plan: _Plan, request: Request | None) -> list[Finding]:
        """Schema and rule findings for a document of a known kind and operation."""
        content = content_of(document)
        try:
            found: list[Finding] = plan.schema(document)
        except MemoryError:
            raise
        except Exception as error:  # a bug must not hide the other findings
            found = [_internal_error("the schema stage", error)]
        rules = plan.rules if request is None else plan.rules + plan.request_rules
        if not rules:
            return found
        if isinstance(content, dict):  # the rules its top-level keys trigger
            key = (request is not None, frozenset(content))
            chosen = plan.triggered.get(key)
            if chosen is None:
                chosen = tuple(
                    r for r in rules if r.triggers is None or not r.triggers.isdisjoint(key[1])
                )
                if len(plan.triggered) < _KEY_SETS_KEPT:
                    plan.triggered[key] = chosen
            rules = chosen
        elif plan.triggers:
            rules = tuple(
                r for r in rules if r.triggers is None or not r.triggers.isdisjoint(content)
            )
        context = Context(
            plan.kind.name,
            plan.op,
            self.settings.now,
            self.settings.vendor_options,
            request,
        )
        for declared in rules:
            try:
                found.extend(cap_findings(declared.check(document, context)))  # type: ignore[misc]
            except MemoryError:
                raise
            except Exception as error:
                found.append(_internal_error(f"rule {declared.code}", error))
        return found

    # -- findings to diagnostics ----------------------------------------------------

    def enabled(self, code: str) -> bool:
        """Whether the selection reports ``code`` at all."""
        return self._enabled[code]

    def file_diagnostics(
        self,
        findings: list[Finding],
        path: str | None,
        real_path: str | None,
        kind: str | None,
        op: str | None,
    ) -> list[Diagnostic]:
        """Diagnostics for findings made outside the per-file pass (the cross-file stage);
        each finding carries its position."""
        known = registry.KINDS_BY_NAME.get(kind) if kind else None
        return self._diagnostics(findings, None, path, real_path, known, op)

    def _diagnostics(
        self,
        findings: list[Finding] | tuple[Finding, ...],
        document: Any,
        path: str | None,
        real_path: str | None,
        kind: Kind | None,
        op: str | None,
        source: Source | None = None,
    ) -> list[Diagnostic]:
        if not findings:
            return []
        ignored = self.settings.ignored_for(real_path)
        enabled = self._enabled
        kept = []
        seen: set[tuple[str, str, str]] = set()
        for finding in findings:
            code = finding.code
            if code not in ALWAYS_REPORTED and (
                not enabled[code] or any(code.startswith(p) for p in ignored)
            ):
                continue
            key = (code, finding.pointer, finding.message)
            if key not in seen:
                seen.add(key)
                kept.append(finding)
        if not kept:
            return []
        positions: dict[str, tuple[int, int]] = {}
        if document is not None:
            wanted = sorted({f.pointer for f in kept if f.position is None})
            if wanted:
                positions = document.positions(wanted)
        diagnostics = []
        fingerprint = None
        for finding in kept:
            declared = registry.rule_by_code(finding.code)
            if declared is None:  # a bug: every finding's code is a declared rule's
                raise KeyError(f"no rule is declared with the code {finding.code}")
            position = finding.position or positions.get(finding.pointer)
            line, column = position if position is not None else (None, None)
            hint = hint_for(finding.hint or declared.hint, self.settings.caller)
            fix = None
            if declared.fix is not None and source is not None:
                fix = _fix_for(declared, source, finding)
            if self.fingerprints:
                from goalkeeper.baseline import fingerprint_of

                fingerprint = fingerprint_of(document, finding)
            diagnostics.append(
                Diagnostic(
                    code=finding.code,
                    severity=finding.severity or declared.severity,
                    message=printable(finding.message),
                    pointer=printable(finding.pointer),
                    line=line,
                    column=column,
                    hint=printable(hint) if hint else hint,
                    kind=kind.name if kind else None,
                    op=op,
                    path=printable(path) if path else path,
                    fix=fix,
                    fingerprint=fingerprint,
                )
            )
        diagnostics.sort(key=Diagnostic.sort_key)
        return diagnostics


def load_data(data: Any, path: str | None = None) -> LoadResult:
    """Already-parsed JSON as a loaded document; what JSON cannot hold is a GK finding."""
    from goalkeeper.load.data import inspect_data
    from goalkeeper.load.json_document import describe_json_type

    findings = inspect_data(data)
    document = JsonDocument(data, None, path)
    if any(f.code in ("GK205", "GK206") for f in findings):
        document.non_finite = True
        document.reported_values = frozenset(
            f.pointer for f in findings if f.code in ("GK205", "GK206")
        )
    if not isinstance(data, dict) and not any(f.pointer == "" for f in findings):
        findings.append(
            Finding(
                "GK207",
                "",
                f"the payload is {describe_json_type(data)}; every request body is a JSON object",
            )
        )
    return LoadResult(document, findings, "json")


def format_of_name(path: str) -> Format | None:
    """The parser a file name asks for: .json is JSON and .xml is XML whatever the first
    byte; other names (and standard input) are sniffed."""
    lowered = path.lower()
    if lowered.endswith(".json"):
        return "json"
    if lowered.endswith(".xml"):
        return "xml"
    return None


def _known_keys(kind: Kind) -> frozenset[str]:
    """The top-level keys a JSON kind's schema names."""
    from goalkeeper.schema import schema_for

    return frozenset(schema_for(kind.schema, None).get("properties", {})) | (kind.keys or set())


def _not_an_object(findings: list[Finding], document: Any) -> bool:
    """A walked JSON file whose top level is not an object, and not a list of payloads."""
    if not findings or not all(f.code == "GK207" or f.code == "GK102" for f in findings):
        return False
    data = getattr(document, "data", None)
    if isinstance(data, list) and data and isinstance(data[0], dict):
        return not any(k.format == "json" and k.signature(data[0]) for k in registry.KINDS)
    return True


# Findings about a value the loader could not represent (NaN, a number beyond a double):
# no other rule reports the same value again (SPEC §4.10, one mistake, one diagnostic).
_VALUE_LOAD_CODES = frozenset({"GK205", "GK206", "GK209"})


def _once(loaded: list[Finding], found: list[Finding]) -> list[Finding]:
    """``found`` without what is at (or inside) a value a load finding already reports."""
    taken = {f.pointer for f in loaded if f.code in _VALUE_LOAD_CODES}
    if not taken:
        return found
    return [f for f in found if not _within(f.pointer, taken)]


def _within(pointer: str, taken: set[str]) -> bool:
    if pointer in taken:
        return True
    index = pointer.rfind("/")
    while index > 0:
        if pointer[:index] in taken:
            return True
        index = pointer.rfind("/", 0, index)
    return False


def _always_reported() -> frozenset[str]:
    """Codes no selection can drop: a file that cannot be read, decoded or parsed
    (GK0xx-GK3xx errors; warnings such as the BOM can be silenced) and internal errors."""
    from goalkeeper.validators import general

    return frozenset(
        r.code
        for r in general.RULES
        if (r.code.startswith("GK") and r.code[2] in "0123" and r.severity is Severity.ERROR)
        or r.code == "GK999"
    )


ALWAYS_REPORTED = _always_reported()

_LIBRARY_HINTS = (
    (re.compile(r" or map the file to a kind in the configuration's files table"), ""),
    (re.compile(r" \(or the files mapping's op\)"), ""),
    (re.compile(r" \(see `goalkeeper kinds`\)"), ""),
    (re.compile(r"--kind KIND"), 'kind="vendor/kind"'),
    (re.compile(r"--kind ([a-z]+/[a-z-]+)"), r'kind="\1"'),
    (re.compile(r"--op ([a-z]+)"), r'op="\1"'),
    (re.compile(r"--(kind|op|options|now)\b"), r"\1="),
)


def hint_for(hint: str | None, caller: str) -> str | None:
    """A hint in the caller's terms: command-line flags, or the library's keyword
    arguments (``--op update`` becomes ``op="update"``)."""
    if hint is None or caller != "library" or "--" not in hint:
        return hint
    for pattern, replacement in _LIBRARY_HINTS:
        hint = pattern.sub(replacement, hint)
    return hint


def out_of_memory() -> Finding:
    """GK003 when checking a payload needs more memory than the machine has."""
    return Finding(
        "GK003",
        "",
        "the file is too large to check with the memory available",
        hint="lower max-file-size to reject such files up front, or check the file on a "
        "machine with more memory",
    )


def lone_surrogate(text: str, index: int) -> Finding:
    """GK101 for a ``str`` payload holding a lone surrogate, which UTF-8 cannot encode."""
    from goalkeeper.load.text import LineIndex

    return Finding(
        "GK101",
        "",
        f"the text holds a lone surrogate (U+{ord(text[index]):04X}), which UTF-8 cannot "
        "encode, so it can never be sent",
        hint="the text was probably decoded with errors='surrogateescape' or cut in the "
        "middle of a character pair; decode it as UTF-8 again",
        position=LineIndex(text).position(index),
    )


def _stops(findings: list[Finding] | tuple[Finding, ...]) -> bool:
    """Whether a load finding means there is nothing sensible to check further."""
    return any(f.code in _STOPPING for f in findings)


# Load findings after which the document is not checked further: the top level is not
# an object, or an XInclude was refused (the payload is not complete in itself).
# Already-parsed data that JSON cannot hold (GK209) or nested too deep (GK208) is not
# handed to the rules either.
_STOPPING = frozenset({"GK207", "GK208", "GK209", "GK303"})


def _fix_for(declared: Rule, source: Source, finding: Finding) -> Fix | None:
    """The rule's fix for this finding; a fix function that fails offers no fix."""
    assert declared.fix is not None
    try:
        fix = declared.fix(source, finding)
    except Exception:  # a failing fix must never cost the user the finding itself
        return None
    if fix is None or not fix.edits:
        return None
    return fix


def _internal_error(what: str, error: Exception) -> Finding:
    """A crash in a check becomes a GK999 finding instead of a traceback."""
    return Finding(
        "GK999",
        "",
        f"goalkeeper failed in {what}: {type(error).__name__}: {error}",
        hint="this is a bug in goalkeeper; please report it with the file",
    )
