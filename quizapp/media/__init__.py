"""A bank's images: checked by content, stored in the database, served only to those
who may see the bank. The blueprint lives in ``routes`` so that importers can use the
checks here without loading any view code."""
