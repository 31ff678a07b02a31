"""Untrusted text in the Gradescope feedback (markdown): shown as text, never as markup.

What a submission prints, the messages of its exceptions and the names of its files are the
student's to choose. Put into markdown as they are, a newline and a `#` forge a heading, a line of
backticks closes our code block, a `|` forges a table row and `<div>` raw HTML: a fake "115 of 115
points" under our own summary. Every such text goes through one of these:

- `clean(text)`: plain characters only (no control characters, no lone surrogates, no
  direction overrides), at most `limit` of them; for results.json and the grader's own text;
- `fenced(text)`: a code block the text cannot close (its fence is longer than any run of
  backticks in the text); printed output, exception messages, tracebacks;
- `inline(text)`: one line inside a code span the text cannot close; a file name, a value.

Inside a CommonMark code block or code span nothing is markup (not `#`, `|`, `*`, `<` or `&`), so
both show the student's characters as they are; what would end them (a longer backtick run, a
line break inside a span) is ruled out by construction, not by escaping.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"
LIMIT = 4000  # characters of one untrusted text shown, unless the caller says otherwise
INLINE_LIMIT = 200

# C0 controls but tab and newline, DEL, C1 controls, any surrogate code point, and the bidi
# controls that reorder what is displayed (they could make "0 / 5" read as "5 / 0").
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_LINE_BREAK = re.compile("[\n\u2028\u2029]")
_BACKTICKS = re.compile("`+")


def clean(text, limit: int | None = LIMIT, *, keep: str = "head") -> str:
    """`text` with control characters, NUL, lone surrogates and direction overrides replaced by
    U+FFFD (tab and newline kept; CR LF and a lone CR become newlines), and at most `limit`
    characters long, a note included: `keep="head"` keeps the start, `keep="tail"` the end."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    elif not isinstance(text, str):
        text = str(text)
    note = ""
    if limit is not None and len(text) > limit:
        text, note = _cut(text, limit, keep)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _SURROGATE.search(text):
        # A well-formed pair becomes its character; a lone half becomes U+FFFD.
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    text = _UNSAFE.sub(REPLACEMENT, text)
    return note + text if keep == "tail" else text + note


def fenced(text, limit: int | None = LIMIT, *, keep: str = "head") -> str:
    """A markdown code block showing `text` (cleaned, cut to `limit`) verbatim. Its fence is
    longer than any run of backticks in the text, so no line of the text can close it. Put it
    on a line of its own (after a blank line)."""
    body = clean(text, limit, keep=keep)
    fence = "`" * max(3, _longest_backticks(body) + 1)
    return f"{fence}\n{body}\n{fence}"


def inline(text, limit: int | None = INLINE_LIMIT, *, keep: str = "head") -> str:
    """A markdown code span showing `text` (cleaned, cut to `limit`) on one line: line breaks
    show as U+23CE, tabs as spaces, `|` as U+00A6 (a pipe splits a table cell even inside a
    code span), and the span's backtick fence is longer than any run in the text."""
    body = clean(text, limit, keep=keep)
    body = _LINE_BREAK.sub("\u23ce", body).replace("\t", " ").replace("|", "\u00a6")
    if not body.strip(" "):
        return "` `" if body == "" else f"`{body}`"
    fence = "`" * (_longest_backticks(body) + 1)
    # CommonMark strips one space from each end when both ends have one; pad so it strips ours,
    # and so a backtick at either end does not join the fence.
    if body[0] in "` " or body[-1] in "` ":
        body = f" {body} "
    return f"{fence}{body}{fence}"


def _longest_backticks(text: str) -> int:
    return max((len(run) for run in _BACKTICKS.findall(text)), default=0)


def _cut(text: str, limit: int, keep: str) -> tuple:
    """`text` cut to fit `limit` with its note, and the note ('[... N characters cut]')."""
    if keep not in ("head", "tail"):
        raise ValueError(f"keep must be 'head' or 'tail', not {keep!r}")
    widest = _note(len(text), keep)  # the note for the largest possible cut is the longest
    if len(widest) >= limit:
        return (text[:limit] if keep == "head" else text[len(text) - limit :]), ""
    kept = limit - len(widest)
    note = _note(len(text) - kept, keep)
    return (text[:kept] if keep == "head" else text[len(text) - kept :]), note


def _note(count: int, keep: str) -> str:
    if keep == "head":
        return f"\n[... {count} more characters not shown]"
    return f"[... {count} earlier characters not shown]\n"
