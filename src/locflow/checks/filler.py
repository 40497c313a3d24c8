"""Recognise placeholder text: Lorem ipsum by its vocabulary, TODO markers, unfilled variables.

Lorem ipsum generators draw from a few hundred Latin words, and many of
them are also ordinary words of the languages we translate into (Spanish
"dolor" is pain, Italian "nulla" is nothing, Portuguese "sem" is without)
or Latin that medical English uses ("in vitro", "per os", "et al.",
"corpus", "processus"). So the vocabulary is split in two:

- `AMBIGUOUS` words count towards the share of filler words but never make
  a text filler on their own;
- every other word of `VOCABULARY` is *strong*: a word no Romance language
  or English writer uses (checked against the Spanish, Italian, Portuguese,
  French, Catalan, Romanian and English word lists when the list was made).

A text is filler when it has the word "lorem", or when at least 60 % of its
words are filler vocabulary and at least a quarter of them are strong (so
"Libero auctor" and "Massa bibendum" are filler, "El dolor muscular suele
mejorar" and "Non è nulla di grave" are not), or when it holds a run of
four or more filler words with two strong ones (a Lorem sentence pasted
into a real paragraph).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from locflow.segment import sub_spans

VOCABULARY = frozenset(
    """
    a ab ac accumsan accusamus accusantium ad adipisci adipiscing adipisicing aenean alias aliqua
    aliquam aliquet aliquid aliquip amet anim animi ante anteposuerit aperiam aptent architecto arcu
    asperiores aspernatur assum assumenda at atque auctor augue aut aute autem beatae bibendum
    blandit blanditiis cillum claram clari claritas claritatem class commodi commodo condimentum
    congue consectetuer consectetur consequat consequatur consequuntur consuetudium conubia
    convallis corporis corrupti cras cubilia culpa cum cumque cupidatat cupiditate curabitur curae
    cursus dapibus debitis decima delectus delenit deleniti demonstraverunt deserunt diam dicta
    dictum dictumst dignissim dignissimos dis distinctio do dolor dolore dolorem doloremque
    dolores doloribus dolorum doming donec dui duis ducimus dynamicus ea eaque earum efficitur
    egestas eget eius eiusmod eleifend elementum eligendi elit enim eodem eorum eos erat eros error
    esse est et etiam eu euismod eum eveniet ex excepteur excepturi exerci exercitation
    exercitationem expedita explicabo facer facere facilis facilisi facilisis facit fames faucibus
    felis fermentum feugait feugiat fiant finibus formas fringilla fuga fugiat fugit fusce futurum
    gothica gravida habent habitant habitasse hac harum hendrerit hic himenaeos humanitatis
    iaculis id ii iis illo illum imperdiet impedit in inceptos incididunt incidunt insitam integer
    interdum inventore investigationes ipsa ipsam ipsum iriure irure iste itaque iure iusto justo
    labore laboriosam laboris laborum lacinia lacus laoreet laudantium lectores lectorum lectus
    legentis legere legunt leo liber libero ligula litora littera litterarum lius lobortis lorem
    luctus luptatum maecenas magna magnam magni magnis maiores malesuada massa mattis mauris maxime
    maximus mazim me metus mi minim minima mirum modi modo molestiae molestias molestie mollis
    mollit mollitia montes morbi mus mutationem nam nascetur natoque natus nec necessitatibus nemo
    neque nesciunt netus nibh nihil nisi nisl nobis non nonummy nostra nostrud nostrum notare
    nulla nullam numquam nunc occaecat occaecati odio odit officia officiis omnis optio option orci
    ornare pariatur parturient parum pede pellentesque penatibus per perferendis perspiciatis
    pharetra phasellus placeat placerat platea porro porta porttitor possim possimus posuere
    potenti praesent praesentium pretium primis processus proident proin provident pulvinar purus
    putamus quae quaerat quam quarta quas quasi qui quia quibusdam quidem quinta quis quisquam
    quisque quo quod quos ratione recusandae reiciendis rem repellat repellendus reprehenderit
    repudiandae rerum rhoncus ridiculus risus rutrum saepe saepius sagittis sapien sapiente
    scelerisque seacula sed sem semper senectus sequi sequitur similique sint sit sociis sociosqu
    sodales sollemnes sollicitudin soluta sunt suscipit suspendisse taciti tation te tellus tempor
    tempora tempore temporibus tempus tenetur tincidunt torquent tortor totam tristique turpis
    typi ullam ullamco ullamcorper ultrices ultricies unde urna usus ut varius vehicula vel velit
    venenatis veniam vero veritatis vestibulum videntur vitae vivamus viverra voluptas voluptate
    voluptatem voluptates voluptatibus voluptatum volutpat vulputate wisi zzril
    """.split()
)
"""Words of the Lorem ipsum generators (Cicero's passage, lipsum and its modern variants)."""

AMBIGUOUS = frozenset(
    """
    a ab ac ad alias animi ante at class corporis culpa cum cupiditate cursus decima dicta dictum
    dis do dolor dolore dolores dui ea eros error esse est et eu ex expedita formas fuga gravida
    habitant hic id ii in integer inventore iure justo labore lacinia lacus lectores leo liber
    libero ligula magna maiores massa maxime me mi minim minima modi modo molestie montes morbi
    mus nam nemo non nostra nostrum notare nulla odio option ornare pede per platea porro porta
    potenti processus provident pulvinar quarta quasi qui quinta quis quo rem sapiente sed sem
    sequitur sit sunt taciti te unde urna usus ut vel vero vestibulum vitae
    """.split()
)
"""Filler words that are also real words: Spanish, Italian, Portuguese, French, Catalan,
Romanian or English ones (dolor, nulla, massa, porta, sem, sunt, libero, gravida ...), or
Latin that medical English uses (in, per, et, corporis, processus, vestibulum, pulvinar)."""

STRONG = VOCABULARY - AMBIGUOUS
SURE_SIGNS = STRONG | {"lorem"}
"""Filler needs one of these words."""

WORD = re.compile(r"[^\W\d_]+")
"""A run of letters: numbers, punctuation and markup separate words."""
SURE_SIGN_CANDIDATE = re.compile(r"[a-z]{3,}")
"""Runs of three or more ASCII letters. Every word of `SURE_SIGNS` is one, and a `WORD` made of
ASCII letters only is the whole run it is in, so a text with no such run in `SURE_SIGNS` is not filler."""

NOT_PROSE = re.compile(r"`[^`]*`|\]\([^)]*\)?|<[^<>\s]*>|https?://\S+")
"""Code spans, link destinations, autolinks and bare URLs: not words a reader reads
(removed with `segment.sub_spans`)."""
NOT_PROSE_REST = re.compile(r"`[^`]*`|<[^<>\s]*>|https?://\S+")
"""`NOT_PROSE` without its link destinations."""

MARKER = re.compile(r"(?<![\w])(?<!\d,)(TODO|TBD|FIXME|XXX)(?!\w)")
"""Editor's markers, in capitals as whole words ("47,XXX" is a karyotype, not a marker)."""

VARIABLE = re.compile(r"\{\{\s*[^{}\s][^{}]*\}\}|%\([A-Za-z_]\w*\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
"""An unfilled template variable: ``{{ name }}`` or ``%(name)s``."""

CODE_SPAN = re.compile(r"(`+)[^`].*?\1|(`+)\2")
"""A code span (its text is code, not a variable to fill)."""

TODO_IS_A_WORD = frozenset({"es", "pt", "gl", "ast", "an"})
"""Languages where "TODO" is an ordinary word ("all"), written in capitals for emphasis."""

FILLER_SHARE = 0.6
STRONG_SHARE = 0.25
RUN = 4
"""Consecutive filler words, two of them strong, that make a pasted Lorem sentence."""


def words(text: str) -> list[str]:
    """Return the lowercased words a reader reads in inline Markdown.

    >>> words("See [*Lorem* ipsum](https://x.org/a) `code` 24h")
    ['see', 'lorem', 'ipsum', 'h']
    """
    return WORD.findall(_prose(text).lower())


def lorem(text: str) -> list[str]:
    """Return the filler words that make `text` Lorem ipsum, or an empty list if it is not.

    >>> lorem("Massa bibendum")
    ['massa', 'bibendum']
    >>> lorem("El dolor muscular suele mejorar en un día o dos.")
    []
    """
    lowered = _prose(text).lower()
    if SURE_SIGNS.isdisjoint(SURE_SIGN_CANDIDATE.findall(lowered)):
        return []  # no strong filler word and no "lorem": the common case
    found = WORD.findall(lowered)
    latin = [w for w in found if w in VOCABULARY]
    if "lorem" in found:
        return latin
    strong = sum(w in STRONG for w in latin)
    if strong and len(latin) >= FILLER_SHARE * len(found) and strong >= STRONG_SHARE * len(found):
        return latin
    return _pasted_run(found) if strong >= 2 and len(latin) >= RUN else []


def _prose(text: str) -> str:
    """Return `text` without code spans, link destinations, autolinks and URLs (see `words`)."""
    if "`" in text or "](" in text or "<" in text or "://" in text:
        return sub_spans(NOT_PROSE, NOT_PROSE_REST, " ", text)
    return text


def _pasted_run(found: Sequence[str]) -> list[str]:
    run: list[str] = []
    for word in [*found, ""]:
        if word in VOCABULARY:
            run.append(word)
            continue
        if len(run) >= RUN and sum(w in STRONG for w in run) >= 2:
            return run
        run = []
    return []


def describe(latin: Sequence[str], shown: int = 5) -> str:
    """Name filler words found, the unmistakable ones first.

    >>> describe(["massa", "bibendum"])
    'Lorem ipsum: bibendum, massa'
    """
    distinct = sorted(dict.fromkeys(latin), key=lambda w: w not in STRONG)
    more = ", …" if len(distinct) > shown else ""
    return f"Lorem ipsum: {', '.join(distinct[:shown])}{more}"


def markers(text: str, language: str = "en") -> list[str]:
    """Return the TODO, TBD, FIXME and XXX markers in `text`.

    TBD, FIXME and XXX are always markers. "TODO" is one when it is the whole
    text, starts it, or is followed by a colon; elsewhere it is a noun ("the
    TODO plugin"). In Spanish and Portuguese "TODO" means "ALL", so there it
    counts only as ``TODO:`` or when it is the whole text.

    >>> markers("Dose: TBD (TODO: ask Dr. Lee)")
    ['TBD', 'TODO']
    >>> markers("Lea TODO el prospecto", "es"), markers("Install the TODO plugin"), markers("TODO write this")
    ([], [], ['TODO'])
    """
    if "TODO" not in text and "TBD" not in text and "FIXME" not in text and "XXX" not in text:
        return []
    found = []
    for match in MARKER.finditer(text):
        if match.group(1) == "TODO":
            after = text[match.end() :].lstrip()
            alone = not text.replace("TODO", "").strip(" .:-*_()[]")
            first = language not in TODO_IS_A_WORD and not text[: match.start()].strip(" *_([>#-")
            if not (after.startswith(":") or alone or first):
                continue
        found.append(match.group(1))
    return found


def variables(text: str) -> list[str]:
    """Return the unfilled ``{{var}}`` and ``%(name)s`` variables in `text`.

    >>> variables("Call {{ clinic_phone }} or %(name)s."), variables("Write `{{` and `}}`")
    (['{{ clinic_phone }}', '%(name)s'], [])
    """
    if "{{" not in text and "%(" not in text:
        return []
    if "`" in text:
        text = CODE_SPAN.sub(" ", text)  # braces in code are code (``{{ .Title }}`` in a Hugo guide)
    return [found for found in VARIABLE.findall(text) if found[2:3] not in ("<", "%")]  # a shortcode: `protected`


def reasons(text: str, patterns: Sequence[re.Pattern[str]] = (), language: str = "en") -> Iterator[str]:
    """Say why `text` is placeholder text: Lorem ipsum, editor's markers, configured patterns.

    Variables are not included: a template variable in the source may be meant
    for a later stage; a translation's variables are compared with its source.

    >>> list(reasons("Keypoint #1-Lorem Ipsum"))
    ['Lorem ipsum: lorem, ipsum']
    >>> list(reasons("El dolor muscular suele mejorar en un día o dos."))
    []
    """
    if language != "la" and (latin := lorem(text)):
        yield describe(latin)
    for marker in dict.fromkeys(markers(text, language)):
        yield f"the marker {marker}"
    for pattern in patterns:
        if match := pattern.search(text):
            yield f"{match.group(0)!r} matches placeholder_patterns {pattern.pattern!r}"
