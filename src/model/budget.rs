//! Budgets: amounts in groups or lines, with declared totals that must add up.

use serde::{Deserialize, Serialize};

use super::values::Money;
use crate::content::yaml::FieldMap;
use crate::diagnostics::Diagnostic;

/// The unit the amounts of a budget are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scale {
    #[default]
    Units,
    Thousands,
    Millions,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default)]
    pub scale: Scale,
    #[serde(default)]
    pub available: Option<Money>,
    #[serde(default)]
    pub total: Option<Money>,
    #[serde(default)]
    pub groups: Vec<BudgetGroup>,
    #[serde(default)]
    pub lines: Vec<BudgetLine>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetGroup {
    pub name: String,
    #[serde(default)]
    pub total: Option<Money>,
    #[serde(default)]
    pub amount: Option<Money>,
    #[serde(default)]
    pub lines: Vec<BudgetLine>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetLine {
    pub label: String,
    pub amount: Money,
    #[serde(default)]
    pub note: Option<String>,
}

impl BudgetGroup {
    /// The group's figure: its single amount or the sum of its lines.
    pub fn sum(&self) -> Money {
        self.amount
            .unwrap_or_else(|| Money(self.lines.iter().map(|l| l.amount.0).sum()))
    }
}

impl Budget {
    /// The computed total of every group or line.
    pub fn sum(&self) -> Money {
        if self.groups.is_empty() {
            Money(self.lines.iter().map(|l| l.amount.0).sum())
        } else {
            Money(self.groups.iter().map(|g| g.sum().0).sum())
        }
    }

    /// What is left of `available` after the budget; negative when over-allocated.
    pub fn balance(&self) -> Option<Money> {
        self.available
            .map(|available| Money(available.0 - self.sum().0))
    }

    /// The currency code the budget is in: its own or the site's.
    pub fn currency_or<'a>(&'a self, site: &'a str) -> &'a str {
        self.currency.as_deref().unwrap_or(site)
    }

    /// Checks structure and declared totals; `path` is where the budget sits.
    pub fn validate(&self, fields: &FieldMap, path: &str, out: &mut Vec<Diagnostic>) {
        if let Some(code) = &self.currency {
            if !is_currency_code(code) {
                out.push(
                    fields
                        .error(
                            &format!("{path}.currency"),
                            format!("`{code}` is not an ISO 4217 currency code"),
                        )
                        .with_hint("write three capital letters, for example GBP or EUR"),
                );
            }
        }
        match (self.groups.is_empty(), self.lines.is_empty()) {
            (true, true) => out.push(
                fields
                    .error(path, "this budget has neither `groups` nor `lines`")
                    .with_hint(
                        "add `lines:` with `{label, amount}` entries, or `groups:` of lines",
                    ),
            ),
            (false, false) => out.push(
                fields
                    .error(
                        &format!("{path}.lines"),
                        "a budget has either `groups` or `lines`, not both",
                    )
                    .with_hint("move these lines into a group, or drop `groups`"),
            ),
            _ => {}
        }
        for (i, group) in self.groups.iter().enumerate() {
            group.validate(fields, &format!("{path}.groups.{i}"), out);
        }
        if let Some(total) = self.total {
            let sum = self.sum();
            if total != sum {
                out.push(mismatch(
                    fields,
                    &format!("{path}.total"),
                    "the budget's total",
                    total,
                    sum,
                ));
            }
        }
    }
}

impl BudgetGroup {
    fn validate(&self, fields: &FieldMap, path: &str, out: &mut Vec<Diagnostic>) {
        match (self.amount.is_some(), self.lines.is_empty()) {
            (false, true) => out.push(
                fields
                    .error(path, format!("the group `{}` is empty", self.name))
                    .with_hint("give it `amount: 100` or `lines:` with `{label, amount}` entries"),
            ),
            (true, false) => out.push(
                fields
                    .error(
                        &format!("{path}.amount"),
                        format!("the group `{}` has both `amount` and `lines`", self.name),
                    )
                    .with_hint(
                        "keep the lines and declare their sum as `total`, or drop the lines",
                    ),
            ),
            _ => {}
        }
        if let Some(total) = self.total {
            let sum = self.sum();
            if total != sum {
                let what = format!("the total of `{}`", self.name);
                out.push(mismatch(
                    fields,
                    &format!("{path}.total"),
                    &what,
                    total,
                    sum,
                ));
            }
        }
    }
}

fn mismatch(fields: &FieldMap, path: &str, what: &str, declared: Money, sum: Money) -> Diagnostic {
    let difference = Money(declared.0 - sum.0);
    fields
        .error(
            path,
            format!(
                "{what} is declared as {} but its amounts add up to {} (a difference of {})",
                declared.grouped(),
                sum.grouped(),
                difference.grouped()
            ),
        )
        .with_hint(format!(
            "correct the amounts, or declare `total: {}`",
            sum.plain()
        ))
}

fn is_currency_code(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::yaml;
    use std::path::Path;

    fn check(text: &str) -> Vec<Diagnostic> {
        let (budget, fields) =
            yaml::parse::<Budget>(Path::new("b.md"), text, 2, yaml::Reading::default()).unwrap();
        let mut out = Vec::new();
        budget.validate(&fields, "", &mut out);
        out
    }

    #[test]
    fn a_fund_that_adds_up_passes() {
        let text = "total: 349\ngroups:\n  - name: Support\n    total: 270\n    lines:\n      - {label: Self improvement, amount: 180}\n      - {label: Capacity building, amount: 90}\n  - name: Legacy surplus\n    amount: 79\n";
        assert!(check(text).is_empty());
    }

    #[test]
    fn a_wrong_total_shows_both_figures_at_its_line() {
        let text = "total: 350\nlines:\n  - {label: A, amount: 180}\n  - {label: B, amount: 169}\n";
        let out = check(text);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].position.line, 2);
        assert!(
            out[0]
                .message
                .contains("350 but its amounts add up to 349 (a difference of 1)")
        );
    }

    #[test]
    fn an_empty_group_is_an_error() {
        let out = check("groups:\n  - name: Nothing\n");
        assert!(out[0].message.contains("is empty"));
    }
}
