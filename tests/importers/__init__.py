"""Tests of ``quizapp/importers/``: every upload format, parsed and saved."""
