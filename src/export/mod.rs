//! Exports: the plan as a spreadsheet ([`csv`]), a calendar of what falls
//! due ([`ics`]) or one JSON document ([`json`]), for tools that do not read
//! TOML.
//!
//! Pure: each export takes a loaded [`Plan`](crate::model::Plan) (and the
//! dates it needs) and returns the text. Nothing here writes a file, reads
//! the clock or knows about a terminal; the command line does those. Plan
//! text comes from pull requests, so each format makes it inert for the
//! program that opens it: no spreadsheet formula, no calendar line of its
//! own.

pub mod csv;
pub mod ics;
pub mod json;
