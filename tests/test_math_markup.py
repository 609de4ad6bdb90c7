"""LaTeX formulas from Anki, Moodle and CSV uploads are shown typeset (MathML), never as
their source, never as a way in for markup; the stored text keeps the LaTeX."""

from __future__ import annotations

from quizapp.exporters import write_bank
from quizapp.extensions import db
from quizapp.models import Bank
from quizapp.richtext import RICH_MARK, plain_text, rich
from tests.support.factories import make_bank, make_fact, make_question
from tests.support.teach_fixtures import parsed_without_errors, upload
from tests.test_richtext import smuggled

HALF = r"What is \(\frac{1}{2}\) of 10?"


def test_an_inline_formula_is_typeset_where_it_stood():
    shown = str(rich(HALF))
    assert shown.startswith("What is <math")
    assert '<math display="inline">' in shown and "<mfrac>" in shown
    assert "\\(" not in shown and "\\frac" not in shown
    assert shown.endswith("</math> of 10?")


def test_display_formulas_in_every_spelling_are_blocks():
    for source in (r"\[x^2 + 1\]", r"$$x^2 + 1$$", r"[$$]x^2 + 1[/$$]"):
        shown = str(rich(source))
        assert shown.startswith('<math display="block">') and "<msup>" in shown, source


def test_ankis_own_inline_formula_is_typeset():
    shown = str(rich(r"Area: [$]\pi r^2[/$]"))
    assert shown.startswith('Area: <math display="inline">') and "<msup>" in shown


def test_a_formula_in_rich_text_is_typeset_and_its_escaped_signs_read_right():
    shown = str(rich(RICH_MARK + r"<b>Solve</b> \(a &lt; b\)"))
    assert shown.startswith("<b>Solve</b> <math")
    assert "<mo>&lt;</mo>" in shown


def test_money_and_broken_formulas_stay_as_written():
    assert str(rich("It costs $5, or $10 with a map.")) == "It costs $5, or $10 with a map."
    assert str(rich(r"Broken: \(x^{\)")) == r"Broken: \(x^{\)"


def test_a_formula_cannot_carry_links_handlers_or_tags():
    for source in (r"\(\href{javascript:alert(1)}{x}\)", r"\(\style{color:red}{x}\)"):
        shown = str(rich(source))
        assert not smuggled(shown), shown
        assert "href" not in shown, shown
    for source, tag in (
        (r"\(\text{<img src=x onerror=alert(1)>}\)", "img"),
        (RICH_MARK + r"\(\text{&lt;svg onload=alert(1)&gt;}\)", "svg"),
    ):
        shown = str(rich(source))  # the words of a tag, shown as text
        assert f"<{tag}" not in shown and f"<mtext>&lt;{tag}&nbsp;" in shown, shown


def test_a_formula_in_an_attribute_stays_as_written_and_the_markup_whole():
    # Probe: an image's alt text "\(a\) z" was typeset inside the attribute, which broke
    # the tag: the alt became '<math display=' and the rest spilled onto the page.
    for alt in (r"\(a\) z", r"\(a > b\)", r"$$x$$"):
        value = RICH_MARK + f'Map: <img src="/media/x.png" alt="{alt}"> \\(y^2\\)'
        shown = str(rich(value))
        assert "<math" not in shown.split("<img", 1)[1].split(">", 1)[0], shown
        assert shown.count("<math") == 1 and "<msup>" in shown, shown
        assert shown.startswith("Map: <img") and shown.endswith("</math>"), shown


def test_tag_like_words_in_a_formulas_text_show_as_written():
    """``\\text{...}`` is words: "<b>" there is the three characters, escaped (it used to
    reach the cleaner as a tag, which dropped it with its text)."""
    shown = str(rich(r"Tag: \(\text{<b>}\)"))
    assert "<mtext>&lt;b&gt;</mtext>" in shown, shown
    escaped = str(rich(RICH_MARK + r"Tag: \(\text{&lt;b&gt; &amp; x}\)"))
    assert "<mtext>&lt;b&gt;&nbsp;&amp;&nbsp;x</mtext>" in escaped, escaped
    bold = str(rich(r"\(\textbf{a <i>b</i>}\)"))
    assert '<mtext mathvariant="bold">a&nbsp;&lt;i&gt;b&lt;/i&gt;</mtext>' in bold, bold


def test_formulas_without_text_in_them_are_typeset_as_before():
    for latex, mathml in (
        (r"a < b", "<mrow><mi>a</mi><mo>&lt;</mo><mi>b</mi></mrow>"),
        (r"x \to y", "<mrow><mi>x</mi><mo>→</mo><mi>y</mi></mrow>"),
        (r"\text{and } y", "<mrow><mtext>and&nbsp;</mtext><mi>y</mi></mrow>"),
    ):
        assert str(rich(rf"\({latex}\)")) == f'<math display="inline">{mathml}</math>', latex


def test_a_formula_is_typeset_for_the_learner_and_kept_as_latex(app, student_client):
    bank = make_bank(title="Fractions")
    fact = make_fact(bank, statement=r"Half of ten is \(\sqrt{25}\).")
    question = make_question(fact, kind="typed", prompt=HALF, answer="5")
    page = student_client.get("/study/").get_data(as_text=True)
    assert "<mfrac>" in page and "\\frac" not in page
    assert "<msqrt>" in page and "\\sqrt" not in page  # the new fact's statement
    assert "<msqrt>" in student_client.get(f"/banks/{bank.slug}/source").get_data(as_text=True)
    assert plain_text(question.prompt) == HALF  # graded, stated and exported as written
    gift = write_bank(db.session.get(Bank, bank.id), "gift").decode()
    assert r"\\frac\{1\}\{2\}" in gift  # GIFT escapes its braces


def test_the_teacher_preview_of_an_upload_typesets_its_formulas(app, teacher_client):
    csv = f'prompt,answer\n"{HALF}",5\n'.encode()
    assert parsed_without_errors(csv, "halves.csv").questions[0].prompt == HALF
    page = upload(teacher_client, "halves.csv", csv).get_data(as_text=True)
    assert "<mfrac>" in page and "\\frac" not in page
