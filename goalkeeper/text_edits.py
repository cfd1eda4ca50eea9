"""Building blocks of the safe fixes: text edits at the place of one value.

Fix functions (declared with ``@rule(..., fix=...)``) use these to turn "this value
should be that" into an :class:`~goalkeeper.diagnostics.Edit` of the original text:
the rest of the file, its indentation, key order, number spelling and comments, is not
touched. Each returns None when the place cannot be found exactly, and the rule then
offers no fix for that finding.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from goalkeeper.diagnostics import Edit
from goalkeeper.rules import Source


def replace_json_value(source: Source, pointer: str, value: Any) -> Edit | None:
    """Replace the JSON value at ``pointer`` with ``value`` (written as compact JSON)."""
    from goalkeeper.load.json_source_map import value_span

    text = source.document.text if source.document is not None else None
    if text is None:
        return None
    span = value_span(text, pointer)
    if span is None:
        return None
    return source.edit(span[0], span[1], json.dumps(value, ensure_ascii=False))


def remove_json_items(source: Source, pointer: str, indexes: Iterable[int]) -> tuple[Edit, ...]:
    """Remove some items of the JSON array at ``pointer``, with their commas; ``indexes``
    come in ascending order (a generator will do: it is read once).

    An item after the first goes with the comma and white space before it (from the end
    of the item before); the first item goes with what follows it up to the next item.
    The layout of the items that stay is unchanged.
    """
    from goalkeeper.load.json_source_map import item_spans

    text = source.document.text if source.document is not None else None
    if text is None:
        return ()
    # Neighbouring items go in one edit, so a long run of repeats costs one edit, not one
    # per item (and no list of every index is kept).
    runs: list[list[int]] = []
    for index in indexes:
        if runs and runs[-1][1] >= index - 1:
            runs[-1][1] = max(runs[-1][1], index)
        else:
            runs.append([index, index])
    if not runs:
        return ()
    wanted = {0}
    for first, last in runs:
        wanted.update((first - 1, last, last + 1))
    found = item_spans(text, pointer, wanted)
    if found is None or runs[-1][1] >= found[1]:
        return ()
    spans, count = found
    edits = []
    for first, last in runs:
        if first > 0:
            start, end = spans[first - 1][1], spans[last][1]
        elif last + 1 < count:
            start, end = spans[0][0], spans[last + 1][0]
        else:
            start, end = spans[0][0], spans[last][1]
        edits.append(source.edit(start, end, ""))
    return tuple(edits)


def xml_leaf_text(source: Source, element: Any) -> tuple[int, str] | None:
    """Where an element's text starts (past leading white space) and the text, stripped,
    for an element whose content is plain text (no child, comment or CDATA)."""
    document = source.document
    if document is None or document.format != "xml" or len(element):
        return None
    span = document.content_spans([element]).get(element)
    if span is None:
        return None
    content = document.text[span[0] : span[1]]
    stripped = content.strip()
    if "<" in content or "&" in content:
        return None
    return span[0] + len(content) - len(content.lstrip()), stripped


def replace_xml_text(source: Source, element: Any, text: str) -> Edit | None:
    """Replace an element's plain text (the part without surrounding white space)."""
    found = xml_leaf_text(source, element)
    if found is None:
        return None
    start, old = found
    return source.edit(start, start + len(old), text)


def xml_element_at(source: Source, pointer: str) -> Any:
    """The element an XPath pointer names exactly (no fallback to an ancestor), or None."""
    document = source.document
    if document is None or document.format != "xml" or not pointer:
        return None
    if ":" not in pointer:
        # A pointer goalkeeper wrote for an element of this document (a finding's, the
        # usual case) names that element: no XPath to compile. (XPath knows no namespace
        # prefix: a pointer with one names no element.)
        from goalkeeper.load.xml_document import written_element

        written = written_element(document.root, pointer)
        if written is not None:
            return written
    return _by_xpath(document.root, pointer)


def _by_xpath(root: Any, pointer: str) -> Any:
    try:
        found = root.getroottree().xpath(pointer)
    except Exception:  # an XPath goalkeeper did not write
        return None
    if isinstance(found, list) and len(found) == 1 and hasattr(found[0], "tag"):
        return found[0]
    return None
