//! The arms-transfer ledger. This crate owns two steps and nothing else:
//!
//! - [`assemble`]: one document's events → its [`TransferClaim`]s (records 1.1 `transfers`),
//!   one claim per supplier and recipient, merged across the sentences and events that tell
//!   of the same goods, with who says so and who denies it;
//! - [`fuse`]: the claims of many documents → [`FusedRow`]s, one per supplier, recipient, item
//!   family and year, with the documents for and against it and how many outlets corroborate.
//!
//! Both read only the record types, so the coder, the pipeline, the store and the workbench can
//! share them without depending on each other. Neither reads text beyond the events' evidence.
//!
//! [`TransferClaim`]: sitrep_record::TransferClaim

mod assemble;
mod fuse;

pub use assemble::assemble;
pub use fuse::{FusedRow, fuse, outlet};
