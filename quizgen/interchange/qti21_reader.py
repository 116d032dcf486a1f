"""QTI 2.1 in: the items of a content package, or one item file, as bank drafts.

A package (``.zip``) is read through its ``imsmanifest.xml``: every resource of
type ``imsqti_item_xmlv2p1`` (2.0 and 2.2 items read the same) is an item, its
IMS Metadata (LOM) gives objective, use, difficulty, source and tags (the
keywords our export writes, or LOM's own classification and difficulty), and
the sections of an ``assessmentTest`` give the items their category and order.
A single ``assessmentItem`` file reads the same, without metadata.

Each item must hold exactly one interaction of a kind we have a type for: the
inverse of :mod:`quizgen.interchange.qti21` (choice, order, match, text entry,
extended text) plus what other tools write for the same questions (an
``associateInteraction`` as a match, a ``float`` or ``integer`` text entry as a
numeric question, a relative tolerance, feedback as ``modalFeedback``). Other
interactions (hotspot, gap match, inline choice, slider, upload, drawing...)
and items of several interactions are named with their line and skipped.

Everything is parsed with defusedxml, nothing from the file is fetched, and its
XHTML becomes MyST through :func:`quizgen.interchange.myst.html_to_myst`, so no
markup that could run survives; media are reported, not imported.
"""

from __future__ import annotations

import copy
import html
import io
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from quizgen.bank.model import fold_text
from quizgen.bank.problems import Problem, QuizgenError
from quizgen.interchange.myst import html_to_myst
from quizgen.interchange.qti21 import (
    LABEL_CLASS,
    MANIFEST_FILE,
    MODEL_ANSWER_CLASS,
    OBJECTIVE_PURPOSE,
    RUBRIC_CLASS,
    bank_identifier,
)
from quizgen.interchange.reading import Draft, Reading, metadata_from_tags
from quizgen.interchange.xmlread import XmlDocument, local, parse_xml

MISSING_EXPLANATION = "(The imported question had no feedback: write the explanation here.)"
MISSING_MODEL_ANSWER = "(The imported essay had no model answer: write one here.)"
QTI_NAMESPACES = frozenset(
    {
        "http://www.imsglobal.org/xsd/imsqti_v2p0",
        "http://www.imsglobal.org/xsd/imsqti_v2p1",
        "http://www.imsglobal.org/xsd/imsqti_v2p2",
    }
)
ITEM_RESOURCE = re.compile(r"^imsqti_item_xmlv2p[012]$")
TEST_RESOURCE = re.compile(r"^imsqti_test_xmlv2p[012]$")
MAX_MEMBER_BYTES = 32 * 1024 * 1024  # far above any item; a bigger member is not read
LOM_DIFFICULTY = {
    "very easy": "easy",
    "easy": "easy",
    "medium": "medium",
    "difficult": "hard",
    "very difficult": "hard",
}
_CONDITIONAL = frozenset({"feedbackBlock", "feedbackInline"})
_TEMPLATED = frozenset({"templateBlock", "templateInline", "printedVariable"})
_VOID_HTML = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
})  # fmt: skip
_BLANK = "_____"  # where a text entry stood inside a sentence


# -- files: one item, or a package --------------------------------------------------------------


def read_qti21(path: str, data: bytes) -> Reading:
    """Read a QTI 2.1 item file or content package; raise :class:`QuizgenError` if it is neither."""
    reading = Reading(path, "qti21")
    if not data.strip():
        raise QuizgenError([Problem(path, 1, "the file is empty")])
    if path.lower().endswith(".zip") or data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        problems = _read_package(path, data, reading)
    else:
        document = parse_xml(path, data)
        _check_root(path, document, "assessmentItem")
        problems = _read_items([_ItemFile(path, document, _Metadata(), None)], reading)
    if problems:
        raise QuizgenError(problems)
    return reading


