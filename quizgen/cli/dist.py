"""``quizgen dist``: the built site as one zip, for a USB stick or an intranet."""

from __future__ import annotations

import argparse
import os
import sys

from quizgen.cli.common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from quizgen.site.dist import zip_site


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``quizgen dist SITE -o ZIP``."""
    dist = commands.add_parser(
        "dist",
        help="zip a built site for a USB stick or an intranet",
        description="Zip a built site (hidden files left out) so that it opens from file://.",
    )
    dist.add_argument("site", metavar="SITE", help="the built site, e.g. _build/html")
    dist.add_argument("-o", "--output", required=True, metavar="ZIP", help="the zip to write")
    dist.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Zip a built site."""
    if not os.path.isfile(os.path.join(args.site, "index.html")):
        print(f"quizgen dist: no built site (index.html) in {args.site}", file=sys.stderr)
        return EXIT_USAGE
    try:
        count = zip_site(args.site, args.output)
    except OSError as error:
        print(f"quizgen dist: cannot write {args.output}: {error.strerror}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"{args.output}: {count} files; unzip it and open html/index.html")
    return EXIT_OK
