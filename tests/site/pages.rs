//! The site's pages as an HTML5 parser reads them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use cto_plan::model::Kind;

use super::{demo_site, files_under, temp};
use crate::common::html::{Elements, assert_inert_linking, dom_of, hostile_plan};
use crate::common::ok_in;

/// A link that stays within the site: relative, no scheme, no host.
fn relative(link: &str) -> bool {
    !link.is_empty() && !link.contains(':') && !link.starts_with('/') && !link.contains("//")
}

fn attribute<'e>(elements: &'e Elements, name: &'e str) -> impl Iterator<Item = &'e str> + 'e {
    elements.iter().flat_map(move |(_, attrs)| {
        attrs
            .iter()
            .filter(move |(a, _)| a == name)
            .map(|(_, v)| v.as_str())
    })
}

#[test]
fn a_hostile_plans_site_is_inert_in_every_page() {
    let git = hostile_plan();
    let dir = temp();
    let out = dir.path().join("site");
    ok_in(
        git.path(),
        "2026-11-27",
        &["site", "--out", out.to_str().unwrap()],
    );
    let pages: Vec<String> = files_under(&out)
        .into_iter()
        .filter(|p| p.ends_with(".html"))
        .collect();
    // Every page type: dashboard, lists, record pages and the review.
    for expected in [
        "index.html",
        "decisions.html",
        "org.html",
        "risks.html",
        "initiative/hostile.html",
        "person/mallory.html",
        "reviews/2026-Q3.html",
    ] {
        assert!(
            pages.iter().any(|p| p == expected),
            "no {expected}: {pages:?}"
        );
    }
    let mut shown = 0;
    for page in &pages {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        let (elements, texts, errors) = dom_of(&html);
        assert!(
            errors.is_empty(),
            "{page} does not parse cleanly: {errors:?}"
        );
        assert_inert_linking(&elements, relative);
        assert!(!html.contains('\u{202e}'), "a bidi override reached {page}");
        assert!(
            html.contains("default-src 'none'"),
            "{page} carries no policy"
        );
        shown += texts
            .iter()
            .filter(|t| t.contains("<script>alert(1)</script>"))
            .count();
    }
    // The hostile text is there, as text, on many pages.
    assert!(shown >= 10, "shown {shown} times");
}

/// The ids of a page.
fn ids_of(html: &str) -> BTreeSet<String> {
    let (elements, _, _) = dom_of(html);
    attribute(&elements, "id").map(str::to_owned).collect()
}

/// `link` from the page at `page` (site-relative), as a site-relative path.
fn resolve(page: &str, link: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for part in link.split('/') {
        match part {
            ".." => {
                assert!(parts.pop().is_some(), "{link} in {page} leaves the site");
            }
            "." | "" => {}
            other => parts.push(other),
        }
    }
    parts.join("/")
}

