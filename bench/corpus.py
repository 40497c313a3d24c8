"""Generate a deterministic locflow project of synthetic patient-information pages.

    python bench/corpus.py --docs 1000 --seed 1 --locales es,ar,zh_Hans --out /tmp/corpus

writes ``source/**/*.md`` (about 42 segments per page: YAML front matter,
headings, paragraphs with emphasis, links and numbers with units, bullet and
ordered lists, a GFM table in about one page in four, a block-quoted note now
and then; about 10% of paragraphs are shared between pages), ``locflow.toml``
and, unless ``--no-catalogs``, one catalog per page and locale: it runs
``locflow extract`` and fills ~95% of the entries with a pseudo-translation
that keeps numbers, link targets and Markdown syntax intact, then runs
``extract`` once more so the project is exactly as a last run left it.

``--edit FRACTION`` instead edits that fraction of an existing project's
pages (one changed word, one changed number, one added paragraph each), to
measure warm extract and merge. Page ``i`` depends only on the seed and
``i``, so the 100-page corpus is a prefix of the 1000-page one.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

LOCALES = ["es", "ar", "zh_Hans", "fr", "de", "pt_BR", "ru", "ja", "hi", "vi"]
"""The ten locales of the benchmark, in the order `--locales N` takes them."""

# --- vocabulary --------------------------------------------------------------

PROCEDURES = [
    "trigger point injection", "epidural steroid injection", "radiofrequency ablation", "facet joint injection",
    "medial branch block", "sacroiliac joint injection", "spinal cord stimulation trial", "kyphoplasty",
    "nerve conduction study", "selective nerve root block", "genicular nerve block", "occipital nerve block",
    "stellate ganglion block", "platelet-rich plasma injection", "discography", "lumbar sympathetic block",
    "joint aspiration", "bursa injection", "peripheral nerve stimulation", "vertebroplasty",
    "intrathecal pump refill", "botulinum toxin injection", "hip joint injection", "shoulder arthrogram",
]
CONDITIONS = [
    "sciatica", "lumbar spinal stenosis", "degenerative disc disease", "facet arthropathy", "myofascial pain",
    "fibromyalgia", "cervical radiculopathy", "osteoarthritis of the knee", "chronic neck pain",
    "complex regional pain syndrome", "herniated disc", "spondylolisthesis", "piriformis syndrome",
    "occipital neuralgia", "post-herpetic neuralgia", "sacroiliitis", "compression fracture", "bursitis",
    "tension headache", "whiplash injury", "peripheral neuropathy", "rotator cuff tendinopathy",
]
BODY_PARTS = [
    "lower back", "neck", "shoulder", "hip", "knee", "upper back", "buttock", "leg", "arm", "spine",
    "sacroiliac joint", "pelvis", "foot", "hand", "jaw", "elbow",
]
MEDICATIONS = [
    "local anesthetic", "corticosteroid", "lidocaine", "bupivacaine", "anti-inflammatory medication",
    "contrast dye", "saline solution", "muscle relaxant", "ibuprofen", "acetaminophen",
]
ACTIVITIES = [
    "driving", "heavy lifting", "swimming", "bathing", "strenuous exercise", "running", "yard work",
    "bending and twisting", "long walks", "household chores", "returning to work",
]
SYMPTOMS = [
    "soreness", "mild bruising", "a feeling of pressure", "numbness", "temporary weakness", "warmth",
    "increased pain", "redness", "swelling", "a mild headache", "lightheadedness",
]
DURATIONS = [
    "24 hours", "48 hours", "15-20 minutes", "30 minutes", "2 to 3 days", "1 week", "7 to 10 days",
    "6 weeks", "3 months", "45 minutes", "1 to 2 hours", "12 hours", "5 days", "2 weeks",
]
AMOUNTS = [
    "0.5 ml", "1 ml", "2 ml", "10 mg", "40 mg", "80 mg", "100 mg", "5 ml", "1.5 ml", "200 mg", "3 ml",
]
TEMPERATURES = ["38 °C (100.4 °F)", "38.5 °C (101.3 °F)", "39 °C (102.2 °F)"]
CATEGORIES = ["procedures", "conditions", "conditions/spine", "recovery", "medications", "tests/imaging"]

SENTENCES = [
    "The {procedure} is a minimally invasive treatment for {condition} that usually takes {duration}.",
    "Your physician may recommend it when {condition} in the {body} has not improved with physical therapy.",
    "A small needle delivers {amount} of {medication} close to the painful area.",
    "Most patients go home within {duration} and can walk right away.",
    "You may feel {symptom} at the injection site for {duration}.",
    "Avoid {activity} for at least {duration} after the procedure.",
    "Relief often begins within {duration}, although the full effect can take {duration2}.",
    "Call our office if you notice {symptom} that lasts longer than {duration}.",
    "Seek care at once if you have a fever above {temperature} or {symptom} that gets worse.",
    "The {procedure} can be repeated up to {count} times a year if it helps.",
    "Before the visit, stop taking blood thinners for {duration} only if your doctor tells you to.",
    "Bring a list of your medications, including any {medication}, to the appointment.",
    "Imaging guidance lets the doctor place the needle within {count} millimeters of the target.",
    "About {percent}% of patients report less pain after {duration}.",
    "The area is cleaned and numbed with {amount} of {medication} before the needle is placed.",
    "Plan to rest for the remainder of the day and resume light activity after {duration}.",
    "People with {condition} often describe a dull ache in the {body} that gets worse with {activity}.",
    "Apply an ice pack to the {body} for {duration2} at a time, several times a day.",
    "Keep the bandage dry for {duration} and remove it the next morning.",
    "A follow-up visit is usually scheduled {duration} after the {procedure}.",
    "Do not drive for {duration}, because the {medication} can cause {symptom}.",
    "Diabetic patients should check their blood sugar every {count} hours for {duration2}.",
]
EMPHASIS = ["*", "**"]
LINK_TEXTS = [
    "learn more about {condition}", "our guide to {procedure}s", "preparing for your visit",
    "the aftercare instructions", "contact our team", "patient rights and responsibilities",
]
HEADINGS_2 = [
    "Information about the procedure", "What to expect", "Before your appointment", "After the procedure",
    "Risks and side effects", "When to call your doctor", "Recovery at home", "Frequently asked questions",
    "How it works", "Who can benefit", "Results", "Preparing for the {procedure}",
]
HEADINGS_3 = [
    "What is it?", "How is it performed?", "How long does it take?", "Is it painful?", "Tips for a smooth recovery",
    "Medications", "Activity", "Wound care", "Follow-up", "Symptoms of {condition}", "Diet and hydration",
]
LIST_ITEMS = [
    "Apply ice to the {body} for {duration2}",
    "Avoid {activity} for {duration}",
    "Take {medication} as directed, no more than {amount} at a time",
    "Keep the injection site clean and dry for {duration}",
    "Walk gently for {duration2} each day",
    "Wear loose, comfortable clothing to the appointment",
    "Arrange for someone to drive you home",
    "Stop eating solid food {duration} before the {procedure}",
    "Write down any {symptom} and when it started",
    "Call us if your temperature rises above {temperature}",
    "Return to **light duties** after {duration}",
    "Read [the aftercare instructions](https://example.org/aftercare/{slug}) before you leave",
    "Do not soak in a bath or pool for {duration}",
    "Sleep with a pillow under your {body}",
]
TABLE_HEADERS = [
    ("Time after the procedure", "What is normal", "When to call"),
    ("Medication", "Dose", "How often"),
    ("Activity", "When to resume", "Notes"),
]
SHARED_PARAGRAPHS = 40
"""Size of the pool of boilerplate paragraphs that pages share (~10% of paragraphs)."""


# --- generation --------------------------------------------------------------


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class _Page:
    """The random choices of one page, so its text stays on one topic."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.procedure = rng.choice(PROCEDURES)
        self.condition = rng.choice(CONDITIONS)
        self.body = rng.choice(BODY_PARTS)

    def fill(self, template: str) -> str:
        rng = self.rng
        values = {
            "procedure": self.procedure if rng.random() < 0.7 else rng.choice(PROCEDURES),
            "condition": self.condition if rng.random() < 0.7 else rng.choice(CONDITIONS),
            "body": self.body if rng.random() < 0.6 else rng.choice(BODY_PARTS),
            "medication": rng.choice(MEDICATIONS),
            "activity": rng.choice(ACTIVITIES),
            "symptom": rng.choice(SYMPTOMS),
            "duration": rng.choice(DURATIONS),
            "duration2": rng.choice(DURATIONS),
            "amount": rng.choice(AMOUNTS),
            "temperature": rng.choice(TEMPERATURES),
            "count": str(rng.randint(2, 6)),
            "percent": str(rng.randrange(50, 95, 5)),
            "slug": _slug(self.procedure),
        }
        return template.format(**values)

    def sentence(self) -> str:
        text = self.fill(self.rng.choice(SENTENCES))
        roll = self.rng.random()
        words = text.split(" ")
        if roll < 0.25 and len(words) > 6:
            # Emphasise two or three words in the middle of the sentence.
            start = self.rng.randrange(1, len(words) - 4)
            length = self.rng.randint(1, 3)
            mark = self.rng.choice(EMPHASIS)
            phrase = " ".join(words[start : start + length]).rstrip(".,")
            tail = " ".join(words[start : start + length])[len(phrase) :]
            words[start : start + length] = [f"{mark}{phrase}{mark}{tail}"]
            text = " ".join(words)
        elif roll < 0.40:
            label = self.fill(self.rng.choice(LINK_TEXTS))
            section = self.rng.choice(["conditions", "procedures", "patients", "aftercare"])
            text = text[:-1] + f"; see [{label}](https://example.org/{section}/{_slug(label)})."
        return text

    def paragraph(self, shared: list[str]) -> str:
        if shared and self.rng.random() < 0.13:
            return self.rng.choice(shared)
        return " ".join(self.sentence() for _ in range(self.rng.randint(2, 4)))


