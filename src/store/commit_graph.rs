//! Reads git's commit-graph file (`objects/info/commit-graph`) for first
//! parents, so that a walk down the main line needs no commit object.
//!
//! libgit2 (1.9) reads commit-graphs only without the generation-data chunk
//! (`GDA2`) that git has written by default since 2.37, so on most
//! repositories its walks inflate every commit. The file's format is
//! documented by git (`gitformat-commit-graph`): a header, a chunk table,
//! the OID fanout (`OIDF`), the sorted OIDs (`OIDL`) and one commit-data
//! record per commit (`CDAT`: tree, first and second parent positions,
//! generation and time). Only SHA-1 graphs without base graphs (not split
//! chains) are read. The graph is a cache: a commit it does not hold, or a
//! file that is missing, short or malformed, makes the caller ask libgit2,
//! so nothing here can make an answer wrong. A commit's parents never
//! change for its id, so a graph older than the branches is still right for
//! every commit it holds. Reads only; writes nothing.

use git2::{Oid, Repository};

/// The bytes of a commit id.
const ID: usize = 20;
/// A commit-data record: tree id, two parent positions, generation and time.
const RECORD: usize = ID + 16;
/// A parent position meaning "no parent".
const NO_PARENT: u32 = 0x7000_0000;

pub struct CommitGraph {
    data: Vec<u8>,
    commits: usize,
    fanout: usize,
    lookup: usize,
    records: usize,
}

impl CommitGraph {
    /// The repository's commit-graph, when it has one this module reads.
    pub fn open(repo: &Repository) -> Option<CommitGraph> {
        let path = repo
            .path()
            .join("objects")
            .join("info")
            .join("commit-graph");
        CommitGraph::parse(std::fs::read(path).ok()?)
    }

    fn parse(data: Vec<u8>) -> Option<CommitGraph> {
        // Signature, version 1, SHA-1, chunk count, no base graphs.
        if data.get(..4)? != b"CGPH" || data[4] != 1 || *data.get(5)? != 1 || *data.get(7)? != 0 {
            return None;
        }
        let chunks = usize::from(*data.get(6)?);
        let (mut fanout, mut lookup, mut records) = (None, None, None);
        for i in 0..chunks {
            let entry = data.get(8 + i * 12..8 + (i + 1) * 12)?;
            let offset = usize::try_from(u64::from_be_bytes(entry[4..12].try_into().ok()?)).ok()?;
            match &entry[..4] {
                b"OIDF" => fanout = Some(offset),
                b"OIDL" => lookup = Some(offset),
                b"CDAT" => records = Some(offset),
                _ => {}
            }
        }
        let (fanout, lookup, records) = (fanout?, lookup?, records?);
        let commits = u32::from_be_bytes(
            data.get(fanout + 255 * 4..fanout + 256 * 4)?
                .try_into()
                .ok()?,
        ) as usize;
        // Every table must fit in the file.
        data.get(lookup..lookup.checked_add(commits.checked_mul(ID)?)?)?;
        data.get(records..records.checked_add(commits.checked_mul(RECORD)?)?)?;
        Some(CommitGraph {
            data,
            commits,
            fanout,
            lookup,
            records,
        })
    }

    fn u32_at(&self, at: usize) -> Option<u32> {
        Some(u32::from_be_bytes(
            self.data.get(at..at + 4)?.try_into().ok()?,
        ))
    }

    fn id_at(&self, position: usize) -> Option<Oid> {
        let at = self.lookup + position * ID;
        Oid::from_bytes(self.data.get(at..at + ID)?).ok()
    }

    /// The commit's position in the graph, by binary search within its
    /// fanout bucket.
    fn position(&self, id: Oid) -> Option<usize> {
        let bytes = id.as_bytes();
        let first = usize::from(bytes[0]);
        let end = self.u32_at(self.fanout + first * 4)? as usize;
        let start = match first {
            0 => 0,
            _ => self.u32_at(self.fanout + (first - 1) * 4)? as usize,
        };
        let (mut low, mut high) = (start, end.min(self.commits));
        while low < high {
            let middle = low + (high - low) / 2;
            let at = self.lookup + middle * ID;
            match self.data.get(at..at + ID)?.cmp(bytes) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return Some(middle),
            }
        }
        None
    }

    /// A commit's first parent (`Some(None)` for a root commit), or `None`
    /// when the graph does not hold the commit.
    pub fn first_parent(&self, id: Oid) -> Option<Option<Oid>> {
        let position = self.position(id)?;
        let parent = self.u32_at(self.records + position * RECORD + ID)?;
        if parent == NO_PARENT {
            return Some(None);
        }
        let parent = parent as usize;
        if parent >= self.commits {
            return None;
        }
        self.id_at(parent).map(Some)
    }
}

/// A commit's first parent, from the graph when it holds the commit, else
/// from the commit object.
pub fn first_parent(
    repo: &Repository,
    graph: Option<&CommitGraph>,
    id: Oid,
) -> Result<Option<Oid>, git2::Error> {
    if let Some(parent) = graph.and_then(|g| g.first_parent(id)) {
        return Ok(parent);
    }
    Ok(repo.find_commit(id)?.parent_ids().next())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anything_but_a_well_formed_graph_is_none() {
        assert!(CommitGraph::parse(Vec::new()).is_none());
        assert!(CommitGraph::parse(b"CGPH\x01\x01\x03\x00".to_vec()).is_none());
        // A split chain (one base graph) is not read.
        assert!(CommitGraph::parse(b"CGPH\x01\x01\x00\x01".to_vec()).is_none());
    }
}
