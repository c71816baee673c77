//! Reads git's commit-graph file (`objects/info/commit-graph`) for first
//! parents, so that a walk down the main line needs no commit object, and
//! for its changed-path Bloom filters, so that a walk after one file need
//! not open the trees of commits that cannot have changed it.
//!
//! libgit2 (1.9) reads commit-graphs only without the generation-data chunk
//! (`GDA2`) that git has written by default since 2.37, so on most
//! repositories its walks inflate every commit. The file's format is
//! documented by git (`gitformat-commit-graph`): a header, a chunk table,
//! the OID fanout (`OIDF`), the sorted OIDs (`OIDL`), one commit-data
//! record per commit (`CDAT`: tree, first and second parent positions,
//! generation and time) and, when written with `--changed-paths`, one Bloom
//! filter per commit of the paths it changed against its first parent
//! (`BIDX`, the filters' end offsets, and `BDAT`, their settings and bits).
//! Only SHA-1 graphs without base graphs (not split chains) are read.
//!
//! The graph is a cache: a commit it does not hold, or a file that is
//! missing, short or malformed (any chunk outside the file, a table of the
//! wrong size, filters out of order, a checksum that does not match the
//! bytes: a filter with bits lost would skip commits that changed the
//! file), makes the caller ask libgit2, so
//! nothing here can make an answer wrong. A commit's parents and changed
//! paths never change for its id, so a graph older than the branches is
//! still right for every commit it holds. A filter answers "maybe" or
//! "definitely not"; only "definitely not" lets a caller skip a commit.
//! Reads only; writes nothing.

use git2::{Oid, Repository};

/// The bytes of a commit id.
const ID: usize = 20;
/// A commit-data record: tree id, two parent positions, generation and time.
const RECORD: usize = ID + 16;
/// A parent position meaning "no parent".
const NO_PARENT: u32 = 0x7000_0000;
/// A chunk table entry: a four-byte id and an eight-byte offset.
const CHUNK_ENTRY: usize = 12;
/// The header of the Bloom data chunk: hash version, hashes, bits per entry.
const BLOOM_HEADER: usize = 12;
/// Seeds of git's two murmur3 hashes of a path, combined by double hashing.
const SEEDS: [u32; 2] = [0x293a_e76f, 0x7e64_6e2c];
/// More hashes per path than any writer uses means a file this module does
/// not understand.
const MAX_HASHES: u32 = 32;

pub struct CommitGraph {
    data: Vec<u8>,
    commits: usize,
    fanout: usize,
    lookup: usize,
    records: usize,
    bloom: Option<Bloom>,
}

/// Where the changed-path filters are, and how their keys are hashed.
struct Bloom {
    /// The `BIDX` chunk: per commit, the end of its filter in `filters`.
    index: usize,
    /// The filters, just past the `BDAT` header.
    filters: usize,
    /// Bytes of filters.
    filters_len: usize,
    /// 1: git's original murmur3, wrong for bytes >= 0x80; 2: corrected.
    version: u32,
    hashes: u32,
}