def shared_paragraphs(seed: int) -> list[str]:
    """Return the boilerplate paragraphs pages share (contact details, disclaimers...)."""
    rng = random.Random(f"locflow-bench:{seed}:shared")
    page = _Page(rng)
    pool = []
    for number in range(SHARED_PARAGRAPHS):
        text = " ".join(page.sentence() for _ in range(rng.randint(2, 3)))
        pool.append(
            f"{text} Call the Institute at 555-{100 + number:03d}-{rng.randint(1000, 9999)}, "
            f"Monday to Friday from 8 a.m. to 5 p.m."
        )
    return pool


def _wrap(text: str, rng: random.Random) -> str:
    """Reflow a paragraph over several lines, as many authors do, never starting a line with block syntax."""
    if rng.random() < 0.5:
        return text
    lines: list[str] = []
    for line in textwrap.wrap(text, width=rng.choice([72, 80, 100]), break_long_words=False, break_on_hyphens=False):
        if lines and re.match(r"[-+*#>|=`0-9]", line):
            lines[-1] += " " + line
        else:
            lines.append(line)
    return "\n".join(lines)


def document_name(seed: int, number: int) -> str:
    """Return the name of page `number` (``procedures/epidural-steroid-injection-00012``)."""
    rng = random.Random(f"locflow-bench:{seed}:{number}:name")
    return f"{rng.choice(CATEGORIES)}/{_slug(rng.choice(PROCEDURES + CONDITIONS))}-{number:05d}"


