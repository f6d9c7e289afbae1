//! Go-compatible primitives: the consumers we reproduce are Go programs, and where their
//! standard library decides an outcome (JSON, base64, `path.Match`, `net/url`, `%q`, go-yaml's
//! printer, CSV and paths), we decide it the same way. Nothing here knows about pull secrets.

pub mod base64;
pub mod case;
pub mod csv;
pub mod float;
pub mod format;
pub mod glob;
pub mod json;
pub mod path;
pub mod sort;
pub mod url;
pub mod yaml;
