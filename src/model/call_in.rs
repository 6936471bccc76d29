//! Call-in: scrutiny may call in an executive decision for a short period
//! after the meeting, and the decision takes effect only when that period
//! has passed. What a reader needs to know depends on the day they read:
//! while the period runs, when the decision will take effect; after it,
//! that the period is over.

use serde::Serialize;

use super::values::Date;
use crate::format;

/// An item's call-in period as of the build's date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallIn {
    /// The last day on which the decisions may be called in.
    pub until: Date,
    pub until_text: String,
    /// The day after `until`, when decisions not called in take effect.
    pub takes_effect: Date,
    pub takes_effect_text: String,
    /// Whether the build's date is on or before `until`.
    pub open: bool,
    /// What to tell a reader, in a sentence without its full stop:
    /// "Takes effect on 13 December 2008, unless called in" while the
    /// period runs, "Call-in period ended 12 December 2008" after.
    pub notice: String,
}

impl CallIn {
    /// The period ending on `until`, as seen on `today`.
    pub fn new(until: Date, today: Date) -> Self {
        let takes_effect = Date(until.0.succ_opt().unwrap_or(until.0));
        let open = today <= until;
        let notice = if open {
            format!(
                "Takes effect on {}, unless called in",
                format::long_date(takes_effect)
            )
        } else {
            format!("Call-in period ended {}", format::long_date(until))
        };
        CallIn {
            until,
            until_text: format::long_date(until),
            takes_effect,
            takes_effect_text: format::long_date(takes_effect),
            open,
            notice,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn while_the_period_runs_the_decision_takes_effect_the_day_after() {
        for today in ["2008-12-05", "2008-12-12"] {
            let call_in = CallIn::new(day("2008-12-12"), day(today));
            assert!(call_in.open, "{today}");
            assert_eq!(
                call_in.notice,
                "Takes effect on 13 December 2008, unless called in"
            );
            assert_eq!(call_in.takes_effect, day("2008-12-13"));
        }
    }

    #[test]
    fn after_the_period_it_says_when_it_ended() {
        let call_in = CallIn::new(day("2008-12-31"), day("2009-01-01"));
        assert!(!call_in.open);
        assert_eq!(call_in.notice, "Call-in period ended 31 December 2008");
        assert_eq!(call_in.takes_effect_text, "1 January 2009");
    }
}
