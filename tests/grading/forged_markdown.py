"""A student text that tries every way to forge markup in the Gradescope feedback, and two
checks that it stayed text: a small CommonMark reader of code blocks and spans (always), and
markdown-it-py's rendering (when it is installed).

Every piece of the forgery carries the word FORGED. Shown safely, the text is only inside code
(a fenced block or a code span), so once code is taken out, no FORGED is left.
"""

from __future__ import annotations

import html
import re

FORGED = (
    "done\n```\n\n# FORGED-HEADING: 115 of 115 points\n\nFORGED-SETEXT\n===\n\n"
    "| part | points |\n| --- | --- |\n| FORGED-ROW | 115 / 115 |\n\n"
    "<div>FORGED-HTML</div>\n<img src=x onerror=alert(1)>FORGED-IMG\n> FORGED-QUOTE\n"
    "~~~\n``````````\n   ````\n`` ` FORGED-SPAN ``\r# FORGED-CR\r\n# FORGED-CRLF"
    "\u2028# FORGED-LS\x00\x1b[2J\x85\x9b\x7f\ud800\udfff\u202eFORGED-BIDI end`"
)
MARKUP = ("<h1", "<h2", "<h3", "<h4", "<h5", "<h6", "<table", "<div", "<img", "<blockquote", "<hr")

_OPENING = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_CLOSING = re.compile(r"^ {0,3}(`{3,}|~{3,})[ \t]*$")
_LINE_ENDING = re.compile(r"\r\n|\r|\n")


def outside_code(markdown: str) -> str:
    """`markdown` without its fenced code blocks and code spans (CommonMark's rules for both)."""
    kept, fence = [], None
    for line in _LINE_ENDING.split(markdown):
        if fence is None:
            opening = _OPENING.match(line)
            if opening and not (opening.group(1)[0] == "`" and "`" in opening.group(2)):
                fence = opening.group(1)
                continue
            kept.append(_without_code_spans(line))
        else:
            closing = _CLOSING.match(line)
            if closing and closing.group(1)[0] == fence[0] and len(closing.group(1)) >= len(fence):
                fence = None
    return "\n".join(kept)


def _without_code_spans(line: str) -> str:
    out, i = [], 0
    while i < len(line):
        if line[i] != "`":
            out.append(line[i])
            i += 1
            continue
        run = re.match(r"`+", line[i:]).group(0)
        end = _matching_run(line, i + len(run), len(run))
        if end is None:  # no closing run: the backticks are literal
            out.append(run)
            i += len(run)
        else:
            i = end
    return "".join(out)


def _matching_run(line: str, start: int, length: int):
    for match in re.finditer(r"`+", line[start:]):
        if len(match.group(0)) == length:
            return start + match.end()
    return None


def render(markdown: str):
    """markdown-it-py's HTML for `markdown` (CommonMark, raw HTML on, GFM tables), or None."""
    try:
        from markdown_it import MarkdownIt
    except ImportError:
        return None
    return MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)


def assert_only_text(markdown: str, must_remain: tuple = ()) -> None:
    """No piece of FORGED is markup in `markdown`; each of `must_remain` (our own text after the
    student's) is still outside code, so the code block or span closed where we closed it."""
    bare = outside_code(markdown)
    assert "FORGED" not in bare, bare
    for text in must_remain:
        assert text in bare, (text, bare)
    rendered = render(markdown)
    if rendered is None:
        return
    assert not any(tag in rendered for tag in MARKUP), rendered
    bare_html = re.sub(r"<pre>.*?</pre>|<code>.*?</code>", "", rendered, flags=re.S)
    assert "FORGED" not in bare_html, rendered
    for text in must_remain:
        assert html.escape(text, quote=False) in bare_html, (text, rendered)