def _check_root(path: str, document: XmlDocument, expected: str) -> None:
    """Raise unless the root is *expected* in a QTI 2 namespace (or in none)."""
    root = document.root
    name, namespace = local(root.tag), _namespace(root.tag)
    if name == expected and (namespace in QTI_NAMESPACES or not namespace):
        return
    if name == "questestinterop":
        message = "a QTI 1.2 file: quizgen imports QTI 2.1 (an item file or a content package)"
    elif name == "assessmentTest" and expected == "assessmentItem":
        message = "an assessmentTest names item files: import the content package (.zip) instead"
    elif name == expected:
        message = f"<{name}> in the namespace {namespace!r}, which is not QTI 2.1"
    else:
        message = f"not a QTI 2.1 {expected}: the root element is <{name}>"
    raise QuizgenError([Problem(path, document.line(root), message)])


def _namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _strip_qti_namespace(root: ET.Element) -> None:
    """QTI's own elements by their plain names (``itemBody``); foreign ones keep theirs."""
    for element in root.iter():
        if _namespace(element.tag) in QTI_NAMESPACES:
            element.tag = local(element.tag)


@dataclass
class _Metadata:
    """What a package's manifest says about one item."""

    objective: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)  # use, difficulty, source, tags


@dataclass
class _ItemFile:
    """One item file to read, with where it is and what the package says of it."""

    path: str  # the file, or "package.zip/items/x.xml"
    document: XmlDocument
    metadata: _Metadata
    category: str | None


class _Package:
    """A content package's members, read safely: by name, size-checked, never extracted."""

    def __init__(self, path: str, data: bytes) -> None:
        self.path = path
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, ValueError) as error:
            message = f"not a zip file (a QTI 2.1 package is a .zip): {error}"
            raise QuizgenError([Problem(path, 1, message)]) from None
        self.names = {
            posixpath.normpath(info.filename.replace("\\", "/")): info
            for info in self.archive.infolist()
            if not info.is_dir()
        }

    def where(self, member: str) -> str:
        return f"{self.path}/{member}"

    def read(self, member: str, named_by: str, line: int) -> XmlDocument:
        """Parse *member*, or raise saying where (*named_by*, *line*) it was named."""
        info = self.names.get(member)
        if info is None:
            message = f"the manifest names {member}, which is not in the package"
            raise QuizgenError([Problem(named_by, line, message)])
        if info.file_size > MAX_MEMBER_BYTES:
            message = f"{member} is {info.file_size} bytes, too large for a QTI file; not read"
            raise QuizgenError([Problem(named_by, line, message)])
        try:
            data = self.archive.read(info)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as error:
            message = f"{member} cannot be read from the zip: {error}"
            raise QuizgenError([Problem(named_by, line, message)]) from None
        return parse_xml(self.where(member), data)


def _read_package(path: str, data: bytes, reading: Reading) -> list[Problem]:
    package = _Package(path, data)
    if MANIFEST_FILE not in package.names:
        message = (
            "no imsmanifest.xml at the top of this zip: not an IMS content package "
            "(a QTI 2.1 export holds one)"
        )
        raise QuizgenError([Problem(path, 1, message)])
    manifest_path = package.where(MANIFEST_FILE)
    manifest = package.read(MANIFEST_FILE, path, 1)
    if local(manifest.root.tag) != "manifest":
        message = f"not an IMS manifest: the root element is <{local(manifest.root.tag)}>"
        raise QuizgenError([Problem(manifest_path, manifest.line(manifest.root), message)])
    items, tests = _resources(manifest, manifest_path)
    if not items:
        raise QuizgenError([Problem(manifest_path, 1, _no_items_message(manifest))])
    problems: list[Problem] = []
    categories: dict[str, str | None] = {}
    order: list[str] = []
    for member, line in tests:
        try:
            _read_test(package, member, manifest_path, line, reading, categories, order)
        except QuizgenError as error:
            problems.extend(error.problems)
    reading.title = reading.title or _lom_title(manifest.root)
    files: list[_ItemFile] = []
    for member, (resource, line) in _in_order(items, order):
        try:
            document = package.read(member, manifest_path, line)
            _check_root(package.where(member), document, "assessmentItem")
        except QuizgenError as error:
            problems.extend(error.problems)
            continue
        metadata = _metadata(resource)
        files.append(_ItemFile(package.where(member), document, metadata, categories.get(member)))
    return problems + _read_items(files, reading)


