//! HTML checks shared by `review --format html` and `site`: pages parsed
//! by an HTML5 parser into a DOM (its errors kept), assertions that nothing
//! in it can act, and headless Chromium (the Debian package `chromium`),
//! skipped with a note where it is not installed.

use std::path::Path;
use std::process::Command;

use html5ever::tendril::TendrilSink;
use markup5ever_rcdom::{Handle, NodeData, RcDom};

use super::{ALICE, GitPlan};

/// The document and the errors an HTML5 parser finds in `html`.
pub fn parse(html: &str) -> (RcDom, Vec<String>) {
    let dom = html5ever::parse_document(RcDom::default(), Default::default())
        .from_utf8()
        .read_from(&mut html.as_bytes())
        .unwrap();
    let errors = dom.errors.borrow().iter().map(|e| e.to_string()).collect();
    (dom, errors)
}

/// Every element below `node`, with its name and attributes, and every
/// text, depth first.
pub fn walk(
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

pub type Elements = Vec<(String, Vec<(String, String)>)>;

pub fn dom_of(html: &str) -> (Elements, Vec<String>, Vec<String>) {
    let (dom, errors) = parse(html);
    let (mut elements, mut texts) = (Vec::new(), Vec::new());
    walk(&dom.document, &mut elements, &mut texts);
    (elements, texts, errors)
}

/// No element, attribute or link that can act: no script, image, frame,
/// object or form, no event handler, no link but to the page itself, no
/// style or resource from elsewhere.
pub fn assert_inert(elements: &Elements) {
    assert_inert_linking(elements, |link| link.starts_with('#'));
}

/// [`assert_inert`], with the links `allowed` says may be there.
pub fn assert_inert_linking(elements: &Elements, allowed: impl Fn(&str) -> bool) {
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
                assert!(allowed(value), "<{name} {attr}={value:?}>");
            }
        }
    }
}

/// The browser, when installed.
pub fn chromium() -> Option<&'static str> {
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
pub fn headless(profile: &Path, page: &Path, args: &[&str]) -> String {
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
pub fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{path:?} is no PNG");
    let word = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (word(16), word(20))
}

/// Every way plan text has tried to act in HTML.
pub const HOSTILE: &str = "<script>alert(1)</script> <img src=x onerror=alert(2)> \
    <a href=\"javascript:alert(3)\">x</a> </details></svg></text> \"' onload=alert(4) \u{202e}gpj.exe";

pub fn toml_string(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

/// A quarter (2026-Q4, to the 27th of November) whose every charted value
/// carries [`HOSTILE`]: an initiative on the timeline, a team in the
/// headcount, a budget category, a risk on the heat map, a key result, a
/// technology's move and a person.
pub fn hostile_plan() -> GitPlan {
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
