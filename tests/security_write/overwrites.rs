//! Lifecycle commands refuse to replace what a record says happened (a
//! verdict, a hire, a last day, a cancelled initiative) unless `--force`,
//! naming the current value; with `--force` they do it.

use super::*;

const REJECTED: &str = "title = \"Use Mongo\"\nstatus = \"rejected\"\nproposed = 2026-01-05\ndecided = 2026-01-09\ncontext = \"Documents.\"\ndecision = \"No.\"\n";
const KAFKA: &str = "title = \"Use Kafka\"\nstatus = \"accepted\"\nproposed = 2026-11-01\ndecided = 2026-11-02\ncontext = \"Events.\"\ndecision = \"Kafka.\"\n";
const FILLED: &str = "title = \"SRE\"\nteam = \"core\"\nstatus = \"filled\"\nopened = 2026-09-01\nfilled = 2026-10-01\nhire = \"bob\"\n";

/// The field of a record, as `show --format json` gives it.
fn field(plan: &Path, reference: &str, name: &str) -> serde_json::Value {
    let home = empty_home();
    let stdout = ok(
        plan,
        home.path(),
        &[],
        &["show", reference, "--format", "json"],
    );
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    json["fields"][name].clone()
}

/// Runs `args`, which must be refused with `message` and the hint to pass
/// --force, leaving every file as it was; then again with --force, which
/// must succeed.
fn refused_unless_forced(plan: &Path, args: &[&str], message: &str) {
    let home = empty_home();
    let before = common::snapshot_tree(plan);
    let stderr = refused(plan, home.path(), args);
    assert!(stderr.contains(message), "{args:?}:\n{stderr}");
    assert!(stderr.contains("hint: pass --force"), "{args:?}:\n{stderr}");
    assert_eq!(
        common::snapshot_tree(plan),
        before,
        "{args:?} wrote nothing"
    );
    let mut forced = args.to_vec();
    forced.push("--force");
    ok(plan, home.path(), &[], &forced);
}

#[test]
fn decide_does_not_replace_a_verdict() {
    let (_dir, plan) = plain_plan();
    common::write(&plan, "decisions/use-mongo.toml", REJECTED);
    refused_unless_forced(
        &plan,
        &["decide", "use-postgres", "reject"],
        "decisions/use-postgres.toml: decision/use-postgres is accepted since 2026-01-10: `decide reject` would replace that",
    );
    assert_eq!(field(&plan, "use-postgres", "status"), "rejected");
    assert_eq!(field(&plan, "use-postgres", "decided"), TODAY);

    refused_unless_forced(
        &plan,
        &["decide", "use-mongo", "accept", "--on", "2026-11-01"],
        "decision/use-mongo is rejected since 2026-01-09: `decide accept` would replace that",
    );
    assert_eq!(field(&plan, "use-mongo", "status"), "accepted");
    assert_eq!(field(&plan, "use-mongo", "decided"), "2026-11-01");

    // Accepting again would move the day it was decided.
    refused_unless_forced(
        &plan,
        &["decide", "use-mongo", "accept"],
        "decision/use-mongo is accepted since 2026-11-01",
    );
    assert_eq!(field(&plan, "use-mongo", "decided"), TODAY);
}

#[test]
fn deprecate_does_not_replace_a_final_verdict() {
    let (_dir, plan) = plain_plan();
    common::write(&plan, "decisions/use-mongo.toml", REJECTED);
    refused_unless_forced(
        &plan,
        &["decide", "use-mongo", "deprecate"],
        "decision/use-mongo is rejected since 2026-01-09: `decide deprecate` would replace that",
    );
    assert_eq!(field(&plan, "use-mongo", "status"), "deprecated");
}

#[test]
fn supersede_does_not_replace_another_supersession() {
    let (_dir, plan) = plain_plan();
    common::write(&plan, "decisions/use-kafka.toml", KAFKA);
    common::write(
        &plan,
        "decisions/use-pulsar.toml",
        &KAFKA.replace("Kafka", "Pulsar"),
    );
    let home = empty_home();
    ok(
        &plan,
        home.path(),
        &[],
        &["supersede", "use-postgres", "--by", "use-kafka"],
    );
    refused_unless_forced(
        &plan,
        &["supersede", "use-postgres", "--by", "use-pulsar"],
        "decision/use-postgres is superseded since 2026-01-10: `supersede` would replace that",
    );
    // Saying again what both records say changes nothing, and is no error.
    let again = ok(
        &plan,
        home.path(),
        &[],
        &["supersede", "use-postgres", "--by", "use-pulsar"],
    );
    assert!(again.contains("nothing to change"), "{again}");
}

#[test]
fn role_fill_does_not_replace_the_hire() {
    let (_dir, plan) = plain_plan();
    common::write(&plan, "team/hiring/sre.toml", FILLED);
    refused_unless_forced(
        &plan,
        &["role", "fill", "sre", "--by", "alice"],
        "team/hiring/sre.toml: role/sre is filled by person/bob on 2026-10-01: `role fill` would replace that",
    );
    assert_eq!(field(&plan, "sre", "hire"), "alice");
    assert_eq!(field(&plan, "sre", "filled"), TODAY);
}

#[test]
fn role_fill_does_not_fill_a_cancelled_role() {
    let (_dir, plan) = plain_plan();
    common::write(
        &plan,
        "team/hiring/sre.toml",
        "title = \"SRE\"\nteam = \"core\"\nstatus = \"cancelled\"\nopened = 2026-09-01\n",
    );
    refused_unless_forced(
        &plan,
        &["role", "fill", "sre", "--by", "bob"],
        "role/sre is cancelled: `role fill` would contradict that",
    );
    assert_eq!(field(&plan, "sre", "status"), "filled");
}

#[test]
fn person_leave_does_not_move_the_last_day() {
    let (_dir, plan) = plain_plan();
    let home = empty_home();
    ok(
        &plan,
        home.path(),
        &[],
        &["person", "leave", "bob", "--on", "2026-12-31"],
    );
    refused_unless_forced(
        &plan,
        &["person", "leave", "bob", "--on", "2027-01-15"],
        "team/people/bob.toml: person/bob left on 2026-12-31: `person leave --on 2027-01-15` would replace that day",
    );
    assert_eq!(field(&plan, "bob", "left"), "2027-01-15");
    let stderr = refused(
        &plan,
        home.path(),
        &["person", "leave", "bob", "--on", "2027-01-15"],
    );
    assert!(
        stderr.contains("person/bob left on 2027-01-15 already")
            && stderr.contains("hint: nothing to do"),
        "{stderr}"
    );
}

#[test]
fn ship_does_not_ship_a_cancelled_initiative() {
    let (_dir, plan) = plain_plan();
    let home = empty_home();
    ok(&plan, home.path(), &[], &["cancel", "billing"]);
    refused_unless_forced(
        &plan,
        &["ship", "billing"],
        "roadmap/billing.toml: initiative/billing is cancelled: `ship` would contradict that",
    );
    assert_eq!(field(&plan, "billing", "status"), "shipped");
}
