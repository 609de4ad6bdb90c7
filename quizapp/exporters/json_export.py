"""The JSON bank format (schema in ``importers.json_format``)."""

from __future__ import annotations

import json

from ..importers.json_format import BANK_FIELDS, FORMAT_NAME
from ..models import Bank
from .contents import Progress, bank_contents


def export_json(bank: Bank, on_progress: Progress = None) -> bytes:
    document = {
        "format": FORMAT_NAME,
        "version": 1,
        "bank": {
            "title": bank.title,
            "description": bank.description,
            **{name: getattr(bank, name) for name in BANK_FIELDS},
        },
        "facts": [
            {
                "key": item.fact.key,
                "statement": item.fact.statement,
                "topic": item.fact.topic,
                "source_ref": item.fact.source_ref,
                "source_paragraph": item.fact.source_paragraph,
                "tags": item.fact.tags,
                "questions": [
                    {
                        "key": q.key,
                        "kind": q.kind,
                        "prompt": q.prompt,
                        "answer": q.answer,
                        "accepted_variants": q.accepted_variants,
                        "choices": q.choices,
                        "explanation": q.explanation,
                        "strict": q.strict,
                    }
                    for q in item.questions
                ],
            }
            for item in bank_contents(bank, on_progress)
        ],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
