"""American spelling in the course text, checked by codespell.

The course is written for US police academies, so its text uses American spelling
everywhere except in proper names and in titles as published (issue 17, point 4). This
runs codespell over the course text (``index.md``, ``README.md``, ``academy.yaml``,
``curriculum/`` with its banks, ``docs/``) with only its ``en-GB_to_en-US`` list, plus
:data:`EXTRA_BRITISH` for forms that list lacks (``offence``, ``odour``, ``counselling``
...), and fails with ``file:line: word -> suggestion`` for each British spelling.

How codespell is run, and why:

* ``--regex`` counts letters only as a word. codespell's own word pattern keeps hyphens
  and apostrophes inside a word, so ``noise-cancelling``, ``shopping-centre`` and
  ``neighbour's`` would slip through as words no dictionary lists.
* Exceptions are made where they stand, not by a word list, so that a stray "centre"
  next to an allowed "Centre for ..." is still caught:

  - proper names go in :data:`PROPER_NAMES`, a phrase each, passed to
    ``--ignore-regex`` (only the whole phrase is ignored, never the word alone);
  - titles, journals and publishers in ``docs/references.bib`` are proper names as
    published (a UK report keeps "Programme"), so :data:`PUBLISHED_FIELDS` lines are
    ignored; the ``note`` fields are our own prose and are checked;
  - web addresses are skipped whole (``--uri-ignore-words-list '*'``): a URL is spelled
    as its site spells it;
  - one odd line can carry codespell's inline marker, as the accepted answer
    ``self-stimulatory behaviour  # codespell:ignore behaviour`` in module 5's bank
    does (a trainee who types the British spelling is still right);
  - a direct quotation that reproduces someone's British spelling is excused the same
    way, with a ``codespell:ignore`` comment (``% codespell:ignore-next-line`` above
    it in MyST Markdown).

* ``tests/data/spelling-allowed.txt`` (``--ignore-words``) is left for words that are
  wrong in codespell's list, not for names: it holds only ``dialogue``, which is
  American too. Each of its words needs a comment line saying why.

codespell runs in a temporary working folder, so no ``setup.cfg``, ``.codespellrc`` or
``[tool.codespell]`` of the project changes what this test checks.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).parent.parent
ALLOWED = Path(__file__).parent / "data" / "spelling-allowed.txt"
# The course, and the descriptions editors show from the schemas (academy.schema.json's
# tooltips are read by academy staff).
COURSE_TEXT = ("index.md", "README.md", "academy.yaml", "curriculum", "docs", "quizgen/schemas")

# British forms that codespell's en-GB_to_en-US list (2.4) does not carry.
EXTRA_BRITISH = {
    "ageing": "aging",
    "amongst": "among",
    "anaesthetic": "anesthetic",
    "cheque": "check",
    "cheques": "checks",
    "counselled": "counseled",
    "counselling": "counseling",
    "counsellors": "counselors",
    "cosy": "cozy",
    "dialled": "dialed",
    "dialling": "dialing",
    "diarrhoea": "diarrhea",
    "fibre": "fiber",
    "foetus": "fetus",
    "fulfilment": "fulfillment",
    "haemorrhage": "hemorrhage",
    "harbour": "harbor",
    "instalment": "installment",
    "kerb": "curb",
    "learnt": "learned",
    "neighbourhood": "neighborhood",
    "neighbourhoods": "neighborhoods",
    "odour": "odor",
    "odours": "odors",
    "oesophagus": "esophagus",
    "offence": "offense",
    "offences": "offenses",
    "orthopaedic": "orthopedic",
    "paediatric": "pediatric",
    "paediatrician": "pediatrician",
    "paralyse": "paralyze",
    "paralysed": "paralyzed",
    "plough": "plow",
    "pyjamas": "pajamas",
    "rumour": "rumor",
    "rumours": "rumors",
    "sceptic": "skeptic",
    "sceptical": "skeptical",
    "scepticism": "skepticism",
    "theatre": "theater",
    "theatres": "theaters",
    "travelled": "traveled",
    "traveller": "traveler",
    "travellers": "travelers",
    "travelling": "traveling",
    "tumour": "tumor",
    "tumours": "tumors",
    "tyre": "tire",
    "tyres": "tires",
    "vapour": "vapor",
    "whilst": "while",
    "wilful": "willful",
}

# Proper names spelled the British way, each ignored only as the whole phrase.
PROPER_NAMES = (
    "Open Government Licence",  # docs/references.bib, nhsrecovery: the UK licence's name
)

# BibTeX fields that name a publication, a journal or a publisher as published.
PUBLISHED_FIELDS = (
    "title",
    "booktitle",
    "journal",
    "journaltitle",
    "publisher",
    "institution",
    "organization",
    "series",
    "howpublished",
)

IGNORE_REGEX = "|".join(
    [
        *(r"\b" + re.escape(name).replace(r"\ ", r"\s+") + r"\b" for name in PROPER_NAMES),
        r"^\s*(?:" + "|".join(PUBLISHED_FIELDS) + r")\s*=\s*\{.*",
    ]
)
WORD = r"[^\W\d_]+"  # letters only: hyphens and apostrophes split words
REPORT = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<word>.+?) ==> (?P<fix>.+)$")
FOUND = 65  # codespell's exit status when it reports a spelling


def codespell_command() -> list[str]:
    """The codespell installed beside this Python (a test dependency)."""
    script = Path(sys.executable).with_name("codespell")
    if script.is_file():
        return [str(script)]
    if importlib.util.find_spec("codespell_lib") is None:
        pytest.fail("codespell is missing: pip install -e '.[test]' (or 'codespell>=2.3')")
    return [sys.executable, "-m", "codespell_lib"]


def british_spellings(paths: list[Path], workdir: Path) -> list[str]:
    """Every British spelling codespell finds in *paths*, as ``file:line: word -> fix``."""
    extra = workdir / "en-GB_to_en-US-extra.txt"
    extra.write_text("".join(f"{gb}->{us}\n" for gb, us in EXTRA_BRITISH.items()), "utf-8")
    command = [
        *codespell_command(),
        "--builtin",
        "en-GB_to_en-US",
        f"--dictionary=-,{extra}",  # "-" is the builtin list above
        "--ignore-words",
        str(ALLOWED),
        "--ignore-regex",
        IGNORE_REGEX,
        "--uri-ignore-words-list",
        "*",
        "--regex",
        WORD,
        "--disable-colors",
    ]
    result = subprocess.run(
        [*command, *map(str, paths)],
        cwd=workdir,  # no project config file applies
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    if result.returncode not in (0, FOUND):
        pytest.fail(f"codespell failed ({result.returncode}):\n{result.stderr}{result.stdout}")
    found = []
    for line in result.stdout.splitlines():
        match = REPORT.match(line)
        assert match, f"unexpected codespell output: {line!r}"
        path = Path(match["path"])
        if path.is_relative_to(PROJECT):
            path = path.relative_to(PROJECT)
        found.append(f"{path}:{match['line']}: {match['word']} -> {match['fix']}")
    assert bool(found) == (result.returncode == FOUND), result.stdout + result.stderr
    return found


def test_the_course_text_uses_american_spelling(tmp_path: Path) -> None:
    paths = [PROJECT / name for name in COURSE_TEXT]
    found = british_spellings(paths, tmp_path)
    assert not found, (
        "British spellings in the course text (use the American spelling, or see the "
        "docstring of tests/test_spelling.py for a proper name or a quotation):\n"
        + "\n".join(found)
    )


def test_a_british_spelling_is_reported_and_the_exceptions_are_not(tmp_path: Path) -> None:
    course = tmp_path / "course"
    course.mkdir()
    (course / "lesson.md").write_text(
        "The person's behaviour changed when the officer sat down.\n"
        "She had noise-cancelling headphones and a neighbour's dog barked.\n"
        "There was no odour of alcohol.\n"
        "Read Practice dialogue 1 aloud.\n"
        "Crown copyright, Open Government Licence: cite, do not copy.\n"
        "A report about her licence follows state rules.\n"
        "See https://www.autism.org.uk/advice-and-guidance/topics/behaviour/meltdowns.\n"
        "      - self-stimulatory behaviour  # codespell:ignore behaviour\n",
        "utf-8",
    )
    (course / "references.bib").write_text(
        "@article{dazzi2014,\n"
        "  title = {Does asking about suicide and related behaviours induce suicidal ideation?},\n"
        "  note = {A UK review; its behaviour is ours to spell.},\n"
        "}\n",
        "utf-8",
    )
    found = british_spellings([course], tmp_path)
    assert sorted(found) == sorted(
        [
            f"{course}/lesson.md:1: behaviour -> behavior",
            f"{course}/lesson.md:2: cancelling -> canceling",
            f"{course}/lesson.md:2: neighbour -> neighbor",
            f"{course}/lesson.md:3: odour -> odor",
            f"{course}/lesson.md:6: licence -> license",
            f"{course}/references.bib:3: behaviour -> behavior",
        ]
    )


def test_the_allow_list_explains_every_word() -> None:
    lines = ALLOWED.read_text("utf-8").splitlines()
    words = []
    for number, line in enumerate(lines):
        if not line.strip() or line.startswith("#"):
            continue
        assert re.fullmatch(r"[A-Za-z]+", line), f"{ALLOWED.name}:{number + 1}: one word a line"
        assert number and lines[number - 1].startswith("#"), (
            f"{ALLOWED.name}:{number + 1}: {line!r} needs a comment line above it saying why"
        )
        words.append(line)
    assert len(words) == len(set(words)), f"{ALLOWED.name}: a word is listed twice"
