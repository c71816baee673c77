//! `review --format html`: one self-contained page. Hostile plan text is
//! inert in the page and in every chart (judged on the DOM an HTML5 parser
//! builds); the demo's review parses without errors, requests nothing, and
//! every internal link resolves; and in headless Chromium (the Debian
//! package `chromium`) it loads without a console message, is screenshotted
//! at desktop and phone width, and prints to a PDF with a page per section.

use std::path::{Path, PathBuf};

use tempfile::TempDir;

use crate::common::html::{assert_inert, chromium, dom_of, headless, hostile_plan, png_size};
use crate::common::{ok_in, run};

#[test]
fn hostile_plan_text_is_inert_in_the_page_and_every_chart() {
    let git = hostile_plan();
    let html = ok_in(
        git.path(),
        "2026-11-27",
        &["review", "--quarter", "2026-Q4", "--format", "html"],
    );
    let (elements, texts, errors) = dom_of(&html);
    assert!(errors.is_empty(), "{errors:?}");
    assert_inert(&elements);
    assert!(
        !html.contains('\u{202e}'),
        "a bidi override reached the page"
    );
    // The hostile text is there, as text: in the page and in SVG labels.
    let shown = texts
        .iter()
        .filter(|t| t.contains("<script>alert(1)</script>"))
        .count();
    assert!(shown >= 8, "shown {shown} times:\n{html}");
    let svgs = elements.iter().filter(|(n, _)| n == "svg").count();
    assert!(svgs >= 6, "{svgs} charts:\n{html}");
    // Every chart has a title and a description for screen readers.
    let titled = elements
        .iter()
        .filter(|(n, attrs)| n == "svg" && attrs.iter().any(|(a, _)| a == "aria-labelledby"))
        .count();
    assert_eq!(titled, svgs);
}

/// The demo's review of 2026-Q3, written with `-o` into `dir`.
fn demo_review(dir: &Path) -> (PathBuf, String) {
    let (_, stderr, code) = run(dir, &["demo"]);
    assert_eq!(code, 0, "{stderr}");
    let demo = dir.join("cto-plan-demo");
    let page = dir.join("review.html");
    let out = ok_in(
        &demo,
        "2026-10-28",
        &[
            "review",
            "--quarter",
            "2026-Q3",
            "--format",
            "html",
            "-o",
            page.to_str().unwrap(),
        ],
    );
    assert_eq!(out, "");
    let html = std::fs::read_to_string(&page).unwrap();
    (page, html)
}

#[test]
fn the_demos_review_is_one_self_contained_valid_page() {
    let dir = TempDir::new().unwrap();
    let (_, html) = demo_review(dir.path());
    let (elements, _, errors) = dom_of(&html);
    assert!(
        errors.is_empty(),
        "the page does not parse cleanly: {errors:?}"
    );
    assert_inert(&elements);
    // Nothing from elsewhere: the only URL is SVG's namespace name.
    let without_namespace = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    for outside in ["http:", "https:", "//", "@import", "url(http"] {
        assert!(
            !without_namespace.contains(&format!("\"{outside}"))
                && !without_namespace.contains(&format!("({outside}")),
            "{outside} in the page"
        );
    }
    // Every link leads to an element of the page.
    let ids: Vec<&str> = elements
        .iter()
        .flat_map(|(_, attrs)| {
            attrs
                .iter()
                .filter(|(a, _)| a == "id")
                .map(|(_, v)| v.as_str())
        })
        .collect();
    let links: Vec<&str> = elements
        .iter()
        .flat_map(|(_, attrs)| {
            attrs
                .iter()
                .filter(|(a, _)| a == "href")
                .map(|(_, v)| v.as_str())
        })
        .collect();
    assert!(links.len() >= 9, "{links:?}");
    for link in links {
        assert!(ids.contains(&&link[1..]), "{link} leads nowhere");
    }
    // Every section and its charts.
    for section in [
        "headline",
        "roadmap",
        "decisions",
        "team",
        "budget",
        "risks",
        "objectives",
        "radar",
        "outlook",
        "activity",
    ] {
        assert!(ids.contains(&section), "no section {section}");
    }
    for chart in [
        "timeline",
        "headcount",
        "budget",
        "risks",
        "key-results",
        "load",
        "radar",
    ] {
        assert!(
            ids.contains(&format!("chart-{chart}-title").as_str()),
            "no {chart} chart"
        );
    }
}

#[test]
fn the_demos_review_in_a_real_browser() {
    let Some(_) = chromium() else {
        return;
    };
    let dir = TempDir::new().unwrap();
    let (page, html) = demo_review(dir.path());
    let profile = dir.path().join("profile");
    // No console message: a blocked request (the page's policy allows
    // none), a broken SVG or a script would each log one.
    let log = headless(&profile, &page, &["--dump-dom"]);
    let console: Vec<&str> = log.lines().filter(|l| l.contains("CONSOLE")).collect();
    assert!(console.is_empty(), "{console:#?}");
    // Screenshots people can look at: target/tmp/review-*.png.
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR"));
    for (name, width) in [("desktop", 1280), ("phone", 390)] {
        let shot = shots.join(format!("review-{name}.png"));
        let _ = std::fs::remove_file(&shot);
        headless(
            &profile,
            &page,
            &[
                &format!("--window-size={width},2400"),
                &format!("--screenshot={}", shot.display()),
            ],
        );
        assert_eq!(png_size(&shot), (width, 2400), "{name}");
        assert!(
            std::fs::metadata(&shot).unwrap().len() > 20_000,
            "{name} screenshot is blank"
        );
    }
    // Printed, each section starts a page.
    let pdf = dir.path().join("review.pdf");
    headless(
        &profile,
        &page,
        &[
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
        ],
    );
    let bytes = std::fs::read(&pdf).unwrap();
    let pages = bytes
        .windows(11)
        .filter(|w| w.starts_with(b"/Type /Page") && w[10] != b's')
        .count();
    let sections = html.matches("<section ").count();
    assert!(sections >= 9, "{sections} sections");
    assert!(pages >= sections, "{pages} pages for {sections} sections");
}