def _resources(
    manifest: XmlDocument, manifest_path: str
) -> tuple[dict[str, tuple[ET.Element, int]], list[tuple[str, int]]]:
    """Item resources by member path (manifest order), and the test files."""
    items: dict[str, tuple[ET.Element, int]] = {}
    tests: list[tuple[str, int]] = []
    for resource in manifest.root.iter():
        if local(resource.tag) != "resource":
            continue
        kind = resource.get("type", "")
        if not (ITEM_RESOURCE.match(kind) or TEST_RESOURCE.match(kind)):
            continue
        line = manifest.line(resource)
        member = _href(resource)
        if member is None:
            message = f"a {kind} resource names no file inside the package"
            raise QuizgenError([Problem(manifest_path, line, message)])
        if ITEM_RESOURCE.match(kind):
            items.setdefault(member, (resource, line))
        else:
            tests.append((member, line))
    return items, tests


def _href(resource: ET.Element) -> str | None:
    """The member a resource's ``href`` (or first ``file``) names, inside the package."""
    href = resource.get("href")
    if href is None:
        files = [child for child in resource if local(child.tag) == "file"]
        href = files[0].get("href") if files else None
    base = resource.get("{http://www.w3.org/XML/1998/namespace}base", "")
    return _member(base, href) if href else None


def _member(directory: str, href: str) -> str | None:
    """*href* relative to *directory* as a member name; None if it points outside."""
    target = unquote(href.split("#", 1)[0])
    if not target or "://" in target or target.startswith("/"):
        return None
    member = posixpath.normpath(posixpath.join(directory, target))
    return None if member == ".." or member.startswith("../") else member


def _no_items_message(manifest: XmlDocument) -> str:
    kinds = sorted(
        {
            resource.get("type", "?")
            for resource in manifest.root.iter()
            if local(resource.tag) == "resource"
        }
    )
    if any(kind.startswith("imsqti_xmlv1p") for kind in kinds):
        return "a QTI 1.2 package: quizgen imports QTI 2.1 items (resources imsqti_item_xmlv2p1)"
    found = ", ".join(kinds) or "none"
    return f"the manifest lists no QTI 2.1 item (imsqti_item_xmlv2p1); resource types: {found}"


def _read_test(
    package: _Package,
    member: str,
    manifest_path: str,
    line: int,
    reading: Reading,
    categories: dict[str, str | None],
    order: list[str],
) -> None:
    """Section titles of a test as the categories of the items it refers to, in its order."""
    document = package.read(member, manifest_path, line)
    _check_root(package.where(member), document, "assessmentTest")
    root = document.root
    reading.title = reading.title or (root.get("title") or "").strip() or None
    directory = posixpath.dirname(member)

    def walk(element: ET.Element, title: str | None) -> None:
        for child in element:
            name = local(child.tag)
            if name == "assessmentSection":
                walk(child, (child.get("title") or "").strip() or title)
            elif name == "testPart":
                walk(child, title)
            elif name == "assessmentItemRef":
                target = _member(directory, child.get("href", ""))
                if target and target not in categories:
                    categories[target] = title
                    order.append(target)

    walk(root, None)


def _in_order(
    items: dict[str, tuple[ET.Element, int]], order: list[str]
) -> Iterator[tuple[str, tuple[ET.Element, int]]]:
    """Items in the tests' order, then those no test names, in the manifest's order."""
    for member in order:
        if member in items:
            yield member, items[member]
    for member, value in items.items():
        if member not in order:
            yield member, value


def _lom_title(root: ET.Element) -> str | None:
    metadata = next((child for child in root if local(child.tag) == "metadata"), None)
    if metadata is None:
        return None
    for element in metadata.iter():
        if local(element.tag) == "title":
            text = " ".join(_strings(element))
            return text or None
    return None


# -- metadata (IMS Metadata 1.2 or IEEE LOM, by local names) ------------------------------------


