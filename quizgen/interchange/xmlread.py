"""XML from elsewhere, read safely and with line numbers.

An LMS export is a file from another system: it is parsed with defusedxml
(no entity expansion, no external entities, no DTD tricks), and every element
remembers the line it starts on, so that a problem in it is reported as
``file:line: message``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from quizgen.bank.problems import Problem, QuizgenError


class _LineParser(DefusedXMLParser):
    """defusedxml's parser noting each element's first line.

    defusedxml builds on the pure-Python ``XMLParser``, whose ``_start`` hook and
    ``parser`` (the expat parser) are there to extend; stubs do not list them.
    """

    def __init__(self) -> None:
        super().__init__(target=ET.TreeBuilder())
        self.lines: dict[ET.Element, int] = {}

    def _start(self, tag: str, attr_list: Any) -> ET.Element:
        element: ET.Element = super()._start(tag, attr_list)  # type: ignore[misc]
        self.lines[element] = self.parser.CurrentLineNumber
        return element


class XmlDocument:
    """A parsed XML file: its root element and the line of every element."""

    def __init__(self, root: ET.Element, lines: dict[ET.Element, int]) -> None:
        self.root = root
        self._lines = lines

    def line(self, element: ET.Element) -> int:
        """Where *element* starts in the file (1 if unknown)."""
        return self._lines.get(element, 1)


def parse_xml(path: str, data: bytes) -> XmlDocument:
    """Parse *data* (the file *path*), or raise :class:`QuizgenError` saying where it breaks."""
    if not data.strip():
        raise QuizgenError([Problem(path, 1, "the file is empty")])
    parser = _LineParser()
    try:
        parser.feed(data)
        root = parser.close()
    except ET.ParseError as error:
        line = error.position[0] if error.position else 1
        raise QuizgenError([Problem(path, line, f"not well-formed XML: {error}")]) from None
    except DefusedXmlException as error:
        message = f"the XML uses a feature refused for safety ({type(error).__name__})"
        raise QuizgenError([Problem(path, 1, message)]) from None
    return XmlDocument(root, parser.lines)


def local(tag: str) -> str:
    """An element's name without its namespace: ``{ns}item`` is ``item``."""
    return tag.rsplit("}", 1)[-1]
