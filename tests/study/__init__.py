"""Tests of ``quizapp/study/``: the queue, the ladder, answers, quizzes and their pages."""