def _strings(element: ET.Element) -> list[str]:
    """The texts of a LOM langstring holder (``langstring`` in IMS MD 1.2, ``string`` in LOM)."""
    found = [
        (child.text or "").strip()
        for child in element.iter()
        if local(child.tag) in ("langstring", "string")
    ]
    if not found and (element.text or "").strip():
        found = [(element.text or "").strip()]
    return [text for text in found if text]


def _descendants(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element.iter() if local(child.tag) == name]


def _metadata(resource: ET.Element) -> _Metadata:
    """Objective and fields from a resource's LOM: our keywords first, then LOM's own fields."""
    keywords = [text for node in _descendants(resource, "keyword") for text in _strings(node)]
    objective, fields, _ = metadata_from_tags(keywords)
    if "difficulty" not in fields:
        for node in _descendants(resource, "difficulty"):
            values = [_strings(value) for value in _descendants(node, "value")]
            word = values[0][0].lower() if values and values[0] else ""
            if word in LOM_DIFFICULTY:
                fields["difficulty"] = LOM_DIFFICULTY[word]
                break
    return _Metadata(objective or _classified_objective(resource), _ordered(fields))


def _ordered(fields: dict[str, Any]) -> dict[str, Any]:
    """Metadata fields in bank order: use, difficulty, source, tags."""
    keys = ("use", "difficulty", "source", "tags")
    return {key: fields[key] for key in keys if key in fields}


def _classified_objective(resource: ET.Element) -> str | None:
    """The first taxon of a LOM classification whose purpose is "educational objective"."""
    for classification in _descendants(resource, "classification"):
        purposes = [
            text.lower()
            for purpose in _descendants(classification, "purpose")
            for value in _descendants(purpose, "value")
            for text in _strings(value)
        ]
        if OBJECTIVE_PURPOSE not in purposes:
            continue
        for taxon in _descendants(classification, "taxon"):
            ids = [(node.text or "").strip() for node in _descendants(taxon, "id")]
            entries = [text for node in _descendants(taxon, "entry") for text in _strings(node)]
            found = [text for text in ids + entries if text]
            if found:
                return found[0]
    return None


# -- items ---------------------------------------------------------------------------------------


def _read_items(files: Iterable[_ItemFile], reading: Reading) -> list[Problem]:
    problems: list[Problem] = []
    for file in files:
        try:
            draft = _Item(file, reading).read()
        except QuizgenError as error:
            problems.extend(error.problems)
            continue
        if draft is not None:
            reading.drafts.append(draft)
    return problems


def _html(element: ET.Element, skip: frozenset[str] = frozenset()) -> str:
    """The inner content of *element* as HTML: every text escaped, no element but by its name."""
    parts = [html.escape(element.text or "", quote=False)]
    for child in element:
        if local(child.tag) not in skip:
            parts.append(_outer_html(child, skip))
        parts.append(html.escape(child.tail or "", quote=False))
    return "".join(parts)


def _outer_html(element: ET.Element, skip: frozenset[str]) -> str:
    name = local(element.tag)
    attributes = "".join(
        f' {key}="{html.escape(value)}"' for key, value in element.attrib.items() if "}" not in key
    )
    if name in _VOID_HTML:
        return f"<{name}{attributes}>"
    return f"<{name}{attributes}>{_html(element, skip)}</{name}>"


def _classes(element: ET.Element) -> list[str]:
    return element.get("class", "").split()


def _number(value: float) -> float | int:
    return int(value) if value.is_integer() else value


