//! Agenda items and standalone documents: the papers that carry
//! recommendations, budgets, risk registers and target tables.
//!
//! Both kinds share one front matter type so that the structured blocks are
//! parsed and checked by one piece of code; the fields that belong to only
//! one kind are checked by [`PaperFront::check_kind`].

use serde::{Deserialize, Serialize};

use super::budget::Budget;
use super::recommendation::Recommendation;
use super::risk::RiskRegister;
use super::target::TargetTable;
use super::values::{Date, Moment, OneOrMany, optional_text};
use crate::content::yaml::FieldMap;
use crate::diagnostics::Diagnostic;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    Decision,
    Information,
    Noting,
    Discussion,
}

impl ItemKind {
    pub fn label(self) -> &'static str {
        match self {
            ItemKind::Decision => "For decision",
            ItemKind::Information => "For information",
            ItemKind::Noting => "For noting",
            ItemKind::Discussion => "For discussion",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Access {
    #[default]
    Public,
    Exempt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocumentStatus {
    Draft,
    Consultation,
    Adopted,
    Superseded,
}

/// An appendix as a paper lists it: a file beside the paper, or a paper
/// published elsewhere (`url`). An exempt ("Part II") appendix of a public
/// paper is listed by title and reason only; it may name no file at all.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AppendixRef {
    pub title: String,
    #[serde(default)]
    pub file: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub access: Access,
    #[serde(default)]
    pub exempt_reason: Option<String>,
}

impl AppendixRef {
    /// The file beside the paper, when it names one.
    pub fn file(&self) -> Option<&str> {
        self.file.as_deref()
    }

    pub fn is_exempt(&self) -> bool {
        self.access == Access::Exempt
    }

    /// The fields that must go together: one of `file` and `url`, a reason
    /// with `access: exempt` and only then, and no exempt paper elsewhere.
    fn check(&self, at: &str, fields: &FieldMap, out: &mut Vec<Diagnostic>) {
        let field = |name: &str| format!("{at}.{name}");
        match (&self.file, &self.url) {
            (Some(_), Some(_)) => out.push(
                fields
                    .error(&field("url"), "an appendix takes a `file` or a `url`, not both")
                    .with_hint("keep `file` for a file beside the paper, or `url` for a paper published elsewhere"),
            ),
            (None, None) if !self.is_exempt() => out.push(
                fields
                    .error(at, "this appendix has no `file` and no `url`")
                    .with_hint("add `file: appendix-a.pdf` (a file beside the paper) or `url: https://…` (a paper published elsewhere)"),
            ),
            (_, Some(url)) => super::values::check_web_address(url, &field("url"), fields, out),
            _ => {}
        }
        let reason = self.exempt_reason.as_deref().map(str::trim);
        match (self.is_exempt(), reason) {
            (true, None | Some("")) => out.push(
                fields
                    .error(&field("access"), "an exempt appendix needs an `exempt_reason`")
                    .with_hint("add the reason it is withheld, for example `exempt_reason: Paragraph 3 of Schedule 12A (financial or business affairs)`"),
            ),
            (false, Some(_)) => out.push(
                fields
                    .error(&field("exempt_reason"), "`exempt_reason` is set but the appendix is public")
                    .with_hint("add `access: exempt` to withhold the appendix, or remove `exempt_reason`"),
            ),
            _ => {}
        }
        if self.is_exempt() && self.url.is_some() {
            out.push(
                fields
                    .error(
                        &field("url"),
                        "an exempt appendix cannot link to a paper published elsewhere",
                    )
                    .with_hint(
                        "remove `url`: an exempt appendix is listed by its title and reason only",
                    ),
            );
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    pub date: Date,
    pub note: String,
}

/// The front matter of an agenda item or a document.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaperFront {
    #[serde(default, deserialize_with = "optional_text")]
    pub item: Option<String>,
    /// The minute number the decisions are cited by: `CB 24/103`.
    #[serde(default, deserialize_with = "optional_text")]
    pub minute: Option<String>,
    /// The agenda heading the item sits under.
    #[serde(default)]
    pub section: Option<String>,
    #[serde(default)]
    pub key_decision: bool,
    /// The last day on which the item's decisions may be called in.
    #[serde(default)]
    pub call_in_until: Option<Date>,
    pub title: String,
    #[serde(default)]
    pub report_of: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub purpose: Option<String>,
    #[serde(default)]
    pub kind: Option<ItemKind>,
    #[serde(default)]
    pub access: Access,
    #[serde(default)]
    pub exempt_reason: Option<String>,
    #[serde(default)]
    pub date: Option<Date>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub status: Option<DocumentStatus>,
    #[serde(default)]
    pub recommendations: Vec<Recommendation>,
    #[serde(default)]
    pub budget: OneOrMany<Budget>,
    #[serde(default)]
    pub risks: OneOrMany<RiskRegister>,
    #[serde(default)]
    pub targets: OneOrMany<TargetTable>,
    #[serde(default)]
    pub appendices: Vec<AppendixRef>,
    #[serde(default)]
    pub related: Vec<String>,
    #[serde(default)]
    pub revisions: Vec<Revision>,
    #[serde(default)]
    pub supplement: bool,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub publish_after: Option<Moment>,
    #[serde(default)]
    pub draft: bool,
}

/// Which kind of paper a front matter belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaperKind {
    Item,
    Document,
}

const ITEM_ONLY: [&str; 10] = [
    "item",
    "minute",
    "section",
    "key_decision",
    "call_in_until",
    "report_of",
    "kind",
    "access",
    "exempt_reason",
    "supplement",
];
const DOCUMENT_ONLY: [&str; 3] = ["date", "summary", "status"];

impl PaperFront {
    /// The kind shown on the agenda: as written, else decision when there are
    /// recommendations to decide.
    pub fn effective_kind(&self) -> ItemKind {
        self.kind.unwrap_or(if self.recommendations.is_empty() {
            ItemKind::Information
        } else {
            ItemKind::Decision
        })
    }

    /// Checks the fields that only one kind of paper takes, and the rules
    /// that tie fields together.
    pub fn check_kind(&self, kind: PaperKind, fields: &FieldMap, out: &mut Vec<Diagnostic>) {
        let (foreign, what, hint) = match kind {
            PaperKind::Item => (
                &DOCUMENT_ONLY[..],
                "an agenda item",
                "an item takes its date from its meeting; remove this field",
            ),
            PaperKind::Document => (
                &ITEM_ONLY[..],
                "a document",
                "remove this field, or move the file into a meeting folder",
            ),
        };
        // Asking the field map is costly; ask only when the parsed values
        // show a field of the other kind may have been written.
        let suspect = match kind {
            PaperKind::Item => {
                self.date.is_some() || self.summary.is_some() || self.status.is_some()
            }
            PaperKind::Document => true,
        };
        for field in foreign.iter().filter(|_| suspect) {
            if fields.has(field) {
                out.push(
                    fields
                        .error(field, format!("`{field}` is not a field of {what}"))
                        .with_hint(hint),
                );
            }
        }
        if kind == PaperKind::Item {
            match &self.item {
                None => out.push(fields.error("", "this agenda item has no `item` number").with_hint("add `item: \"7\"` (or \"7a\", \"10.2\") to the front matter")),
                Some(number) if !is_item_number(number) => out.push(fields.error("item", format!("`{number}` is not an item number")).with_hint("write digits, optionally followed by a letter, a letter in brackets or `.` and digits, for example \"7\", \"7a\", \"7(a)\" or \"10.2\"")),
                Some(_) => {}
            }
            let reason_missing = self
                .exempt_reason
                .as_deref()
                .is_none_or(|r| r.trim().is_empty());
            if self.access == Access::Exempt && reason_missing {
                out.push(fields.error("access", "an exempt item needs an `exempt_reason`").with_hint("add the reason it is withheld, for example `exempt_reason: Information relating to the financial or business affairs of any particular person`"));
            }
        }
        for (i, appendix) in self.appendices.iter().enumerate() {
            appendix.check(&format!("appendices.{i}"), fields, out);
        }
        if kind == PaperKind::Item {
            out.extend(self.call_in_without_decisions(fields));
        }
        for (i, recommendation) in self.recommendations.iter().enumerate() {
            recommendation.validate(fields, &format!("recommendations.{i}"), out);
        }
        super::values::check_unique_ids(
            self.recommendations
                .iter()
                .enumerate()
                .map(|(i, r)| (r.id.as_str(), format!("recommendations.{i}.id"))),
            fields,
            "recommendation",
            "letter them a, b, c… once each",
            out,
        );
    }
}

impl PaperFront {
    /// A call-in period is for decisions this board takes: an item with no
    /// recommendations, or whose every recommendation goes to another body
    /// to decide, has none to call in. Only a warning: nothing is wrong
    /// with what is published, but the date is likely a slip.
    fn call_in_without_decisions(&self, fields: &FieldMap) -> Option<Diagnostic> {
        self.call_in_until?;
        let (message, hint) = if self.recommendations.is_empty() {
            (
                "`call_in_until` is given but this item has no recommendations, so no decision of it can be called in",
                "remove `call_in_until`, or add the item's `recommendations`",
            )
        } else if self
            .recommendations
            .iter()
            .all(|r| r.outcome == super::recommendation::Outcome::Recommended)
        {
            (
                "`call_in_until` is given but every recommendation of this item goes to another body, which takes the decision",
                "remove `call_in_until`: a recommendation to another body is not called in, the decision that body takes may be",
            )
        } else {
            return None;
        };
        Some(fields.warning("call_in_until", message).with_hint(hint))
    }

    /// The call-in period starts when the meeting takes its decisions, so
    /// it cannot end before the meeting's date.
    pub fn check_call_in_after(&self, meeting: Date, fields: &FieldMap, out: &mut Vec<Diagnostic>) {
        let Some(until) = self.call_in_until else {
            return;
        };
        if until < meeting {
            out.push(
                fields
                    .error(
                        "call_in_until",
                        format!(
                            "the call-in period ends on {}, before the meeting on {}",
                            crate::format::long_date(until),
                            crate::format::long_date(meeting)
                        ),
                    )
                    .with_hint("give the last day on which the decisions may be called in, on or after the meeting's date (often five working days after it)"),
            );
        }
    }
}

/// Item numbers look like "7", "7a", "7(a)" or "10.2".
fn is_item_number(text: &str) -> bool {
    let letters = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase());
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let rest = &text[digits..];
    digits > 0
        && (rest.is_empty()
            || letters(rest)
            || rest
                .strip_prefix('(')
                .and_then(|r| r.strip_suffix(')'))
                .is_some_and(letters)
            || rest.strip_prefix('.').is_some_and(is_item_number))
}

/// Agenda order: numbers compare by value, then letters and sub-numbers.
/// Brackets do not count, so "7(a)" and "7a" are the same position and
/// both come after "7" and before "7b" and "8".
pub fn natural_key(number: &str) -> Vec<(u64, String)> {
    let mut key = Vec::new();
    let mut chars = number
        .chars()
        .filter(|c| !matches!(c, '(' | ')'))
        .peekable();
    while chars.peek().is_some() {
        let digits: String = std::iter::from_fn(|| chars.next_if(char::is_ascii_digit)).collect();
        let other: String = std::iter::from_fn(|| chars.next_if(|c| !c.is_ascii_digit())).collect();
        key.push((digits.parse().unwrap_or(0), other));
    }
    key
}

/// The id of an item's place in a page that lists several (the agenda
/// pack): `item-7a` for "7(a)", `item-10-2` for "10.2". Letters and digits
/// only, so it is safe in a URL's `#` part and in a CSS selector, and
/// items that [`natural_key`] tells apart keep apart.
pub fn item_anchor(number: &str) -> String {
    let mut anchor = String::from("item-");
    for c in number.trim().chars() {
        match c {
            c if c.is_ascii_alphanumeric() => anchor.push(c.to_ascii_lowercase()),
            '.' => anchor.push('-'),
            _ => {}
        }
    }
    anchor
}

/// The front matter of a `.md` appendix: optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppendixFront {
    #[serde(default)]
    pub title: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_numbers_sort_naturally() {
        let mut numbers = vec!["10", "7a", "2", "7", "10.2", "1"];
        numbers.sort_by_key(|n| natural_key(n));
        assert_eq!(numbers, ["1", "2", "7", "7a", "10", "10.2"]);
    }