/// The Bloom keys of a file's path and of each of its leading directories,
/// which git's filters hold alike: a commit may have changed the file only
/// if every one of them may be in its filter.
pub struct PathKeys {
    keys: Vec<Vec<u32>>,
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
        // The file ends with the SHA-1 of everything before it.
        let end = data.len().checked_sub(ID)?;
        if sha1(&data[..end]) != data[end..] {
            return None;
        }
        // The table has one more entry, whose offset ends the last chunk;
        // the file's checksum follows it.
        let table_end = 8 + (chunks + 1) * CHUNK_ENTRY;
        let mut offsets = Vec::with_capacity(chunks + 1);
        for i in 0..=chunks {
            let entry = data.get(8 + i * CHUNK_ENTRY..8 + (i + 1) * CHUNK_ENTRY)?;
            let offset = usize::try_from(u64::from_be_bytes(entry[4..].try_into().ok()?)).ok()?;
            // Chunks lie in order between the table and the checksum.
            let previous = offsets.last().map_or(table_end, |(_, o)| *o);
            if offset < previous || offset > end {
                return None;
            }
            offsets.push((<[u8; 4]>::try_from(&entry[..4]).ok()?, offset));
        }
        let chunk = |name: &[u8; 4]| -> Option<(usize, usize)> {
            let at = offsets[..chunks].iter().position(|(id, _)| id == name)?;
            Some((offsets[at].1, offsets[at + 1].1 - offsets[at].1))
        };
        let (fanout, fanout_len) = chunk(b"OIDF")?;
        let (lookup, lookup_len) = chunk(b"OIDL")?;
        let (records, records_len) = chunk(b"CDAT")?;
        if fanout_len != 256 * 4 {
            return None;
        }
        let commits = u32::from_be_bytes(data[fanout + 255 * 4..fanout + 256 * 4].try_into().ok()?);
        let commits = usize::try_from(commits).ok()?;
        if lookup_len != commits.checked_mul(ID)? || records_len != commits.checked_mul(RECORD)? {
            return None;
        }
        let bloom = match (chunk(b"BIDX"), chunk(b"BDAT")) {
            (Some(index), Some(filters)) => Some(Bloom::parse(&data, commits, index, filters)?),
            _ => None,
        };
        Some(CommitGraph {
            data,
            commits,
            fanout,
            lookup,
            records,
            bloom: bloom.flatten(),
        })
    }

    fn u32_at(&self, at: usize) -> Option<u32> {
        Some(u32::from_be_bytes(
            self.data.get(at..at + 4)?.try_into().ok()?,
        ))
    }

    /// The id of the commit at `position`.
    pub fn id_at(&self, position: usize) -> Option<Oid> {
        if position >= self.commits {
            return None;
        }
        let at = self.lookup + position * ID;
        Oid::from_bytes(self.data.get(at..at + ID)?).ok()
    }

    /// The commit's position in the graph, by binary search within its
    /// fanout bucket; `None` when the graph does not hold it.
    pub fn position(&self, id: Oid) -> Option<usize> {
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

    /// The first parent's position of the commit at `position` (`Some(None)`
    /// for a root commit), or `None` when the graph cannot say.
    pub fn parent_at(&self, position: usize) -> Option<Option<usize>> {
        if position >= self.commits {
            return None;
        }
        let parent = self.u32_at(self.records + position * RECORD + ID)?;
        if parent == NO_PARENT {
            return Some(None);
        }
        let parent = parent as usize;
        (parent < self.commits).then_some(Some(parent))
    }

    /// The root tree id of the commit at `position`.
    pub fn tree_at(&self, position: usize) -> Option<Oid> {
        if position >= self.commits {
            return None;
        }
        let at = self.records + position * RECORD;
        Oid::from_bytes(self.data.get(at..at + ID)?).ok()
    }

    /// A commit's first parent (`Some(None)` for a root commit), or `None`
    /// when the graph does not hold the commit.
    pub fn first_parent(&self, id: Oid) -> Option<Option<Oid>> {
        match self.parent_at(self.position(id)?)? {
            None => Some(None),
            Some(parent) => self.id_at(parent).map(Some),
        }
    }

    /// Whether the graph has changed-path filters, in a hash version this
    /// module reads.
    pub fn has_changed_paths(&self) -> bool {
        self.bloom.is_some()
    }

    /// The keys to ask the filters about `path` (a `/`-separated path from
    /// the repository's top), or `None` when the filters cannot answer for
    /// it: there are none, or they use hash version 1, whose hash of bytes
    /// >= 0x80 this module does not reproduce.
    pub fn path_keys(&self, path: &str) -> Option<PathKeys> {
        let bloom = self.bloom.as_ref()?;
        if path.is_empty() || (bloom.version == 1 && !path.is_ascii()) {
            return None;
        }
        // "a/b/c" is held as "a", "a/b" and "a/b/c".
        let keys = path
            .match_indices('/')
            .map(|(at, _)| &path[..at])
            .chain([path])
            .filter(|prefix| !prefix.is_empty())
            .map(|prefix| bloom_key(prefix.as_bytes(), bloom.hashes))
            .collect();
        Some(PathKeys { keys })
    }

    /// Whether the commit at `position` may have changed the path of `keys`
    /// against its first parent: `false` only when its filter says
    /// "definitely not". A commit without a filter (not computed, or with
    /// too many changes) may have changed anything.
    pub fn may_have_changed(&self, position: usize, keys: &PathKeys) -> bool {
        let Some(filter) = self.filter(position) else {
            return true;
        };
        // Git's sentinel for a commit with too many changes to list.
        if filter.is_empty() || filter == [0xff] {
            return true;
        }
        keys.keys.iter().all(|key| contains(filter, key))
    }

    /// The Bloom filter of the commit at `position` (bounds checked when the
    /// graph was read, and again here).
    fn filter(&self, position: usize) -> Option<&[u8]> {
        let bloom = self.bloom.as_ref()?;
        if position >= self.commits {
            return None;
        }
        let end = self.u32_at(bloom.index + position * 4)? as usize;
        let start = match position {
            0 => 0,
            _ => self.u32_at(bloom.index + (position - 1) * 4)? as usize,
        };
        if start > end || end > bloom.filters_len {
            return None;
        }
        self.data.get(bloom.filters + start..bloom.filters + end)
    }
}