class _Item:
    """One ``assessmentItem`` being read: where it is, and notes said about it."""

    def __init__(self, file: _ItemFile, reading: Reading) -> None:
        self.file = file
        self.reading = reading
        self.root = file.document.root
        _strip_qti_namespace(self.root)
        self.line = file.document.line(self.root)
        identifier = (self.root.get("identifier") or "").strip()
        self.lms_id = bank_identifier(identifier) if identifier else None
        self.label = f"question {self.lms_id or '(no identifier)'}"
        self.noted: set[str] = set()
        self.used_feedback: set[str] = set()  # modalFeedback identifiers read as option feedback
        self.in_choices: set[ET.Element] = set()  # feedback elements read as option feedback
        self.essay = False  # an essay reads scorers' rubric blocks as its model answer

    def note(self, message: str) -> None:
        if message not in self.noted:
            self.noted.add(message)
            self.reading.note(self.line, f"{self.label}: {message}", self.file.path)

    def fail(self, message: str) -> QuizgenError:
        return QuizgenError([Problem(self.file.path, self.line, f"{self.label}: {message}")])

    def markdown(self, source: str, *, inline: bool = False) -> str:
        """HTML from the file as MyST; media and removed markup are noted."""
        converted = html_to_myst(source, inline=inline)
        for src in converted.media:
            self.note(f"media {src!r} is not imported: add it to the course and link it")
        for dropped in converted.dropped:
            self.note(f"{dropped} removed from the imported HTML")
        return converted.text.strip()

    def read(self) -> Draft | None:
        body = self.root.find("itemBody")
        if body is None:
            raise self.fail("the item has no itemBody: there is no question to read")
        interactions = [el for el in body.iter() if _is_interaction(el)]
        if not interactions:
            self.note("the item has no interaction (text only); skipped")
            return None
        if len(interactions) > 1:
            names = ", ".join(local(el.tag) for el in interactions)
            self.note(f"QTI 2.1 composite item ({names}) has no bank type; skipped")
            return None
        interaction = interactions[0]
        reader = READERS.get(interaction.tag)
        if reader is None:
            self.note(f"QTI 2.1 {local(interaction.tag)} has no bank type; skipped")
            return None
        response = self.response(interaction)
        own = reader(self, interaction, response)
        if own is None:
            return None
        return self.draft(body, interaction, own)

    def draft(self, body: ET.Element, interaction: ET.Element, own: dict[str, Any]) -> Draft:
        stem = self.markdown(self.stem_html(body, interaction))
        if not stem:
            raise self.fail("the item has no question text")
        fields: dict[str, Any] = {"type": own.pop("type"), "stem": stem, **own}
        fields["explanation"] = self.explanation(body)
        points = self.points()
        if points is not None:
            fields["points"] = points
        fields.update(self.file.metadata.fields)
        return Draft(
            line=self.line,
            fields=fields,
            lms_id=self.lms_id,
            objective=self.file.metadata.objective,
            category=self.file.category,
            path=self.file.path,
        )

    # -- what every item has --

    def response(self, interaction: ET.Element) -> ET.Element:
        ident = interaction.get("responseIdentifier", "")
        for declaration in self.root.findall("responseDeclaration"):
            if declaration.get("identifier") == ident:
                return declaration
        raise self.fail(f"no responseDeclaration for the interaction's response {ident!r}")

    def stem_html(self, body: ET.Element, interaction: ET.Element) -> str:
        """The item body without its interaction, scorer rubrics and conditional feedback."""
        copied = copy.deepcopy(body)
        parents = {child: parent for parent in copied.iter() for child in parent}
        prompt = ""
        for element in list(copied.iter()):
            name = local(element.tag)
            if element.tag == interaction.tag and element.get("responseIdentifier") == (
                interaction.get("responseIdentifier")
            ):
                holder = element.find("prompt")
                prompt = _html(holder) if holder is not None else ""
                inline = name == "textEntryInteraction" and not _alone(element, parents)
                _replace(element, parents, _BLANK if inline else "")
            elif name == "rubricBlock":
                self.rubric_in_stem(element, parents)
            elif name in _CONDITIONAL:
                _replace(element, parents, "")
            elif name in _TEMPLATED:
                self.note(f"QTI 2.1 {name} (item templates) is left out")
                _replace(element, parents, "")
        _drop_empty_blocks(copied)
        text = _html(copied)
        return f"{text}<p>{prompt}</p>" if prompt.strip() else text

    def rubric_in_stem(self, element: ET.Element, parents: dict[ET.Element, ET.Element]) -> None:
        """Candidates' rubric is part of the question; others' is not, and an essay reads it."""
        views = element.get("view", "").split()
        if "candidate" in views:
            _unwrap(element, parents)
            return
        ours = {MODEL_ANSWER_CLASS, RUBRIC_CLASS} & set(_classes(element))
        if not ours and not (self.essay and "scorer" in views):
            self.note(f"a rubric for {' and '.join(views) or 'no one'} is left out")
        _replace(element, parents, "")

    def explanation(self, body: ET.Element) -> str:
        """Feedback that is not an option's: modal feedback, then feedback blocks in the body."""
        parts = [
            self.markdown(_html(feedback))
            for feedback in self.root.findall("modalFeedback")
            if feedback.get("identifier") not in self.used_feedback
        ]
        for element in body.iter():
            if local(element.tag) in _CONDITIONAL and element not in self.in_choices:
                parts.append(self.markdown(_html(element)))
        text = "\n\n".join(part for part in parts if part)
        if not text:
            self.note("no feedback; the bank's explanation says to write one")
            return MISSING_EXPLANATION
        return text

    def points(self) -> float | int | None:
        for outcome in self.root.findall("outcomeDeclaration"):
            if outcome.get("identifier") == "SCORE":
                try:
                    value = float(outcome.get("normalMaximum", ""))
                except ValueError:
                    return None
                return _number(value) if value > 0 and value != 1 else None
        return None

    def values(self, response: ET.Element) -> list[str]:
        """The correct response's values, in order."""
        return [(value.text or "").strip() for value in response.findall("correctResponse/value")]

    def mapped(self, response: ET.Element) -> list[str]:
        """Mapping keys worth more than nothing, in order."""
        keys = []
        for entry in response.findall("mapping/mapEntry"):
            try:
                worth = float(entry.get("mappedValue", "0"))
            except ValueError:
                continue
            if worth > 0:
                keys.append(entry.get("mapKey", "").strip())
        return keys

    def choice_text(self, choice: ET.Element) -> str:
        return self.markdown(_html(choice, _CONDITIONAL), inline=True)

    def option_feedback(self, choice: ET.Element) -> str:
        """A choice's own feedback: its feedbackInline, or a modalFeedback of its identifier."""
        inside = [el for el in choice.iter() if local(el.tag) in _CONDITIONAL]
        self.in_choices.update(inside)
        parts = [self.markdown(_html(element), inline=True) for element in inside]
        ident = choice.get("identifier")
        for feedback in self.root.findall("modalFeedback"):
            if ident and feedback.get("identifier") == ident and not parts:
                self.used_feedback.add(ident)
                parts.append(self.markdown(_html(feedback), inline=True))
        return " ".join(part for part in parts if part)


