"""Upload tests build their PDFs with the ingest tests' hand-written PDF maker."""

from tests.ingest.helpers import pdf_bytes as make_pdf

__all__ = ["make_pdf"]