def document(seed: int, number: int, shared: list[str]) -> str:
    """Return the Markdown of page `number`: about 42 segments."""
    rng = random.Random(f"locflow-bench:{seed}:{number}")
    page = _Page(rng)
    title = page.procedure.capitalize() if rng.random() < 0.6 else page.condition.capitalize()
    target = rng.randint(41, 49)
    blocks = [
        "---",
        f"title: {title}",
        f"description: What {page.procedure}s are, how they help with {page.condition}, and how to care for yourself afterwards.",
        f"updated: 2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "---",
        "",
        f"# {title}",
        "",
    ]
    count = 3
    table = rng.random() < 0.25

    def add(text: str, segments: int) -> None:
        nonlocal count
        blocks.extend([text, ""])
        count += segments

    for _ in range(rng.randint(1, 2)):
        add(_wrap(page.paragraph(shared), rng), 1)
    while count < target:
        kind = rng.random()
        if table and count > 10:
            table = False
            header = rng.choice(TABLE_HEADERS)
            rows = rng.randint(3, 4)
            add(f"## {page.fill(rng.choice(HEADINGS_2))}", 1)
            add(_wrap(page.sentence(), rng), 1)
            lines = ["| " + " | ".join(header) + " |", "| --- | --- | --- |"]
            for _ in range(rows):
                cells = [rng.choice(DURATIONS), page.fill(rng.choice(LIST_ITEMS)), page.fill("Call if you have {symptom}")]
                lines.append("| " + " | ".join(cells) + " |")
            add("\n".join(lines), 3 * (rows + 1))
        elif kind < 0.30:
            add(f"## {page.fill(rng.choice(HEADINGS_2))}", 1)
            for _ in range(rng.randint(1, 2)):
                add(_wrap(page.paragraph(shared), rng), 1)
        elif kind < 0.55:
            add(f"### {page.fill(rng.choice(HEADINGS_3))}", 1)
            add(_wrap(page.paragraph(shared), rng), 1)
        elif kind < 0.75:
            add(_wrap(page.sentence()[:-1] + ":", rng), 1)
            items = rng.sample(LIST_ITEMS, rng.randint(3, 6))
            add("\n".join(f"- {page.fill(item)}" for item in items), len(items))
        elif kind < 0.90:
            add(f"### {page.fill(rng.choice(HEADINGS_3))}", 1)
            steps = rng.sample(LIST_ITEMS, rng.randint(3, 5))
            add("\n".join(f"{n}. {page.fill(step)}" for n, step in enumerate(steps, 1)), len(steps))
        else:
            add(f"> **Note:** {page.sentence()}", 1)
    return "\n".join(blocks)


