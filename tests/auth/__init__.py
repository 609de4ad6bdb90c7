"""Tests of ``quizapp/auth/``: accounts, passwords, sessions, teacher invites."""
