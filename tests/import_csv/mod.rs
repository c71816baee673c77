//! `import people`: HR exports with the quirks of real ones, re-runs and
//! the people the plan already has.

mod people;
