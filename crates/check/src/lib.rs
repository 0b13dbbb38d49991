//! kompas-check (being written).
