//! The catalogue of rules: stable codes, severities, one-line summaries, and
//! the What it checks / Why / Fix paragraphs (Markdown, wrapped as in
//! `docs/rules.md`). These paragraphs are the one source of both the rule's
//! section of `docs/rules.md` (a generated block, kept current by a test)
//! and its SARIF `fullDescription` and `help`, so what GitHub shows under an
//! alert is what the documentation says.
//!
//! Codes are part of the public interface (CI configurations, SARIF rule ids,
//! `docs/rules.md`), so they never change meaning once released. This module
//! only names rules; the checks live beside it, in `parse` and in `store`.
//!
//! Compiled as `diagnostic::rules`, the bottom layer, because parsing and
//! loading report rules too; the source stays beside the checks that use it,
//! and `validate::rules` re-exports it. It must import nothing but
//! `diagnostic`.

pub use crate::diagnostic::{Rule, Severity};

macro_rules! rules {
    ($($ident:ident: $code:literal, $severity:ident, $summary:literal {
        what: $what:literal, why: $why:literal, fix: $fix:literal $(,)?
    })*) => {
        $(pub static $ident: Rule = Rule {
            code: $code,
            severity: Severity::$severity,
            summary: $summary,
            what: $what,
            why: $why,
            fix: $fix,
        };)*
        /// The rules every plan has, in documentation order.
        pub static CATALOGUE: &[&Rule] = &[$(&$ident),*];
    };
}

