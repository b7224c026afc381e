//! Storage of documents, evidence and records behind a trait: in-memory, SQLite, PostgreSQL.
