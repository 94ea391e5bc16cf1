//! The full-text index over commitments, progress entries, organisations and
//! events. Derived data: it is rebuilt from the store and fed from the store's
//! change log, never written to directly.