def write_sources(out: Path, docs: int, seed: int) -> list[str]:
    """Write ``source/<name>.md`` for pages 0..docs-1; return their names."""
    shared = shared_paragraphs(seed)
    names = []
    for number in range(docs):
        name = document_name(seed, number)
        path = out / "source" / f"{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(document(seed, number, shared), encoding="utf-8")
        names.append(name)
    return names


def write_config(out: Path, locales: list[str]) -> None:
    """Write ``locflow.toml`` for `locales`."""
    quoted = ", ".join(f'"{locale}"' for locale in locales)
    (out / "locflow.toml").write_text(
        "# Generated by bench/corpus.py.\n"
        f"locales = [{quoted}]\n"
        'do_not_translate = ["Institute"]\n',
        encoding="utf-8",
    )


# --- pseudo-translation ------------------------------------------------------

PROTECTED = re.compile(
    r"\]\([^)]*\)"  # a link or image destination
    r"|<[a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*>"  # an autolink
    r"|`[^`]*`"  # a code span
    r"|&[a-zA-Z0-9#]+;"  # an entity
    r"|\d+(?:[.,]\d+)*"  # a number
)
WORD = re.compile(r"[A-Za-z]+")
SCRIPTS = {
    "ar": (0x0627, 26),
    "ru": (0x0430, 26),
    "hi": (0x0915, 26),
    "ja": (0x3042, 26),
}
VOWELS = "aeiou"


