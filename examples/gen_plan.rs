//! Generates a large, valid, cross-referenced plan for benchmarks.
//!
//! `cargo run --release --example gen_plan -- DIR RECORDS`
//! Deterministic: the same arguments always give the same files.

use std::fs;
use std::path::Path;

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    fs::create_dir_all(path.parent().expect("files live in folders")).expect("create folder");
    fs::write(path, text).expect("write file");
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(count)) = (args.next(), args.next()) else {
        eprintln!("usage: gen_plan DIR RECORDS");
        std::process::exit(2);
    };
    let root = Path::new(&dir);
    let total: usize = count.parse().expect("RECORDS is a number");
    write(
        root,
        "cto-plan.toml",
        "[plan]\nname = \"Generated\"\ncurrency = \"USD\"\n",
    );

    // Shares of the plan by kind, roughly as in a large organisation.
    let teams = (total / 50).max(1);
    let people = total * 40 / 100;
    let decisions = total * 10 / 100;
    let risks = total * 5 / 100;
    let roles = total * 5 / 100;
    let objectives = total * 5 / 100;
    let initiatives = total - teams - people - decisions - risks - roles - objectives;

    for t in 0..teams {
        let parent = if t == 0 {
            String::new()
        } else {
            "parent = \"team-0\"\n".to_owned()
        };
        write(
            root,
            &format!("team/teams/team-{t}.toml"),
            &format!(
                "name = \"Team {t}\"\nlead = \"person-{t}\"\nmission = \"Own area {t} end to end.\"\n{parent}headcount_target = 12\n"
            ),
        );
    }
    for p in 0..people {
        let manager = if p < teams {
            String::new()
        } else {
            format!("manager = \"person-{}\"\n", p % teams)
        };
        write(
            root,
            &format!("team/people/person-{p}.toml"),
            &format!(
                "name = \"Person {p}\"\nrole = \"Software Engineer\"\nteam = \"team-{}\"\n{manager}level = \"L{}\"\njoined = 2024-0{}-15\nskills = [\"rust\", \"sql\"]\nemployment = \"employee\"\n",
                p % teams,
                3 + p % 4,
                1 + p % 9
            ),
        );
    }
    for i in 0..initiatives {
        let depends = if i > 0 {
            format!("depends_on = [\"initiative-{}\"]\n", i - 1)
        } else {
            String::new()
        };
        let status = ["planned", "active", "shipped"][i % 3];
        let shipped = if status == "shipped" {
            "shipped = 2026-09-20\n"
        } else {
            ""
        };
        write(
            root,
            &format!("roadmap/initiative-{i}.toml"),
            &format!(
                "# Generated initiative {i}\ntitle = \"Initiative {i}\"\nstatus = \"{status}\"\nsummary = \"\"\"\nImprove part {i} of the product so customers get more done.\n\"\"\"\nowner = \"person-{}\"\nteam = \"team-{}\"\nquarter = \"2027-Q{}\"\nstart = \"2026-Q4\"\npriority = \"p{}\"\n{depends}{shipped}estimate = {{ engineers = 3, weeks = 6 }}\ntags = [\"generated\"]\n\n[milestone.beta]\ntitle = \"Beta\"\ndue = 2027-02-01\ndone = false\n",
                i % people.max(1),
                i % teams,
                1 + i % 4,
                i % 4
            ),
        );
    }
    for d in 0..decisions {
        write(
            root,
            &format!("decisions/decision-{d}.toml"),
            &format!(
                "title = \"Decision {d}\"\nstatus = \"accepted\"\nproposed = 2026-01-10\ndecided = 2026-02-01\ndeciders = [\"person-{}\"]\ncontext = \"We need to choose.\"\ndecision = \"We chose option a.\"\n\n[option.a]\nsummary = \"Option a\"\npros = [\"simple\"]\nchosen = true\n\n[option.b]\nsummary = \"Option b\"\ncons = [\"complex\"]\n",
                d % people.max(1)
            ),
        );
    }
    for r in 0..risks {
        write(
            root,
            &format!("risks/risk-{r}.toml"),
            &format!(
                "title = \"Risk {r}\"\ncategory = \"delivery\"\nlikelihood = {}\nimpact = {}\nowner = \"person-{}\"\nstatus = \"open\"\nopened = 2026-03-01\n",
                1 + r % 5,
                1 + (r / 5) % 5,
                r % people.max(1)
            ),
        );
    }
    for r in 0..roles {
        write(
            root,
            &format!("team/hiring/role-{r}.toml"),
            &format!(
                "title = \"Engineer {r}\"\nteam = \"team-{}\"\nstatus = \"open\"\nopened = 2026-06-01\n",
                r % teams
            ),
        );
    }
    for o in 0..objectives {
        write(
            root,
            &format!("objectives/objective-{o}.toml"),
            &format!(
                "title = \"Objective {o}\"\nquarter = \"2027-Q1\"\nowner = \"person-{}\"\nstatus = \"committed\"\n\n[key_result.latency]\nmetric = \"p95 latency\"\nunit = \"ms\"\nbaseline = 400\ntarget = 200\ncurrent = 320\n",
                o % people.max(1)
            ),
        );
    }
}
