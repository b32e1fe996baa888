"""Bilingual security-advisory sites from YAML records.

The pipeline runs one way, one subpackage per stage:
records (load, validate) -> site (localize, render pages) -> formats (feeds, API, CSAF,
...) -> build (the one writer) -> mkdocs (the adapter, the only code that imports MkDocs).
See ARCHITECTURE.md.
"""

__version__ = "0.1.0"
