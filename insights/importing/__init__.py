"""Importing creators' own exports: YouTube Studio and Data API, Instagram, TikTok, generic CSV.

Front-ends call ``import_file`` (bytes in, ``ImportSummary`` out) inside their unit of work; bad
input raises ``storage.errors.InvalidInput`` (``ImportRejected`` lists every bad cell).
"""

from insights.importing.decode import MAX_IMPORT_BYTES, check_size
from insights.importing.detect import FORMAT_KEYS, FORMATS
from insights.importing.parse import ProgressCallback
from insights.importing.problems import ImportRejected, RowProblem
from insights.importing.service import import_file
from insights.importing.summary import ImportSummary
from insights.importing.template import template_text, write_generic

__all__ = [
    "FORMATS",
    "FORMAT_KEYS",
    "MAX_IMPORT_BYTES",
    "ImportRejected",
    "ImportSummary",
    "ProgressCallback",
    "RowProblem",
    "check_size",
    "import_file",
    "template_text",
    "write_generic",
]