    #[test]
    fn bracketed_letters_sort_between_their_number_and_the_next() {
        let mut numbers = vec!["10.2", "8", "7(b)", "10", "7", "7(a)", "9"];
        numbers.sort_by_key(|n| natural_key(n));
        assert_eq!(numbers, ["7", "7(a)", "7(b)", "8", "9", "10", "10.2"]);
        assert_eq!(natural_key("7(a)"), natural_key("7a"));
        assert_ne!(natural_key("7(a)"), natural_key("7(b)"));
    }

    #[test]
    fn item_numbers_are_checked() {
        for good in ["7", "7a", "7(a)", "7(ab)", "10.2"] {
            assert!(is_item_number(good), "{good}");
        }
        for bad in ["", "a7", "7-", "seven", "7()", "7(a", "7a)", "7(A)", "7(1)"] {
            assert!(!is_item_number(bad), "{bad}");
        }
    }

    #[test]
    fn anchors_are_letters_digits_and_hyphens() {
        assert_eq!(item_anchor("7(a)"), "item-7a");
        assert_eq!(item_anchor("10.2"), "item-10-2");
        assert_eq!(item_anchor(" 7B "), "item-7b");
        for number in ["7", "7(a)", "10.2", "7b"] {
            let anchor = item_anchor(number);
            assert!(
                anchor
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-'),
                "{anchor}"
            );
        }
    }

