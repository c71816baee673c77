//! The review's charts as SVG, drawn when the review is rendered: the
//! quarter's roadmap timeline, headcount per team against target, budget
//! planned against actual, the risk heat map, key-result progress, the
//! teams' load and the radar's moves.
//!
//! Every chart has a title and a description (`<title>`, `<desc>`), uses the
//! Okabe–Ito palette (safe for colour-blind readers) and says what it shows
//! in words or shapes as well as colours. Labels sit in their own column or
//! row, so they never overlap; long ones are cut, with the whole text in a
//! tooltip. Plan text is neutralised and XML-escaped here, the one place SVG
//! is written, so it is inert in `<text>` and `<title>` alike. Nothing here
//! reads files, git or the clock.

use std::fmt::Write as _;

use jiff::civil::Date;

use crate::review::Review;
use crate::text::{neutralise, number};

/// Okabe–Ito colours.
const GREEN: &str = "#009E73";
const BLUE: &str = "#0072B2";
const SKY: &str = "#56B4E9";
const ORANGE: &str = "#E69F00";
const VERMILLION: &str = "#D55E00";
const GREY: &str = "#999999";
const INK: &str = "#222222";
/// A thin dark outline, so pale fills stand out from the page.
const OUTLINE: &str = r##"stroke="#222222" stroke-width="0.5""##;

/// The width every chart is drawn at; it scales down with the page.
const WIDTH: f64 = 760.0;
const ROW: f64 = 24.0;
const LABEL: f64 = 250.0;

/// Every chart of one review, as SVG, `None` when it would be empty.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Charts {
    pub timeline: Option<String>,
    pub headcount: Option<String>,
    pub budget: Option<String>,
    pub risks: Option<String>,
    pub key_results: Option<String>,
    pub load: Option<String>,
    pub outlook_load: Option<String>,
    pub radar: Option<String>,
}

impl Charts {
    pub fn of(review: &Review) -> Charts {
        Charts {
            timeline: timeline(review),
            headcount: headcount(review),
            budget: budget(review),
            risks: risks(review),
            key_results: key_results(review),
            load: load(
                "load",
                &format!("Capacity used in {}", review.quarter),
                &review.team.capacity,
            ),
            outlook_load: load(
                "outlook-load",
                &format!("Load in {}", review.next_quarter),
                &review.outlook.capacity,
            ),
            radar: radar(review),
        }
    }
}

/// Plan text for SVG: neutralised (controls and bidi overrides shown, not
/// obeyed), then escaped for XML text and attributes.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in neutralise(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `text` cut to `chars` characters, with an ellipsis.
fn cut(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(chars.saturating_sub(1)).collect();
    short.push('…');
    short
}

/// A chart being drawn: its size, title and description, and its shapes.
struct Svg {
    id: &'static str,
    height: f64,
    title: String,
    desc: String,
    body: String,
}

impl Svg {
    fn new(id: &'static str, title: &str, desc: String) -> Svg {
        Svg {
            id,
            height: 0.0,
            title: title.to_owned(),
            desc,
            body: String::new(),
        }
    }

    /// A label whose whole text is in its tooltip.
    fn label(&mut self, x: f64, y: f64, text: &str, chars: usize, anchor: &str) {
        let _ = write!(
            self.body,
            r#"<text x="{x:.1}" y="{y:.1}" text-anchor="{anchor}"><title>{}</title>{}</text>"#,
            xml(text),
            xml(&cut(text, chars))
        );
    }

    fn text(&mut self, x: f64, y: f64, text: &str, anchor: &str, class: &str) {
        let _ = write!(
            self.body,
            r#"<text x="{x:.1}" y="{y:.1}" text-anchor="{anchor}" class="{class}">{}</text>"#,
            xml(text)
        );
    }

    fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str, extra: &str) {
        let _ = write!(
            self.body,
            r#"<rect x="{x:.1}" y="{y:.1}" width="{:.1}" height="{h:.1}" fill="{fill}" {extra}/>"#,
            w.max(0.0)
        );
    }

    fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, stroke: &str, extra: &str) {
        let _ = write!(
            self.body,
            r#"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke="{stroke}" {extra}/>"#
        );
    }

    /// A legend row: each entry a swatch (`fill`, which may be a pattern)
    /// and its word.
    fn legend(&mut self, y: f64, entries: &[(&str, &str)]) {
        let mut x = LABEL;
        for (fill, word) in entries {
            self.rect(x, y - 10.0, 14.0, 12.0, fill, OUTLINE);
            self.text(x + 19.0, y, word, "start", "legend");
            x += 28.0 + 7.5 * word.chars().count() as f64;
        }
    }

    fn finish(self) -> String {
        let id = self.id;
        format!(
            concat!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {w} {h:.0}" "#,
                r#"role="img" aria-labelledby="chart-{id}-title chart-{id}-desc">"#,
                r#"<title id="chart-{id}-title">{title}</title><desc id="chart-{id}-desc">{desc}</desc>"#,
                "{defs}{body}</svg>"
            ),
            w = WIDTH,
            h = self.height,
            id = id,
            title = xml(&self.title),
            desc = xml(&self.desc),
            defs = PATTERNS,
            body = self.body
        )
    }
}

/// Hatchings, so that states differ by more than colour.
const PATTERNS: &str = concat!(
    "<defs>",
    r##"<pattern id="hatch-active" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#0072B2"/><line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2"/></pattern>"##,
    r##"<pattern id="hatch-slipped" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#D55E00"/><path d="M0 0L6 6M6 0L0 6" stroke="#ffffff" stroke-width="1.2"/></pattern>"##,
    r##"<pattern id="hatch-over" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)"><rect width="6" height="6" fill="#D55E00"/><line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2"/></pattern>"##,
    "</defs>"
);

fn days(from: Date, to: Date) -> f64 {
    (to - from).get_days() as f64
}

/// The quarter's initiatives as bars from their start to their end (or
/// shipping) day, by state; a bar with no length is a diamond.
fn timeline(review: &Review) -> Option<String> {
    let bars = &review.roadmap.timeline;
    let (Some(start), Some(end)) = (review.start, review.end) else {
        return None;
    };
    if bars.is_empty() {
        return None;
    }
    let span = days(start, end).max(1.0);
    let plot = WIDTH - LABEL - 90.0;
    let x_of = |d: Date| LABEL + (days(start, d).clamp(0.0, span) / span) * plot;
    let word = |state: &str| match state {
        "done" => "shipped",
        "crit" => "slipped",
        _ => "active",
    };
    let fill = |state: &str| match state {
        "done" => GREEN,
        "crit" => "url(#hatch-slipped)",
        _ => "url(#hatch-active)",
    };
    let counts = |state: &str| bars.iter().filter(|b| word(&b.state) == state).count();
    let desc = format!(
        "{} initiatives from {start} to {end}: {} shipped, {} slipped, {} active.",
        bars.len(),
        counts("shipped"),
        counts("slipped"),
        counts("active")
    );
    let mut svg = Svg::new("timeline", &format!("Roadmap {}", review.quarter), desc);
    // Month ticks.
    let mut month = start.first_of_month();
    let top = 24.0;
    let bottom = top + ROW * bars.len() as f64;
    while month <= end {
        let x = x_of(month);
        svg.line(x, top - 4.0, x, bottom, "#dddddd", "");
        svg.text(
            x + 2.0,
            top - 8.0,
            &month.strftime("%b %-d").to_string(),
            "start",
            "axis",
        );
        month = match month.checked_add(jiff::Span::new().months(1)) {
            Ok(next) => next,
            Err(_) => break,
        };
    }
    for (i, bar) in bars.iter().enumerate() {
        let y = top + ROW * i as f64;
        svg.label(LABEL - 8.0, y + 15.0, &bar.title, 34, "end");
        let (x1, x2) = (x_of(bar.start), x_of(bar.end));
        if x2 - x1 < 2.0 {
            // A zero-length bar: a diamond at its day.
            let _ = write!(
                svg.body,
                r#"<path d="M{:.1} {:.1}l6 6l-6 6l-6 -6z" fill="{}" stroke="{INK}" stroke-width="0.6"/>"#,
                x1,
                y + 5.0,
                if bar.state == "done" {
                    GREEN
                } else {
                    VERMILLION
                }
            );
        } else {
            svg.rect(x1, y + 5.0, x2 - x1, 13.0, fill(&bar.state), OUTLINE);
        }
        svg.text(
            x2.max(x1 + 6.0) + 6.0,
            y + 15.0,
            word(&bar.state),
            "start",
            "value",
        );
    }
    svg.legend(
        bottom + 22.0,
        &[
            (GREEN, "shipped"),
            ("url(#hatch-slipped)", "slipped"),
            ("url(#hatch-active)", "active"),
        ],
    );
    svg.height = bottom + 34.0;
    Some(svg.finish())
}

