"""sitrep from Python: news text in, event records out.

>>> import sitrep
>>> p = sitrep.Pipeline()                      # loads the models once (about a second)
>>> rec = p.extract(text, published="2023-11-02")
>>> recs = p.extract_batch(texts)              # all cores, the GIL released
>>> events, claims = sitrep.to_pandas(recs)    # with pandas installed

Records are dicts in sitrep's record format, exactly as ``sitrep extract --format jsonl``
prints them. A document sitrep cannot code raises :class:`SitrepError`, whose ``code`` is
sitrep's stable error code. ``python -m sitrep.spark`` codes corpora on Apache Spark.
"""

from __future__ import annotations

from ._sitrep import (
    EXPORT_COLUMNS,
    Pipeline,
    SitrepError,
    __version__,
    export_rows,
    fuse_ledger,
    ledger_keys,
    read_documents,
)
from .frames import CLAIM_COLUMNS, to_pandas

__all__ = [
    "CLAIM_COLUMNS",
    "EXPORT_COLUMNS",
    "Pipeline",
    "SitrepError",
    "__version__",
    "export_rows",
    "fuse_ledger",
    "ledger_keys",
    "read_documents",
    "to_pandas",
]
