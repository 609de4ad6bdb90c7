"""Shared test helpers: databases, browser-like clients, factories and per-area builders."""