rules! {
    SYNTAX: "syntax", Error, "The file is not valid TOML." {
        what: "The file is valid TOML: strings are closed, every key has\n\
            a value, no key is defined twice, tables are not redefined. The file is not\n\
            checked further; the other errors of the file appear once the syntax is\n\
            fixed.",
        why: "Nothing else can be read from a file that does not parse.",
        fix: "Correct the TOML at the position shown; in the example below,\n\
            close the string: `title = \"Search v2\"`.",
    }
    ENCODING: "encoding", Error, "The file is not UTF-8 text." {
        what: "The file is UTF-8 text: it holds no NUL byte and no\n\
            invalid UTF-8 sequence, and it can be read at all (a permission problem is\n\
            reported here too, as `cannot read the file: …`).",
        why: "TOML is UTF-8 by definition, and a file in another encoding is read\n\
            differently by different tools. NUL bytes mean a binary file.",
        fix: "Save the file as UTF-8, or remove it if it is not a plan file.",
    }
    FILE_TOO_LARGE: "file-too-large", Error, "The file is larger than 1 MiB." {
        what: "The file is at most 1 MiB (1,048,576 bytes). A larger\n\
            file is not read.",
        why: "A record is a few hundred bytes. A file this large is bulk data\n\
            (an export, a log) that does not belong in the plan, and reading it would\n\
            slow every check.",
        fix: "Split the file, or keep the data elsewhere and link to it.",
    }
    EMPTY_FILE: "empty-file", Error, "The file holds nothing." {
        what: "A record file holds more than whitespace. (A file that\n\
            holds only comments is not empty; it gets [`missing-field`](#missing-field)\n\
            errors instead.)",
        why: "An empty file is usually a record that was started and forgotten;\n\
            it has none of its required fields.",
        fix: "Add the required fields listed in the help, or delete the file.",
    }
    UNKNOWN_FILE: "unknown-file", Error, "A TOML file outside the folders that hold records." {
        what: "Every `.toml` file under the plan root, other than\n\
            `cto-plan.toml` at the root, is inside one of the kind folders: `roadmap/`,\n\
            `objectives/`, `decisions/`, `risks/`, `team/teams/`, `team/people/`,\n\
            `team/hiring/`, `budget/` (or a sub-folder of one). Files that do not end in\n\
            `.toml`, and hidden files and folders, are not considered.",
        why: "The folder decides the kind of a record. A file elsewhere is a\n\
            record in the wrong place, often a typo in a folder name, and would\n\
            otherwise be silently ignored.",
        fix: "Move the file into the folder of its kind, or out of the plan.",
    }
    BAD_ID: "bad-id", Error, "The file name is not a valid record id." {
        what: "A record's file name, without `.toml`, is a valid id:\n\
            lower-case ASCII letters, digits and hyphens, starting with a letter or digit,\n\
            at most 64 characters. A budget's file name is a quarter label such as\n\
            `2026-Q3`. The keys of keyed sub-tables (`[milestone.KEY]`,\n\
            `[key_result.KEY]`, `[option.KEY]`, `[line.KEY]`) follow the same rule as ids.\n\
            \n\
            A record with a bad file name is still checked for other mistakes, but it is\n\
            not loaded, so references to it are dangling.",
        why: "The id is how other records refer to this one, and how it is named\n\
            on the command line. One spelling per id avoids `Search_V2` and `search-v2`\n\
            being two records, and names that break on case-insensitive file systems.",
        fix: "Rename the file (or the key) as suggested. Update references to it.",
    }
    DUPLICATE_ID: "duplicate-id", Error, "Two files define the same record." {
        what: "No two files of the same kind have the same id. This can\n\
            only happen with sub-folders, since the folder is not part of the id.",
        why: "A reference must name exactly one record.",
        fix: "Rename one of the files (and the references meant for it), or delete\n\
            the copy.",
    }
    SYMLINK: "symlink", Error, "A symbolic link that leaves the plan or leads nowhere." {
        what: "A symbolic link under the plan root resolves to something\n\
            inside the plan root. A link that leads out of the plan, or to nothing, is\n\
            reported. Links to files inside the plan are read; links to folders inside\n\
            the plan are not walked.",
        why: "The plan must be self-contained: a link out of it reads files that\n\
            are not versioned with the plan (and differ between machines), and would let\n\
            a pull request make the checker read any file on the CI runner.",
        fix: "Copy the file into the plan, or remove the link.",
    }
    SPECIAL_FILE: "special-file", Error, "A plan file that is a named pipe, a socket or a device." {
        what: "Every `.toml` entry under the plan root (or what a link\n\
            there leads to) is a regular file. A named pipe (FIFO), a socket or a device\n\
            is reported and never opened.",
        why: "Opening a named pipe waits until something writes to it, so a\n\
            pull request that adds one (or a link to one) would stop `check` forever;\n\
            a device could be endless. Such a file is never a record.",
        fix: "Remove the entry, or replace it with the record's TOML file.",
    }
    UNREADABLE_FOLDER: "unreadable-folder", Error, "A folder of the plan that cannot be listed." {
        what: "Every folder under the plan root can be listed. A\n\
            folder that cannot (usually a permission problem) is reported, and the rest\n\
            of the plan is still checked.",
        why: "The records inside such a folder are not read: references to them\n\
            look dangling and their mistakes go unseen, so the check is incomplete.",
        fix: "Give the user that runs cto-plan read and execute permission on the\n\
            folder (`chmod u+rx FOLDER`), or move it out of the plan.",
    }
    TEMPLATE: "template", Error, "A template under `.cto-plan/templates/` that does not parse or does not finish." {
        what: "Every file under `.cto-plan/templates/` is a minijinja\n\
            template that parses. A record template (`new/KIND.toml`) also renders, with\n\
            a sample record, within the limits every template runs under: a budget of\n\
            work and memory (minijinja's fuel), a depth of nesting and recursion, and a\n\
            size of output. Other templates (review templates) are run once without\n\
            data, and reported when they exceed a limit even so.",
        why: "Templates come with the plan, and so from pull requests. A template\n\
            that loops without end (nested `range(100000)` loops) or grows a string to\n\
            gigabytes (`s ~ s ~ s`) would stop `cto-plan new` or `review`; the limits\n\
            turn that into an error, and this rule shows it before anyone runs them.",
        fix: "Fix the template at the line shown: drop the runaway loop or\n\
            recursion, or produce less output.",
    }
    UNKNOWN_KEY: "unknown-key", Error, "A key the record's kind does not have." {
        what: "Every key of a record, of its sub-tables and of\n\
            `cto-plan.toml` is a field of the format. The help suggests the closest field\n\
            when there is one, or lists the fields of a sub-table.",
        why: "A misspelled key is otherwise silently ignored: `ownr = \"alice-chen\"`\n\
            would leave the initiative without an owner.",
        fix: "Correct the key, or move your own data under\n\
            [`[custom]`](format.md#custom), which is never checked.",
    }
    WRONG_TYPE: "wrong-type", Error, "A value of the wrong type." {
        what: "Each value has the TOML type its field takes: a string, a\n\
            whole number, a number, a boolean, a date, a list, a table. This includes a\n\
            float in an integer field (`likelihood = 3.0`), a date string not written as\n\
            `YYYY-MM-DD`, a list element that is not a string, and an array of tables\n\
            (`[[milestone]]`) where keyed sub-tables are expected.",
        why: "Values are used as their type: a string where a list is expected\n\
            would be read as one tag, or as no tags at all.",
        fix: "Write the value in the type the message names; for keyed\n\
            sub-tables, see [format.md](format.md#keyed-sub-tables).",
    }
    INVALID_VALUE: "invalid-value", Error, "A value outside its set or range." {
        what: "A value of the right type is acceptable:\n\
            \n\
            - a status, priority, category or other word is one of the listed words;\n\
            - a quarter is `YYYY-Qn` with n from 1 to 4;\n\
            - a whole number is within its range (`likelihood` 1 to 5);\n\
            - a number is finite and not below its minimum (amounts, estimates ≥ 0);\n\
            - a date exists (`2026-02-30` does not) and has no time of day;\n\
            - a currency is three capital letters;\n\
            - a reference is a valid id, with no prefix or the prefix of the kind the\n  \
            field takes (`owner = \"team/search\"` is refused).",
        why: "Reports and other checks rely on these values: a status they do not\n\
            know, or a quarter that does not exist, would silently fall through them.",
        fix: "Use one of the values the label or help gives.",
    }
    MISSING_FIELD: "missing-field", Error, "A required field is absent." {
        what: "Every required field is present: in each record, in each\n\
            keyed sub-table (`milestone.beta` needs a `title`) and in `cto-plan.toml`.\n\
            Some fields are required only in some statuses:\n\
            \n\
            | Kind | Field | Required when `status` is |\n\
            |---|---|---|\n\
            | initiative | `quarter` | anything but `proposed` or `cancelled` |\n\
            | initiative | `shipped` | `shipped` |\n\
            | decision | `decided` | `accepted`, `rejected`, `deprecated` or `superseded` |\n\
            | decision | `decision` | anything but `proposed` |\n\
            | role | `filled` | `filled` |\n\
            | risk | `closed` | `closed` |\n\
            \n\
            A field that is present but invalid is reported by its own rule, not here.",
        why: "Without these fields a record cannot be listed, planned or\n\
            reviewed: a planned initiative without a quarter is in no quarter's plan, a\n\
            shipped one without a date cannot be reported on.",
        fix: "Add the field, or (for a status-dependent one) correct the status.",
    }
    DANGLING_REFERENCE: "dangling-reference", Error, "A reference to a record that does not exist." {
        what: "Every reference names a record that exists, in every\n\
            reference field, including those in sub-tables (`line.KEY.team`). The help\n\
            suggests a close id when there is one.",
        why: "A reference to nothing is a typo, or a record that was renamed or\n\
            deleted. Owners, dependencies and rollups would silently drop it.",
        fix: "Correct the id, or create the record the help names.",
    }
    DEPENDENCY_CYCLE: "dependency-cycle", Error, "Records that depend on each other in a circle." {
        what: "These fields do not lead, record by record, back to where\n\
            they started:\n\
            \n\
            | Kind | Field | A cycle means |\n\
            |---|---|---|\n\
            | initiative | `depends_on` | initiatives depend on each other in a circle |\n\
            | team | `parent` | teams are their own parents |\n\
            | person | `manager` | people manage each other in a circle |\n\
            | decision | `supersedes` | decisions supersede each other in a circle |\n\
            \n\
            A record that refers to itself is a cycle of one. The finding is on the\n\
            reference that closes the cycle and lists the whole cycle.",
        why: "A cycle cannot be scheduled, rolled up or drawn as a tree: no\n\
            initiative in it can ship first, and no team in it is at the top.",
        fix: "Remove the entry that is wrong; usually one of the two dependencies\n\
            is really the other way round.",
    }
    SUPERSEDE: "supersede-consistency", Error, "Superseded decisions and the decisions that supersede them disagree." {
        what: "Both sides of a supersession agree:\n\
            \n\
            - a decision named in another decision's `supersedes` has\n  \
            `status = \"superseded\"`;\n\
            - a decision with `status = \"superseded\"` is named in some decision's\n  \
            `supersedes`.",
        why: "A reader of the old decision must learn that it no longer holds,\n\
            and what replaced it.",
        fix: "Set `status = \"superseded\"` on the older decision (it needs a\n\
            `decided` date), or add it to the newer decision's `supersedes`, or correct\n\
            the status.",
    }
    DATE_ORDER: "date-order", Error, "Dates or quarters in the wrong order." {
        what: "Pairs of dates or quarters in one record are in order;\n\
            equal is fine:\n\
            \n\
            | Kind | Earlier | Later |\n\
            |---|---|---|\n\
            | initiative | `start` | `quarter` |\n\
            | person | `joined` | `left` |\n\
            | role | `opened` | `filled` |\n\
            | role | `opened` | `expected_start` |\n\
            | risk | `opened` | `closed` |\n\
            | decision | `proposed` | `decided` |",
        why: "One of the two is a typo, and reports built on either are wrong.",
        fix: "Correct whichever date is wrong.",
    }
    OVER_ALLOCATED: "over-allocated", Error, "One person's records are allocated more than their whole time." {
        what: "A person shared between teams has one person record per\n\
            team. Records with the same `name` (ignoring case and surrounding blanks)\n\
            are one person: at no day where their `joined`..`left` periods overlap (an\n\
            absent date is open) do their `allocation`s (1 when absent) add up to more\n\
            than 1. Each record of the overlap is reported on its `allocation` line (its\n\
            `name` line when it has none), naming the others.",
        why: "Capacity counts each record's allocation as time the team has:\n\
            a person allocated 1 to two teams is counted twice, and both teams'\n\
            supply is wrong.",
        fix: "Lower the `allocation` of the records so they add up to at most 1,\n\
            or end the older record with `left` where the person moved teams.",
    }
    BYTE_ORDER_MARK: "byte-order-mark", Warning, "The file starts with a byte-order mark." {
        what: "The file does not start with a UTF-8 byte-order mark\n\
            (bytes `EF BB BF`). The file is read anyway.",
        why: "The mark is invisible in most editors, some TOML tools reject it,\n\
            and it shows up as a change in diffs.",
        fix: "Save the file as UTF-8 without BOM.",
    }
    OWNER_LEFT: "owner-left", Warning, "An owner, lead, decider or manager has left." {
        what: "No record that is still open names, in these fields, a\n\
            person whose `left` date (their last day) is before today:\n\
            \n\
            | Kind | Field | Not checked when `status` is |\n\
            |---|---|---|\n\
            | initiative | `owner` | `shipped`, `cancelled` |\n\
            | objective | `owner` | `achieved`, `missed`, `dropped` |\n\
            | risk | `owner` | `closed` |\n\
            | team | `lead` | — (teams have no status) |\n\
            | person | `manager` | — (skipped when that person has left too) |\n\
            | decision | `deciders` | anything but `proposed` |\n\
            \n\
            Depends on [today's date](#todays-date).",
        why: "Work owned by someone who has left is owned by nobody. Finished\n\
            records, and decisions already taken, are history and keep their names.",
        fix: "Hand the record over: set the field to someone who is still here.",
    }
    OVERDUE: "overdue-initiative", Warning, "An initiative is past its target quarter and neither shipped nor cancelled." {
        what: "An initiative whose status is neither `shipped` nor\n\
            `cancelled` is reported when the last day of its `quarter` is before today.\n\
            The last day follows `fiscal_year_start_month` (see\n\
            [format.md](format.md#quarters-and-fiscal-years)). Depends on\n\
            [today's date](#todays-date).",
        why: "A plan whose target quarters are in the past no longer says when\n\
            things will happen.",
        fix: "Move `quarter` to when it will really ship, or set the status to\n\
            `shipped` (with a `shipped` date) or `cancelled`.",
    }
    REVIEW_DUE: "review-overdue", Warning, "A decision's or risk's review date has passed." {
        what: "A decision or risk with a `review_by` date before today\n\
            is reported, unless it is finished: a decision that is `rejected`,\n\
            `deprecated` or `superseded`, or a `closed` risk. Depends on\n\
            [today's date](#todays-date).",
        why: "A review date is a promise to look again; a missed one means a\n\
            decision or risk nobody is watching.",
        fix: "Review the record, then set `review_by` to the next review date.",
    }
    NO_OWNER: "no-owner", Warning, "An active initiative has no owner." {
        what: "An initiative with `status = \"active\"` has an `owner`.",
        why: "Active work needs one person accountable for it.",
        fix: "Add `owner = \"PERSON-ID\"`.",
    }
    OVER_CAPACITY: "over-capacity", Warning, "A team has more work than people in a quarter not yet over." {
        what: "For each quarter from today's to the last target quarter of\n\
            open work (at most eight), a team with work charged to it has a load\n\
            (demand ÷ supply, its sub-teams included, as\n\
            [capacity.md](capacity.md) defines them) of at most\n\
            `[capacity] over_capacity_percent`, 100 by default. Depends on\n\
            [today's date](#todays-date).",
        why: "A team asked for more engineer-weeks than it has will slip\n\
            something; better to choose what while the quarter is ahead.",
        fix: "Move work to a later quarter or another team, shrink its\n\
            `estimate`, or plan a hire (`role` with `expected_start`).",
    }
    UNSTAFFED_TEAM: "unstaffed-team", Warning, "A team has work in a quarter not yet over and nobody to do it." {
        what: "A team with work charged to it in a quarter from today's on\n\
            has some supply in that quarter: people there (by `joined` and\n\
            `left`), or open roles expected to start. Depends on\n\
            [today's date](#todays-date).",
        why: "Work with nobody to do it is not a plan.",
        fix: "Give the work to a team with people, or plan the team's first hires.",
    }
    DEPENDENCY_ORDER: "dependency-order", Warning, "Open work depends on work planned later, or cancelled." {
        what: "A planned, active or paused initiative whose target quarter\n\
            has not ended depends (`depends_on`) on no initiative that is\n\
            `cancelled`, and on none targeted at a later quarter that has not\n\
            shipped. Depends on [today's date](#todays-date).",
        why: "Work cannot ship before what it needs; a dependency planned for\n\
            later, or dropped, means this target quarter will not hold.",
        fix: "Move one of the two target quarters, or drop the dependency.",
    }
    KEY_PERSON: "key-person", Warning, "Work in a quarter not yet over needs a skill one person or nobody has." {
        what: "For each quarter from today's on, every skill an open\n\
            initiative of the quarter needs (its `skills`) is held by at least two\n\
            people there in the quarter (their `skills`, by `joined` and\n\
            `left`). Depends on [today's date](#todays-date).",
        why: "Work that one person can do stops when they are ill, on leave or\n\
            gone; work nobody can do does not start.",
        fix: "Pair someone with the one person, hire, or record the risk:\n\
            `cto-plan skills --suggest-risks` prints the commands.",
    }
    OWNER_OVERLOADED: "owner-overloaded", Warning, "A person owns more active initiatives than the limit." {
        what: "Nobody owns more active initiatives than\n\
            `[capacity] owner_active_limit`, 3 by default.",
        why: "Accountability spread too thin is nobody's; the work waits for\n\
            its owner's attention.",
        fix: "Hand some of the initiatives to other owners, or pause some.",
    }
    UNTRACED_INITIATIVE: "untraced-initiative", Warning, "Active work in a quarter not yet over serves no objective." {
        what: "Only with `[capacity] traceability = true`. For each quarter\n\
            from today's on (as for [`over-capacity`](#over-capacity)), an active\n\
            initiative whose work spans the quarter (from its `start` to its target\n\
            `quarter`) names in `objectives` at least one objective of the plan. The\n\
            finding is on its `objectives` line, or its `status` line when it has none.\n\
            `cto-plan capacity` lists these initiatives whatever the setting.\n\
            Depends on [today's date](#todays-date).",
        why: "Engineer-weeks spent on work that no objective asks for are the\n\
            first to question when a team is over capacity.",
        fix: "Name the objectives the work serves in `objectives`, or ask whether\n\
            it should be active; set `traceability = false` under `[capacity]` to stop\n\
            these warnings.",
    }
    UNSERVED_KEY_RESULT: "unserved-key-result", Warning, "A key result of a quarter not yet over has no initiative serving it." {
        what: "Only with `[capacity] traceability = true`. Every key result\n\
            of an unfinished objective (not `achieved`, `missed` or `dropped`) whose\n\
            `quarter` is today's or later is served by an initiative: one that is not\n\
            `cancelled` names the objective in its `objectives`. Initiatives name\n\
            objectives, not key results, so one initiative serves all of its\n\
            objective's key results. The finding is on the key result's\n\
            `[key_result.KEY]` table, or the objective's `title` when it has no key\n\
            result. `cto-plan capacity` lists these key results whatever the setting.\n\
            Depends on [today's date](#todays-date).",
        why: "A key result nobody works on is a hope, not a plan: it will be\n\
            missed, or met by chance.",
        fix: "Add the objective to the `objectives` of the initiative that moves\n\
            the key result, plan one, or drop the key result.",
    }
    OVER_BUDGET: "over-budget", Warning, "A budget line of a quarter not yet over spends more than planned, beyond the threshold." {
        what: "For each budget line with both `planned` and `actual`,\n\
            in a budget whose quarter has not ended, `actual` is not more than\n\
            `planned × (1 + budget_overrun_percent / 100)`. The percentage comes from\n\
            `[check] budget_overrun_percent` in `cto-plan.toml`, 10 by default (see\n\
            [Settings](#settings)). A line planned at 0 with any spending reports\n\
            `(all of it over)`. Budgets of quarters that have ended are not checked:\n\
            their spending is history, and the review's budget section lists their\n\
            overruns ([review.md](review.md)). Depends on [today's date](#todays-date).",
        why: "An overrun beyond normal noise needs a decision while the quarter\n\
            is still open: more money, or less spending. Once it has closed, raising\n\
            `planned` would rewrite history, and a warning nobody can act on would\n\
            make `--deny-warnings` unusable.",
        fix: "Raise `planned` with a `note` on why, or, if overruns of this size\n\
            are normal for you, raise `budget_overrun_percent`.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_kebab_case() {
        let mut codes: Vec<&str> = CATALOGUE.iter().map(|r| r.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), CATALOGUE.len());
        assert!(
            codes
                .iter()
                .all(|c| c.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'))
        );
    }
}