#[test]
fn the_demos_site_has_a_page_per_record_and_every_link_resolves() {
    let dir = temp();
    let (demo, out) = demo_site(dir.path());
    let files = files_under(&out);
    let pages: BTreeMap<&str, String> = files
        .iter()
        .map(|p| (p.as_str(), std::fs::read_to_string(out.join(p)).unwrap()))
        .collect();
    // A page per record file of the plan.
    let mut records = 0;
    for file in files_under(&demo) {
        if file.starts_with(".git/") || file.starts_with(".cto-plan/") {
            continue;
        }
        let Some(kind) = Kind::for_path(&file) else {
            continue;
        };
        let id = Path::new(&file).file_stem().unwrap().to_string_lossy();
        let page = format!("{}/{id}.html", kind.name());
        assert!(pages.contains_key(page.as_str()), "no page for {file}");
        records += 1;
    }
    assert!(records > 50, "{records} records");
    let ids: BTreeMap<&str, BTreeSet<String>> =
        pages.iter().map(|(p, html)| (*p, ids_of(html))).collect();
    let mut checked = 0;
    for (page, html) in &pages {
        let (elements, _, errors) = dom_of(html);
        assert!(
            errors.is_empty(),
            "{page} does not parse cleanly: {errors:?}"
        );
        assert_inert_linking(&elements, relative);
        // Nothing from elsewhere: the only URL is SVG's namespace name.
        let without_namespace = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        for outside in ["http:", "https:", "//", "@import", "url(http"] {
            assert!(
                !without_namespace.contains(&format!("\"{outside}"))
                    && !without_namespace.contains(&format!("({outside}")),
                "{outside} in {page}"
            );
        }
        for link in attribute(&elements, "href") {
            let (path, fragment) = link.split_once('#').unwrap_or((link, ""));
            let target = if path.is_empty() {
                page.to_string()
            } else {
                resolve(page, path)
            };
            let target_ids = ids
                .get(target.as_str())
                .unwrap_or_else(|| panic!("{link} in {page} leads to no file ({target})"));
            if !fragment.is_empty() {
                assert!(
                    target_ids.contains(fragment),
                    "{link} in {page}: {target} has no id {fragment}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 1000, "{checked} links checked");
    // Every complete quarter's review is linked from the timeline.
    let timeline = &pages["timeline.html"];
    for review in files.iter().filter(|f| f.starts_with("reviews/")) {
        assert!(timeline.contains(&format!("href=\"{review}\"").replace('/', "&#x2f;")));
    }
    assert!(
        files.iter().any(|f| f == "reviews/2026-Q3.html"),
        "{files:?}"
    );
}

#[test]
fn every_review_of_the_site_is_what_review_prints_for_its_quarter() {
    // The site gathers all quarters from one walk of the history; `review`
    // walks back to one quarter's start. Both must say the same.
    let dir = temp();
    let (demo, out) = demo_site(dir.path());
    let reviews: Vec<String> = files_under(&out.join("reviews"))
        .into_iter()
        .filter(|p| p.ends_with(".html"))
        .collect();
    assert!(reviews.len() >= 4, "several quarters: {reviews:?}");
    assert_reviews_as_printed(&demo, &out, "2026-10-28", &reviews);
}

#[test]
fn a_scripted_history_gives_the_same_reviews_in_the_site_as_review_does() {
    // Facts recorded a quarter ahead (then the record renamed before its
    // quarter), a leaver with notice, a late ship, and a record deleted
    // after its fact: each is found by `review` with walks of its own, and
    // by the site in its one walk.
    use crate::common::records::{initiative, person};
    use crate::common::{ALICE, BOB, GitPlan};
    let git = GitPlan::new("");
    git.write(
        "team/people/frank.toml",
        &person("Frank Olsen", "Engineer", "core", "joined = 2026-08-10\n"),
    );
    git.commit_as(ALICE, "2026-05-20T10:00:00+00:00", "Frank signs");
    git.rename("team/people/frank.toml", "team/people/frank-olsen.toml");
    git.commit_as(BOB, "2026-06-10T10:00:00+00:00", "Frank's full id");
    git.edit("team/people/bob.toml", &[("left", Some("2026-10-15"))]);
    git.commit_as(BOB, "2026-09-01T10:00:00+00:00", "Bob gives notice");
    git.write(
        "roadmap/billing.toml",
        &initiative("Billing", "active", "alice", "core", "2026-Q3"),
    );
    git.commit_as(ALICE, "2026-07-02T10:00:00+00:00", "Plan billing");
    let shipped =
        initiative("Billing", "shipped", "alice", "core", "2026-Q3") + "shipped = 2026-09-28\n";
    git.write("roadmap/billing.toml", &shipped);
    git.commit_as(
        BOB,
        "2026-10-05T10:00:00+00:00",
        "Billing shipped last week",
    );
    git.remove("roadmap/billing.toml");
    git.commit_as(ALICE, "2026-11-02T10:00:00+00:00", "Billing is done with");

    let dir = temp();
    let out = dir.path().join("site");
    ok_in(
        git.path(),
        "2027-02-01",
        &["site", "--out", out.to_str().unwrap()],
    );
    let reviews = files_under(&out.join("reviews"));
    assert_eq!(
        reviews,
        [
            "2026-Q1.html",
            "2026-Q2.html",
            "2026-Q3.html",
            "2026-Q4.html"
        ]
    );
    assert_reviews_as_printed(git.path(), &out, "2027-02-01", &reviews);
    // The joiner recorded ahead and renamed is in Q3, cited by the Q2 commit.
    let q3 = std::fs::read_to_string(out.join("reviews/2026-Q3.html")).unwrap();
    assert!(q3.contains("Frank Olsen"), "the joiner is in the Q3 review");
}

/// Each review page of the site in `out` is byte for byte what `review
/// --quarter Q --format html` prints for the plan in `plan` on `today`.
fn assert_reviews_as_printed(plan: &Path, out: &Path, today: &str, reviews: &[String]) {
    for page in reviews {
        let quarter = page.trim_end_matches(".html");
        let printed = ok_in(
            plan,
            today,
            &["review", "--quarter", quarter, "--format", "html"],
        );
        let built = std::fs::read_to_string(out.join("reviews").join(page)).unwrap();
        assert!(
            printed == built,
            "the site's review of {quarter} differs from `review --quarter {quarter}`"
        );
    }
}
