//! `dangling-reference`'s help names the record meant: by id regardless of
//! case, by name, by a unique prefix, by a close spelling (issue 12, item 10).

use super::*;

#[test]
fn dangling_references_suggest_by_id_name_and_prefix() {
    let dir = plan();
    write(
        dir.path(),
        "team/teams/platform.toml",
        "name = \"Platform\"\nlead = \"alice\"\n",
    );
    write(
        dir.path(),
        "team/people/tom-ng.toml",
        "name = \"Tom Ng\"\nrole = \"SRE\"\nteam = \"platform\"\n",
    );
    let cases = [
        (
            "case.toml",
            "team = \"Platform\"",
            "did you mean \"platform\"?",
        ),
        ("prefix.toml", "owner = \"tom\"", "did you mean \"tom-ng\"?"),
        (
            "name.toml",
            "owner = \"Bob Stone\"",
            "did you mean \"bob\"?",
        ),
        (
            "names.toml",
            "depends_on = [\"Search v2\"]",
            "did you mean \"search-v2\"?",
        ),
        (
            "spelling.toml",
            "owner = \"alise\"",
            "did you mean \"alice\"?",
        ),
        (
            "nothing.toml",
            "owner = \"zzzzzz\"",
            "create team/people/zzzzzz.toml, or fix the id",
        ),
    ];
    for (file, line, _) in cases {
        write(
            dir.path(),
            &format!("roadmap/{file}"),
            &format!("title = \"T\"\nstatus = \"proposed\"\n{line}\n"),
        );
    }
    let (findings, code) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    // Those that are not ids are invalid values, with the same help.
    let dangling: Vec<_> = findings
        .iter()
        .filter(|f| f["code"] == "dangling-reference" || f["code"] == "invalid-value")
        .collect();
    assert_eq!(dangling.len(), cases.len(), "{findings:#?}");
    for (file, _, help) in cases {
        let finding = dangling
            .iter()
            .find(|f| f.to_string().contains(&format!("roadmap/{file}")))
            .unwrap_or_else(|| panic!("no finding in {file}"));
        let text = finding.to_string();
        assert!(
            text.contains(&help.replace('"', "\\\"")),
            "{file}: expected {help} in {finding:#}"
        );
    }
}
