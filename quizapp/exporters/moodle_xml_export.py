"""Moodle XML export, for Moodle's question bank import and for our own importer.

Each topic becomes a category question; each question is titled ``fact key/question
key`` (see ``importers.grouping``) so our importer gives back the same facts. Text is
HTML (escaped, in CDATA); right answers have fraction 100 and wrong options 0.
Multiple choice -> multichoice, true/false -> truefalse, typed and flashcard ->
shortanswer (a ``quizapp-kind-flashcard`` tag marks flashcards; every question also
carries its fact's tags; a fact's first question carries its statement and source in a
``<quizapp_fact>`` element and one asking for exact spelling a ``<quizapp_strict>``,
both of which Moodle skips), cloze -> a Moodle
"cloze" question with one ``{1:SHORTANSWER:=...}`` gap. Images are embedded as base64
``<file>`` elements and shown through ``@@PLUGINFILE@@/<sha256>.<ext>``.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence

from ..importers.gift import category_path
from ..importers.grouping import group_title
from ..importers.moodle_xml import FACT_ELEMENT, KIND_TAG, PLUGINFILE, STRICT_ELEMENT
from ..importers.records import BLANK
from ..media.packing import packed_files, referenced_files, relink
from ..models import Bank, Fact, Question
from ..richtext import plain_text, split_rich
from .apkg_export import as_html
from .contents import Progress, bank_contents

EMPTY: Mapping[str, bytes] = {}
CLOZE_SPECIAL = '\\}#~/"{*'


def cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _text(tag: str, text: str, html: bool = True) -> str:
    format_attribute = ' format="html"' if html else ""
    body = cdata(as_html(text)) if html else cdata(text)
    return f"<{tag}{format_attribute}><text>{body}</text></{tag}>"


def _answer(fraction: int, text: str) -> str:
    return (
        f'<answer fraction="{fraction}" format="html"><text>{cdata(as_html(text))}</text>'
        '<feedback format="html"><text></text></feedback></answer>'
    )


def _cloze_answer(text: str) -> str:
    return "".join("\\" + char if char in CLOZE_SPECIAL else char for char in text)


def _body(question: Question) -> tuple[str, str, list[str]]:
    """The Moodle type, question text (HTML) and answer elements of one question."""
    prompt = as_html(question.prompt)
    if question.kind == "multiple_choice":
        answers = [_answer(100, question.answer), *(_answer(0, c) for c in question.choices)]
        extra = ["<single>true</single>", "<shuffleanswers>true</shuffleanswers>"]
        return "multichoice", prompt, extra + answers
    if question.kind == "true_false":
        right = question.answer == "true"
        return "truefalse", prompt, [_answer(100 if right else 0, "true"),
                                     _answer(0 if right else 100, "false")]  # fmt: skip
    if question.kind == "cloze":
        before, after = split_rich(question.prompt, BLANK)
        accepted = "~".join(
            f"={_cloze_answer(as_html(plain_text(a)))}"
            for a in [question.answer, *question.accepted_variants]
        )
        return "cloze", f"{as_html(before)}{{1:SHORTANSWER:{accepted}}}{as_html(after)}", []
    # Moodle reads * in a short answer as "any text": a written one is \*.
    answers = [
        _answer(100, a.replace("*", "\\*")) for a in [question.answer, *question.accepted_variants]
    ]
    return "shortanswer", prompt, ["<usecase>0</usecase>", *answers]


def _embedded(xml: str, files: Mapping[str, bytes]) -> str:
    """The ``<file>`` elements for the bank images ``xml`` shows."""
    return "".join(
        f'<file name="{name}" path="/" encoding="base64">'
        f"{base64.b64encode(files[name]).decode('ascii')}</file>"
        for name in referenced_files(xml)
        if name in files
    )


def _tags(question: Question, fact_tags: Sequence[str]) -> str:
    names = [*fact_tags, *([f"{KIND_TAG}flashcard"] if question.kind == "flashcard" else [])]
    if not names:
        return ""
    return "<tags>" + "".join(f"<tag><text>{cdata(n)}</text></tag>" for n in names) + "</tags>"


def fact_xml(fact: Fact) -> str:
    """The fact's statement and source in an element of ours, which Moodle's importer
    skips (it reads only the elements it knows) and ours reads back."""
    paragraph = fact.source_paragraph
    return (
        f"<{FACT_ELEMENT}>"
        f"<statement><text>{cdata(fact.statement)}</text></statement>"
        f"<source_ref><text>{cdata(fact.source_ref)}</text></source_ref>"
        f"<source_paragraph>{'' if paragraph is None else paragraph}</source_paragraph>"
        f"</{FACT_ELEMENT}>"
    )


def question_xml(
    question: Question,
    title: str,
    files: Mapping[str, bytes] = EMPTY,
    fact_tags: Sequence[str] = (),
    fact: Fact | None = None,
) -> str:
    """One question; its images travel as base64 ``<file>``s in the question text (our
    importer reads them from anywhere in the question). The first question of a fact
    also carries the fact (``fact``)."""
    moodle_type, text, parts = _body(question)
    tags = _tags(question, fact_tags)
    rest = "\n".join(
        [
            _text("generalfeedback", question.explanation),
            "<defaultgrade>1</defaultgrade><penalty>0.3333333</penalty><hidden>0</hidden>",
            *parts,
            tags,
            f"<{STRICT_ELEMENT}>1</{STRICT_ELEMENT}>" if question.strict else "",
            fact_xml(fact) if fact is not None else "",
        ]
    )
    embedded = _embedded(text + rest, files)
    return relink(
        "\n".join(
            [
                f'<question type="{moodle_type}">',
                _text("name", title, html=False),
                f'<questiontext format="html"><text>{cdata(text)}</text>{embedded}</questiontext>',
                rest,
                "</question>",
            ]
        ),
        PLUGINFILE,
    )


def export_moodle_xml(bank: Bank, on_progress: Progress = None) -> bytes:
    files = packed_files(bank)
    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>"]
    topic = None
    for item in bank_contents(bank, on_progress):
        if item.fact.topic != topic:
            topic = item.fact.topic
            path = category_path(topic)
            out.append(
                '<question type="category"><category>'
                f"<text>{cdata(path)}</text></category></question>"
            )
        for number, question in enumerate(item.questions):
            title = group_title(item.fact.key, question.key)
            fact = item.fact if number == 0 else None
            out.append(question_xml(question, title, files, item.fact.tags, fact))
    out.append("</quiz>")
    return ("\n".join(out) + "\n").encode("utf-8")
