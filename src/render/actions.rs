//! `/actions/`: every action arising from every public decision, grouped by
//! owner, so that whoever follows up decisions sees what is still to do and
//! by whom. Overdue is judged against the build's clock, as the decisions
//! register judges it, so a rebuild keeps the page true.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Context;

use super::registers::{self, Source};
use super::{Page, Renderer};
use crate::diagnostics::Diagnostic;
use crate::format;
use crate::model::recommendation::{Action, ActionStatus, Recommendation};
use crate::model::values::Date;
use crate::routes::Section;
use crate::site::Site;

/// Where an action stands on the day of the build. The order is the order
/// of the page: what is late, then what is still to do, then the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Standing {
    Overdue,
    Open,
    Done,
    Dropped,
}

impl Standing {
    /// An open action past its due date is overdue, whatever its status
    /// says ([`Action::is_overdue`]).
    pub fn of(action: &Action, today: Date) -> Standing {
        if action.is_overdue(today) {
            return Standing::Overdue;
        }
        match action.status {
            ActionStatus::Open => Standing::Open,
            ActionStatus::Done => Standing::Done,
            ActionStatus::Dropped => Standing::Dropped,
            ActionStatus::Overdue => Standing::Overdue,
        }
    }

    /// Still to be done: open or overdue.
    pub fn is_open(self) -> bool {
        matches!(self, Standing::Overdue | Standing::Open)
    }

    /// Where it sorts: overdue, then open, then done and dropped together.
    fn rank(self) -> u8 {
        match self {
            Standing::Overdue => 0,
            Standing::Open => 1,
            Standing::Done | Standing::Dropped => 2,
        }
    }
}

/// One action with the decision and paper it came from.
#[derive(Debug, Serialize)]
struct ActionEntry<'a> {
    text: &'a str,
    due: Option<String>,
    due_text: Option<String>,
    standing: Standing,
    recommendation_id: &'a str,
    outcome_label: &'static str,
    source: &'a Source<'a>,
    #[serde(skip)]
    owner: Option<&'a str>,
    #[serde(skip)]
    due_date: Option<Date>,
}

/// How many actions stand where: for the page and for each owner.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub all: usize,
    pub open: usize,
    pub overdue: usize,
    pub closed: usize,
}

impl Counts {
    fn add(&mut self, standing: Standing) {
        self.all += 1;
        if standing.is_open() {
            self.open += 1;
        } else {
            self.closed += 1;
        }
        if standing == Standing::Overdue {
            self.overdue += 1;
        }
    }
}

/// One owner's actions, in the page's order.
#[derive(Debug, Serialize)]
struct OwnerGroup<'a> {
    /// None for actions that name no owner.
    owner: Option<&'a str>,
    /// The section's id: by position, since owners are free text.
    anchor: String,
    counts: Counts,
    actions: Vec<ActionEntry<'a>>,
}

/// The register of actions.
pub fn pages(site: &Site, renderer: &Renderer) -> Result<Vec<Page>, Diagnostic> {
    let sources = registers::sources(site);
    let entries = action_entries(&sources, site.today);
    let mut counts = Counts::default();
    for entry in &entries {
        counts.add(entry.standing);
    }
    let mut context = Context::new();
    context.insert("counts", &counts);
    context.insert("owners", &by_owner(entries));
    context.insert("today", &site.today);
    context.insert("today_text", &format::long_date(site.today));
    let url = site.routes.section(Section::Actions);
    Ok(vec![renderer.page(site, "actions.html", &url, context)?])
}

/// Every action of every public paper, newest paper first.
fn action_entries<'a>(sources: &'a [Source<'a>], today: Date) -> Vec<ActionEntry<'a>> {
    sources
        .iter()
        .flat_map(|source| {
            source
                .paper
                .recommendations
                .iter()
                .flat_map(move |r| r.actions.iter().map(move |a| entry(source, r, a, today)))
        })
        .collect()
}

fn entry<'a>(
    source: &'a Source<'a>,
    recommendation: &'a Recommendation,
    action: &'a Action,
    today: Date,
) -> ActionEntry<'a> {
    ActionEntry {
        text: &action.text,
        due: action.due.map(|d| d.iso()),
        due_text: action.due.map(format::long_date),
        standing: Standing::of(action, today),
        recommendation_id: &recommendation.id,
        outcome_label: recommendation.outcome.label(),
        source,
        owner: action
            .owner
            .as_deref()
            .map(str::trim)
            .filter(|o| !o.is_empty()),
        due_date: action.due,
    }
}

/// The actions in a section per owner, owners in alphabetical order and
/// actions without one last. Within a section: overdue, open, then done
/// and dropped; each by due date, soonest first, undated ones after.
fn by_owner(entries: Vec<ActionEntry<'_>>) -> Vec<OwnerGroup<'_>> {
    // Sorted without regard to case, so "director" files beside "Director".
    let mut owners: BTreeMap<(bool, String, Option<&str>), Vec<ActionEntry>> = BTreeMap::new();
    for entry in entries {
        let key = (
            entry.owner.is_none(),
            entry.owner.unwrap_or("").to_lowercase(),
            entry.owner,
        );
        owners.entry(key).or_default().push(entry);
    }
    owners
        .into_values()
        .enumerate()
        .map(|(i, mut actions)| {
            // Stable: the same standing and due date keep the newest paper first.
            actions.sort_by_key(|a| (a.standing.rank(), a.due_date.is_none(), a.due_date));
            let mut counts = Counts::default();
            for action in &actions {
                counts.add(action.standing);
            }
            OwnerGroup {
                owner: actions[0].owner,
                anchor: format!("owner-{}", i + 1),
                counts,
                actions,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action(status: ActionStatus, due: Option<&str>) -> Action {
        Action {
            text: String::new(),
            owner: None,
            due: due.map(|d| Date::parse(d).unwrap()),
            status,
        }
    }

    #[test]
    fn an_open_action_past_its_date_is_overdue() {
        let today = Date::parse("2009-01-01").unwrap();
        let standing = |status, due| Standing::of(&action(status, due), today);
        assert_eq!(
            standing(ActionStatus::Open, Some("2008-12-31")),
            Standing::Overdue
        );
        assert_eq!(
            standing(ActionStatus::Open, Some("2009-01-01")),
            Standing::Open
        );
        assert_eq!(standing(ActionStatus::Open, None), Standing::Open);
        assert_eq!(standing(ActionStatus::Overdue, None), Standing::Overdue);
        assert_eq!(
            standing(ActionStatus::Done, Some("2008-01-01")),
            Standing::Done
        );
        assert_eq!(
            standing(ActionStatus::Dropped, Some("2008-01-01")),
            Standing::Dropped
        );
    }

    #[test]
    fn counts_say_how_many_are_open_overdue_and_closed() {
        let mut counts = Counts::default();
        for standing in [
            Standing::Overdue,
            Standing::Open,
            Standing::Done,
            Standing::Dropped,
            Standing::Overdue,
        ] {
            counts.add(standing);
        }
        assert_eq!(
            counts,
            Counts {
                all: 5,
                open: 3,
                overdue: 2,
                closed: 2
            }
        );
    }
}
