//! Spreads per-file work (reading, parsing) over the cores, in order.
//!
//! Work is handed out in small chunks as threads become free, not split
//! into one equal share per thread up front: files differ in size, and a
//! thread that also allocates its first memory runs slower, so equal shares
//! left one core idle for a third of a `check`. Results come back in the
//! order of the input, whatever thread computed them. Only the work itself
//! runs on the threads; this module knows nothing of files.

use std::sync::atomic::{AtomicUsize, Ordering};

/// How many items a thread takes at a time.
const CHUNK: usize = 64;

/// How many threads share the work: the cores this process may use (at
/// most 8), asked once (the answer reads the cgroup's files each time).
pub fn workers() -> usize {
    static WORKERS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *WORKERS.get_or_init(|| {
        std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(8)
    })
}

/// `f` of every item, in order. A few chunks' worth is done on the calling
/// thread alone: starting a thread costs more than parsing a file or two,
/// which is what a history walk asks for at each commit.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = workers().min(items.len().div_ceil(CHUNK));
    if threads <= 1 || items.len() <= 2 * CHUNK {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done: Vec<(usize, Vec<R>)> = Vec::new();
        loop {
            let chunk = next.fetch_add(1, Ordering::Relaxed);
            let start = chunk * CHUNK;
            if start >= items.len() {
                return done;
            }
            let end = (start + CHUNK).min(items.len());
            done.push((chunk, items[start..end].iter().map(&f).collect()));
        }
    };
    let mut chunks: Vec<(usize, Vec<R>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut chunks = work();
        for handle in handles {
            // The work returns its failures as values; a panic is a bug,
            // carried on rather than turned into missing results.
            chunks.extend(
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        chunks
    });
    chunks.sort_unstable_by_key(|(chunk, _)| *chunk);
    chunks
        .into_iter()
        .flat_map(|(_, results)| results)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_order_of_the_input_at_every_size() {
        for len in [0, 1, CHUNK, 2 * CHUNK + 1, 10 * CHUNK + 7] {
            let items: Vec<usize> = (0..len).collect();
            let doubled = map(&items, |n| n * 2);
            assert_eq!(doubled, items.iter().map(|n| n * 2).collect::<Vec<_>>());
        }
    }
}