/// People per team as the quarter began and ended, with the target marked.
fn headcount(review: &Review) -> Option<String> {
    let rows = &review.team.headcount;
    if rows.is_empty() {
        return None;
    }
    let most = rows
        .iter()
        .map(|r| r.start.max(r.end) as f64)
        .chain(rows.iter().filter_map(|r| r.target.map(|t| t as f64)))
        .fold(1.0, f64::max);
    let plot = WIDTH - LABEL - 130.0;
    let w = |n: f64| n / most * plot;
    let desc = rows
        .iter()
        .map(|r| {
            let target = r
                .target
                .map(|t| format!(", target {t}"))
                .unwrap_or_default();
            format!("{}: {} → {}{target}", r.name, r.start, r.end)
        })
        .collect::<Vec<_>>()
        .join("; ");
    let mut svg = Svg::new("headcount", "Headcount per team", desc);
    let row = 30.0;
    for (i, r) in rows.iter().enumerate() {
        let y = 8.0 + row * i as f64;
        let indent = "  ".repeat(r.depth);
        svg.label(
            LABEL - 8.0,
            y + 16.0,
            &format!("{indent}{}", r.name),
            32,
            "end",
        );
        svg.rect(LABEL, y + 2.0, w(r.start as f64), 10.0, GREY, "");
        svg.rect(LABEL, y + 13.0, w(r.end as f64), 10.0, BLUE, "");
        // The figures after the longest bar and the target line, so that
        // neither crosses them.
        let reach = r.start.max(r.end) as f64;
        let reach = r.target.map_or(reach, |t| reach.max(t as f64));
        let target = r
            .target
            .map(|t| format!(", target {t}"))
            .unwrap_or_default();
        svg.text(
            LABEL + w(reach) + 8.0,
            y + 16.0,
            &format!("{} → {}{target}", r.start, r.end),
            "start",
            "value",
        );
        if let Some(target) = r.target {
            let x = LABEL + w(target as f64);
            svg.line(
                x,
                y,
                x,
                y + 25.0,
                INK,
                r#"stroke-width="2" stroke-dasharray="3 2""#,
            );
        }
    }
    let bottom = 8.0 + row * rows.len() as f64;
    svg.legend(
        bottom + 16.0,
        &[
            (GREY, "start"),
            (BLUE, "end"),
            (INK, "target (dashed line)"),
        ],
    );
    svg.height = bottom + 28.0;
    Some(svg.finish())
}