def _is_interaction(element: ET.Element) -> bool:
    name = element.tag
    return (
        isinstance(name, str)
        and (name.endswith("Interaction") or name in ("positionObjectStage",))
        and not name.startswith("{")
    )


def _replace(element: ET.Element, parents: dict[ET.Element, ET.Element], text: str) -> None:
    """Take *element* out of its parent, leaving *text* (and its tail) where it stood."""
    parent = parents.get(element)
    if parent is None:
        return
    index = list(parent).index(element)
    kept = text + (element.tail or "")
    if index:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + kept
    else:
        parent.text = (parent.text or "") + kept
    parent.remove(element)


def _unwrap(element: ET.Element, parents: dict[ET.Element, ET.Element]) -> None:
    """Put *element*'s content where it stood."""
    parent = parents.get(element)
    if parent is None:
        return
    index = list(parent).index(element)
    children = list(element)
    for child in children:
        parents[child] = parent
    parent[index : index + 1] = children
    lead = element.text or ""
    if index:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + lead
    else:
        parent.text = (parent.text or "") + lead
    last = children[-1] if children else (parent[index - 1] if index else None)
    if last is not None:
        last.tail = (last.tail or "") + (element.tail or "")
    else:
        parent.text = (parent.text or "") + (element.tail or "")


def _alone(element: ET.Element, parents: dict[ET.Element, ET.Element]) -> bool:
    """Whether *element* is all its parent holds (our export's ``<p>`` around a text entry)."""
    parent = parents.get(element)
    return (
        parent is not None
        and len(parent) == 1
        and not (parent.text or "").strip()
        and not (element.tail or "").strip()
    )


