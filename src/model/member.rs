//! The people who sit on boards: site members with ids, their seats on
//! boards with terms, and how a name written in a meeting finds its member.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::values::Date;
use crate::content::yaml::{FieldMap, likeness};
use crate::diagnostics::Diagnostic;

/// A person in `site.yaml`'s `members`, with a page of their own.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub organisation: Option<String>,
    #[serde(default)]
    pub party: Option<String>,
}

/// A seat on a board: a site member by id, with an optional term, or a
/// person by name alone (a co-opted member, an adviser).
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Seat {
    #[serde(default)]
    pub member: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub organisation: Option<String>,
    #[serde(default)]
    pub from: Option<Date>,
    #[serde(default)]
    pub until: Option<Date>,
}

impl Seat {
    /// Whether the seat was held on `date`: both ends of a term count.
    pub fn covers(&self, date: Date) -> bool {
        self.from.is_none_or(|from| from <= date) && self.until.is_none_or(|until| date <= until)
    }

    /// Checks the seat at `at` (`boards.0.members.2`) against the roll.
    pub fn check(&self, roll: &Roll, at: &str, fields: &FieldMap, out: &mut Vec<Diagnostic>) {
        match (&self.member, &self.name) {
            (Some(_), Some(_)) => out.push(
                fields
                    .error(&format!("{at}.name"), "a seat takes a `member` or a `name`, not both")
                    .with_hint("keep `member` (the id of a member in `members`); the name comes from there"),
            ),
            (None, None) => out.push(
                fields
                    .error(at, "this seat has no `member` and no `name`")
                    .with_hint("add `member: <id>` for a person in `members`, or `name: A. Person`"),
            ),
            (Some(id), None) if roll.by_id(id).is_none() => out.push(
                fields
                    .error(
                        &format!("{at}.member"),
                        format!("there is no member with the id `{id}` in `members`"),
                    )
                    .with_hint(unknown_seat_hint(roll, id)),
            ),
            _ => {}
        }
        if let (Some(from), Some(until)) = (self.from, self.until) {
            if until < from {
                out.push(
                    fields
                        .error(
                            &format!("{at}.until"),
                            format!(
                                "the term ends on {} but starts on {}",
                                crate::format::long_date(until),
                                crate::format::long_date(from)
                            ),
                        )
                        .with_hint("give an `until` date on or after `from`"),
                );
            }
        }
    }
}

/// What to write for a seat whose `member` names nobody: the id of the
/// member it names by name, a near id, or how to seat a non-member.
fn unknown_seat_hint(roll: &Roll, written: &str) -> String {
    if let Some(member) = roll.find(written) {
        return format!(
            "`member` takes the member's id: write `member: {}`",
            member.id
        );
    }
    roll.did_you_mean(written).unwrap_or_else(|| {
        "add the person to `members` with this id, or seat someone who is not a member with `name:` instead of `member:`".to_string()
    })
}

/// Every site member, and how a name written in a meeting finds one.
#[derive(Debug, Clone, Default)]
pub struct Roll {
    members: Vec<Member>,
    /// Ids and normalised names, each to a member's place in `members`.
    index: BTreeMap<String, usize>,
}

impl Roll {
    pub fn new(members: Vec<Member>) -> Roll {
        let mut index = BTreeMap::new();
        for (i, member) in members.iter().enumerate() {
            index.entry(member.id.clone()).or_insert(i);
            index.entry(normalise(&member.name)).or_insert(i);
        }
        Roll { members, index }
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    pub fn members(&self) -> &[Member] {
        &self.members
    }

    pub fn by_id(&self, id: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.id == id)
    }

    /// The member that `written` names, by id or by name. Case, spacing
    /// and a note in brackets after the name ("Cllr A. Person (Chair)")
    /// are ignored.
    pub fn find(&self, written: &str) -> Option<&Member> {
        let written = written.trim();
        self.index
            .get(written)
            .or_else(|| self.index.get(&normalise(written)))
            .map(|&i| &self.members[i])
    }

    /// The member whose id or name `written` most resembles, when one is
    /// close enough to be it mistyped.
    pub fn nearest(&self, written: &str) -> Option<&Member> {
        let bare = normalise(written);
        self.members
            .iter()
            .flat_map(|m| [(m.id.as_str(), m), (m.name.as_str(), m)])
            .filter_map(|(key, m)| Some((likeness(&bare, &normalise(key))?, m)))
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, m)| m)
    }

    /// "did you mean …?" for a name or id that matches nobody and
    /// resembles a member.
    pub fn did_you_mean(&self, written: &str) -> Option<String> {
        self.nearest(written)
            .map(|m| format!("did you mean {} (`{}`)?", m.name, m.id))
    }
}

/// Lower case, single spaces, and no trailing note in brackets.
fn normalise(name: &str) -> String {
    let name = name.trim();
    let name = match name.rfind('(') {
        Some(open) if name.ends_with(')') && open > 0 => &name[..open],
        _ => name,
    };
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roll() -> Roll {
        Roll::new(vec![
            Member {
                id: "cllr-ellwood".into(),
                name: "Cllr Margaret Ellwood".into(),
                organisation: None,
                party: None,
            },
            Member {
                id: "cllr-mehta".into(),
                name: "Cllr Rajesh Mehta".into(),
                organisation: None,
                party: None,
            },
        ])
    }

    #[test]
    fn names_are_found_by_id_or_name_ignoring_case_spacing_and_a_note() {
        let roll = roll();
        for written in [
            "cllr-ellwood",
            "Cllr Margaret Ellwood",
            "cllr  margaret ellwood",
            "Cllr Margaret Ellwood (Chair)",
        ] {
            assert_eq!(
                roll.find(written).map(|m| m.id.as_str()),
                Some("cllr-ellwood"),
                "{written}"
            );
        }
        assert!(roll.find("Cllr Margaret").is_none());
        assert!(roll.find("(Chair)").is_none());
    }

    #[test]
    fn a_near_miss_gets_the_member_it_resembles() {
        let hint = roll().did_you_mean("Cllr Rajesh Metha");
        assert_eq!(
            hint.as_deref(),
            Some("did you mean Cllr Rajesh Mehta (`cllr-mehta`)?")
        );
        assert!(roll().did_you_mean("Alan Birch").is_none());
    }

    #[test]
    fn a_term_covers_both_its_ends() {
        let date = |s: &str| Date(chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap());
        let seat = Seat {
            from: Some(date("2008-05-01")),
            until: Some(date("2009-05-01")),
            ..Seat::default()
        };
        assert!(seat.covers(date("2008-05-01")));
        assert!(seat.covers(date("2009-05-01")));
        assert!(!seat.covers(date("2008-04-30")));
        assert!(!seat.covers(date("2009-05-02")));
    }
}
