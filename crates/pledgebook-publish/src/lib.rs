//! Publication: consolidated reports, open-data exports and charts, all read
//! from the store. Nothing here writes to the store.
