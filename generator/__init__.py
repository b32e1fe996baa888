"""Bilingual security-advisory sites from YAML records.

The pipeline runs one way: load -> validate -> localize -> render -> emit.
Only `plugin` and `cli` know about MkDocs.
"""

__version__ = "0.1.0"