/// Planned against actual per budget category, as paired bars.
fn budget(review: &Review) -> Option<String> {
    let rows = &review.budget.by_category;
    if rows.is_empty() {
        return None;
    }
    let most = rows
        .iter()
        .map(|r| r.planned.max(r.actual))
        .fold(1.0, f64::max);
    let plot = WIDTH - LABEL - 150.0;
    let w = |n: f64| n.max(0.0) / most * plot;
    let currency = &review.currency;
    let desc = rows
        .iter()
        .map(|r| {
            format!(
                "{}: {} spent of {} {currency} planned",
                r.name,
                number(r.actual),
                number(r.planned)
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let mut svg = Svg::new(
        "budget",
        &format!("Budget {}: planned and actual ({currency})", review.quarter),
        desc,
    );
    let row = 30.0;
    for (i, r) in rows.iter().enumerate() {
        let y = 8.0 + row * i as f64;
        svg.label(LABEL - 8.0, y + 16.0, &r.name, 32, "end");
        svg.rect(LABEL, y + 2.0, w(r.planned), 10.0, SKY, OUTLINE);
        svg.rect(LABEL, y + 13.0, w(r.actual), 10.0, ORANGE, OUTLINE);
        svg.text(
            LABEL + w(r.planned.max(r.actual)) + 6.0,
            y + 16.0,
            &format!("{} of {}", number(r.actual), number(r.planned)),
            "start",
            "value",
        );
    }
    let bottom = 8.0 + row * rows.len() as f64;
    svg.legend(bottom + 16.0, &[(SKY, "planned"), (ORANGE, "actual")]);
    svg.height = bottom + 28.0;
    Some(svg.finish())
}

/// The open risks on a 5 × 5 grid of likelihood and impact: each cell's
/// count, shaded by score, and the risks listed by cell beside it.
fn risks(review: &Review) -> Option<String> {
    let risks = &review.risks.top_open;
    if risks.is_empty() {
        return None;
    }
    let desc = risks
        .iter()
        .map(|r| {
            format!(
                "{} (likelihood {}, impact {})",
                r.title, r.likelihood, r.impact
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let mut svg = Svg::new("risks", "Open risks: likelihood × impact", desc);
    let cell = 44.0;
    let (left, top) = (60.0, 10.0);
    for impact in 1..=5i64 {
        for likelihood in 1..=5i64 {
            let x = left + cell * (likelihood - 1) as f64;
            let y = top + cell * (5 - impact) as f64;
            let score = likelihood * impact;
            // Light to dark by score: the count is written too.
            let shade = match score {
                0..=4 => "#fdf2e0",
                5..=9 => "#f8d9a8",
                10..=14 => "#f0b25c",
                15..=19 => "#e08a2e",
                _ => "#c0611b",
            };
            svg.rect(x, y, cell - 2.0, cell - 2.0, shade, r##"stroke="#ffffff""##);
            let n = risks
                .iter()
                .filter(|r| r.likelihood == likelihood && r.impact == impact)
                .count();
            if n > 0 {
                svg.text(
                    x + cell / 2.0 - 1.0,
                    y + cell / 2.0 + 5.0,
                    &n.to_string(),
                    "middle",
                    "count",
                );
            }
        }
        svg.text(
            left - 8.0,
            top + cell * (5 - impact) as f64 + cell / 2.0 + 4.0,
            &impact.to_string(),
            "end",
            "axis",
        );
    }
    for likelihood in 1..=5 {
        svg.text(
            left + cell * (likelihood - 1) as f64 + cell / 2.0,
            top + cell * 5.0 + 14.0,
            &likelihood.to_string(),
            "middle",
            "axis",
        );
    }
    svg.text(
        left + cell * 2.5,
        top + cell * 5.0 + 30.0,
        "likelihood",
        "middle",
        "axis",
    );
    svg.text(14.0, top + cell * 2.5, "impact", "middle", "axis vertical");
    // The names, by cell, beside the grid.
    let list_x = left + cell * 5.0 + 30.0;
    let mut sorted: Vec<_> = risks.iter().collect();
    sorted.sort_by_key(|r| (-(r.likelihood * r.impact), -r.impact));
    for (i, r) in sorted.iter().enumerate() {
        svg.label(
            list_x,
            top + 14.0 + 20.0 * i as f64,
            &format!(
                "L{} × I{} = {}: {}",
                r.likelihood,
                r.impact,
                r.likelihood * r.impact,
                r.title
            ),
            58,
            "start",
        );
    }
    svg.height = (top + cell * 5.0 + 40.0).max(top + 20.0 * sorted.len() as f64 + 10.0);
    Some(svg.finish())
}

/// Each key result's progress from its baseline to its target.
fn key_results(review: &Review) -> Option<String> {
    // By objective: its title on a row of its own, its key results under it.
    let rows: Vec<(String, Option<f64>, bool)> = review
        .objectives
        .iter()
        .flat_map(|o| {
            std::iter::once((o.title.clone(), None, true)).chain(
                o.key_results
                    .iter()
                    .map(|kr| (kr.metric.clone(), kr.progress, false)),
            )
        })
        .collect();
    if rows.iter().all(|(_, _, heading)| *heading) {
        return None;
    }
    if rows.is_empty() {
        return None;
    }
    let desc = rows
        .iter()
        .filter(|(_, _, heading)| !heading)
        .map(|(name, p, _)| match p {
            Some(p) => format!("{name}: {:.0}%", p * 100.0),
            None => format!("{name}: no reading"),
        })
        .collect::<Vec<_>>()
        .join("; ");
    let mut svg = Svg::new("key-results", "Key results: progress to target", desc);
    let plot = WIDTH - LABEL - 80.0;
    for (i, (name, progress, heading)) in rows.iter().enumerate() {
        let y = 8.0 + ROW * i as f64;
        if *heading {
            svg.label(8.0, y + 14.0, name, 90, "start");
            continue;
        }
        svg.label(LABEL - 8.0, y + 14.0, name, 34, "end");
        svg.rect(LABEL, y + 4.0, plot, 12.0, "#eeeeee", "");
        match progress {
            Some(p) => {
                let done = *p >= 1.0;
                svg.rect(
                    LABEL,
                    y + 4.0,
                    plot * p.clamp(0.0, 1.0),
                    12.0,
                    if done { GREEN } else { BLUE },
                    "",
                );
                let word = if done { " met" } else { "" };
                svg.text(
                    LABEL + plot + 6.0,
                    y + 14.0,
                    &format!("{:.0}%{word}", p * 100.0),
                    "start",
                    "value",
                );
            }
            None => svg.text(LABEL + plot + 6.0, y + 14.0, "no reading", "start", "value"),
        }
    }
    svg.height = 16.0 + ROW * rows.len() as f64;
    Some(svg.finish())
}

/// Each team's demand against its supply; the full-capacity line is drawn,
/// and what lies beyond it is hatched and said.
fn load(
    id: &'static str,
    title: &str,
    rows: &[crate::review::context::TeamLoad],
) -> Option<String> {
    if rows.is_empty() {
        return None;
    }
    let most = rows.iter().filter_map(|r| r.load).fold(1.0, f64::max);
    let plot = WIDTH - LABEL - 110.0;
    let w = |l: f64| l / most * plot;
    let words = |r: &crate::review::context::TeamLoad| match r.load {
        Some(l) => format!(
            "{}{}",
            crate::capacity::percent(l, 100.0),
            if r.over { " over" } else { "" }
        ),
        None if r.demand > 0.0 => "no supply".to_owned(),
        None => "idle".to_owned(),
    };
    let desc = rows
        .iter()
        .map(|r| {
            format!(
                "{}: {} ({} of {} engineer-weeks)",
                r.name,
                words(r),
                number(r.demand),
                number(r.supply)
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let mut svg = Svg::new(id, title, desc);
    for (i, r) in rows.iter().enumerate() {
        let y = 8.0 + ROW * i as f64;
        let indent = "  ".repeat(r.depth);
        svg.label(
            LABEL - 8.0,
            y + 14.0,
            &format!("{indent}{}", r.name),
            32,
            "end",
        );
        let load = r.load.unwrap_or(0.0);
        let within = load.min(1.0);
        svg.rect(LABEL, y + 4.0, w(within), 12.0, BLUE, "");
        if load > 1.0 {
            svg.rect(
                LABEL + w(1.0),
                y + 4.0,
                w(load - 1.0),
                12.0,
                "url(#hatch-over)",
                "",
            );
        }
        svg.text(LABEL + w(load) + 6.0, y + 14.0, &words(r), "start", "value");
    }
    let bottom = 8.0 + ROW * rows.len() as f64;
    let full = LABEL + w(1.0);
    svg.line(
        full,
        4.0,
        full,
        bottom,
        INK,
        r#"stroke-width="1.5" stroke-dasharray="4 2""#,
    );
    svg.text(full, bottom + 14.0, "100%", "middle", "axis");
    svg.legend(
        bottom + 32.0,
        &[
            (BLUE, "within capacity"),
            ("url(#hatch-over)", "over capacity"),
        ],
    );
    svg.height = bottom + 44.0;
    Some(svg.finish())
}

/// The radar's moves of the quarter: each technology an arrow from its old
/// ring to its new one, rings as columns.
fn radar(review: &Review) -> Option<String> {
    let moves = &review.radar;
    if moves.is_empty() {
        return None;
    }
    let mut rings: Vec<String> = ["adopt", "trial", "assess", "hold"]
        .map(String::from)
        .to_vec();
    for m in moves {
        for ring in [&m.from, &m.to].into_iter().flatten() {
            if !rings.contains(ring) {
                rings.push(ring.clone());
            }
        }
    }
    rings.push("off the radar".to_owned());
    let column = (WIDTH - LABEL - 20.0) / rings.len() as f64;
    let x_of = |ring: Option<&String>| {
        let index = ring
            .and_then(|r| rings.iter().position(|x| x == r))
            .unwrap_or(rings.len() - 1);
        LABEL + column * (index as f64 + 0.5)
    };
    let desc = moves
        .iter()
        .map(|m| {
            format!(
                "{}: {} → {}",
                m.name,
                m.from.as_deref().unwrap_or("new"),
                m.to.as_deref().unwrap_or("off the radar")
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let mut svg = Svg::new(
        "radar",
        &format!("Technology radar: moves in {}", review.quarter),
        desc,
    );
    for (i, ring) in rings.iter().enumerate() {
        svg.text(
            LABEL + column * (i as f64 + 0.5),
            14.0,
            ring,
            "middle",
            "axis",
        );
    }
    for (i, m) in moves.iter().enumerate() {
        let y = 26.0 + ROW * i as f64;
        svg.label(LABEL - 8.0, y + 14.0, &m.name, 32, "end");
        let to = x_of(m.to.as_ref());
        match &m.from {
            Some(from) => {
                let from = x_of(Some(from));
                svg.line(from, y + 10.0, to, y + 10.0, INK, r#"stroke-width="1.5""#);
                let dir = if to >= from { -1.0 } else { 1.0 };
                let _ = write!(
                    svg.body,
                    r#"<path d="M{to:.1} {:.1}l{:.1} -4v8z" fill="{INK}"/>"#,
                    y + 10.0,
                    dir * 8.0
                );
                let _ = write!(
                    svg.body,
                    r#"<circle cx="{from:.1}" cy="{:.1}" r="3.5" fill="{GREY}"/>"#,
                    y + 10.0
                );
            }
            // New on the radar: a star where it lands, and the word.
            None => {
                let _ = write!(
                    svg.body,
                    r#"<circle cx="{to:.1}" cy="{:.1}" r="5" fill="{GREEN}"/>"#,
                    y + 10.0
                );
                svg.text(to + 9.0, y + 14.0, "new", "start", "value");
            }
        }
    }
    svg.height = 34.0 + ROW * moves.len() as f64;
    Some(svg.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_text_is_inert_in_svg() {
        let hostile = "</text><script>alert(1)</script>\"'&\u{202e}";
        let out = xml(hostile);
        assert!(
            !out.contains('<') && !out.contains('"') && !out.contains('\u{202e}'),
            "{out}"
        );
        assert_eq!(cut("abcdef", 4), "abc…");
    }
}
