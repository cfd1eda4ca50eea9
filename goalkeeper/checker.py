"""The pipeline: load → resolve kind and operation → schema → rules → diagnostics.

One :class:`Checker` serves a whole run (or a library caller): it holds the resolved
settings and the per-code decisions, and checks one payload at a time without keeping
anything of it afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from goalkeeper import registry
from goalkeeper.context import Context, Request
from goalkeeper.diagnostics import Diagnostic, Finding, Severity
from goalkeeper.kinds import Kind, content_of, detect, response_finding
from goalkeeper.load.document import Format, LoadResult, load_bytes, load_path
from goalkeeper.load.json_document import JsonDocument
from goalkeeper.rules import Rule
from goalkeeper.settings import Selection, Settings


@dataclass(frozen=True)
class Report:
    """The result of checking one or more payloads."""

    diagnostics: tuple[Diagnostic, ...] = ()
    files_checked: int = 0

    @property
    def ok(self) -> bool:
        """True when no diagnostic is an error."""
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)

    @property
    def summary(self) -> dict[str, int]:
        counts = {"error": 0, "warning": 0, "info": 0}
        for diagnostic in self.diagnostics:
            counts[diagnostic.severity.value] += 1
        return counts

    @property
    def internal_error(self) -> bool:
        return any(d.code == "GK999" for d in self.diagnostics)

    def failed(self, strict: bool = False) -> bool:
        """Whether the run fails: any error, or (strict) any warning."""
        summary = self.summary
        return bool(summary["error"] or (strict and summary["warning"]))

    def to_dict(self, version: str) -> dict[str, Any]:
        return {
            "tool": "goalkeeper",
            "version": version,
            "files_checked": self.files_checked,
            "summary": self.summary,
            "diagnostics": [d.to_dict() for d in self.diagnostics],
        }


@dataclass(frozen=True)
class Target:
    """What to check and what is already known about it."""

    path: str | None = None
    kind: str | None = None
    op: str | None = None


@dataclass
class _Resolved:
    kind: Kind | None = None
    op: str | None = None
    findings: list[Finding] = field(default_factory=list)


class Checker:
    """Checks payloads under one set of settings. Safe to share between threads."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        selection: Selection = self.settings.selection
        self._enabled = {code: selection.enabled(code) for code in registry.RULES_BY_CODE}

    # -- entry points ---------------------------------------------------------------

    def check_path(
        self, path: str, display: str | None = None, target: Target | None = None
    ) -> list[Diagnostic]:
        target = self._with_mapping(path, target or Target())
        expected = self._expected_format(target)
        loaded = load_path(path, display or path, expected, self.settings.max_file_size)
        return self.check_loaded(loaded, Target(display or path, target.kind, target.op), path)

    def check_bytes(self, raw: bytes, target: Target | None = None) -> list[Diagnostic]:
        target = self._with_mapping(target.path if target else None, target or Target())
        loaded = load_bytes(raw, target.path, self._expected_format(target))
        return self.check_loaded(loaded, target, target.path)

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
        document = loaded.document
        findings = list(loaded.findings)
        kind: Kind | None = None
        op: str | None = None
        if document is not None and not _stops(findings):
            resolved = self._resolve(document, target)
            findings.extend(resolved.findings)
            kind, op = resolved.kind, resolved.op
            if kind is not None and op is not None:
                findings.extend(self._check(document, kind, op, request))
        return self._diagnostics(findings, document, target.path, real_path, kind, op)

    # -- stages ---------------------------------------------------------------------

    def _with_mapping(self, path: str | None, target: Target) -> Target:
        if target.kind is not None and target.op is not None:
            return target
        mapping = self.settings.mapping_for(path)
        if mapping is None:
            return target
        return Target(target.path, target.kind or mapping.kind, target.op or mapping.op)

    def _expected_format(self, target: Target) -> Format | None:
        if target.kind is None:
            return None
        return registry.KINDS_BY_NAME[target.kind].format

    def _resolve(self, document: Any, target: Target) -> _Resolved:
        if document.format == "json" and not isinstance(document.data, dict):
            return _Resolved()  # GK207 already says what is wrong
        if target.kind is not None:
            kind = registry.KINDS_BY_NAME[target.kind]
            response = response_finding(document, registry.RESPONSES, kind.vendor)
        else:
            response = response_finding(document, registry.RESPONSES)
        if response is not None:
            return _Resolved(findings=[response])
        if target.kind is None:
            detected = detect(document, registry.KINDS)
            if isinstance(detected, Finding):
                return _Resolved(findings=[detected])
            kind = detected
        if target.op is None:
            return _Resolved(kind, kind.infer_op(content_of(document)))
        if target.op not in kind.ops:
            return _Resolved(
                kind,
                None,
                [
                    Finding(
                        "GK404",
                        "",
                        f'the operation "{target.op}" does not apply to {kind.name}, which takes '
                        + " or ".join(f'"{op}"' for op in kind.ops),
                        hint="drop --op (or the files mapping's op) for this file, or fix --kind",
                        position=document.position(""),
                    )
                ],
            )
        return _Resolved(kind, target.op)

    def _check(
        self, document: Any, kind: Kind, op: str, request: Request | None
    ) -> Iterator[Finding]:
        context = Context(
            kind=kind.name,
            op=op,
            now=self.settings.now or datetime.now(timezone.utc),
            vendor_options=self.settings.vendor_options,
            request=request,
        )
        yield from self._schema_findings(document, kind, op)
        yield from self._rule_findings(
            document, registry.rules_for(kind.name, op, "payload"), context
        )
        if request is not None:
            yield from self._rule_findings(
                document, registry.rules_for(kind.name, op, "request"), context
            )

    def _schema_findings(self, document: Any, kind: Kind, op: str) -> Iterator[Finding]:
        from goalkeeper.schema import engine_for, explain

        engine_name = self.settings.engine
        if getattr(document, "non_finite", False):
            engine_name = "jsonschema"  # jsonschema_rs cannot represent NaN and infinity
        engine = engine_for(kind.schema, op, engine_name)

        def run() -> Iterator[Finding]:
            for violation in engine.violations(document.data):
                yield from explain(violation, document.data)

        yield from _guarded("the schema stage", run)

    def _rule_findings(
        self, document: Any, rules: Iterable[Rule], context: Context
    ) -> Iterator[Finding]:
        content = content_of(document)
        enabled = self._enabled
        for declared in rules:
            if not enabled[declared.code]:
                continue
            triggers = declared.triggers
            if triggers is not None and not any(key in content for key in triggers):
                continue
            assert declared.check is not None
            yield from _guarded(f"rule {declared.code}", declared.check, document, context)

    # -- findings to diagnostics ----------------------------------------------------

    def _diagnostics(
        self,
        findings: list[Finding],
        document: Any,
        path: str | None,
        real_path: str | None,
        kind: Kind | None,
        op: str | None,
    ) -> list[Diagnostic]:
        if not findings:
            return []
        ignored = self.settings.ignored_for(real_path)
        rules = registry.RULES_BY_CODE
        diagnostics = []
        seen: set[tuple[str, str, str]] = set()
        for finding in findings:
            code = finding.code
            if code != "GK999" and (
                not self._enabled[code] or any(code.startswith(p) for p in ignored)
            ):
                continue
            key = (code, finding.pointer, finding.message)
            if key in seen:
                continue
            seen.add(key)
            declared = rules[code]
            position = finding.position
            if position is None and document is not None:
                position = document.position(finding.pointer)
            line, column = position if position is not None else (None, None)
            diagnostics.append(
                Diagnostic(
                    code=code,
                    severity=finding.severity or declared.severity,
                    message=finding.message,
                    pointer=finding.pointer,
                    line=line,
                    column=column,
                    hint=finding.hint or declared.hint,
                    kind=kind.name if kind else None,
                    op=op,
                    path=path,
                )
            )
        diagnostics.sort(key=Diagnostic.sort_key)
        return diagnostics


def load_data(data: Any, path: str | None = None) -> LoadResult:
    """Already-parsed JSON as a loaded document."""
    from goalkeeper.load.json_document import describe_json_type

    findings = []
    if not isinstance(data, dict):
        findings.append(
            Finding(
                "GK207",
                "",
                f"the payload is {describe_json_type(data)}; every request body is a JSON object",
            )
        )
    return LoadResult(JsonDocument(data, None, path), findings, "json")


def _stops(findings: list[Finding]) -> bool:
    """Whether a load finding means there is nothing sensible to check further."""
    return any(f.code in _STOPPING for f in findings)


# Load findings after which the document is not checked further: the top level is not
# an object, or an XInclude was refused (the payload is not complete in itself).
_STOPPING = frozenset({"GK207", "GK303"})


def _guarded(what: str, function: Any, *args: Any) -> Iterator[Finding]:
    """Run a check; a crash becomes a GK999 finding instead of a traceback."""
    try:
        yield from function(*args)
    except Exception as error:
        yield Finding(
            "GK999",
            "",
            f"goalkeeper failed in {what}: {type(error).__name__}: {error}",
            hint="this is a bug in goalkeeper; please report it with the file",
        )


def now_utc() -> datetime:
    return datetime.now(timezone.utc)
