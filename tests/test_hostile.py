"""Hostile translations end to end: the pages `build` writes hold nothing executable, and `check` reports each one."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from hostile import HOSTILE, assert_nothing_executable
from locflow.cli import cli

TOPICS = [
    "rest", "ice", "swelling", "bruising", "stretching", "hydration", "lifting", "driving", "bathing", "exercise",
    "sleep", "work", "diet", "fever", "redness", "numbness", "dizziness", "allergies", "pregnancy", "medicines",
    "anesthesia", "needles", "infection", "bleeding", "massage", "heat", "posture", "follow-up", "insurance",
    "parking", "children", "travel", "alcohol", "smoking", "caffeine", "showering", "dressing", "pain relief",
    "activity", "questions", "records", "consent", "results", "referrals", "costs",
]

MORE = [
    "Pague en línea\u202eexe.pdf",  # a bidi override reorders what the reader sees
    "Descanse\x00 bien",  # NUL
    "\u2066Descanse\u2069 bien",  # bidi isolates around the text
    "Descanse</p><p onclick=alert(1)>",
]

FRONT_MATTER = {
    "title": "</title><script>alert(1)</script>",
    "description": '" onload="alert(1)" data-x="',
}

SECURITY = {"unsafe-html", "links", "markup", "control-chars", "placeholder"}
"""Checks that speak for a hostile translation."""

HARMLESS = {"&lt;script&gt;alert(1)&lt;/script&gt;"}
"""Payloads that are text by construction (entities are shown as the characters they name): no check must fire."""


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A project whose Spanish catalog holds one hostile translation per segment; return it and {msgid: payload}."""
    root = tmp_path_factory.mktemp("hostile")
    payloads = HOSTILE + MORE
    assert len(payloads) <= len(TOPICS) and len(payloads) >= 30
    paragraphs = "".join(f"Ask the nurse about {topic}.\n\n" for topic in TOPICS[: len(payloads)])
    (root / "source").mkdir()
    (root / "source" / "care.md").write_text(
        f"---\ntitle: Aftercare\ndescription: What to do after the injection.\n---\n\n{paragraphs}", encoding="utf-8"
    )
    (root / "locflow.toml").write_text('locales = ["es", "ar"]\n')
    assert CliRunner().invoke(cli, ["-C", str(root), "extract"]).exit_code == 0
    planted = {f"Ask the nurse about {topic}.": payload for topic, payload in zip(TOPICS, payloads)}
    planted["Aftercare"] = FRONT_MATTER["title"]
    planted["What to do after the injection."] = FRONT_MATTER["description"]
    for locale in ("es", "ar"):
        path = root / "locales" / locale / "LC_MESSAGES" / "care.po"
        catalog = polib.pofile(str(path))
        for entry in catalog:
            entry.msgstr = planted[entry.msgid]
        catalog.save(str(path))
    return root, planted


def test_built_pages_hold_nothing_executable(hostile_project):
    root, _ = hostile_project
    result = CliRunner().invoke(cli, ["-C", str(root), "build"])
    assert result.exit_code == 0, result.output
    pages = sorted((root / "dist").rglob("*.html"))
    assert [p.relative_to(root / "dist").as_posix() for p in pages] == [
        "ar/care.html", "ar/index.html", "en/care.html", "en/index.html", "es/care.html", "es/index.html",
    ]  # the indexes list the pages by their (hostile) titles: checked too
    for page in pages:
        assert_nothing_executable(page.read_text(encoding="utf-8"))
    spanish = (root / "dist" / "es" / "care.html").read_text(encoding="utf-8")
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>" in spanish
    assert '<meta name="description" content="&quot; onload=&quot;alert(1)&quot; data-x=&quot;">' in spanish
    assert "\u202e" not in spanish and "\x00" not in spanish


def test_check_reports_every_hostile_translation(hostile_project):
    root, planted = hostile_project
    result = CliRunner().invoke(cli, ["-C", str(root), "check", "--format", "json", "--locale", "es"])
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    by_translation: dict[str, set[str]] = {}
    for finding in findings:
        by_translation.setdefault(finding["translation"], set()).add(finding["check"])
    for msgid, payload in planted.items():
        checks = by_translation.get(payload, set())
        if payload in HARMLESS:
            assert not checks & SECURITY, (payload, checks)
        else:
            assert checks & SECURITY, f"{payload!r} was not reported (found {checks})"