def _latin(word: str, shift: int) -> str:
    table = str.maketrans(VOWELS + VOWELS.upper(), VOWELS[shift:] + VOWELS[:shift] + (VOWELS[shift:] + VOWELS[:shift]).upper())
    return word.translate(table)


def _pseudo_word(word: str, locale: str) -> str:
    if locale == "zh_Hans":
        seed = int(hashlib.blake2b(word.lower().encode(), digest_size=4).hexdigest(), 16)
        return "".join(chr(0x4E00 + (seed >> (5 * i)) % 2000) for i in range(max(1, len(word) // 3)))
    if locale in SCRIPTS:
        base, size = SCRIPTS[locale]
        return "".join(chr(base + (ord(c.lower()) - 97) % size) for c in word)
    shift = 1 + sum(map(ord, locale)) % 4
    return _latin(word, shift)


def pseudo_translate(text: str, locale: str) -> str:
    """Return a pseudo-translation of `text` into `locale` that keeps numbers, links and markup.

    >>> pseudo_translate("Rest for *24 hours*; see [our guide](https://example.org/a).", "es")
    'Rist fur *24 huars*; sii [uar gaodi](https://example.org/a).'
    """
    pieces, last = [], 0
    for match in PROTECTED.finditer(text):
        pieces.append(WORD.sub(lambda m: _pseudo_word(m.group(0), locale), text[last : match.start()]))
        pieces.append(match.group(0))
        last = match.end()
    pieces.append(WORD.sub(lambda m: _pseudo_word(m.group(0), locale), text[last:]))
    return "".join(pieces)


def _fraction(*parts: str) -> float:
    digest = hashlib.sha1("\0".join(parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") / 2**32


FRONT_MATTER_BLOCK = re.compile(r"(?:---\n)?[A-Za-z_]+: ")
"""A whole YAML front matter block, as some peers extract it: left untranslated so it stays YAML."""


def fill_catalog(path: Path, locale: str, doc: str, translated: float) -> int:
    """Give ~`translated` of the entries of one .po a pseudo-translation; return how many."""
    import polib

    po = polib.pofile(str(path), wrapwidth=0)
    done = 0
    for entry in po:
        if entry.obsolete or entry.msgstr or ("\n" in entry.msgid and FRONT_MATTER_BLOCK.match(entry.msgid)):
            continue
        if _fraction(locale, doc, entry.msgid) < translated:
            entry.msgstr = pseudo_translate(entry.msgid, locale)
            done += 1
    po.save(str(path))
    return done


def fill_folder(folder: Path, locale: str, translated: float) -> None:
    """Fill every ``<doc>.po`` under `folder`, the catalogs of one locale (see `fill_catalog`)."""
    for path in sorted(folder.rglob("*.po")):
        fill_catalog(path, locale, path.relative_to(folder).with_suffix("").as_posix(), translated)


def fill_catalogs(out: Path, locales: list[str], translated: float) -> None:
    """Fill the catalogs of `locales` in locflow project `out`."""
    for locale in locales:
        fill_folder(out / "locales" / locale / "LC_MESSAGES", locale, translated)


def locflow(out: Path, *args: str) -> None:
    """Run the locflow CLI of this interpreter's environment in project `out`."""
    subprocess.run([sys.executable, "-m", "locflow", "-C", str(out), *args], check=True, stdout=subprocess.DEVNULL)


def generate(out: Path, docs: int, seed: int, locales: list[str], translated: float = 0.95, catalogs: bool = True, jobs: int = 2) -> list[str]:
    """Write a whole benchmark project into `out` (emptied first); return the document names."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    names = write_sources(out, docs, seed)
    write_config(out, locales)
    if catalogs and locales:
        locflow(out, "extract", "-j", str(jobs))
        fill_catalogs(out, locales, translated)
        # Settle: the project is now exactly as a last `extract` left it.
        locflow(out, "extract", "-j", str(jobs))
    return names


# --- edits -------------------------------------------------------------------

SYNONYMS = {
    "usually": "typically", "small": "thin", "pain": "discomfort", "doctor": "physician", "office": "clinic",
    "patients": "people", "area": "region", "rest": "relax", "gently": "slowly", "painful": "sore",
    "before": "prior to", "after": "following", "often": "frequently", "visit": "appointment",
}


def _is_paragraph(block: str) -> bool:
    return bool(block) and not re.match(r"[-#|>0-9]", block) and not block.startswith("---") and "\n---" not in block


def edit_documents(out: Path, fraction: float, seed: int, tag: str = "edit") -> list[str]:
    """Edit ~`fraction` of the pages of project `out` in place; return the names edited.

    Each edited page gets one word changed in a paragraph, one number changed
    in another block, and one new paragraph at its end. The same
    (`seed`, `tag`) always edits the same pages the same way.
    """
    source = out / "source"
    names = sorted(p.relative_to(source).with_suffix("").as_posix() for p in source.rglob("*.md"))
    count = max(1, round(fraction * len(names)))
    chosen = sorted(names, key=lambda name: hashlib.sha1(f"{seed}:{tag}:{name}".encode()).digest())[:count]
    shared = shared_paragraphs(seed)
    for name in sorted(chosen):
        path = source / f"{name}.md"
        rng = random.Random(f"locflow-bench:{seed}:{tag}:{name}")
        blocks = path.read_text(encoding="utf-8").rstrip("\n").split("\n\n")
        paragraphs = [i for i, b in enumerate(blocks) if _is_paragraph(b) and b not in shared]
        # One word changed.
        changed = -1
        for index in paragraphs:
            words = blocks[index].split(" ")
            hits = [i for i, w in enumerate(words) if w in SYNONYMS]
            if hits:
                i = rng.choice(hits)
                words[i] = SYNONYMS[words[i]]
                blocks[index] = " ".join(words)
                changed = index
                break
        # One number changed, in another block.
        numbered = [i for i, b in enumerate(blocks) if i != changed and re.search(r"\b\d+ (hours|minutes|days|weeks)", b) and not b.startswith("---")]
        if numbered:
            index = rng.choice(numbered)
            blocks[index] = re.sub(r"\b(\d+) (hours|minutes|days|weeks)", lambda m: f"{int(m.group(1)) * 2} {m.group(2)}", blocks[index], count=1)
        # One paragraph added.
        blocks.append(_Page(rng).paragraph([]))
        path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    return chosen


# --- command line ------------------------------------------------------------


def parse_locales(value: str) -> list[str]:
    """Accept ``es,ar,zh_Hans`` or a count (``3`` = the first three of LOCALES)."""
    if value.isdigit():
        return LOCALES[: int(value)]
    return [item for item in value.split(",") if item]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=100, help="number of pages (default 100)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--locales", default="es,ar,zh_Hans", help="comma-separated, or a count of the built-in ten")
    parser.add_argument("--out", type=Path, required=True, help="project folder (emptied first, unless --edit)")
    parser.add_argument("--translated", type=float, default=0.95, help="fraction of entries translated (default 0.95)")
    parser.add_argument("--no-catalogs", action="store_true", help="write only source/ and locflow.toml")
    parser.add_argument("--edit", type=float, metavar="FRACTION", help="edit this fraction of the pages of an existing project at --out")
    parser.add_argument("-j", "--jobs", type=int, default=2, help="jobs for the locflow extract runs")
    args = parser.parse_args(argv)
    if args.edit is not None:
        edited = edit_documents(args.out, args.edit, args.seed)
        print(f"edited {len(edited)} document(s)")
        return
    locales = parse_locales(args.locales)
    if len(locales) > len(LOCALES):
        parser.error("at most 10 locales")
    names = generate(args.out, args.docs, args.seed, locales, args.translated, not args.no_catalogs, args.jobs)
    print(f"{len(names)} document(s), locales {', '.join(locales) or '(none)'} in {args.out}")


if __name__ == "__main__":
    main()
