//! Cross-crate tests of the generator live in this package's test targets (`snapshots.rs`,
//! `round_trip.rs`, `spec_validator.rs`); this library is empty.
