"""The XML loader is hardened: no DTD, no entities, no network, no XInclude."""

from __future__ import annotations

import time
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from goalkeeper.load.document import load_bytes


def test_external_entity_is_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    raw = (
        f'<?xml version="1.0"?>\n<!DOCTYPE goalBean [<!ENTITY s SYSTEM "file://{secret}">]>\n'
        "<goalBean><name>&s;</name></goalBean>"
    ).encode()
    result = load_bytes(raw, "x.xml")
    assert result.document is None
    assert [(f.code, f.position) for f in result.findings] == [("GK302", (2, 1))]
    assert "TOP-SECRET" not in repr(result.findings)


def test_billion_laughs_is_refused_quickly() -> None:
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 12))
    raw = f'<!DOCTYPE r [<!ENTITY l0 "lol">{entities}]><r>&l11;</r>'.encode()
    started = time.perf_counter()
    result = load_bytes(raw, "lol.xml")
    assert [f.code for f in result.findings] == ["GK302"]
    assert time.perf_counter() - started < 1.0


def test_undefined_entity_is_a_syntax_error_not_a_lookup() -> None:
    result = load_bytes(b"<goalBean><name>&nbsp;</name></goalBean>", "x.xml")
    assert [f.code for f in result.findings] == ["GK301"]
    assert result.findings[0].position == (1, 17)


def test_element_positions_come_from_the_parser() -> None:
    raw = "<r>\n  <é>ü</é><b/>\n  <b/>\n</r>".encode()
    result = load_bytes(raw, "x.xml")
    document = result.document
    assert document is not None
    assert document.position("/r/é") == (2, 3)
    assert document.position("/r/b[1]") == (2, 11)
    assert document.position("/r/b[2]") == (3, 3)
    assert document.position("/r/missing") == (1, 1)


def test_encoding_declaration_other_than_utf8_is_refused() -> None:
    result = load_bytes(b'<?xml version="1.0" encoding="windows-1252"?><r/>', "x.xml")
    assert [f.code for f in result.findings] == ["GK304"]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200).map(lambda b: b"<" + b))
def test_arbitrary_xml_like_bytes_never_raise(raw: bytes) -> None:
    result = load_bytes(raw, "fuzz.xml")
    assert result.document is not None or result.findings


_TRICKY = [
    "<r>\n  <a/><a/>\n  <b>x</b><!-- <b> --><c\n    x='1'>t</c>\n</r>",
    "<r><a>1</a><b>2</b><a>3</a></r>",
    "<?xml version='1.0'?>\n<r>\n\t<é>ü</é> <b/>\n  <![CDATA[<b>]]><b/>\n</r>",
    "<r>\r\n  <a/>\r\n</r>",
    '<p:r xmlns:p="urn:x">\n  <p:a/>\n  <a/>\n</p:r>',
]


def _documents() -> list[tuple[str, str]]:
    root = Path(__file__).resolve().parents[1] / "fixtures"
    found = []
    for path in sorted(root.rglob("*.xml")):
        try:
            found.append((str(path), path.read_text(encoding="utf-8")))
        except UnicodeDecodeError:  # the fixtures of undecodable files
            continue
    return found + [(f"tricky {i}", text) for i, text in enumerate(_TRICKY)]


def test_an_element_alone_on_its_line_gets_the_position_expat_gives() -> None:
    """The quick reading of a start tag's column agrees with expat for every element of
    every XML fixture and of documents where it must step aside."""
    from lxml import etree

    from goalkeeper.load.xml_document import XmlDocument

    compared = quick = 0
    for name, text in _documents():
        result = load_bytes(text.encode("utf-8"), "x.xml")
        document = result.document
        if not isinstance(document, XmlDocument):
            continue
        elements = list(document.root.iter(etree.Element))
        slow = XmlDocument(document.root, text)
        slow._lines = []  # no line is read: every position comes from expat
        expected = slow.element_positions(elements)
        for element in elements:
            fresh = XmlDocument(document.root, text)  # no expat pass made yet
            quick += fresh._alone_on_its_line(element) is not None
            assert fresh.element_position(element) == expected.get(element), (name, element)
            compared += 1
    assert compared > 500 and quick > compared // 2


_ONE_LINE_LEAVES = [
    "<r>\n  <a>x</a>\n  <b> y </b><c>1</c>\n  <d>&amp;</d>\n  <e></e>\n  <f a='1'>t</f>\n</r>",
    "<r>\n  <a>x</a >\n  <b>t<!-- c --></b>\n  <c><![CDATA[z]]></c>\n  <é>ü</é>\n</r>",
    "<r>\n  <a>x\n  </a>\n  <a>y</a>\n  <b/>\n  <c>1</c><c>2</c>\n</r>",
]


def test_a_leaf_on_one_line_gets_the_content_span_expat_gives() -> None:
    """The quick reading of a one-line leaf's content span agrees with the expat pass for
    every element of every XML fixture and of documents where it must step aside."""
    from lxml import etree

    from goalkeeper.load.xml_document import XmlDocument, _content_spans

    compared = quick = 0
    documents = _documents() + [(f"one line {i}", t) for i, t in enumerate(_ONE_LINE_LEAVES)]
    for name, text in documents:
        result = load_bytes(text.encode("utf-8"), "x.xml")
        document = result.document
        if not isinstance(document, XmlDocument):
            continue
        expected = _content_spans(document.root, text)
        for element in document.root.iter(etree.Element):
            fresh = XmlDocument(document.root, text)  # no expat pass made yet
            quick += fresh._leaf_span_on_its_line(element) is not None
            assert fresh.content_spans([element]) == (
                {element: expected[element]} if element in expected else {}
            ), (name, element.tag)
            compared += 1
    assert compared > 500 and quick > compared // 2
