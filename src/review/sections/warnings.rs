//! Warnings: caveats about the data behind the review (a shallow clone, a
//! plan younger than the quarter, a quarter not over yet), in the order
//! readers should see them.
//!
//! Pure: reads only the quarter context.

use crate::review::quarter::QuarterContext;

pub fn build(q: &QuarterContext<'_>) -> Vec<String> {
    let mut warnings = Vec::new();
    let (quarter, start, end) = (q.quarter, q.first_day, q.last_day);
    if let Some(warning) = q.history.shallow_warning() {
        warnings.push(warning);
    }
    if q.end_commit.is_none() {
        warnings.push(format!(
            "the plan did not exist yet during {quarter}: there is nothing to review"
        ));
    } else if q.start_commit.is_none() && q.history.shallow_boundary.is_none() {
        // A shallow clone's first commit is where history starts, not
        // where the plan did: the shallow warning above says so instead.
        let begins = q
            .steps
            .iter()
            .find(|s| s.baseline)
            .map(|s| {
                format!(
                    " (its history begins at {}, {})",
                    s.commit.short,
                    s.commit.date()
                )
            })
            .unwrap_or_default();
        warnings.push(format!(
            "the plan did not exist yet when {quarter} began{begins}: \
             its first commit is the baseline, and only what its records' own dates \
             place in {quarter} counts as added, joined or opened"
        ));
    }
    if q.today < start {
        warnings.push(format!(
            "{quarter} has not begun (it starts on {start}): this is the plan for it so far"
        ));
    } else if q.today <= end {
        warnings.push(format!(
            "{quarter} is not over (it ends on {end}): figures are as of {}",
            q.today
        ));
    }
    warnings
}
