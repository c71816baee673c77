//! Small text helpers shared by every layer: numbers as people read them and
//! "did you mean" suggestions. They sit at the bottom of the crate: this
//! module imports nothing from it, so any module may use it.

/// A number with its unit: `99.9%`, `200 ms`, `140 accounts`.
pub fn with_unit(n: f64, unit: Option<&str>) -> String {
    match unit {
        None | Some("") => number(n),
        Some("%") => format!("{}%", number(n)),
        Some(unit) => format!("{} {unit}", number(n)),
    }
}

/// `+40,000 USD`, `-1,250.50 EUR`.
pub fn signed_amount(amount: f64, currency: &str) -> String {
    let sign = if amount >= 0.0 { "+" } else { "-" };
    format!("{sign}{} {currency}", number(amount.abs()))
}

/// A number with thousands separators and at most two decimals.
pub fn number(n: f64) -> String {
    let rounded = (n * 100.0).round() / 100.0;
    let whole = rounded.trunc().abs() as u64;
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let fraction = (rounded.abs().fract() * 100.0).round() as u64;
    let sign = if rounded < 0.0 { "-" } else { "" };
    if fraction == 0 {
        format!("{sign}{grouped}")
    } else if fraction.is_multiple_of(10) {
        format!("{sign}{grouped}.{}", fraction / 10)
    } else {
        format!("{sign}{grouped}.{fraction:02}")
    }
}

/// The closest known word, when it is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (edit_distance(&word.to_lowercase(), k), *k))
        .filter(|(d, k)| *d <= (k.len() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Which of `candidates` (each an id and a name) a mistyped word most
/// likely meant, by its position: the id or the name regardless of case,
/// then a prefix of exactly one of them (two letters at least), then a close
/// spelling of an id, then of a name. `None` when nothing is close or a
/// prefix fits several.
pub fn suggest(word: &str, candidates: &[(&str, &str)]) -> Option<usize> {
    let word = word.trim().to_lowercase();
    if word.is_empty() {
        return None;
    }
    let lower: Vec<(String, String)> = candidates
        .iter()
        .map(|(id, name)| (id.to_lowercase(), name.to_lowercase()))
        .collect();
    let unique = |found: Vec<usize>| match found.as_slice() {
        [one] => Some(*one),
        _ => None,
    };
    if let Some(i) = lower.iter().position(|(id, _)| *id == word) {
        return Some(i);
    }
    let by_name: Vec<usize> = (0..lower.len()).filter(|&i| lower[i].1 == word).collect();
    if let Some(i) = unique(by_name) {
        return Some(i);
    }
    if word.chars().count() >= 2 {
        let by_prefix: Vec<usize> = (0..lower.len())
            .filter(|&i| lower[i].0.starts_with(&word) || lower[i].1.starts_with(&word))
            .collect();
        if !by_prefix.is_empty() {
            return unique(by_prefix);
        }
    }
    let ids: Vec<&str> = lower.iter().map(|(id, _)| id.as_str()).collect();
    if let Some(close) = did_you_mean(&word, &ids) {
        return ids.iter().position(|id| *id == close);
    }
    let names: Vec<&str> = lower.iter().map(|(_, name)| name.as_str()).collect();
    did_you_mean(&word, &names).and_then(|close| names.iter().position(|n| *n == close))
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == *cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(number(40000.0), "40,000");
        assert_eq!(number(1250.5), "1,250.5");
        assert_eq!(number(99.95), "99.95");
        assert_eq!(number(999.0), "999");
        assert_eq!(signed_amount(-1234567.0, "USD"), "-1,234,567 USD");
    }

    #[test]
    fn suggestions() {
        assert_eq!(did_you_mean("ownr", &["owner", "team"]), Some("owner"));
        assert_eq!(did_you_mean("zzzzzz", &["owner", "team"]), None);
    }

    #[test]
    fn suggestions_by_id_name_and_prefix() {
        let people = [
            ("tom-ng", "Tom Ng"),
            ("raj-patel", "Raj Patel"),
            ("tomas", "Tomás Díaz"),
        ];
        let teams = [("platform", "Platform"), ("data", "Data")];
        assert_eq!(suggest("Platform", &teams), Some(0));
        assert_eq!(suggest("DATA", &teams), Some(1));
        assert_eq!(suggest("raj", &people), Some(1));
        assert_eq!(suggest("Raj Patel", &people), Some(1));
        assert_eq!(suggest("raj-patle", &people), Some(1));
        // `tom` starts both `tom-ng` and `tomas`: no guess.
        assert_eq!(suggest("tom", &people), None);
        assert_eq!(suggest("tom-", &people), Some(0));
        assert_eq!(suggest("zzzz", &people), None);
        assert_eq!(suggest("", &people), None);
    }
}
