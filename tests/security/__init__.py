"""Whole-app guarantees: CSRF, security headers, crafted input, fuzzing, rate limits, crashes."""
