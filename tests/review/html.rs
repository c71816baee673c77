//! `review --format html`: one self-contained page. Hostile plan text is
//! inert in the page and in every chart (judged on the DOM an HTML5 parser
//! builds); the demo's review parses without errors, requests nothing, and
//! every internal link resolves; and in headless Chromium (the Debian
//! package `chromium`) it loads without a console message, is screenshotted
//! at desktop and phone width, and prints to a PDF with a page per section.

use std::path::{Path, PathBuf};
use std::process::Command;

use html5ever::tendril::TendrilSink;
use markup5ever_rcdom::{Handle, NodeData, RcDom};
use tempfile::TempDir;

use crate::common::{ALICE, GitPlan, ok_in, run};

/// Every way plan text has tried to act in HTML.
const HOSTILE: &str = "<script>alert(1)</script> <img src=x onerror=alert(2)> \
    <a href=\"javascript:alert(3)\">x</a> </details></svg></text> \"' onload=alert(4) \u{202e}gpj.exe";

fn toml_string(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

/// A quarter (2026-Q4, to the 27th of November) whose every charted value
/// carries [`HOSTILE`]: an initiative on the timeline, a team in the
/// headcount, a budget category, a risk on the heat map, a key result, a
/// technology's move and a person.
fn hostile_plan() -> GitPlan {
    let git = GitPlan::empty("");
    git.write_all(&[
        (
            "cto-plan.toml",
            "[plan]\nname = \"Acme\"\ncurrency = \"USD\"\n",
        ),
        (
            "team/teams/core.toml",
            "name = \"Core\"\nheadcount_target = 3\n",
        ),
        (
            "team/people/alice.toml",
            "name = \"Alice\"\nrole = \"Engineer\"\nteam = \"core\"\njoined = 2025-01-01\n",
        ),
    ]);
    git.commit_as(ALICE, "2026-09-15T10:00:00+00:00", "The plan");
    let h = toml_string(HOSTILE);
    git.write_all(&[
        ("team/teams/core.toml", &format!("name = \"Core {h}\"\nheadcount_target = 3\n")),
        (
            "team/people/mallory.toml",
            &format!("name = \"{h}\"\nrole = \"{h}\"\nteam = \"core\"\njoined = 2026-11-02\n"),
        ),
        (
            "roadmap/hostile.toml",
            &format!(
                "title = \"{h}\"\nstatus = \"shipped\"\nteam = \"core\"\nstart = \"2026-Q4\"\n\
                 quarter = \"2026-Q4\"\nshipped = 2026-11-10\nestimate = {{ engineers = 1, weeks = 2 }}\n"
            ),
        ),
        (
            "roadmap/next.toml",
            &format!(
                "title = \"Next {h}\"\nstatus = \"planned\"\nteam = \"core\"\nquarter = \"2027-Q1\"\n\
                 estimate = {{ engineers = 2, weeks = 13 }}\nskills = [\"{h}\"]\n"
            ),
        ),
        (
            "budget/2026-Q4.toml",
            &format!("[line.cloud]\ncategory = \"{h}\"\nplanned = 500\nactual = 450\n"),
        ),
        (
            "risks/hostile.toml",
            &format!(
                "title = \"{h}\"\nstatus = \"open\"\nlikelihood = 4\nimpact = 5\nopened = 2026-11-01\n"
            ),
        ),
        (
            "objectives/hostile.toml",
            &format!(
                "title = \"{h}\"\nquarter = \"2026-Q4\"\nstatus = \"committed\"\n\n\
                 [key_result.k]\nmetric = \"{h}\"\nbaseline = 0\ntarget = 10\ncurrent = 4\n"
            ),
        ),
        (
            "radar/hostile.toml",
            &format!("name = \"{h}\"\nquadrant = \"tools\"\nring = \"assess\"\nsince = 2026-11-01\n"),
        ),
    ]);
    git.commit_as(ALICE, "2026-11-20T10:00:00+00:00", "Hostile everything");
    git
}

/// The document and the errors an HTML5 parser finds in `html`.
fn parse(html: &str) -> (RcDom, Vec<String>) {
    let dom = html5ever::parse_document(RcDom::default(), Default::default())
        .from_utf8()
        .read_from(&mut html.as_bytes())
        .unwrap();
    let errors = dom.errors.borrow().iter().map(|e| e.to_string()).collect();
    (dom, errors)
}

/// Every element below `node`, with its name and attributes, and every
/// text, depth first.
fn walk(
    node: &Handle,
    elements: &mut Vec<(String, Vec<(String, String)>)>,
    texts: &mut Vec<String>,
) {
    match &node.data {
        NodeData::Element { name, attrs, .. } => {
            let attrs = attrs
                .borrow()
                .iter()
                .map(|a| (a.name.local.to_string(), a.value.to_string()))
                .collect();
            elements.push((name.local.to_string(), attrs));
        }
        NodeData::Text { contents } => texts.push(contents.borrow().to_string()),
        _ => {}
    }
    for child in node.children.borrow().iter() {
        walk(child, elements, texts);
    }
}

type Elements = Vec<(String, Vec<(String, String)>)>;

fn dom_of(html: &str) -> (Elements, Vec<String>, Vec<String>) {
    let (dom, errors) = parse(html);
    let (mut elements, mut texts) = (Vec::new(), Vec::new());
    walk(&dom.document, &mut elements, &mut texts);
    (elements, texts, errors)
}

/// No element, attribute or link that can act: no script, image, frame,
/// object or form, no event handler, no link but to the page itself, no
/// style or resource from elsewhere.
fn assert_inert(elements: &Elements) {
    for (name, attrs) in elements {
        assert!(
            ![
                "script",
                "img",
                "iframe",
                "object",
                "embed",
                "form",
                "link",
                "base",
                "foreignobject"
            ]
            .contains(&name.as_str()),
            "a <{name}> element: {attrs:?}"
        );
        for (attr, value) in attrs {
            assert!(!attr.starts_with("on"), "<{name} {attr}={value:?}>");
            if attr == "href" || attr == "src" || attr == "xlink:href" {
                assert!(value.starts_with('#'), "<{name} {attr}={value:?}>");
            }
        }
    }
}

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

/// The browser, when installed.
fn chromium() -> Option<&'static str> {
    let found = Command::new("chromium")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        eprintln!(
            "note: chromium is not installed (apt install chromium): the browser checks of the HTML review are skipped"
        );
    }
    found.then_some("chromium")
}

/// Runs headless Chromium on `page` with `args`, its profile in `profile`,
/// and returns what it logged.
fn headless(profile: &Path, page: &Path, args: &[&str]) -> String {
    let output = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The width and height of a PNG, from its header.
fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{path:?} is no PNG");
    let word = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (word(16), word(20))
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
