"""XML syntax errors: goalkeeper's own sentence per libxml2 error class, at the offending
character (checked against the source text), never libxml2's wording."""

from __future__ import annotations

import pytest

from goalkeeper.load.document import load_bytes
from goalkeeper.load.json_document import MAX_DEPTH as JSON_MAX_DEPTH
from goalkeeper.load.xml_document import XML_MAX_DEPTH

# (source, the text that starts at the reported position, words of the message)
CASES = [
    ("<goalBean><name>A & B</name></goalBean>", "& B", '"&" must be escaped'),
    ("<goalBean><name>Ölé & B</name></goalBean>", "& B", '"&" must be escaped'),
    ("<goalBean><name>A &amp B</name></goalBean>", "&amp B", '"&" must be escaped'),
    ("<goalBean><name>&nbsp;</name></goalBean>", "&nbsp;", "the entity &nbsp; is not defined"),
    ("<goalBean>\n  <name>x</nam>\n</goalBean>", "nam>", "closing tag </nam> does not match"),
    ("<goalBean>\n  <name>x</name>\n", "<goalBean>", "the element <goalBean> is never closed"),
    ('<goalBean a="x><name/></goalBean>', 'a="x>', "the attribute a is never closed"),
    ('<goalBean><name a="1>x</name></goalBean>', 'a="1>', "the attribute a is never closed"),
    ('<goalBean a="<"/>', '<"/>', '"<" is not allowed in an attribute value'),
    ("<goalBean a='x", "a='x", "the attribute a is never closed"),
    ("<goalBean a=x><name/></goalBean>", "x><name", "must be in quotes"),
    (
        "<rulesBean>\n  <frequ\n</rulesBean>",
        "<frequ",
        'the start tag <frequ> is not closed with ">"',
    ),
    ("<goalBean><b", "<b", 'the start tag <b> is not closed with ">"'),
    ("x<goalBean/>", "x<goalBean/>", "must start with an element"),
    ("<goalBean/><x/>", "<x/>", "content after the end of the root element"),
    ('<a x="1" x="2"/>', 'x="2"/>', "the attribute x appears twice"),
    ("<a><!-- x -- y --></a>", "-- y", '"--" is not allowed inside a comment'),
    ("<a>1 < 2</a>", "< 2", '"<" must start a tag'),
    ("<a><![CDATA[x</a>", "<![CDATA[", "CDATA section is never closed"),
    ("<a><!-- x </a>", "<!-- x", "comment is never closed"),
    ("<a><x:b/></a>", "<x:b/>", "the namespace prefix x: is not declared"),
    ("<a>\x01</a>", "\x01", "the character U+0001 is not allowed"),
    ("<a>&#0;</a>", "&#0;", "character reference"),
    ("<a>]]></a>", "]]>", '"]]>" is not allowed in text'),
    (' <?xml version="1.0"?><a/>', '<?xml version="1.0"?>', "must be the very first thing"),
    ('<a x="1"y="2"/>', 'y="2"', "separated by white space"),
    ("</a>", "</a>", "a closing tag with no open element"),
]


def _at(text: str, position: tuple[int, int]) -> str:
    line, column = position
    return text.split("\n")[line - 1][column - 1 :]


@pytest.mark.parametrize(("source", "there", "words"), CASES)
def test_xml_syntax_errors_are_plain_and_exact(source: str, there: str, words: str) -> None:
    result = load_bytes(source.encode(), "x.xml", "xml")
    (finding,) = result.findings
    assert finding.code == "GK301"
    assert words in finding.message, finding.message
    assert finding.position is not None
    assert _at(source, finding.position).startswith(there), (finding.position, finding.message)
    for libxml2 in ("xmlParse", "XML_PARSE", "Couldn't", "StartTag:", "EntityRef", "line 1"):
        assert libxml2 not in finding.message + (finding.hint or "")


def test_nesting_is_stated_as_for_json() -> None:
    depth = XML_MAX_DEPTH + 5
    source = "<a>" * depth + "</a>" * depth
    (xml,) = load_bytes(source.encode(), "x.xml", "xml").findings
    (json,) = load_bytes(("[" * 600 + "]" * 600).encode(), "x.json", "json").findings
    assert xml.message == f"the document is nested deeper than {XML_MAX_DEPTH} levels"
    assert json.message == f"the document is nested deeper than {JSON_MAX_DEPTH} levels"
    assert xml.hint == json.hint
    assert xml.position is not None
    # The first start tag below the limit.
    assert xml.position == (1, 3 * XML_MAX_DEPTH + 1)