def _drop_empty_blocks(body: ET.Element) -> None:
    """Remove paragraphs left holding nothing (the one our export puts a text entry in)."""
    for parent in list(body.iter()):
        for child in list(parent):
            if (
                local(child.tag) in ("p", "div")
                and not len(child)
                and not (child.text or "").strip()
            ):
                _replace(child, {child: parent}, "")


# -- the types -----------------------------------------------------------------------------------


def _choice(item: _Item, interaction: ET.Element, response: ET.Element) -> dict[str, Any] | None:
    choices = interaction.findall("simpleChoice")
    ids = [choice.get("identifier", "") for choice in choices]
    correct = [value for value in item.values(response) or item.mapped(response) if value in ids]
    if len(choices) < 2:
        raise item.fail("a choice interaction needs at least two choices")
    if not correct:
        raise item.fail("no correct response: the item does not say which choice is right")
    single = response.get("cardinality", "single") == "single"
    texts = [item.choice_text(choice) for choice in choices]
    feedback = [item.option_feedback(choice) for choice in choices]
    if single and len(choices) == 2 and not any(feedback):
        truth = {text.lower(): ident for text, ident in zip(texts, ids, strict=True)}
        if set(truth) == {"true", "false"}:
            return {"type": "truefalse", "answer": truth["true"] == correct[0]}
    if single and len(correct) > 1:
        item.note("a single-answer item with several correct values keeps the first")
        correct = correct[:1]
    options = []
    for ident, text, note in zip(ids, texts, feedback, strict=True):
        option: dict[str, Any] = {"text": text}
        if ident in correct:
            option["correct"] = True
        if note:
            option["feedback"] = note
        options.append(option)
    fields: dict[str, Any] = {"type": "single" if single else "multiple", "options": options}
    if interaction.get("shuffle") == "false":
        fields["shuffle"] = False
    return fields


def _order(item: _Item, interaction: ET.Element, response: ET.Element) -> dict[str, Any] | None:
    texts = {
        choice.get("identifier", ""): item.choice_text(choice)
        for choice in interaction.findall("simpleChoice")
    }
    correct = [value for value in item.values(response) if value in texts]
    if len(correct) < 2:
        raise item.fail("no correct order: the item's correctResponse lists fewer than two choices")
    left_out = [texts[ident] for ident in texts if ident not in correct]
    for text in left_out:
        item.note(f"the choice {text!r} is not in the correct order; left out")
    return {"type": "order", "items": [texts[ident] for ident in correct]}


def _pairs(
    item: _Item, lefts: dict[str, str], rights: dict[str, str], response: ET.Element
) -> list[dict[str, str]]:
    """Correct pairs as bank pairs, in the order of the left choices."""
    found: dict[str, str] = {}
    for value in item.values(response):
        parts = value.split()
        if len(parts) != 2:
            continue
        left, right = parts if parts[0] in lefts else parts[::-1]
        if left in lefts and right in rights and left not in found:
            found[left] = right
    if len(found) < 2:
        raise item.fail(
            "no correct response: the item's correctResponse holds fewer than two pairs"
        )
    used = set(found.values())
    for ident, text in rights.items():
        if ident not in used and ident not in found:
            item.note(f"the unmatched choice {text!r} (a distractor) is left out")
    return [
        {"left": lefts[ident], "right": rights[found[ident]]} for ident in lefts if ident in found
    ]


def _match(item: _Item, interaction: ET.Element, response: ET.Element) -> dict[str, Any] | None:
    sets = interaction.findall("simpleMatchSet")
    if len(sets) != 2:
        raise item.fail("a match interaction needs two simpleMatchSets")
    lefts, rights = (
        {c.get("identifier", ""): item.choice_text(c) for c in match_set} for match_set in sets
    )
    return {"type": "match", "pairs": _pairs(item, lefts, rights, response)}


def _associate(item: _Item, interaction: ET.Element, response: ET.Element) -> dict[str, Any] | None:
    choices = {
        c.get("identifier", ""): item.choice_text(c)
        for c in interaction.findall("simpleAssociableChoice")
    }
    firsts = [value.split()[0] for value in item.values(response) if len(value.split()) == 2]
    lefts = {ident: text for ident, text in choices.items() if ident in firsts}
    rights = {ident: text for ident, text in choices.items() if ident not in firsts}
    return {"type": "match", "pairs": _pairs(item, lefts, rights, response)}