impl Bloom {
    /// The filters' chunks, `(offset, length)` each: `Some(None)` when they
    /// use settings this module does not read (the graph is still good for
    /// parents), `None` when they are malformed (the graph is not).
    fn parse(
        data: &[u8],
        commits: usize,
        (index, index_len): (usize, usize),
        (filters, filters_len): (usize, usize),
    ) -> Option<Option<Bloom>> {
        if index_len != commits.checked_mul(4)? || filters_len < BLOOM_HEADER {
            return None;
        }
        let word = |at: usize| u32::from_be_bytes(data[at..at + 4].try_into().expect("4 bytes"));
        let filters_len = filters_len - BLOOM_HEADER;
        // Every filter ends after the previous one, within the chunk.
        let mut previous = 0;
        for position in 0..commits {
            let end = word(index + position * 4) as usize;
            if end < previous || end > filters_len {
                return None;
            }
            previous = end;
        }
        let (version, hashes) = (word(filters), word(filters + 4));
        if !matches!(version, 1 | 2) || hashes == 0 || hashes > MAX_HASHES {
            return Some(None);
        }
        Some(Some(Bloom {
            index,
            filters: filters + BLOOM_HEADER,
            filters_len,
            version,
            hashes,
        }))
    }
}

/// A path's hashes, as git computes them: two seeded murmur3 hashes,
/// combined as `h0 + i * h1` for each of the `hashes`.
fn bloom_key(path: &[u8], hashes: u32) -> Vec<u32> {
    let (first, second) = (murmur3(SEEDS[0], path), murmur3(SEEDS[1], path));
    (0..hashes)
        .map(|i| first.wrapping_add(i.wrapping_mul(second)))
        .collect()
}

/// Whether a filter holds every bit of `key` (bits numbered from the low
/// bit of the first byte).
fn contains(filter: &[u8], key: &[u32]) -> bool {
    let bits = filter.len() as u64 * 8;
    key.iter().all(|hash| {
        let bit = u64::from(*hash) % bits;
        filter[(bit / 8) as usize] & (1 << (bit % 8)) != 0
    })
}

/// 32-bit murmur3 (version 2 of git's filters: bytes read unsigned).
fn murmur3(seed: u32, data: &[u8]) -> u32 {
    const C1: u32 = 0xcc9e_2d51;
    const C2: u32 = 0x1b87_3593;
    let mix = |k: u32| k.wrapping_mul(C1).rotate_left(15).wrapping_mul(C2);
    let mut hash = seed;
    let mut blocks = data.chunks_exact(4);
    for block in blocks.by_ref() {
        let k = u32::from_le_bytes(block.try_into().expect("4 bytes"));
        hash ^= mix(k);
        hash = hash
            .rotate_left(13)
            .wrapping_mul(5)
            .wrapping_add(0xe654_6b64);
    }
    let tail = blocks.remainder();
    if !tail.is_empty() {
        let k = tail
            .iter()
            .rev()
            .fold(0u32, |k, byte| (k << 8) | u32::from(*byte));
        hash ^= mix(k);
    }
    // The length is mixed in modulo 2^32, as git's 32-bit arithmetic does.
    hash ^= data.len() as u32;
    hash ^= hash >> 16;
    hash = hash.wrapping_mul(0x85eb_ca6b);
    hash ^= hash >> 13;
    hash = hash.wrapping_mul(0xc2b2_ae35);
    hash ^ (hash >> 16)
}

