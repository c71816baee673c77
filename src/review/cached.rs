//! A review made once per commit: kept in the user's cache beside the
//! history index, so that asking again for the review of a quarter at the
//! same revision reads it instead of walking and parsing the plan again.
//!
//! A review is a function of the commit it is made at (whose id names its
//! whole history and every plan in it), the plan folder, the quarter asked
//! for and the day it is made on; the cache adds the program's build. That
//! is the key, so an entry never goes stale: a new commit, another day or a
//! rebuilt program simply misses. The context is stored as the JSON
//! `--format json` prints, which holds all of it (floats round-trip
//! exactly), and is rendered as a freshly built one would be. An entry that
//! does not parse back is a miss. Nothing is kept when no history index is
//! (`--no-index`, a shallow clone, or the library alone): see
//! [`crate::store::history_index::results_cache`].
//!
//! This module decides nothing a review says; it remembers [`super::build`]'s
//! answers.

use git2::{Oid, Repository};
use jiff::civil::Date;

use super::{Review, build, gather};
use crate::error::Result;
use crate::model::Quarter;
use crate::store::{Layout, history_index};

/// The cache space of reviews.
const SPACE: &str = "review";

/// The review of `quarter` (default: the last complete one on `today`) at
/// commit `head`, from the cache when it was made before; `progress` hears
/// of the walk when there is one.
pub fn review(
    repo: &Repository,
    layout: &Layout,
    head: Oid,
    quarter: Option<Quarter>,
    today: Date,
    progress: Option<&mut dyn FnMut(usize, usize)>,
) -> Result<Review> {
    let cache = history_index::results_cache(repo);
    // The quarter as asked for: with none, the default follows from `today`
    // and the settings at `head`, both already in the key.
    let asked = quarter.map_or_else(|| "last-complete".to_owned(), |q| q.to_string());
    let key = format!("{head} {} {asked} {today}", layout.prefix);
    if let Some(review) = cache
        .as_ref()
        .and_then(|cache| cache.get(SPACE, &key))
        .and_then(|bytes| serde_json::from_slice::<Review>(&bytes).ok())
    {
        return Ok(review);
    }
    let gathered = gather::gather(repo, layout, head, quarter, today, progress)?;
    let review = build(&gathered.inputs());
    // Three whole plans are freed record by record: off the caller's path,
    // since a process that ends next need not wait for it (7% of a review
    // of 5,000 records).
    // A thread that cannot start drops them here, with its closure.
    let _ = std::thread::Builder::new().spawn(move || drop(gathered));
    if let Some(cache) = &cache
        && let Ok(bytes) = serde_json::to_vec(&review)
    {
        cache.put(SPACE, &key, &bytes);
    }
    Ok(review)
}
