"""Untrusted text in the feedback stays text: it cannot close our code blocks or spans, forge a
heading, a table or HTML, or carry control characters and lone surrogates into results.json."""

import pytest
from forged_markdown import FORGED, assert_only_text, outside_code

from autograder.grade import text


# -- clean -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "character",
    [
        "\x00",
        "\x01",
        "\x08",
        "\x0b",
        "\x0c",
        "\x1b",
        "\x1f",
        "\x7f",
        "\x80",
        "\x85",
        "\x9b",
        "\x9f",
        "\ud800",
        "\udfff",
        "\u202e",
        "\u2066",
    ],
)
def test_clean_replaces_each_unsafe_character(character):
    assert text.clean(f"a{character}b") == f"a{text.REPLACEMENT}b"


def test_clean_keeps_text_tabs_newlines_and_well_formed_characters():
    sample = "Q[s, a] = 0.5\tdone\nÄpfel, 日本, 😀, \u00a0non-breaking"
    assert text.clean(sample) == sample
    assert text.clean("a\r\nb\rc") == "a\nb\nc"
    assert text.clean("\ud83d\ude00") == "😀"  # a surrogate pair is its character
    assert text.clean(b"bytes \xff") == "bytes \ufffd"


def test_clean_output_always_encodes_as_strict_utf8():
    cleaned = text.clean(FORGED)
    cleaned.encode("utf-8", "strict")
    assert "\x00" not in cleaned and "\x1b" not in cleaned and "\x85" not in cleaned


@pytest.mark.parametrize("keep", ["head", "tail"])
def test_clean_caps_the_length_and_says_so(keep):
    big = "".join(str(i % 10) for i in range(10_000_000))
    cut = text.clean(big, 1000, keep=keep)
    assert len(cut) <= 1000
    assert "not shown" in cut
    assert cut.startswith(big[:900]) if keep == "head" else cut.endswith(big[-900:])
    assert text.clean("short", 1000, keep=keep) == "short"


def test_clean_of_a_huge_hostile_text_is_quick_and_bounded():
    hostile = ("\ud800\x00\x85`" * 2_500_000) + "end"
    cut = text.clean(hostile, 5000, keep="tail")
    assert len(cut) <= 5000 and cut.endswith("end")
    cut.encode("utf-8", "strict")


# -- fenced ----------------------------------------------------------------------------------------
def test_fenced_text_cannot_close_its_block_or_forge_markup():
    markdown = "**Your code printed:**\n\n" + text.fenced(FORGED) + "\n\nAFTER-THE-BLOCK"
    assert_only_text(markdown, must_remain=("AFTER-THE-BLOCK",))


@pytest.mark.parametrize(
    "sample", ["", "`", "```", "a\n```\nb", "````````````", "~~~\n~~~~", "x" * 50 + "\n" + "`" * 40]
)
def test_fenced_fence_is_longer_than_any_backtick_run(sample):
    block = text.fenced(sample)
    fence = block.split("\n")[0]
    assert set(fence) == {"`"} and len(fence) >= 3
    assert block.endswith("\n" + fence)
    assert "`" * len(fence) not in block[len(fence) : -len(fence)]
    assert_only_text(f"{block}\n\nAFTER", must_remain=("AFTER",))


def test_fenced_shows_the_text_itself():
    sample = "Traceback (most recent call last):\n  x = a < b & c | d  # *not* markup\n"
    assert text.fenced(sample) == f"```\n{sample}\n```"


# -- inline ----------------------------------------------------------------------------------------
def test_inline_text_is_one_code_span_that_closes_where_we_close_it():
    span = text.inline(FORGED, limit=None)
    assert "\n" not in span and "\r" not in span
    markdown = f"- Ignored (not part of the assignment): {span}, AFTER-THE-SPAN\n- next item"
    assert_only_text(markdown, must_remain=("AFTER-THE-SPAN", "next item"))


@pytest.mark.parametrize(
    "sample",
    [
        "dp.py",
        "`",
        "``",
        "`dp.py`",
        " dp.py ",
        "a|b",
        "a\tb",
        " ",
        "",
        "my folder/dp.py",
        "x``y`z",
        "<b>bold</b>",
        "# h",
    ],
)
def test_inline_spans_of_awkward_names(sample):
    span = text.inline(sample)
    assert outside_code(f"before {span} after") == "before  after"
    assert_only_text(f"before {span} AFTER", must_remain=("AFTER",))


def test_inline_keeps_a_plain_file_name_as_it_was():
    assert text.inline("dp.py") == "`dp.py`"
    assert text.inline("hw3/dp.py") == "`hw3/dp.py`"


def test_inline_caps_a_long_name():
    span = text.inline("a/" * 10_000 + "dp.py", keep="tail")
    assert len(span) < text.INLINE_LIMIT + 10 and span.endswith("dp.py`")
