//! Technology radar: the quarter's moves (new on the radar, moved between
//! rings, off the radar), each citing its commit and the decisions the
//! technology links as the quarter ended.
//!
//! Pure: reads only the quarter context; the moves are found the way
//! `cto-plan radar --since` finds them, by [`crate::radar::moves`].

use crate::radar::{self, Move};
use crate::review::quarter::QuarterContext;

pub fn build(q: &QuarterContext<'_>) -> Vec<Move> {
    radar::moves(q.steps.iter().copied(), q.plan_at_end)
}
