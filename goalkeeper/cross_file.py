"""The cross-file stage: rules that see a small fact sheet from every file of a run.

The per-file pass stays streaming and parallel. For each checked file whose kind
declares ``facts`` (see :class:`goalkeeper.kinds.Kind`) and has a cross-file rule, the
checker keeps a few values of the body — for an Infinity segment its ID and reference —
and the worker process sends them back beside the file's diagnostics; the document
itself is dropped as usual. After the pass, every rule declared with ``stage="files"``
runs once over the fact sheets of the whole run, in file order, and yields
:class:`FileFinding` records. Positions are looked up only for what is reported, by
reading those files again, so a clean run never pays for them.

Standard input and a single library payload have no neighbours: they give no facts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from goalkeeper.diagnostics import Diagnostic, Finding, cap_findings

if TYPE_CHECKING:
    from goalkeeper.checker import Checker
    from goalkeeper.load.document import Document
    from goalkeeper.settings import Settings


class FileFacts(NamedTuple):
    """What one checked file tells the cross-file rules."""

    order: int  # the file's place in the run's order
    path: str  # as reported
    real_path: str  # as read, to locate findings
    kind: str
    op: str
    facts: Any  # the kind's own small tuple (Kind.facts)


class FileFinding(NamedTuple):
    """A cross-file rule's finding, in one of the run's files."""

    file: FileFacts
    finding: Finding


class FilesContext:
    """What a cross-file rule is told besides the fact sheets."""

    def __init__(self, checker_for: Callable[[str], Checker]) -> None:
        self._checker_for = checker_for
        # Positions found so far, and the one document read last: memory stays small
        # however many files a run reports.
        self._positions: dict[tuple[int, str], tuple[int, int] | None] = {}
        self._last: tuple[int, Document | None] | None = None
        # What several rules derive from the fact sheets, computed once per run.
        self.memo: dict[str, Any] = {}

    def settings_for(self, file: FileFacts) -> Settings:
        """The settings that govern ``file`` (its nearest configuration)."""
        return self._checker_for(file.real_path).settings

    def locate(self, file: FileFacts, pointer: str) -> tuple[int, int] | None:
        """Line and column of ``pointer`` in ``file``, reading the file again."""
        key = (file.order, pointer)
        if key not in self._positions:
            if self._last is None or self._last[0] != file.order:
                from goalkeeper.load.document import load_path

                limit = self.settings_for(file).max_file_size
                loaded = load_path(file.real_path, file.path, None, limit)
                self._last = (file.order, loaded.document)
            document = self._last[1]
            self._positions[key] = document.position(pointer) if document is not None else None
        return self._positions[key]

    def locate_all(self, file: FileFacts, pointers: Sequence[str]) -> None:
        """Find the positions of many pointers of ``file`` in one pass over its text (one
        scan per pointer would make a long segment order quadratic)."""
        missing = sorted({p for p in pointers if (file.order, p) not in self._positions})
        if not missing:
            return
        if self._last is None or self._last[0] != file.order:
            from goalkeeper.load.document import load_path

            limit = self.settings_for(file).max_file_size
            loaded = load_path(file.real_path, file.path, None, limit)
            self._last = (file.order, loaded.document)
        document = self._last[1]
        found = document.positions(missing) if document is not None else {}
        for pointer in missing:
            self._positions[(file.order, pointer)] = found.get(pointer)

    def line_of(self, file: FileFacts, pointer: str) -> str:
        """``"a/seg.json, line 3"`` (or only the path when the place cannot be found)."""
        position = self.locate(file, pointer)
        return f"{file.path}, line {position[0]}" if position else file.path


CrossFileCheck = Callable[[Sequence[FileFacts], FilesContext], Iterator[FileFinding]]


def files_stage(
    checker_for: Callable[[str], Checker], files: Sequence[FileFacts]
) -> dict[int, list[Diagnostic]]:
    """Run the cross-file rules over a run's fact sheets: diagnostics by file index.

    ``checker_for`` gives the checker (the settings) that governs a file: each finding is
    selected, ignored and reported under the configuration of the file it is in.
    """
    from goalkeeper import registry

    if not files:
        return {}
    rules = {
        declared.code: declared
        for kind, op in sorted({(f.kind, f.op) for f in files})
        for declared in registry.rules_for(kind, op, "files")
    }
    context = FilesContext(checker_for)
    found: dict[int, list[Finding]] = {}
    by_index = {f.order: f for f in files}
    for declared in rules.values():
        try:
            check = cast("CrossFileCheck", declared.check)
            pending: dict[int, list[Finding]] = {}
            for file, finding in check(files, context):
                pending.setdefault(file.order, []).append(finding)
            for order, listed in pending.items():
                file = by_index[order]
                # as in one file's own checks: the first findings of a code, then a count
                findings = cap_findings(listed)
                context.locate_all(file, [f.pointer for f in findings if f.position is None])
                for finding in findings:
                    if finding.position is None:
                        finding = finding._replace(position=context.locate(file, finding.pointer))
                    found.setdefault(order, []).append(finding)
        except Exception as error:
            from goalkeeper.checker import _internal_error

            first = files[0]
            found.setdefault(first.order, []).append(
                _internal_error(f"cross-file rule {declared.code}", error)
            )
    return {
        index: checker_for(by_index[index].real_path).file_diagnostics(
            findings,
            by_index[index].path,
            by_index[index].real_path,
            by_index[index].kind,
            by_index[index].op,
        )
        for index, findings in found.items()
    }
