//! Ids made from titles: lower-case ASCII words joined by hyphens.
//!
//! A leaf of `edit`: both making a record (`new`) and refusing a bad id
//! (`paths`, which suggests one) need it, so it depends on neither.

/// The longest id the format allows.
pub(super) const MAX_ID: usize = 64;

/// An id from a title: lower-case ASCII words joined by hyphens, cut at a
/// word boundary to fit. `None` when the title has no letters or digits.
pub fn slug(title: &str) -> Option<String> {
    slug_within(title, MAX_ID)
}

pub(super) fn slug_within(title: &str, max: usize) -> Option<String> {
    let mut id = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        match fold(c) {
            Some(ascii) => id.push_str(ascii),
            None if c.is_ascii_lowercase() || c.is_ascii_digit() => id.push(c),
            None => {
                if !id.is_empty() && !id.ends_with('-') {
                    id.push('-');
                }
            }
        }
    }
    let id = id.trim_end_matches('-');
    if id.is_empty() {
        return None;
    }
    if id.len() <= max {
        return Some(id.to_owned());
    }
    // Cut at the last whole word that fits, unless that leaves too little.
    let cut = &id[..max];
    let cut = match cut.rfind('-') {
        Some(i) if id.as_bytes()[max] != b'-' && i >= max / 2 => &cut[..i],
        _ => cut,
    };
    Some(cut.trim_end_matches('-').to_owned())
}

/// Latin letters with marks, as the ASCII a reader would write for them.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' => "i",
        'ł' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' => "r",
        'ß' => "ss",
        'ś' | 'š' => "s",
        'ť' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}
