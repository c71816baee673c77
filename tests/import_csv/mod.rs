//! `import people` and `import roadmap`: HR, Jira and Linear exports with
//! the quirks of real ones, re-runs and the records the plan already has.

mod people;
mod roadmap;