/// The SHA-1 of `data` (FIPS 180-4), for the checksum git ends the file with.
fn sha1(data: &[u8]) -> [u8; ID] {
    let mut state: [u32; 5] = [
        0x6745_2301,
        0xefcd_ab89,
        0x98ba_dcfe,
        0x1032_5476,
        0xc3d2_e1f0,
    ];
    let mut blocks = data.chunks_exact(64);
    for block in blocks.by_ref() {
        sha1_block(&mut state, block);
    }
    // The last bytes, a one bit, zeros, and the length in bits: one or two
    // blocks.
    let rest = blocks.remainder();
    let mut tail = [0u8; 128];
    tail[..rest.len()].copy_from_slice(rest);
    tail[rest.len()] = 0x80;
    let tail_len = if rest.len() < 56 { 64 } else { 128 };
    let bits = (data.len() as u64).wrapping_mul(8);
    tail[tail_len - 8..tail_len].copy_from_slice(&bits.to_be_bytes());
    for block in tail[..tail_len].chunks_exact(64) {
        sha1_block(&mut state, block);
    }
    let mut digest = [0u8; ID];
    for (out, word) in digest.chunks_exact_mut(4).zip(state) {
        out.copy_from_slice(&word.to_be_bytes());
    }
    digest
}

/// One 64-byte block of SHA-1 into `state`.
fn sha1_block(state: &mut [u32; 5], block: &[u8]) {
    let mut w = [0u32; 80];
    for (word, bytes) in w.iter_mut().zip(block.chunks_exact(4)) {
        *word = u32::from_be_bytes(bytes.try_into().expect("4 bytes"));
    }
    for i in 16..80 {
        w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
    }
    let [mut a, mut b, mut c, mut d, mut e] = *state;
    for (i, word) in w.iter().enumerate() {
        let (f, k) = match i {
            0..20 => ((b & c) | (!b & d), 0x5a82_7999),
            20..40 => (b ^ c ^ d, 0x6ed9_eba1),
            40..60 => ((b & c) | (b & d) | (c & d), 0x8f1b_bcdc),
            _ => (b ^ c ^ d, 0xca62_c1d6),
        };
        let next = a
            .rotate_left(5)
            .wrapping_add(f)
            .wrapping_add(e)
            .wrapping_add(k)
            .wrapping_add(*word);
        (e, d, c, b, a) = (d, c, b.rotate_left(30), a, next);
    }
    for (word, add) in state.iter_mut().zip([a, b, c, d, e]) {
        *word = word.wrapping_add(add);
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
    use std::collections::BTreeSet;
    use std::path::Path;

    use git2::{Repository, Signature, Time};

    use super::*;

    #[test]
    fn anything_but_a_well_formed_graph_is_none() {
        assert!(CommitGraph::parse(Vec::new()).is_none());
        assert!(CommitGraph::parse(b"CGPH\x01\x01\x03\x00".to_vec()).is_none());
        // A split chain (one base graph) is not read.
        assert!(CommitGraph::parse(b"CGPH\x01\x01\x00\x01".to_vec()).is_none());
    }

    #[test]
    fn sha1_is_the_hash_git_names_objects_by() {
        assert_eq!(
            Oid::from_bytes(&sha1(b"abc")).unwrap().to_string(),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        // Every length around the block and padding boundaries.
        for len in 0..300 {
            let content: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
            let mut object = format!("blob {len}\0").into_bytes();
            object.extend_from_slice(&content);
            let expected = Oid::hash_object(git2::ObjectType::Blob, &content).unwrap();
            assert_eq!(Oid::from_bytes(&sha1(&object)).unwrap(), expected, "{len}");
        }
    }

    #[test]
    fn murmur3_gives_the_reference_values_for_the_empty_input() {
        // The published check values of 32-bit murmur3 for no bytes.
        assert_eq!(murmur3(0, b""), 0);
        assert_eq!(murmur3(1, b""), 0x514e_28b7);
        assert_eq!(murmur3(0xffff_ffff, b""), 0x81f1_6f39);
    }

    /// Files every commit of [`repository`] may write, a non-ASCII name and
    /// nested folders among them.
    const PATHS: [&str; 6] = [
        "top.txt",
        "a/d.txt",
        "a/b/c.txt",
        "a/b/e/f.txt",
        "\u{e9}t\u{e9}/caf\u{e9}.txt",
        "z/\u{fc}ber.txt",
    ];

    /// A repository of 40 commits on `main`, each rewriting a few of
    /// [`PATHS`] (one of them also 600 other files, more than git lists in a
    /// filter), and a merge of a side branch; fixed signatures and times.
    fn repository(dir: &Path) -> Repository {
        let repo = Repository::init(dir).unwrap();
        let mut index = repo.index().unwrap();
        let mut parent: Option<Oid> = None;
        let add = |index: &mut git2::Index, path: &str, text: &str| {
            let entry = crate::store::test_support::file_entry(path, text.len(), Oid::ZERO_SHA1);
            index.add_frombuffer(&entry, text.as_bytes()).unwrap();
        };
        let commit = |index: &mut git2::Index, parents: &[Oid], n: i64| -> Oid {
            let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
            let signature =
                Signature::new("A", "a@example.com", &Time::new(1_767_225_600 + n * 60, 0))
                    .unwrap();
            let parents: Vec<git2::Commit<'_>> = parents
                .iter()
                .map(|p| repo.find_commit(*p).unwrap())
                .collect();
            let parents: Vec<&git2::Commit<'_>> = parents.iter().collect();
            repo.commit(None, &signature, &signature, "c", &tree, &parents)
                .unwrap()
        };
        for n in 0..40_usize {
            for (i, path) in PATHS.iter().enumerate() {
                if n == 0 || (n + i) % 4 == 0 {
                    add(&mut index, path, &format!("{n}"));
                }
            }
            if n == 7 {
                index.remove_path(Path::new("a/d.txt")).unwrap();
            }
            if n == 20 {
                for i in 0..600 {
                    add(&mut index, &format!("many/{i}.txt"), "x");
                }
            }
            parent = Some(commit(&mut index, parent.as_slice(), n as i64));
        }
        // A side branch off the main line, merged into it.
        let main = parent.unwrap();
        add(&mut index, "side/only.txt", "side");
        let side = commit(&mut index, &[main], 100);
        let merge = commit(&mut index, &[main, side], 101);
        repo.reference("refs/heads/main", merge, true, "test")
            .unwrap();
        repo.set_head("refs/heads/main").unwrap();
        drop(index);
        repo
    }

    /// `git commit-graph write --reachable --changed-paths` with filters of
    /// `version`, in an isolated environment; `false` when git cannot.
    fn write_graph(dir: &Path, version: u32) -> bool {
        let graph = dir.join(".git/objects/info/commit-graph");
        let _ = std::fs::remove_file(&graph);
        let home = tempfile::tempdir().unwrap();
        let done = std::process::Command::new("git")
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", home.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .arg("-C")
            .arg(dir)
            .arg("-c")
            .arg(format!("commitGraph.changedPathsVersion={version}"))
            .args(["commit-graph", "write", "--reachable", "--changed-paths"])
            .output();
        done.is_ok_and(|out| out.status.success()) && graph.exists()
    }

    /// The files a commit changed against its first parent.
    fn changed_paths(repo: &Repository, id: Oid) -> BTreeSet<String> {
        let commit = repo.find_commit(id).unwrap();
        let parent = commit.parent(0).ok().map(|p| p.tree().unwrap());
        let diff = repo
            .diff_tree_to_tree(parent.as_ref(), Some(&commit.tree().unwrap()), None)
            .unwrap();
        let mut paths = BTreeSet::new();
        for delta in diff.deltas() {
            for file in [delta.old_file(), delta.new_file()] {
                let path = file.path().unwrap().to_str().unwrap().to_owned();
                paths.insert(path);
            }
        }
        paths
    }

    #[test]
    fn the_filters_git_wrote_hold_every_path_a_commit_changed_and_few_others() {
        let dir = tempfile::tempdir().unwrap();
        let repo = repository(dir.path());
        for version in [1, 2] {
            if !write_graph(dir.path(), version) {
                eprintln!("skipped: this git cannot write changed-path filters");
                return;
            }
            let graph = CommitGraph::open(&repo).expect("the graph git wrote is read");
            let bloom = graph.bloom.as_ref().expect("the filters are read");
            if bloom.version != version {
                eprintln!("skipped: this git does not write version {version} filters");
                continue;
            }
            assert_eq!(graph.commits, 42);
            let (mut asked, mut definitely_not) = (0, 0);
            for position in 0..graph.commits {
                let id = graph.id_at(position).unwrap();
                let changed = changed_paths(&repo, id);
                let crowded = changed.len() > 512;
                for path in PATHS.iter().chain(&["side/only.txt", "many/1.txt"]) {
                    let keys = graph.path_keys(path);
                    if version == 1 && !path.is_ascii() {
                        assert!(keys.is_none(), "{path}: version 1 cannot hash it");
                        continue;
                    }
                    let maybe = graph.may_have_changed(position, &keys.unwrap());
                    if changed.contains(*path) || crowded {
                        // No false "definitely not", and a commit with too
                        // many changes for a filter may have changed anything.
                        assert!(maybe, "{path} in {id} (version {version})");
                    } else {
                        asked += 1;
                        definitely_not += usize::from(!maybe);
                    }
                }
            }
            // A filter that said "maybe" to everything would pass the rest.
            assert!(
                definitely_not * 10 >= asked * 9,
                "{definitely_not} of {asked} (version {version})"
            );
        }
    }

    /// `data` with its checksum made right again, so that only the
    /// structure is wrong.
    fn sealed(mut data: Vec<u8>) -> Vec<u8> {
        let end = data.len() - ID;
        let sum = sha1(&data[..end]);
        data[end..].copy_from_slice(&sum);
        data
    }

    #[test]
    fn filters_out_of_order_or_outside_their_chunk_make_the_graph_unread() {
        let dir = tempfile::tempdir().unwrap();
        let repo = repository(dir.path());
        if !write_graph(dir.path(), 2) {
            eprintln!("skipped: this git cannot write changed-path filters");
            return;
        }
        let path = dir.path().join(".git/objects/info/commit-graph");
        let good = std::fs::read(&path).unwrap();
        assert!(CommitGraph::parse(good.clone()).is_some());
        let graph = CommitGraph::open(&repo).unwrap();
        let index = graph.bloom.as_ref().unwrap().index;
        // The first filter ending past the end of its chunk.
        let mut bad = good.clone();
        bad[index..index + 4].copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(CommitGraph::parse(sealed(bad)).is_none());
        // The second filter ending before the first.
        let mut bad = good.clone();
        let first = u32::from_be_bytes(good[index..index + 4].try_into().unwrap());
        assert!(first > 0, "the first commit changed files");
        bad[index + 4..index + 8].copy_from_slice(&(first - 1).to_be_bytes());
        assert!(CommitGraph::parse(sealed(bad)).is_none());
        // Cut anywhere, the file is not read.
        for cut in [good.len() - 1, good.len() / 2, 100, 8] {
            assert!(CommitGraph::parse(good[..cut].to_vec()).is_none(), "{cut}");
        }
        // A chunk offset beyond the file.
        let mut bad = good.clone();
        bad[8 + 4..8 + 12].copy_from_slice(&(good.len() as u64 * 2).to_be_bytes());
        assert!(CommitGraph::parse(sealed(bad)).is_none());
        // Chunks out of order.
        let mut bad = good.clone();
        bad[8 + 12 + 4..8 + 24].copy_from_slice(&8u64.to_be_bytes());
        assert!(CommitGraph::parse(sealed(bad)).is_none());
        // One bit flipped anywhere: the checksum no longer matches.
        for at in [0, 7, index + 1, good.len() - 30, good.len() - 1] {
            let mut bad = good.clone();
            bad[at] ^= 1;
            assert!(CommitGraph::parse(bad).is_none(), "{at}");
        }
    }
}
