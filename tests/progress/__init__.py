"""Tests of ``quizapp/progress/``: dashboards, item analysis, results CSV."""
