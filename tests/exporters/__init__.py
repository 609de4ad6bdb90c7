"""Tests of ``quizapp/exporters/``: bank exports and CSV safety."""