def _text_entry(
    item: _Item, interaction: ET.Element, response: ET.Element
) -> dict[str, Any] | None:
    base_type = response.get("baseType", "string")
    if base_type in ("float", "integer"):
        return _numeric(item, response)
    if base_type != "string":
        item.note(f"QTI 2.1 textEntryInteraction of baseType {base_type} has no bank type; skipped")
        return None
    accept: dict[str, str] = {}
    for value in item.values(response) + item.mapped(response):
        if value:
            accept.setdefault(fold_text(value), value)
    if not accept:
        raise item.fail("no correct response: the item accepts no answer")
    if any(e.get("caseSensitive") == "true" for e in response.findall("mapping/mapEntry")):
        item.note("answers compared case-sensitively in QTI are compared ignoring case here")
    return {"type": "text", "accept": list(accept.values())}  # answers are text, not Markdown


def _numeric(item: _Item, response: ET.Element) -> dict[str, Any]:
    values = item.values(response) or item.mapped(response)
    try:
        answer = float(values[0])
    except (IndexError, ValueError):
        raise item.fail("no correct response: the item gives no number as its answer") from None
    fields: dict[str, Any] = {"type": "numeric", "answer": _number(answer)}
    tolerance = _tolerance(item, answer)
    if tolerance:
        fields["tolerance"] = _number(tolerance)
    return fields


def _tolerance(item: _Item, answer: float) -> float:
    """The tolerance of the first ``equal`` in the response processing (0 if none)."""
    equal = next(iter(item.root.iter("equal")), None)
    if equal is None:
        return 0.0
    mode = equal.get("toleranceMode", "exact")
    try:
        bounds = [abs(float(value)) for value in equal.get("tolerance", "0").split()] or [0.0]
    except ValueError:
        item.note("the tolerance is not a number (a template variable?); 0 is kept")
        return 0.0
    if len(set(bounds)) > 1:
        item.note("a tolerance that differs below and above the answer keeps the smaller")
    if mode == "absolute":
        return min(bounds)
    if mode == "relative":
        item.note(f"the relative tolerance of {min(bounds):g} % becomes an absolute one")
        return abs(answer) * min(bounds) / 100
    return 0.0


def _extended_text(
    item: _Item, interaction: ET.Element, response: ET.Element
) -> dict[str, Any] | None:
    item.essay = True
    body = item.root.find("itemBody")
    blocks = [el for el in body.iter("rubricBlock")] if body is not None else []
    model, rubric = "", []
    for block in blocks:
        classes, views = _classes(block), block.get("view", "").split()
        if RUBRIC_CLASS in classes:
            rubric = [item.markdown(_html(li), inline=True) for li in block.iter("li")]
        elif MODEL_ANSWER_CLASS in classes or ("scorer" in views and not model):
            model = item.markdown(_html(_without_labels(block)))
    if not model:
        values = [value for value in item.values(response) if value]
        model = item.markdown(html.escape(values[0], quote=False)) if values else ""
    if not model:
        item.note("no model answer; the bank's model answer says to write one")
        model = MISSING_MODEL_ANSWER
    fields: dict[str, Any] = {"type": "essay", "model_answer": model}
    if rubric:
        fields["rubric"] = [point for point in rubric if point]
    return fields


def _without_labels(block: ET.Element) -> ET.Element:
    """A copy of our rubric block without its heading (``Model answer``)."""
    copied = copy.deepcopy(block)
    for child in list(copied):
        if LABEL_CLASS in _classes(child):
            _replace(child, {child: copied}, "")
    return copied


READERS: dict[str, Callable[[_Item, ET.Element, ET.Element], dict[str, Any] | None]] = {
    "choiceInteraction": _choice,
    "orderInteraction": _order,
    "matchInteraction": _match,
    "associateInteraction": _associate,
    "textEntryInteraction": _text_entry,
    "extendedTextInteraction": _extended_text,
}
