"""Dates kept whole on screen, and nothing else let through unescaped; counts with their
noun in the right number."""

from __future__ import annotations

from markupsafe import Markup

from quizapp.date_text import counted, in_number, keep_dates_whole


def test_each_iso_date_is_wrapped_to_stay_on_one_line():
    shown = keep_dates_whole("from 2026-09-07 to 2026-11-26; the busiest day had 9.")
    assert str(shown) == (
        'from <span class="date">2026-09-07</span> to <span class="date">2026-11-26</span>;'
        " the busiest day had 9."
    )


def test_the_text_around_a_date_is_still_escaped():
    shown = keep_dates_whole('<script>alert("2026-11-26")</script> & more')
    assert "<script>" not in shown
    assert str(shown) == (
        '&lt;script&gt;alert(&#34;<span class="date">2026-11-26</span>&#34;)&lt;/script&gt;'
        " &amp; more"
    )


def test_text_without_a_date_is_only_escaped():
    assert str(keep_dates_whole("Week 3 <b>")) == "Week 3 &lt;b&gt;"
    assert str(keep_dates_whole(42)) == "42"


def test_markup_is_left_as_it_is():
    """A date in an attribute of markup already made must not get a span inside it."""
    made = Markup('<time datetime="2026-11-26">today</time>')
    assert keep_dates_whole(made) == made


def test_a_count_has_its_noun_in_the_right_number_never_a_hedge():
    assert [counted(n, "problem") for n in (0, 1, 3, 1200)] == [
        "0 problems",
        "1 problem",
        "3 problems",
        "1,200 problems",
    ]
    assert counted(2, "class", "classes") == "2 classes" and counted(1, "class") == "1 class"
    assert [in_number(n, "column") for n in (1, 2)] == ["column", "columns"]
