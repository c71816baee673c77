//! Rule `dependency-cycle`: records that, through one field, lead back to
//! themselves: initiatives through `depends_on`, teams through `parent`,
//! people through `manager`, decisions through `supersedes`: the graphs each
//! kind's spec declares.
//!
//! The walk is iterative, so a plan with a chain of ten thousand records
//! cannot overflow the stack.

use std::collections::HashMap;

use crate::diagnostic::Finding;
use crate::model::{Kind, Plan, Span};

use super::rules;

pub fn check(plan: &Plan, findings: &mut Vec<Finding>) {
    for &kind in Kind::ALL {
        for graph in kind.spec().graphs {
            check_graph(plan, kind, graph.field, graph.cycle, findings);
        }
    }
}

struct Edge {
    to: usize,
    span: Span,
}

fn check_graph(plan: &Plan, kind: Kind, field: &str, what: &str, findings: &mut Vec<Finding>) {
    let records: Vec<_> = plan.of_kind(kind).collect();
    let index: HashMap<&str, usize> = records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let edges: Vec<Vec<Edge>> = records
        .iter()
        .map(|record| {
            record
                .references()
                .into_iter()
                .filter(|site| site.field == field)
                .filter_map(|site| {
                    Some(Edge {
                        to: *index.get(Plan::bare_id(site.text))?,
                        span: site.span,
                    })
                })
                .collect()
        })
        .collect();

    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        OnPath,
        Done,
    }
    let mut state = vec![State::New; records.len()];
    for start in 0..records.len() {
        if state[start] != State::New {
            continue;
        }
        // The current path: (node, index of the next edge to follow).
        let mut path: Vec<(usize, usize)> = vec![(start, 0)];
        state[start] = State::OnPath;
        while let Some(top) = path.last_mut() {
            let node = top.0;
            let Some(edge) = edges[node].get(top.1) else {
                state[node] = State::Done;
                path.pop();
                continue;
            };
            top.1 += 1;
            match state[edge.to] {
                State::New => {
                    state[edge.to] = State::OnPath;
                    path.push((edge.to, 0));
                }
                State::OnPath => {
                    let from = path.iter().position(|(n, _)| *n == edge.to).unwrap_or(0);
                    let mut names: Vec<String> = path[from..]
                        .iter()
                        .map(|(n, _)| records[*n].reference())
                        .collect();
                    names.push(records[edge.to].reference());
                    let record = records[node];
                    findings.push(
                        Finding::new(
                            &rules::DEPENDENCY_CYCLE,
                            &record.path,
                            Some(edge.span.clone()),
                            format!("{what}: {}", names.join(" → ")),
                        )
                        .label("this closes the cycle")
                        .help(format!("remove one `{field}` entry along the cycle")),
                    );
                }
                State::Done => {}
            }
        }
    }
}
