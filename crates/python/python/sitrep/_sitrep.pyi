"""Type stubs of sitrep's native module (crates/python/src)."""

import datetime
import os
from typing import Any, Dict, List, Literal, Optional, Sequence, Tuple, Union, overload

__version__: str

#: Columns of ``sitrep export --format csv|parquet``, in order.
EXPORT_COLUMNS: List[str]

Text = Union[str, bytes]
DateLike = Union[str, datetime.date, datetime.datetime]
Record = Dict[str, Any]

class SitrepError(Exception):
    """A document sitrep could not code."""

    #: sitrep's stable error code, e.g. ``"doc_binary"``, ``"doc_empty"``, ``"doc_too_large"``.
    code: str
    #: The reason, for people.
    message: str
    #: Position in the batch (set by ``Pipeline.extract_batch`` only).
    index: int

class Pipeline:
    """sitrep's models and knowledge base, loaded once; safe to share between threads."""

    def __init__(
        self, kb: Optional[Union[str, os.PathLike[str]]] = None, full_nlp: bool = False
    ) -> None: ...
    def extract(
        self,
        text: Text,
        published: Optional[DateLike] = None,
        url: Optional[str] = None,
        title: Optional[str] = None,
        source: Optional[str] = None,
    ) -> Record: ...
    @overload
    def extract_batch(
        self,
        texts: Sequence[Text],
        published: Optional[Union[DateLike, Sequence[Optional[DateLike]]]] = None,
        urls: Optional[Sequence[Optional[str]]] = None,
        threads: Optional[int] = None,
        errors: Literal["raise"] = "raise",
    ) -> List[Record]: ...
    @overload
    def extract_batch(
        self,
        texts: Sequence[Text],
        published: Optional[Union[DateLike, Sequence[Optional[DateLike]]]] = None,
        urls: Optional[Sequence[Optional[str]]] = None,
        threads: Optional[int] = None,
        *,
        errors: Literal["return"],
    ) -> List[Union[Record, SitrepError]]: ...
    def code_documents(
        self,
        docs: Sequence[Dict[str, Any]],
        threads: Optional[int] = None,
        max_bytes: int = 10485760,
        rows: bool = False,
    ) -> List[Dict[str, Any]]: ...

def read_documents(
    name: str, data: bytes, max_bytes: int = 10485760, source: Optional[str] = None
) -> List[Dict[str, Any]]: ...
def export_rows(record: Union[Record, str]) -> List[Tuple[str, ...]]: ...
def ledger_keys(document: str, claim: str) -> List[str]: ...
def fuse_ledger(docs: Sequence[Tuple[str, Sequence[str]]]) -> List[str]: ...
