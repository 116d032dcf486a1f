"""The trainee site as a SCORM 1.2 package: one SCO per module (``make scorm``).

Built from the trainee edition as ``make html`` writes it, so the package holds
exactly what the public site holds (nothing secure, nothing for instructors).
Each module becomes a SCO whose launch page (``scorm/<module>.html``) finds the
LMS, shows the module's overview page in a frame and stays loaded while the
trainee moves through the module's pages: a SCORM 1.2 session must be
initialized once and finished once, and a multi-page module would otherwise
finish it on every page change. The launch page reads the module's self-check
answers that the quiz keeps in the browser and reports them to the LMS
(``quizgen-scorm.js``); see docs/authoring/publishing.md.
"""

from __future__ import annotations

import html
import json
import re
import zipfile
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from xml.etree import ElementTree

import jinja2

from quizgen.bank.problems import Problem, QuizgenError
from quizgen.render.archive import add
from quizgen.render.progress import Progress, silent

PACKAGE_NAME = "cit-training-scorm12.zip"
DEFAULT_MASTERY = 80
LAUNCH_DIR = "scorm"
RUNTIME = "quizgen-scorm.js"
SUSPEND_LIMIT = 4096  # characters of cmi.suspend_data, SCORM 1.2's limit

IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"


@dataclass(frozen=True)
class Module:
    """One module of the built site, as a SCO."""

    folder: str  # "08-de-escalation"
    title: str  # "Module 8: Communication and de-escalation"
    questions: tuple[str, ...]  # the self-check's question ids, as the page shows them
    store: str  # the prefix under which the quiz keeps answers in the browser

    @property
    def launch(self) -> str:
        """The SCO's launch page, in the package."""
        return f"{LAUNCH_DIR}/{self.folder}.html"

    @property
    def page(self) -> str:
        """The module's overview page, in the package."""
        return f"curriculum/{self.folder}/index.html"


@dataclass(frozen=True)
class Package:
    """What a built package holds: its modules and every file name."""

    modules: tuple[Module, ...]
    files: tuple[str, ...]  # every file of the zip but the manifest
    mastery: int


def build_scorm(
    site: str | Path,
    archive: str | Path,
    *,
    title: str,
    mastery: int,
    progress: Progress | None = None,
) -> Package:
    """Write the SCORM 1.2 package of the built trainee *site* to *archive*.

    Raise :class:`QuizgenError` when *site* is not a built trainee edition.
    """
    steps = progress or silent()
    root = Path(site)
    steps.plan(2)
    steps.step(f"reading the site in {site}")
    modules = find_modules(root)
    site_files = _site_files(root)
    lang = site_language(root)
    steps.plan(len(modules) + 3)
    launch_pages = {}
    for module in modules:
        steps.step(f"SCO {module.title}")
        launch_pages[module.launch] = _launch_page(module, mastery, lang)
    runtime = f"{LAUNCH_DIR}/{RUNTIME}"
    shared = sorted([*site_files, runtime])
    manifest = manifest_xml(title, modules, shared, mastery)
    steps.step(f"packing {len(site_files)} files into {archive}")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as packed:
        add(packed, "imsmanifest.xml", manifest)
        for name, page in launch_pages.items():
            add(packed, name, page.encode("utf-8"))
        add(packed, runtime, _runtime_script())
        for name in site_files:
            add(packed, name, (root / name).read_bytes())
    return Package(modules, tuple(sorted([*launch_pages, *shared])), mastery)


def find_modules(site: Path) -> tuple[Module, ...]:
    """The modules of a built site, in course order, with their self-check questions."""
    pages = sorted(site.glob("curriculum/[0-9][0-9]-*/index.html"))
    if not pages:
        message = (
            "no module pages (curriculum/NN-name/index.html): build the site first (make html)"
        )
        raise QuizgenError([Problem(str(site), 1, message)])
    if (site / "docs" / "instructor").exists():
        message = "this is the instructor edition; a SCORM package holds the trainee edition only"
        raise QuizgenError([Problem(str(site), 1, message)])
    modules = []
    for page in pages:
        folder = page.parent.name
        check = page.parent / "self-check.html"
        text = check.read_text("utf-8") if check.is_file() else ""
        store = re.search(r'data-store="([^"]*)"', text)
        modules.append(
            Module(
                folder=folder,
                title=_title(page.read_text("utf-8")) or folder,
                questions=tuple(re.findall(r'data-quiz-question="([^"]+)"', text)),
                store=html.unescape(store.group(1)) if store else "",
            )
        )
    return tuple(modules)


