"""The default page: its HTML template and its stylesheet (a user's `template` may replace the first)."""

from __future__ import annotations

DEFAULT_TEMPLATE = """\
<!DOCTYPE html>
<html lang="{{ lang }}" dir="{{ dir }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<meta name="description" content="{{ description }}">
{{ alternates }}
<style>
{{ stylesheet }}
</style>
</head>
<body>
<header class="site-header">
{{ site_name }}
{{ switcher }}
</header>
<main>
{{ body }}{{ last_reviewed }}
</main>
{{ footer }}
</body>
</html>
"""

STYLESHEET = """\
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; color: #1f2328; background: #fff;
  font: 1.0625rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic",
    "Noto Sans CJK SC", sans-serif; }
main { max-width: 42rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; overflow-wrap: break-word; }
h1, h2, h3, h4, h5, h6 { line-height: 1.25; margin: 1.6em 0 0.5em; }
h1 { font-size: 1.9rem; margin-top: 0.5em; }
h2 { font-size: 1.45rem; }
h3 { font-size: 1.2rem; }
p, ul, ol, blockquote, pre, table { margin: 0 0 1rem; }
ul, ol { padding-inline-start: 1.5rem; }
li { margin: 0.25rem 0; }
a { color: #0b57d0; }
img { max-width: 100%; height: auto; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; }
pre { overflow-x: auto; padding: 0.75rem; background: #f6f8fa; border-radius: 4px; }
blockquote { margin-inline: 0; padding-inline-start: 1rem; border-inline-start: 4px solid #d0d7de; color: #424a53; }
table { border-collapse: collapse; display: block; overflow-x: auto; }
th, td { border: 1px solid #d0d7de; padding: 0.3rem 0.6rem; }
hr { border: 0; border-top: 1px solid #d0d7de; margin: 2rem 0; }
.admonition { margin: 0 0 1rem; padding: 0.75rem 1rem; border-inline-start: 4px solid #0b57d0; border-radius: 4px;
  background: #f6f8fa; }
.admonition > :last-child { margin-bottom: 0; }
.admonition-title { font-weight: 600; margin-bottom: 0.25rem; }
.admonition.warning, .admonition.caution, .admonition.attention { border-inline-start-color: #9a6700; }
.admonition.danger, .admonition.error, .admonition.failure, .admonition.bug { border-inline-start-color: #cf222e; }
.admonition.tip, .admonition.success, .admonition.hint { border-inline-start-color: #1a7f37; }
dt { font-weight: 600; }
dd { margin: 0 0 0.75rem; margin-inline-start: 1.5rem; }
.footnotes { font-size: 0.9rem; }
.footnote-ref a, .footnote-backref { text-decoration: none; }
[dir="rtl"] li[dir="ltr"] { direction: rtl; unicode-bidi: plaintext; text-align: right; }
[dir="ltr"] li[dir="rtl"] { direction: ltr; unicode-bidi: plaintext; text-align: left; }
.site-header { max-width: 42rem; margin: 0 auto; padding: 0.75rem 1.25rem 0; display: flex; flex-wrap: wrap;
  align-items: center; justify-content: space-between; gap: 0.5rem 1rem; }
.site-header:empty { display: none; }
.site-name { margin: 0; font-weight: 600; }
.languages ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 0.5rem; }
.languages li { margin: 0; }
.languages a { display: inline-block; padding: 0.4rem 0.6rem; min-height: 1.5rem; border: 1px solid #d0d7de;
  border-radius: 4px; text-decoration: none; }
.languages a[aria-current="page"] { background: #0b57d0; border-color: #0b57d0; color: #fff; }
.reviewed { color: #424a53; font-size: 0.9rem; margin-top: 2rem; }
.site-footer { max-width: 42rem; margin: 0 auto; padding: 1rem 1.25rem 2rem; border-top: 1px solid #d0d7de;
  color: #424a53; font-size: 0.9rem; }"""
