"""The HTML site as an installable app that works offline (:mod:`quizgen.site.offline`).

Every page gets a small script that, over HTTP(S), links the web app manifest
and registers the service worker, and says when a newer build is waiting.
When an HTML build finishes, the icons, the manifest and the worker (with
this build's file list) are written at the root of the output.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.locale import get_translation

from quizgen.site.offline import DEFAULT_COLOR, App, write_app
from quizgen.sphinx_ext.academy import academy, profile_path
from quizgen.sphinx_ext.config import quizgen_config
from quizgen.sphinx_ext.html import copy_static

if TYPE_CHECKING:
    from sphinx.application import Sphinx

_ = get_translation("quizgen")

OFFLINE_JS = "quizgen-offline.js"
ICON = "quizgen-icon-192.png"  # written by write_app
BUILDERS = frozenset({"html", "dirhtml"})  # sites a browser serves: not singlehtml, not print


def setup_offline(app: Sphinx) -> None:
    """Add the registration script to every page, and write the app when the build ends."""
    app.connect("builder-inited", _add_script)
    app.connect("html-page-context", _favicon)
    app.connect("build-finished", _write_app, priority=900)  # after every other file is written


def _favicon(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The app's icon as the page's icon, unless the project has its own (html_favicon)."""
    if app.builder.name in BUILDERS and not context.get("favicon_url"):
        context["favicon_url"] = context["pathto"](f"_static/{ICON}", 1)


def _add_script(app: Sphinx) -> None:
    if app.builder.name not in BUILDERS:
        return
    strings = {
        "available": str(_("A new version of this course is available.")),
        "reload": str(_("Reload")),
    }
    attributes = {"data-l10n": json.dumps(strings)}  # an HTML attribute: not a Python name
    app.add_js_file(OFFLINE_JS, loading_method="defer", **attributes)  # type: ignore[arg-type]


def _write_app(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in BUILDERS:
        return
    copy_static(app, (OFFLINE_JS,))
    profile = academy(app.env)
    name = profile.value("name") or app.config.project
    logo = profile.value("logo")
    logo_path = Path(profile_path(app.env)).parent / logo if logo else None
    usable = logo_path is not None and logo_path.suffix.lower() in {".png", ".jpg", ".jpeg"}
    settings = App(
        name=name,
        short_name=profile.value("short_name") or name[:12],
        color=profile.value("theme_color") or DEFAULT_COLOR,
        logo=logo_path if usable and logo_path and logo_path.is_file() else None,
    )
    namespace = quizgen_config(app.config).storage_namespace(app.config.project)
    write_app(Path(app.outdir), settings, namespace)