def _title(page: str) -> str:
    """The text of the page's first heading, without Sphinx's permalink."""
    found = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
    if not found:
        return ""
    text = re.sub(r"<a class=\"headerlink\".*?</a>", "", found.group(1), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).split())


def _site_files(root: Path) -> list[str]:
    """Every file of the built site but Sphinx's hidden bookkeeping, as package names."""
    return sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(root).parts)
    )


# -- the manifest -----------------------------------------------------------------------------


def manifest_xml(title: str, modules: tuple[Module, ...], shared: list[str], mastery: int) -> bytes:
    """``imsmanifest.xml``: one organization, one item and one SCO resource per module.

    The site's pages, scripts and styles are one ``asset`` resource that every
    SCO depends on, so every file of the zip is named by exactly one resource.
    """
    ElementTree.register_namespace("", IMSCP)
    ElementTree.register_namespace("adlcp", ADLCP)
    ElementTree.register_namespace("xsi", XSI)
    q = _qualified
    root = ElementTree.Element(
        q(IMSCP, "manifest"),
        {
            "identifier": "cit-training",
            "version": "1",
            q(XSI, "schemaLocation"): (f"{IMSCP} imscp_rootv1p1p2.xsd {ADLCP} adlcp_rootv1p2.xsd"),
        },
    )
    metadata = ElementTree.SubElement(root, q(IMSCP, "metadata"))
    ElementTree.SubElement(metadata, q(IMSCP, "schema")).text = "ADL SCORM"
    ElementTree.SubElement(metadata, q(IMSCP, "schemaversion")).text = "1.2"
    organizations = ElementTree.SubElement(root, q(IMSCP, "organizations"), default="course")
    organization = ElementTree.SubElement(
        organizations, q(IMSCP, "organization"), identifier="course"
    )
    ElementTree.SubElement(organization, q(IMSCP, "title")).text = title
    resources_ = ElementTree.Element(q(IMSCP, "resources"))
    for number, module in enumerate(modules, 1):
        item = ElementTree.SubElement(
            organization,
            q(IMSCP, "item"),
            identifier=f"item-{number:02d}",
            identifierref=f"sco-{number:02d}",
        )
        ElementTree.SubElement(item, q(IMSCP, "title")).text = module.title
        ElementTree.SubElement(item, q(ADLCP, "masteryscore")).text = str(mastery)
        resource = ElementTree.SubElement(
            resources_,
            q(IMSCP, "resource"),
            {
                "identifier": f"sco-{number:02d}",
                "type": "webcontent",
                q(ADLCP, "scormtype"): "sco",
                "href": module.launch,
            },
        )
        ElementTree.SubElement(resource, q(IMSCP, "file"), href=module.launch)
        ElementTree.SubElement(resource, q(IMSCP, "dependency"), identifierref="site")
    site = ElementTree.SubElement(
        resources_,
        q(IMSCP, "resource"),
        {"identifier": "site", "type": "webcontent", q(ADLCP, "scormtype"): "asset"},
    )
    for name in shared:
        ElementTree.SubElement(site, q(IMSCP, "file"), href=name)
    root.append(resources_)
    ElementTree.indent(root)
    written: bytes = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    return written + b"\n"


def _qualified(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


# -- the launch pages -------------------------------------------------------------------------


def site_language(root: Path) -> str:
    """The language the site was built in (its home page's ``<html lang>``), or ``en``."""
    found = re.search(r'<html[^>]*\slang="([A-Za-z-]+)"', (root / "index.html").read_text("utf-8"))
    return found.group(1) if found else "en"


def _launch_page(module: Module, mastery: int, lang: str = "en") -> str:
    config = {
        "page": f"../{module.page}",
        "store": module.store,
        "questions": list(module.questions),
        "mastery": mastery,
        "limit": SUSPEND_LIMIT,
    }
    # JSON inside <script>: "<" escaped so that no text can close the element.
    data = json.dumps(config, ensure_ascii=False).replace("<", "\\u003c")
    return _template().render(module=module, data=data, runtime=RUNTIME, lang=lang)


@cache
def _template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("quizgen.site", "templates"),
        autoescape=True,
        keep_trailing_newline=True,
    )
    return environment.get_template("scorm-launch.html")


@cache
def _runtime_script() -> bytes:
    script: bytes = resources.files("quizgen.site").joinpath(f"static/{RUNTIME}").read_bytes()
    return script
