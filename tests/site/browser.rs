//! The demo's site in headless Chromium: the dashboard and a record page
//! load from `file://` without a console message (a blocked request, a
//! broken page or a script would each log one), and are screenshotted at
//! desktop and phone width into target/tmp/site-*.png.

use std::path::Path;

use super::{demo_site, temp};
use crate::common::html::{chromium, headless, png_size};

#[test]
fn the_demos_site_in_a_real_browser() {
    let Some(_) = chromium() else {
        return;
    };
    let dir = temp();
    let (_, out) = demo_site(dir.path());
    let profile = dir.path().join("profile");
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR"));
    for (name, page) in [
        ("index", out.join("index.html")),
        ("record", out.join("initiative/clickhouse-migration.html")),
    ] {
        assert!(page.exists(), "{page:?}");
        let log = headless(&profile, &page, &["--dump-dom"]);
        let console: Vec<&str> = log.lines().filter(|l| l.contains("CONSOLE")).collect();
        assert!(console.is_empty(), "{name}: {console:#?}");
        for (device, width) in [("desktop", 1280), ("phone", 390)] {
            let shot = shots.join(format!("site-{name}-{device}.png"));
            let _ = std::fs::remove_file(&shot);
            headless(
                &profile,
                &page,
                &[
                    &format!("--window-size={width},1600"),
                    &format!("--screenshot={}", shot.display()),
                ],
            );
            assert_eq!(png_size(&shot), (width, 1600), "{name} {device}");
            assert!(
                std::fs::metadata(&shot).unwrap().len() > 10_000,
                "{name} {device} screenshot is blank"
            );
        }
    }
}
