//! Untrusted plan text (titles, file names, field values, commit messages,
//! author names) as a pull request can write it, in every human-readable
//! output: terminal text cannot drive the terminal, Markdown cannot make
//! links, mentions or references on GitHub, the pull-request comment stays
//! under GitHub's size limit, and integers are shown exactly.

mod audit;
mod floats;
mod integers;
mod markdown;
mod size;
mod terminal;
