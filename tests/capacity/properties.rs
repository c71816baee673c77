//! Properties of the formulas, through the library on generated plans:
//! adding a person never lowers supply; shipping work never raises demand.

use cto_plan::capacity::capacity;
use cto_plan::model::Quarter;
use cto_plan::store::load::load_files;
use cto_plan::store::{Content, RawFile};
use proptest::prelude::*;

use super::SETTINGS;

fn file(path: &str, text: String) -> RawFile {
    RawFile {
        path: path.into(),
        content: Content::Bytes(text.into_bytes()),
        blob: None,
    }
}

/// A person: team index, allocation in tenths, joined/left day offsets.
type Person = (usize, u8, Option<u16>, Option<u16>);
/// Work: team index, engineers, weeks, status index, span.
type Work = (usize, u8, u8, usize, u8);

const TEAMS: &[&str] = &["core", "data"];
const OPEN: &[&str] = &["planned", "active", "paused"];

fn day(offset: u16) -> String {
    let date = jiff::civil::date(2026, 10, 1)
        .checked_add(jiff::Span::new().days(i64::from(offset)))
        .unwrap();
    date.to_string()
}

fn plan_files(people: &[Person], work: &[Work], shipped: Option<usize>) -> Vec<RawFile> {
    let mut files = vec![
        file("cto-plan.toml", SETTINGS.to_owned()),
        file("team/teams/core.toml", "name = \"Core\"\n".into()),
        file(
            "team/teams/data.toml",
            "name = \"Data\"\nparent = \"core\"\n".into(),
        ),
    ];
    for (i, (team, tenths, joined, left)) in people.iter().enumerate() {
        let mut text = format!(
            "name = \"P{i}\"\nrole = \"Engineer\"\nteam = \"{}\"\nallocation = {}\n",
            TEAMS[*team],
            f64::from(*tenths) / 10.0
        );
        // `left` before `joined` is a date-order error: swap them.
        let (joined, left) = match (*joined, *left) {
            (Some(j), Some(l)) if l < j => (Some(l), Some(j)),
            other => other,
        };
        if let Some(j) = joined {
            text.push_str(&format!("joined = {}\n", day(j)));
        }
        if let Some(l) = left {
            text.push_str(&format!("left = {}\n", day(l)));
        }
        files.push(file(&format!("team/people/p{i}.toml"), text));
    }
    for (i, (team, engineers, weeks, status, span)) in work.iter().enumerate() {
        let target: Quarter = "2027-Q2".parse().unwrap();
        let mut start = target;
        for _ in 0..*span {
            start = start.previous();
        }
        let status = if shipped == Some(i) {
            "shipped"
        } else {
            OPEN[*status]
        };
        let mut text = format!(
            "title = \"W{i}\"\nstatus = \"{status}\"\nteam = \"{}\"\nstart = \"{start}\"\nquarter = \"{target}\"\n\
             estimate = {{ engineers = {engineers}, weeks = {weeks} }}\n",
            TEAMS[*team]
        );
        if status == "shipped" {
            text.push_str("shipped = 2027-01-15\n");
        }
        files.push(file(&format!("roadmap/w{i}.toml"), text));
    }
    files
}

fn quarters() -> Vec<Quarter> {
    let mut q: Quarter = "2026-Q4".parse().unwrap();
    let mut all = vec![q];
    for _ in 0..3 {
        q = q.next();
        all.push(q);
    }
    all
}

fn person() -> impl Strategy<Value = Person> {
    (
        0..TEAMS.len(),
        0u8..=10,
        proptest::option::of(0u16..400),
        proptest::option::of(0u16..400),
    )
}

fn work() -> impl Strategy<Value = Work> {
    (0..TEAMS.len(), 1u8..10, 1u8..30, 0..OPEN.len(), 0u8..3)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn adding_a_person_never_lowers_supply(
        people in proptest::collection::vec(person(), 0..5),
        extra in person(),
        work in proptest::collection::vec(work(), 0..4),
    ) {
        let before = load_files(plan_files(&people, &work, None));
        let mut more = people.clone();
        more.push(extra);
        let after = load_files(plan_files(&more, &work, None));
        prop_assert!(before.findings.is_empty(), "{:?}", before.findings);
        let (a, b) = (capacity(&before.plan, &quarters()), capacity(&after.plan, &quarters()));
        for (qa, qb) in a.quarters.iter().zip(&b.quarters) {
            prop_assert!(qb.total.supply >= qa.total.supply - 1e-9);
            for (ta, tb) in qa.teams.iter().zip(&qb.teams) {
                prop_assert!(tb.figures.supply >= ta.figures.supply - 1e-9, "{}", ta.team);
            }
        }
    }

    #[test]
    fn shipping_work_never_raises_demand(
        people in proptest::collection::vec(person(), 0..3),
        work in proptest::collection::vec(work(), 1..5),
        pick in any::<proptest::sample::Index>(),
    ) {
        let shipped = pick.index(work.len());
        let before = load_files(plan_files(&people, &work, None));
        let after = load_files(plan_files(&people, &work, Some(shipped)));
        prop_assert!(after.findings.is_empty(), "{:?}", after.findings);
        let (a, b) = (capacity(&before.plan, &quarters()), capacity(&after.plan, &quarters()));
        for (qa, qb) in a.quarters.iter().zip(&b.quarters) {
            prop_assert!(qb.total.demand <= qa.total.demand + 1e-9);
            for (ta, tb) in qa.teams.iter().zip(&qb.teams) {
                prop_assert!(tb.figures.demand <= ta.figures.demand + 1e-9, "{}", ta.team);
            }
        }
    }
}
