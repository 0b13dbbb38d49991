//! kompas-render (being written).