    fn item(text: &str) -> Vec<Diagnostic> {
        let (front, fields) = crate::content::yaml::parse::<PaperFront>(
            std::path::Path::new("i.md"),
            text,
            2,
            crate::content::yaml::Reading::default(),
        )
        .unwrap();
        let mut out = Vec::new();
        front.check_kind(PaperKind::Item, &fields, &mut out);
        front.check_call_in_after(Date::parse("2008-12-05").unwrap(), &fields, &mut out);
        out
    }

    #[test]
    fn the_new_item_fields_are_read_and_a_document_rejects_them() {
        let text = "item: \"7(a)\"\ntitle: T\nminute: MB 08/45\nsection: Matters for recommendation to Council\nkey_decision: true\ncall_in_until: 2008-12-12\nrecommendations:\n  - {id: a, text: T, outcome: agreed}\n";
        assert_eq!(item(text), []);
        let (front, fields) = crate::content::yaml::parse::<PaperFront>(
            std::path::Path::new("d.md"),
            text,
            2,
            crate::content::yaml::Reading::default(),
        )
        .unwrap();
        assert_eq!(front.minute.as_deref(), Some("MB 08/45"));
        assert!(front.key_decision);
        let mut out = Vec::new();
        front.check_kind(PaperKind::Document, &fields, &mut out);
        let named: Vec<&str> = out.iter().map(|d| d.message.as_str()).collect();
        for field in ["minute", "section", "key_decision", "call_in_until"] {
            let message = format!("`{field}` is not a field of a document");
            assert!(named.contains(&message.as_str()), "{named:?}");
        }
    }

    #[test]
    fn a_call_in_period_needs_decisions_of_this_board() {
        let none = item("item: \"7\"\ntitle: T\ncall_in_until: 2008-12-12\n");
        assert_eq!(none.len(), 1, "{none:?}");
        assert_eq!(none[0].severity, crate::diagnostics::Severity::Warning);
        assert!(none[0].message.contains("has no recommendations"));
        let onward = item(
            "item: \"7\"\ntitle: T\ncall_in_until: 2008-12-12\nrecommendations:\n  - {id: a, text: T, outcome: recommended, recommended_to: Council}\n",
        );
        assert_eq!(onward.len(), 1, "{onward:?}");
        assert!(onward[0].message.contains("goes to another body"));
    }

    #[test]
    fn a_call_in_period_cannot_end_before_the_meeting() {
        let out = item(
            "item: \"7\"\ntitle: T\ncall_in_until: 2008-12-01\nrecommendations:\n  - {id: a, text: T, outcome: agreed}\n",
        );
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(
            out[0].message,
            "the call-in period ends on 1 December 2008, before the meeting on 5 December 2008"
        );
        assert_eq!(out[0].position.line, 4);
    }
}
