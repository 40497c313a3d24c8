"""Markdown inside MDX components (Astro, Starlight, Docusaurus), with the ``mdx`` dialect: a line of
component tags alone is markup, the Markdown between a tag and its end tag is read as blocks (a fence
indented under ``<TabItem>`` is a fence), pages and plain text show the children and never the tags,
Markdown output keeps the tag lines as written; HTML blocks of plain Markdown read as CommonMark."""

from __future__ import annotations

import json
import re
from pathlib import Path

from locflow import links, mdoutput, mdxblocks, render, segment, textrender

EN, ES = render.language("en"), render.language("es")
SITE = links.Site(frozenset({"a"}))
NO_MDX = ("hugo", "admonitions", "gfm-alerts", "footnotes", "deflist", "heading-ids")

# Snippets as Astro's and Starlight's docs write them (withastro/docs, withastro/starlight).
TABS = """\
import { Tabs, TabItem } from '@astrojs/starlight/components';

<Tabs>
  <TabItem label="npm">
    ```sh
    npm create astro@latest
    ```
  </TabItem>
  <TabItem label="pnpm">
  Run it with **pnpm**:

  ```sh
  pnpm create astro@latest
  ```
  </TabItem>
</Tabs>
"""

STEPS = """\
<Steps>
1. Create a new project.

   ```sh
   npm create astro@latest
   ```

2. Start the dev server.
</Steps>
"""

NESTED = """\
<Box icon="question-mark">

### Test your knowledge

1. A code editor, for making changes to your files?

    <MultipleChoice>
      <Option>
        web browser
      </Option>
      <Option isCorrect>
        VS Code
      </Option>
    </MultipleChoice>

</Box>
"""

CARDS = """\
<CardGrid>
  <LinkCard
    title="Learn Astro with Coding in Public"
    href="https://learnastro.dev/"
    description="A premium interactive course."
  />
  <Card title="Next steps" icon="rocket">
  Read the *guides*.
  </Card>
</CardGrid>
"""


def texts(source: str, syntax=None) -> list[str]:
    return [s.text for s in segment.segment(source, "a.md", syntax=syntax).segments]


def page(source: str, translations=None, syntax=None) -> str:
    return render.body(render.localize(render.parse(source, "a.md", syntax=syntax), translations, ES, EN))


def test_a_fence_inside_tabs_is_code_on_the_page_and_the_tags_never_show():
    html = page(TABS)
    assert html.count('<pre><code class="language-sh">') == 2
    assert "npm create astro@latest\n</code></pre>" in html and "pnpm create astro@latest\n</code></pre>" in html
    assert "<p>Run it with <strong>pnpm</strong>:</p>" in html
    for shown in ("Tabs", "TabItem", "```", "&lt;"):
        assert shown not in html
    assert texts(TABS) == ["npm", "pnpm", "Run it with **pnpm**:"]


def test_a_list_inside_steps_is_a_list_with_its_fence():
    assert texts(STEPS) == ["Create a new project.", "Start the dev server."]
    html = page(STEPS)
    assert html.startswith('<ol>\n<li>\n<p>Create a new project.</p>\n<pre><code class="language-sh">')
    assert "Steps" not in html


def test_nested_components_inside_a_list_item_read_their_children_as_markdown():
    assert texts(NESTED) == ["Test your knowledge", "A code editor, for making changes to your files?", "web browser", "VS Code"]
    html = page(NESTED)
    assert "<h3" in html and "<pre" not in html and "Option" not in html and "MultipleChoice" not in html


def test_a_component_at_column_0_and_an_indented_one_give_the_same_page():
    flat = "<Aside>\nA **note**.\n</Aside>\n"
    indented = "- Item\n\n  <Aside>\n      A **note**.\n  </Aside>\n"
    assert page(flat) == "<p>A <strong>note</strong>.</p>\n"
    assert "<p>A <strong>note</strong>.</p>" in page(indented) and "<pre" not in page(indented)


def test_html_blocks_of_plain_markdown_read_as_commonmark():
    for source in ("<div>\n*hi*\n</div>\n", '<DIV CLASS="foo">\n\n*Markdown*\n\n</DIV>\n', "<details>\n<summary>More</summary>\n\nText\n</details>\n"):
        tokens = segment.parser().parse(source)
        assert [t.type for t in tokens if t.type.startswith("mdx")] == []
        assert render.body(render.localize(render.parse(source, "a.md"), None, EN, EN)) == render.body(
            render.localize(render.parse(source, "a.md", syntax=NO_MDX), None, EN, EN)
        )
    assert "<div>\n*hi*\n</div>" in page("<div>\n*hi*\n</div>\n")


def test_an_indented_code_block_of_plain_markdown_showing_jsx_stays_code():
    source = "Write:\n\n    <Tabs>\n      <TabItem>\n    </Tabs>\n"
    assert "<pre><code>&lt;Tabs&gt;\n  &lt;TabItem&gt;\n&lt;/Tabs&gt;\n</code></pre>" in page(source)


def test_with_mdx_turned_off_a_component_is_an_html_block_as_commonmark_reads_it():
    tokens = segment.parser(NO_MDX).parse(TABS)
    assert "html_block" in [t.type for t in tokens] and not any(t.type.startswith("mdx") for t in tokens)


