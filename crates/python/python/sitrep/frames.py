"""Records as pandas DataFrames: one row per event, one row per transfer claim.

pandas is optional: it is imported only when :func:`to_pandas` is called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Mapping, Optional, Sequence

from ._sitrep import EXPORT_COLUMNS, export_rows

if TYPE_CHECKING:  # pragma: no cover
    import pandas

#: Columns of the claims frame: one row per entry of a record's ``transfers`` (records 1.1).
CLAIM_COLUMNS: Sequence[str] = (
    "document_id",
    "claim_id",
    "supplier",
    "supplier_country",
    "recipient",
    "recipient_country",
    "via",
    "interdicted_by",
    "item_categories",
    "items",
    "value_amount",
    "value_currency",
    "status",
    "date_start",
    "date_end",
    "transport",
    "stance",
    "certainty",
    "claimed_by",
    "denied_by",
    "events",
    "flags",
    "evidence",
)


def _name(a: Optional[Mapping[str, Any]]) -> Optional[str]:
    return a.get("name") or a.get("text") if a else None


def _names(xs: Optional[Iterable[Mapping[str, Any]]]) -> str:
    return "; ".join(n for n in (_name(x) for x in xs or ()) if n)


def _claim_row(doc_id: str, c: Mapping[str, Any]) -> tuple:
    sup, rec = c.get("supplier"), c.get("recipient")
    value = c.get("value") or {}
    date = c.get("date") or {}
    items = c.get("items") or []
    certainty = c.get("certainty")
    if isinstance(certainty, Mapping):
        certainty = certainty.get("level")
    evidence = c.get("evidence") or []
    return (
        doc_id,
        c.get("id"),
        _name(sup),
        sup.get("country") if sup else None,
        _name(rec),
        rec.get("country") if rec else None,
        _names(c.get("via")),
        _name(c.get("interdicted_by")),
        "; ".join(i.get("category", "") for i in items),
        "; ".join(i.get("text", "") for i in items),
        value.get("amount"),
        value.get("currency"),
        c.get("status"),
        date.get("start"),
        date.get("end"),
        "; ".join(c.get("transport") or ()),
        c.get("stance"),
        certainty,
        _names(c.get("claimed_by")),
        _names(c.get("denied_by")),
        "; ".join(c.get("events") or ()),
        "; ".join(f.get("kind", "") for f in c.get("flags") or ()),
        evidence[0].get("text") if evidence else None,
    )


def _records(records: Iterable[Any]) -> list:
    """The records among `records`: errors from ``extract_batch(errors="return")`` are skipped."""
    return [r for r in records if isinstance(r, Mapping)]


def to_pandas(records: Iterable[Any]) -> "tuple[pandas.DataFrame, pandas.DataFrame]":
    """(events, claims) DataFrames of records.

    ``events`` has one row per event with the columns of ``sitrep export --format csv``
    (:data:`sitrep.EXPORT_COLUMNS`), ``negated`` as a bool and the quantity sums as nullable
    integers. ``claims`` has one row per transfer claim in the records' ``transfers`` lists
    (:data:`CLAIM_COLUMNS`); it is empty for records without that key.
    """
    try:
        import pandas as pd
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("sitrep.to_pandas needs pandas: pip install pandas") from e
    recs = _records(records)
    rows = [row for r in recs for row in export_rows(r)]
    events = pd.DataFrame(rows, columns=list(EXPORT_COLUMNS))
    events["negated"] = events["negated"] == "true"
    for col in ("quantity_min", "quantity_max"):
        events[col] = pd.to_numeric(events[col].replace("", None)).astype("Int64")
    claims = pd.DataFrame(
        [
            _claim_row(r["document"]["id"], c)
            for r in recs
            for c in r.get("transfers") or ()
        ],
        columns=list(CLAIM_COLUMNS),
    )
    return events, claims
