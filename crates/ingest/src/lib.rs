//! Input formats (text, directories, HTML, RSS/Atom, WARC, JSONL) and the streaming ingest loop.
