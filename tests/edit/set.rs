//! `set` and `unset` keep the file as it was written: comments, layout,
//! line endings and a byte order mark; fields and sub-tables go where they
//! belong, and setting the same value writes nothing.

use super::*;

#[test]
fn set_keeps_every_comment_and_the_layout() {
    let dir = commented_plan();
    let stdout = ok(
        dir.path(),
        &[
            "set",
            "search-v2",
            "title=Search v3",
            "quarter=2099-Q3",
            "estimate.weeks=8",
            "milestone.beta.done=true",
            "tags+=speed",
            "links+=https://b.example",
        ],
    );
    insta::assert_snapshot!(stdout, @r#"
    updated roadmap/search-v2.toml
      title                'Search v2' → "Search v3"
      quarter              "2099-Q4" → "2099-Q3"
      estimate.weeks       6 → 8
      milestone.beta.done  false → true
      tags                 ["search", "infra"] → ["search", "infra", "speed"]
      links                ["https://a.example"] → ["https://a.example", "https://b.example"]
    "#);
    insta::assert_snapshot!(read(dir.path(), "roadmap/search-v2.toml"), @r#"
    # Search, rebuilt from scratch.
    title = "Search v3" # working title
    status = "active"   # aligned comment
    summary = """
    Replace the old index.\
    """
    owner = "alice"
    team = "core"

    # When.
    quarter = "2099-Q3" # the target
    estimate = { engineers = 3, weeks = 8 } # rough
    tags = [ "search", "infra", "speed" ] # labels
    links = [
        # The design.
        "https://a.example",
        "https://b.example",
    ]

    # Milestones follow.
    [milestone.beta]
    title = "Beta"  # first
    done = true # not yet
    "#);
}

#[test]
fn set_adds_fields_and_sub_tables_where_they_belong() {
    let dir = commented_plan();
    ok(
        dir.path(),
        &[
            "set",
            "search-v2",
            "priority=p1",
            "milestone.ga.title=General availability",
            "milestone.ga.due=2099-12-01",
            "tags-=infra",
            "custom.cost_center=42",
        ],
    );
    insta::assert_snapshot!(read(dir.path(), "roadmap/search-v2.toml"), @r#"
    # Search, rebuilt from scratch.
    title = 'Search v2' # working title
    status = "active"   # aligned comment
    summary = """
    Replace the old index.\
    """
    owner = "alice"
    team = "core"

    # When.
    quarter = "2099-Q4" # the target
    estimate = { engineers = 3, weeks = 6 } # rough
    tags = [ "search" ] # labels
    links = [
        # The design.
        "https://a.example",
    ]
    priority = "p1"

    # Milestones follow.
    [milestone.beta]
    title = "Beta"  # first
    done = false # not yet

    [milestone.ga]
    title = "General availability"
    due = 2099-12-01

    [custom]
    cost_center = 42
    "#);
    let (_, _, code) = run(dir.path(), &["check"]);
    assert_eq!(code, 0);
}

#[test]
fn set_the_same_value_writes_nothing() {
    let dir = commented_plan();
    let before = snapshot_tree(dir.path());
    let stdout = ok(
        dir.path(),
        &["set", "search-v2", "status=active", "tags+=search"],
    );
    assert_eq!(stdout, "nothing to change: the plan says so already\n");
    assert_eq!(snapshot_tree(dir.path()), before);
}

#[test]
fn set_lists_whole_and_by_item() {
    let dir = plan();
    ok(
        dir.path(),
        &[
            "set",
            "billing",
            "tags=money, growth",
            "depends_on+=initiative/search-v2",
        ],
    );
    let f = fields(dir.path(), "billing");
    assert_eq!(f["tags"], serde_json::json!(["money", "growth"]));
    // A reference already there, written either way, is not added twice.
    assert_eq!(f["depends_on"], serde_json::json!(["search-v2"]));
    ok(
        dir.path(),
        &["set", "billing", "depends_on-=initiative/search-v2"],
    );
    assert_eq!(
        fields(dir.path(), "billing")["depends_on"],
        serde_json::json!([])
    );
}

#[test]
fn unset_removes_the_line_and_keeps_the_comments_above() {
    let dir = commented_plan();
    // An active initiative needs its quarter: unsetting it alone is refused.
    refused(dir.path(), &["unset", "search-v2", "quarter"]);
    ok(dir.path(), &["set", "search-v2", "status=proposed"]);
    let stdout = ok(
        dir.path(),
        &[
            "unset",
            "search-v2",
            "quarter",
            "links",
            "milestone.beta.done",
        ],
    );
    assert!(
        stdout.contains("  quarter              removed (was \"2099-Q4\")"),
        "{stdout}"
    );
    insta::assert_snapshot!(read(dir.path(), "roadmap/search-v2.toml"), @r#"
    # Search, rebuilt from scratch.
    title = 'Search v2' # working title
    status = "proposed"   # aligned comment
    summary = """
    Replace the old index.\
    """
    owner = "alice"
    team = "core"

    # When.
    estimate = { engineers = 3, weeks = 6 } # rough
    tags = [ "search", "infra" ] # labels

    # Milestones follow.
    [milestone.beta]
    title = "Beta"  # first
    "#);
}

#[test]
fn windows_line_endings_and_a_byte_order_mark_are_kept() {
    let dir = plan();
    let text = "\u{feff}name = \"Core\" # the team\r\nlead = \"alice\"\r\nmission = \"\"\"\r\nKeep the lights on.\r\n\"\"\"\r\n";
    write(dir.path(), "team/teams/core.toml", text);
    ok(
        dir.path(),
        &["set", "core", "name=Platform", "headcount_target=4"],
    );
    assert_eq!(
        read(dir.path(), "team/teams/core.toml"),
        text.replace("\"Core\"", "\"Platform\"") + "headcount_target = 4\r\n"
    );
}
