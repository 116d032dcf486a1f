"""The site as an installable offline app: web app manifest, icons and service worker.

Written into a built HTML site when the build finishes (see
:mod:`quizgen.sphinx_ext.offline`). The service worker is our own, about
40 lines: it precaches every file of the site, listed with content hashes at
build time, so that after the first visit every page, script, style, image
and the search index open with no network; each build whose files differ gets
a cache of its own and the old ones are deleted. Workbox would bring a build
tool (Node) into a Python build for the same precache-and-serve behavior.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

WORKER = "sw.js"
MANIFEST = "manifest.webmanifest"
ICON_SIZES = (192, 512)
DEFAULT_COLOR = "#1d4e89"  # the default icon's background and the app's theme color
BACKGROUND = "#ffffff"
# Not precached: the worker itself (the browser fetches it fresh), Sphinx's bookkeeping.
SKIPPED = frozenset({WORKER, ".buildinfo", "objects.inv"})


@dataclass(frozen=True)
class App:
    """What the installed app is called and looks like."""

    name: str
    short_name: str
    color: str = DEFAULT_COLOR
    logo: Path | None = None  # a PNG or JPEG to make icons from; else a drawn default


def precache(site: Path) -> list[tuple[str, str]]:
    """(URL relative to the site, content hash) of every file the worker keeps."""
    listed = []
    for path in sorted(site.rglob("*")):
        name = path.relative_to(site).as_posix()
        hidden = any(part.startswith(".") for part in path.relative_to(site).parts)
        if path.is_file() and not hidden and name not in SKIPPED:
            listed.append((name, hashlib.sha256(path.read_bytes()).hexdigest()[:12]))
    return listed


def service_worker(files: list[tuple[str, str]], scope_id: str) -> str:
    """``sw.js``: the worker with this build's file list and cache name."""
    digest = hashlib.sha256(json.dumps(files).encode("utf-8")).hexdigest()[:16]
    urls = [name if name != "index.html" else "./" for name, _ in files]
    if "./" in urls:
        urls.append("index.html")
    template = resources.files("quizgen.site").joinpath("static/sw.js").read_text("utf-8")
    return (
        template.replace("__PREFIX__", json.dumps(f"quizgen-{scope_id}-"))
        .replace("__VERSION__", json.dumps(digest))
        .replace("__FILES__", json.dumps(urls, separators=(",", ":")))
    )


def web_manifest(app: App) -> str:
    """``manifest.webmanifest``: name, colors, icons, standalone display from the site root."""
    manifest = {
        "name": app.name,
        "short_name": app.short_name,
        "start_url": "./index.html",
        "scope": "./",
        "display": "standalone",
        "theme_color": app.color,
        "background_color": BACKGROUND,
        "icons": [
            {
                "src": f"_static/quizgen-icon-{size}.png",
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": "any maskable",
            }
            for size in ICON_SIZES
        ],
    }
    return json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"


def icons(app: App) -> dict[str, bytes]:
    """The PNG icons, by file name: the academy's logo on a square, or a drawn default."""
    from PIL import Image, ImageDraw  # matplotlib's dependency: installed with quizgen

    made = {}
    for size in ICON_SIZES:
        canvas = Image.new("RGB", (size, size), app.color if app.logo is None else BACKGROUND)
        if app.logo is not None:
            with Image.open(app.logo) as opened:
                logo = opened.convert("RGBA")
            inner = int(size * 0.7)  # inside a maskable icon's safe zone
            logo.thumbnail((inner, inner))
            canvas.paste(logo, ((size - logo.width) // 2, (size - logo.height) // 2), logo)
        else:
            draw = ImageDraw.Draw(canvas)
            unit = size / 16  # a white speech bubble: listening, the course's first skill
            draw.rounded_rectangle(
                (4 * unit, 4.5 * unit, 12 * unit, 10.5 * unit), radius=1.5 * unit, fill="white"
            )
            draw.polygon(
                [(6 * unit, 10 * unit), (6 * unit, 12.5 * unit), (8.5 * unit, 10 * unit)],
                fill="white",
            )
        buffer = io.BytesIO()
        canvas.save(buffer, "PNG", optimize=True)
        made[f"quizgen-icon-{size}.png"] = buffer.getvalue()
    return made


def write_app(site: Path, app: App, scope_id: str) -> int:
    """Write icons, manifest and worker into the built *site*; return how many files it keeps."""
    static = site / "_static"
    static.mkdir(parents=True, exist_ok=True)
    for name, data in icons(app).items():
        (static / name).write_bytes(data)
    (site / MANIFEST).write_text(web_manifest(app), "utf-8")
    files = precache(site)
    (site / WORKER).write_text(service_worker(files, scope_id), "utf-8")
    return len(files)