def test_a_fence_showing_a_component_does_not_end_the_component_around_it():
    source = "<Tabs>\n<TabItem label=\"Code\">\n```mdx\n</Tabs>\n```\n</TabItem>\n</Tabs>\n\nAfter.\n"
    tokens = segment.parser().parse(source)
    assert [t.type for t in tokens][:4] == ["mdx_jsx_open", "mdx_jsx_open", "fence", "mdx_jsx_close"]
    assert tokens[2].content == "</Tabs>\n"
    assert texts(source) == ["Code", "After."]


def test_self_closing_and_unclosed_components_are_lines_of_their_own():
    source = '<Since v="6.0.0" />\nThe session driver.\n\n<Badge text="New">\nNo end tag.\n'
    assert texts(source) == ["The session driver.", "New", "No end tag."]
    assert page(source) == "<p>The session driver.</p>\n<p>No end tag.</p>\n"


def test_an_end_tag_right_after_a_paragraph_ends_it():
    source = "<Steps>\n1. Only step\n</Steps>\nAfter\n"
    assert texts(source) == ["Only step", "After"]


def test_a_line_with_text_besides_tags_is_a_paragraph():
    source = "<ReadMore>See the [guide](/guide/).</ReadMore>\n"
    assert texts(source) == ["<ReadMore>See the [guide](/guide/).</ReadMore>"]


def test_plain_text_shows_the_children_only():
    text = textrender.to_text(segment.parser().parse(TABS + "\n" + STEPS), 72)
    assert "Tabs" not in text and "Steps" not in text
    assert "    npm create astro@latest" in text and "1. Create a new project." in text


def test_readable_attributes_are_segments_and_come_back_translated_and_escaped_in_markdown():
    document = segment.segment(CARDS, "a.md")
    assert [(s.kind, s.text, s.line) for s in document.segments] == [
        ("component attribute", "Learn Astro with Coding in Public", 3),
        ("component attribute", "A premium interactive course.", 5),
        ("component attribute", "Next steps", 7),
        ("paragraph", "Read the *guides*.", 8),
    ]
    parsed = render.parse(CARDS, "a.md")
    translations = {
        "Learn Astro with Coding in Public": 'Aprende "Astro" {x} <script>',
        "Next steps": "Siguientes\npasos",
        "Read the *guides*.": "Lee las *guías*.",
    }
    markdown = mdoutput.localized(parsed, translations, "a", "es", SITE, "folder")
    assert 'title="Aprende &quot;Astro&quot; &#123;x&#125; &lt;script&gt;"' in markdown
    assert '<Card title="Siguientes pasos" icon="rocket">' in markdown and "  Lee las *guías*.\n" in markdown
    assert 'description="A premium interactive course."' in markdown and 'href="https://learnastro.dev/"' in markdown
    assert "Aprende" not in page(CARDS, translations)  # a component's attributes never reach the page
    assert mdxblocks.attributes('<RecipeLinks slugs={["title=\'x\'"]} />') == []


def test_markdown_output_keeps_the_component_lines_around_the_localized_children():
    for source in (TABS, STEPS, NESTED, CARDS):
        parsed = render.parse(source, "a.md")
        identity = {m: m for m in texts(source)}
        assert mdoutput.localized(parsed, identity, "a", "es", SITE, "folder") == source
        upper = {m: m.upper() for m in texts(source)}
        markdown = mdoutput.localized(parsed, upper, "a", "es", SITE, "folder")
        tags = [line for line in source.splitlines() if re.match(r"\s*</?[A-Z]", line) and "=" not in line]
        assert [line for line in markdown.splitlines() if re.match(r"\s*</?[A-Z]", line) and "=" not in line] == tags
        assert sorted(texts(markdown)) == sorted(upper[m] for m in texts(source))
        assert page(markdown) == page(source, upper).replace(' lang="en"', "")


def test_component_tags_in_a_paragraph_or_an_html_block_are_mdx_not_html_removed_from_pages():
    source = '<ReadMore>See the [guide](/guide/).</ReadMore>\n\n<p>\n<Since v="4.15.0" />\n</p>\n\n<p onclick="x()">Hi</p>\n'
    assert segment.segment(source, "a.md").raw_html_lines == (7,)
    assert segment.segment(source, "a.md", syntax=NO_MDX).raw_html_lines == (1, 3, 7)
    assert 'See the <a href="/guide/">guide</a>.' in page(source) and "ReadMore" not in page(source)


def test_commonmark_spec_examples_read_as_without_mdx_but_the_one_of_a_component_alone_on_its_lines():
    spec = json.loads((Path(__file__).parent / "data" / "commonmark-spec.json").read_text(encoding="utf-8"))
    changed = [e["example"] for e in spec if page(e["markdown"]) != page(e["markdown"], syntax=NO_MDX)]
    assert changed == [163]  # <Warning>\n*bar*\n</Warning>: a component around a paragraph
    assert page("<Warning>\n*bar*\n</Warning>\n") == "<p><em>bar</em></p>\n"
