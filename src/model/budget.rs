//! Budgets: figures in groups or lines, in one column (`amount`) or in
//! several (budget, actual, forecast; or the years of a capital
//! programme), with declared totals that must add up and an optional
//! variance computed from two columns.
//!
//! A line's figures are keyed by column id, so a line is read by hand
//! rather than derived: which keys are figures depends on the budget's
//! `columns`, and the check that every line gives every column (and no
//! other) happens in [`Budget::validate`], where the columns are known.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

use super::values::{Money, check_unique_ids};
use crate::content::yaml::{FieldMap, likeness, suggest};
use crate::diagnostics::Diagnostic;

/// The id of a budget's only column when it declares no `columns`.
pub const AMOUNT: &str = "amount";

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
    /// The figures each line gives; none declared means one, `amount`.
    #[serde(default)]
    pub columns: Vec<BudgetColumn>,
    #[serde(default)]
    pub variance: Option<VarianceSpec>,
    #[serde(default)]
    pub available: Option<Money>,
    #[serde(default)]
    pub total: Option<Total>,
    #[serde(default)]
    pub groups: Vec<BudgetGroup>,
    #[serde(default)]
    pub lines: Vec<BudgetLine>,
}

/// One figure every line gives: `{id: forecast, label: Forecast outturn}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetColumn {
    pub id: String,
    pub label: String,
}

/// A computed column: the figure of `of` minus the figure of `against`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct VarianceSpec {
    pub of: String,
    pub against: String,
    #[serde(default)]
    pub label: Option<String>,
}

impl VarianceSpec {
    /// The heading of the variance column.
    pub fn label(&self) -> &str {
        self.label.as_deref().unwrap_or("Variance")
    }
}

/// A declared total: one amount for a budget of one column, or one per
/// column (`{budget: 3400000, forecast: 3356595}`), each optional.
#[derive(Debug, Clone, PartialEq)]
pub enum Total {
    One(Money),
    PerColumn(Figures),
}

/// Figures by column id, in the order the author wrote them (so a figure
/// given twice is still there to be reported).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Figures(pub Vec<(String, Money)>);

impl Figures {
    /// The figure of column `id`, if given.
    pub fn get(&self, id: &str) -> Option<Money> {
        self.0.iter().find(|(key, _)| key == id).map(|(_, m)| *m)
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct BudgetGroup {
    pub name: String,
    pub total: Option<Total>,
    pub lines: Vec<BudgetLine>,
    /// The group's own figures when it has no lines (`amount: 385`).
    pub figures: Figures,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct BudgetLine {
    pub label: String,
    pub note: Option<String>,
    pub figures: Figures,
}

impl BudgetLine {
    /// The line's figure in column `id`; 0 only for a line that failed
    /// [`Budget::validate`], which is never rendered.
    pub fn figure(&self, id: &str) -> Money {
        self.figures.get(id).unwrap_or_default()
    }
}

impl BudgetGroup {
    /// The group's figure in column `id`: its own, or the sum of its lines.
    pub fn sum_of(&self, id: &str) -> Money {
        if self.lines.is_empty() {
            self.figures.get(id).unwrap_or_default()
        } else {
            Money(self.lines.iter().map(|l| l.figure(id).0).sum())
        }
    }
}

impl Budget {
    /// The budget's columns: those declared, or the one column `amount`.
    pub fn columns(&self) -> Vec<BudgetColumn> {
        if self.columns.is_empty() {
            vec![BudgetColumn {
                id: AMOUNT.into(),
                label: "Amount".into(),
            }]
        } else {
            self.columns.clone()
        }
    }

    /// The ids of [`Budget::columns`], in order.
    pub fn column_ids(&self) -> Vec<&str> {
        if self.columns.is_empty() {
            vec![AMOUNT]
        } else {
            self.columns.iter().map(|c| c.id.as_str()).collect()
        }
    }

    /// Whether each line gives several figures: such a budget has no
    /// `available`, no shares of its total, and a grouped chart.
    pub fn has_several_columns(&self) -> bool {
        self.columns.len() > 1
    }

    /// The computed total of column `id` over every group or line.
    pub fn sum_of(&self, id: &str) -> Money {
        if self.groups.is_empty() {
            Money(self.lines.iter().map(|l| l.figure(id).0).sum())
        } else {
            Money(self.groups.iter().map(|g| g.sum_of(id).0).sum())
        }
    }

    /// The computed total of each column, in column order.
    pub fn totals(&self) -> Vec<Money> {
        self.column_ids()
            .into_iter()
            .map(|id| self.sum_of(id))
            .collect()
    }

    /// The computed total of the first column: of a budget's only column,
    /// which is what every single-figure view shows.
    pub fn sum(&self) -> Money {
        self.sum_of(self.column_ids()[0])
    }

    /// What is left of `available` after the budget; negative when over-allocated.
    pub fn balance(&self) -> Option<Money> {
        self.available
            .map(|available| Money(available.0 - self.sum().0))
    }

    /// The variance of a row whose figure in a column is `figure(id)`:
    /// `of` minus `against`, in exact hundredths.
    pub fn variance_with(&self, figure: impl Fn(&str) -> Money) -> Option<Money> {
        self.variance
            .as_ref()
            .map(|v| Money(figure(&v.of).0 - figure(&v.against).0))
    }

    /// The currency code the budget is in: its own or the site's.
    pub fn currency_or<'a>(&'a self, site: &'a str) -> &'a str {
        self.currency.as_deref().unwrap_or(site)
    }

    /// Checks structure, columns, figures and declared totals; `path` is
    /// where the budget sits.
    pub fn validate(&self, fields: &FieldMap, path: &str, out: &mut Vec<Diagnostic>) {
        if let Some(code) = &self.currency {
            if !is_currency_code(code) {
                out.push(
                    fields
                        .error(
                            &join(path, "currency"),
                            format!("`{code}` is not an ISO 4217 currency code"),
                        )
                        .with_hint("write three capital letters, for example GBP or EUR"),
                );
            }
        }
        self.validate_columns(fields, path, out);
        self.validate_variance(fields, path, out);
        self.validate_available(fields, path, out);
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
                        &join(path, "lines"),
                        "a budget has either `groups` or `lines`, not both",
                    )
                    .with_hint("move these lines into a group, or drop `groups`"),
            ),
            _ => {}
        }
        if !self.fits() {
            out.push(
                fields
                    .error(path, "the amounts of this budget are too large to add up")
                    .with_hint("write them in thousands or millions with `scale: thousands` or `scale: millions`"),
            );
            return;
        }
        let columns = Columns::of(self);
        for (i, line) in self.lines.iter().enumerate() {
            line.validate(&columns, fields, &join(path, &format!("lines.{i}")), out);
        }
        for (i, group) in self.groups.iter().enumerate() {
            group.validate(&columns, fields, &join(path, &format!("groups.{i}")), out);
        }
        if let Some(total) = &self.total {
            let sums = self.totals();
            columns.check_total(total, &sums, None, fields, path, out);
        }
    }

    /// Whether every sum and difference of the budget's figures fits in an
    /// `i64`: the sizes of all its figures together, declared totals and
    /// `available` included, bound every one of them, and leave a margin.
    fn fits(&self) -> bool {
        fn size(figures: &Figures) -> i128 {
            figures.0.iter().map(|(_, m)| i128::from(m.0).abs()).sum()
        }
        fn total_size(total: &Option<Total>) -> i128 {
            match total {
                None => 0,
                Some(Total::One(m)) => i128::from(m.0).abs(),
                Some(Total::PerColumn(figures)) => size(figures),
            }
        }
        let lines = |lines: &[BudgetLine]| lines.iter().map(|l| size(&l.figures)).sum::<i128>();
        let groups: i128 = self
            .groups
            .iter()
            .map(|g| total_size(&g.total) + size(&g.figures) + lines(&g.lines))
            .sum();
        let all = self.available.map_or(0, |m| i128::from(m.0).abs())
            + total_size(&self.total)
            + lines(&self.lines)
            + groups;
        all <= i128::from(i64::MAX) / 4
    }

    fn validate_columns(&self, fields: &FieldMap, path: &str, out: &mut Vec<Diagnostic>) {
        if fields.has(&join(path, "columns")) && self.columns.is_empty() {
            out.push(
                fields
                    .error(&join(path, "columns"), "`columns` lists no columns")
                    .with_hint(
                        "list them, for example `- {id: budget, label: Revised budget}`, or leave `columns` out for one column, `amount`",
                    ),
            );
        }
        for (i, column) in self.columns.iter().enumerate() {
            let at = join(path, &format!("columns.{i}.id"));
            if RESERVED.contains(&column.id.as_str()) {
                out.push(
                    fields
                        .error(
                            &at,
                            format!(
                                "`{}` is a field of budget lines and groups, so it cannot name a column",
                                column.id
                            ),
                        )
                        .with_hint("give the column another id, such as `budget` or `forecast`"),
                );
            } else if !is_column_id(&column.id) {
                out.push(
                    fields
                        .error(&at, format!("`{}` cannot be a column id", column.id))
                        .with_hint(
                            "use lower-case letters, digits and underscores, starting with a letter, such as `forecast` or `year_1`; the `label` is what readers see",
                        ),
                );
            }
        }
        check_unique_ids(
            self.columns
                .iter()
                .enumerate()
                .map(|(i, c)| (c.id.as_str(), join(path, &format!("columns.{i}.id")))),
            fields,
            "column",
            "give each column its own id",
            out,
        );
    }

    fn validate_variance(&self, fields: &FieldMap, path: &str, out: &mut Vec<Diagnostic>) {
        let Some(variance) = &self.variance else {
            return;
        };
        let ids = self.column_ids();
        for (field, id) in [("of", &variance.of), ("against", &variance.against)] {
            if !ids.contains(&id.as_str()) {
                out.push(
                    fields
                        .error(
                            &join(path, &format!("variance.{field}")),
                            format!(
                                "there is no column `{id}`: the columns of this budget are {}",
                                list(&ids)
                            ),
                        )
                        .with_hint(suggest(id, &ids, "column")),
                );
            }
        }
        if variance.of == variance.against {
            out.push(
                fields
                    .error(
                        &join(path, "variance.against"),
                        "a variance compares two different columns",
                    )
                    .with_hint(
                        "write the column compared as `of` and the one it is measured against as `against`, such as `{of: forecast, against: budget}`",
                    ),
            );
        }
    }

    fn validate_available(&self, fields: &FieldMap, path: &str, out: &mut Vec<Diagnostic>) {
        let Some(available) = self.available else {
            return;
        };
        let at = join(path, "available");
        if self.has_several_columns() {
            out.push(
                fields
                    .error(
                        &at,
                        format!(
                            "`available` belongs to a budget of one column, and this one has {}: {}",
                            self.columns.len(),
                            list(&self.column_ids())
                        ),
                    )
                    .with_hint(
                        "drop `available`; to compare with the funds approved, make them a column and add `variance: {of: …, against: …}`",
                    ),
            );
        } else if available.0 < 0 {
            out.push(
                fields
                    .error(
                        &at,
                        format!(
                            "`available` is {}, but the funds available cannot be negative",
                            available.plain()
                        ),
                    )
                    .with_hint("write the funds available, 0 or more; the page shows an overspend as the balance"),
            );
        }
    }
}

/// Keys of lines and groups that are fields, never column ids.
const RESERVED: [&str; 5] = ["label", "note", "name", "total", "lines"];
/// The fields of a line, for "did you mean" on a budget of one column.
const LINE_FIELDS: &[&str] = &["label", "amount", "note"];
/// The fields of a group, likewise.
const GROUP_FIELDS: &[&str] = &["name", "total", "amount", "lines"];

/// The path of `field` inside the value at `path` (`budget.lines.0`);
/// a budget read alone sits at the empty path.
fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_string()
    } else {
        format!("{path}.{field}")
    }
}

/// `forecast`, `year_1`: safe as a key, a data column and an HTML id.
fn is_column_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// `` `budget`, `actual` and `forecast` ``.
fn list(ids: &[&str]) -> String {
    let quoted: Vec<String> = ids.iter().map(|id| format!("`{id}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}

/// What the checks of lines, groups and totals need to know about the
/// budget's columns.
struct Columns<'a> {
    columns: Vec<BudgetColumn>,
    ids: Vec<&'a str>,
    /// One column, declared or not: a total may be a single amount.
    single: bool,
}

impl<'a> Columns<'a> {
    fn of(budget: &'a Budget) -> Self {
        Columns {
            columns: budget.columns(),
            ids: budget.column_ids(),
            single: !budget.has_several_columns(),
        }
    }

    /// A budget without `columns`: its messages keep the words of a plain
    /// `amount` field, as they always had.
    fn plain(&self) -> bool {
        self.ids == [AMOUNT]
    }

    fn label<'s>(&'s self, id: &'s str) -> &'s str {
        self.columns
            .iter()
            .find(|c| c.id == id)
            .map_or(id, |c| c.label.as_str())
    }

    /// Checks that `figures`, written at `at` by `whose` ("the line
    /// `Employees`"), give every column once and nothing else.
    fn check_figures(
        &self,
        figures: &Figures,
        whose: &str,
        known: &[&str],
        fields: &FieldMap,
        at: &str,
        out: &mut Vec<Diagnostic>,
    ) {
        let unknown: Vec<&str> = figures
            .0
            .iter()
            .map(|(key, _)| key.as_str())
            .filter(|key| !self.ids.contains(key))
            .collect();
        for key in &unknown {
            out.push(self.unknown_key(key, known, fields, &join(at, key)));
        }
        for (i, (key, _)) in figures.0.iter().enumerate() {
            if figures.0[..i].iter().any(|(earlier, _)| earlier == key) {
                out.push(
                    fields
                        .error(at, format!("{whose} gives `{key}` twice"))
                        .with_hint("keep one of them"),
                );
            }
        }
        for id in &self.ids {
            // A misspelling is reported once, as the unknown key.
            let misspelt = unknown.iter().any(|key| likeness(key, id).is_some());
            if figures.get(id).is_none() && !misspelt {
                out.push(self.missing(id, whose, fields, at));
            }
        }
    }

    fn unknown_key(&self, key: &str, known: &[&str], fields: &FieldMap, at: &str) -> Diagnostic {
        if self.plain() {
            return fields
                .key_error(at, format!("unknown field `{key}`"))
                .with_hint(suggest(key, known, "field"));
        }
        let hint = match self.ids.iter().find(|id| likeness(key, id).is_some()) {
            Some(id) => format!("did you mean `{id}`?"),
            None => format!("write each figure under its column's id, or add `{key}` to `columns`"),
        };
        fields
            .key_error(
                at,
                format!(
                    "`{key}` is not a column of this budget: its columns are {}",
                    list(&self.ids)
                ),
            )
            .with_hint(hint)
    }

    fn missing(&self, id: &str, whose: &str, fields: &FieldMap, at: &str) -> Diagnostic {
        if self.plain() {
            return fields
                .error(at, format!("missing field `{id}`"))
                .with_hint(format!("add `{id}: ...` beside the other fields here"));
        }
        fields
            .error(
                at,
                format!(
                    "{whose} has no figure for `{id}` ({}): every line gives one for each column, {}",
                    self.label(id),
                    list(&self.ids)
                ),
            )
            .with_hint(format!("add `{id}:` with its figure, 0 if there is none"))
    }

    /// Checks a declared `total` (at `{path}.total`) against the computed
    /// `sums` of each column: the budget's, or the group's named `group`.
    fn check_total(
        &self,
        total: &Total,
        sums: &[Money],
        group: Option<&str>,
        fields: &FieldMap,
        path: &str,
        out: &mut Vec<Diagnostic>,
    ) {
        let at = join(path, "total");
        match total {
            Total::One(declared) if self.single => {
                if *declared != sums[0] {
                    let what = match group {
                        None => "the budget's total".to_string(),
                        Some(name) => format!("the total of `{name}`"),
                    };
                    out.push(mismatch(fields, &at, &what, *declared, sums[0], "total"));
                }
            }
            Total::One(_) => {
                let example: Vec<String> = self
                    .ids
                    .iter()
                    .zip(sums)
                    .map(|(id, sum)| format!("{id}: {}", sum.plain()))
                    .collect();
                out.push(
                    fields
                        .error(
                            &at,
                            format!(
                                "this budget has {} columns, so its total is declared for each column",
                                self.ids.len()
                            ),
                        )
                        .with_hint(format!(
                            "write `total: {{{}}}`, leaving out any column you do not declare",
                            example.join(", ")
                        )),
                );
            }
            Total::PerColumn(declared) => {
                let unknown: Vec<&str> = declared
                    .0
                    .iter()
                    .map(|(key, _)| key.as_str())
                    .filter(|key| !self.ids.contains(key))
                    .collect();
                for key in unknown {
                    out.push(self.unknown_column(key, fields, &join(&at, key)));
                }
                for (id, sum) in self.ids.iter().zip(sums) {
                    match declared.get(id) {
                        Some(figure) if figure != *sum => {
                            let what = match group {
                                None => format!("the budget's `{id}` total"),
                                Some(name) => format!("the `{id}` total of `{name}`"),
                            };
                            let at = join(&at, id);
                            out.push(mismatch(fields, &at, &what, figure, *sum, id));
                        }
                        _ => {}
                    }
                }
            }
        }
    }

    /// A key of a per-column total that names no column.
    fn unknown_column(&self, key: &str, fields: &FieldMap, at: &str) -> Diagnostic {
        fields
            .key_error(
                at,
                format!(
                    "`{key}` is not a column of this budget: its columns are {}",
                    list(&self.ids)
                ),
            )
            .with_hint(suggest(key, &self.ids, "column"))
    }
}

impl BudgetLine {
    fn validate(
        &self,
        columns: &Columns,
        fields: &FieldMap,
        path: &str,
        out: &mut Vec<Diagnostic>,
    ) {
        if self.label.trim().is_empty() {
            out.push(
                fields
                    .error(path, "missing field `label`")
                    .with_hint("add `label: ...` beside the other fields here"),
            );
        }
        let whose = format!("the line `{}`", self.label);
        columns.check_figures(&self.figures, &whose, LINE_FIELDS, fields, path, out);
    }
}

impl BudgetGroup {
    fn validate(
        &self,
        columns: &Columns,
        fields: &FieldMap,
        path: &str,
        out: &mut Vec<Diagnostic>,
    ) {
        if self.name.trim().is_empty() {
            out.push(
                fields
                    .error(path, "missing field `name`")
                    .with_hint("add `name: ...` beside the other fields here"),
            );
        }
        match (self.figures.0.first(), self.lines.is_empty()) {
            (None, true) => out.push(self.empty(columns, fields, path)),
            (Some((first, _)), false) => {
                let what = if columns.plain() {
                    format!("`{first}`")
                } else {
                    "figures".to_string()
                };
                out.push(
                    fields
                        .error(
                            &join(path, first),
                            format!("the group `{}` has both {what} and `lines`", self.name),
                        )
                        .with_hint(
                            "keep the lines and declare their sum as `total`, or drop the lines",
                        ),
                );
            }
            (Some(_), true) => {
                let whose = format!("the group `{}`", self.name);
                columns.check_figures(&self.figures, &whose, GROUP_FIELDS, fields, path, out);
            }
            (None, false) => {}
        }
        for (i, line) in self.lines.iter().enumerate() {
            line.validate(columns, fields, &join(path, &format!("lines.{i}")), out);
        }
        if let Some(total) = &self.total {
            let sums: Vec<Money> = columns.ids.iter().map(|id| self.sum_of(id)).collect();
            columns.check_total(total, &sums, Some(&self.name), fields, path, out);
        }
    }
}

impl BudgetGroup {
    /// A group with neither lines nor figures.
    fn empty(&self, columns: &Columns, fields: &FieldMap, path: &str) -> Diagnostic {
        let hint = if columns.plain() {
            "give it `amount: 100` or `lines:` with `{label, amount}` entries".to_string()
        } else {
            format!(
                "give it `lines:`, or a figure for each column: {}",
                list(&columns.ids)
            )
        };
        fields
            .error(path, format!("the group `{}` is empty", self.name))
            .with_hint(hint)
    }
}

/// A declared figure that is not the sum of its parts, with both figures
/// and how to write the right one under `key`.
fn mismatch(
    fields: &FieldMap,
    path: &str,
    what: &str,
    declared: Money,
    sum: Money,
    key: &str,
) -> Diagnostic {
    let difference = Money(declared.0 - sum.0);
    let hint = if key == "total" {
        format!("correct the amounts, or declare `total: {}`", sum.plain())
    } else {
        format!(
            "correct the figures, or declare `{key}: {}` in `total`",
            sum.plain()
        )
    };
    let parts = if key == "total" { "amounts" } else { "figures" };
    fields
        .error(
            path,
            format!(
                "{what} is declared as {} but its {parts} add up to {} (a difference of {})",
                declared.grouped(),
                sum.grouped(),
                difference.grouped()
            ),
        )
        .with_hint(hint)
}

fn is_currency_code(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}

// --- reading ------------------------------------------------------------------

/// Reads a key of a line, group or total. A key that could never be a
/// column id (`192`, left over when a comma cuts `{amount: 3,192}` in
/// two) is refused here as an unknown field, at the key, so the reader
/// can say what the comma did; any other key is kept and checked against
/// the budget's columns in [`Budget::validate`].
struct Key(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for Key {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_str(self)
    }
}

// The key is refused inside the visitor, so the reader places the
// mistake at the key rather than at the line that holds it.
impl Visitor<'_> for Key {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name or a column id")
    }
    fn visit_str<E: de::Error>(self, key: &str) -> Result<String, E> {
        if key.starts_with(|c: char| c.is_alphabetic()) || self.0.contains(&key) {
            Ok(key.to_string())
        } else {
            Err(E::unknown_field(key, self.0))
        }
    }
}

/// Reads the next value as a figure of column `key`.
fn read_figure<'de, A: MapAccess<'de>>(
    map: &mut A,
    key: String,
    figures: &mut Figures,
) -> Result<(), A::Error> {
    let figure: Money = map.next_value()?;
    figures.0.push((key, figure));
    Ok(())
}

impl<'de> Deserialize<'de> for BudgetLine {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Line;
        impl<'de> Visitor<'de> for Line {
            type Value = BudgetLine;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map of a line's label and figures")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<BudgetLine, A::Error> {
                let mut line = BudgetLine::default();
                let mut labelled = false;
                while let Some(key) = map.next_key_seed(Key(LINE_FIELDS))? {
                    match key.as_str() {
                        "label" if labelled => return Err(de::Error::duplicate_field("label")),
                        "label" => {
                            line.label = map.next_value()?;
                            labelled = true;
                        }
                        "note" if line.note.is_some() => {
                            return Err(de::Error::duplicate_field("note"));
                        }
                        "note" => line.note = map.next_value()?,
                        _ => read_figure(&mut map, key, &mut line.figures)?,
                    }
                }
                Ok(line)
            }
        }
        deserializer.deserialize_map(Line)
    }
}

impl<'de> Deserialize<'de> for BudgetGroup {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Group;
        impl<'de> Visitor<'de> for Group {
            type Value = BudgetGroup;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map of a group's name and lines or figures")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<BudgetGroup, A::Error> {
                let mut group = BudgetGroup::default();
                let mut seen: Vec<&'static str> = Vec::new();
                while let Some(key) = map.next_key_seed(Key(GROUP_FIELDS))? {
                    let field = ["name", "total", "lines"]
                        .into_iter()
                        .find(|field| *field == key);
                    if let Some(field) = field {
                        if seen.contains(&field) {
                            return Err(de::Error::duplicate_field(field));
                        }
                        seen.push(field);
                    }
                    match field {
                        Some("name") => group.name = map.next_value()?,
                        Some("total") => group.total = map.next_value()?,
                        Some(_) => group.lines = map.next_value()?,
                        None => read_figure(&mut map, key, &mut group.figures)?,
                    }
                }
                Ok(group)
            }
        }
        deserializer.deserialize_map(Group)
    }
}

impl<'de> Deserialize<'de> for Total {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Declared;
        impl<'de> Visitor<'de> for Declared {
            type Value = Total;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an amount such as 130, or one for each column such as {budget: 130, forecast: 125}")
            }
            // A single amount is read as any amount is, with its messages.
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Total, E> {
                Money::deserialize(v.into_deserializer()).map(Total::One)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Total, E> {
                Money::deserialize(v.into_deserializer()).map(Total::One)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Total, E> {
                Money::deserialize(v.into_deserializer()).map(Total::One)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Total, E> {
                Money::deserialize(v.into_deserializer()).map(Total::One)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Total, A::Error> {
                let mut figures = Figures::default();
                while let Some(key) = map.next_key_seed(Key(&[]))? {
                    read_figure(&mut map, key, &mut figures)?;
                }
                Ok(Total::PerColumn(figures))
            }
        }
        deserializer.deserialize_any(Declared)
    }
}

// --- writing (for templates that read a paper whole) --------------------------

impl Serialize for Figures {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (id, figure) in &self.0 {
            map.serialize_entry(id, figure)?;
        }
        map.end()
    }
}

impl Serialize for Total {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Total::One(money) => money.serialize(serializer),
            Total::PerColumn(figures) => figures.serialize(serializer),
        }
    }
}

impl Serialize for BudgetLine {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("label", &self.label)?;
        for (id, figure) in &self.figures.0 {
            map.serialize_entry(id, figure)?;
        }
        map.serialize_entry("note", &self.note)?;
        map.end()
    }
}

impl Serialize for BudgetGroup {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("name", &self.name)?;
        map.serialize_entry("total", &self.total)?;
        for (id, figure) in &self.figures.0 {
            map.serialize_entry(id, figure)?;
        }
        map.serialize_entry("lines", &self.lines)?;
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::yaml;
    use std::path::Path;

    fn read(text: &str) -> (Budget, FieldMap) {
        yaml::parse::<Budget>(Path::new("b.md"), text, 2, yaml::Reading::default()).unwrap()
    }

    fn check(text: &str) -> Vec<Diagnostic> {
        let (budget, fields) = read(text);
        let mut out = Vec::new();
        budget.validate(&fields, "", &mut out);
        out
    }

    /// Found by the property tests: two lines whose sum leaves an `i64`
    /// panicked (or wrapped, in a release build) instead of being reported.
    #[test]
    fn amounts_too_large_to_add_up_are_an_error_not_a_panic() {
        let text = "total: 280588\nlines:\n  - {label: a, amount: -43798232309200631}\n  - {label: b, amount: -48435488059066540}\n";
        let out = check(text);
        assert_eq!(out.len(), 1, "{out:?}");
        assert!(out[0].message.contains("too large to add up"), "{out:?}");
        let fine = "lines:\n  - {label: a, amount: 9000000000000}\n  - {label: b, amount: 9000000000000}\n";
        assert!(check(fine).is_empty());
    }

    /// The one diagnostic of `text`: its line, message and hint.
    #[track_caller]
    fn one(text: &str) -> (usize, String, String) {
        let out = check(text);
        assert_eq!(out.len(), 1, "{out:#?}");
        let d = &out[0];
        (
            d.position.line,
            d.message.clone(),
            d.hint.clone().unwrap_or_default(),
        )
    }

    const MONITORING: &str = "columns:\n  - {id: budget, label: Revised budget}\n  - {id: actual, label: Actual to date}\n  - {id: forecast, label: Forecast outturn}\nvariance: {of: forecast, against: budget, label: Forecast variance}\n";

    #[test]
    fn a_fund_that_adds_up_passes() {
        let text = "total: 349\ngroups:\n  - name: Support\n    total: 270\n    lines:\n      - {label: Self improvement, amount: 180}\n      - {label: Capacity building, amount: 90}\n  - name: Legacy surplus\n    amount: 79\n";
        assert!(check(text).is_empty());
        let (budget, _) = read(text);
        assert_eq!(budget.sum(), Money(34900));
        assert_eq!(budget.groups[1].sum_of(AMOUNT), Money(7900));
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

    #[test]
    fn negative_lines_are_income_and_count_against_the_total() {
        let text = "total: 3192\nlines:\n  - {label: Staffing, amount: 4000}\n  - {label: Fees and charges, amount: -808}\n";
        assert!(check(text).is_empty());
        assert_eq!(read(text).0.sum(), Money(319200));
    }

    #[test]
    fn negative_funds_available_are_refused() {
        let (line, message, _) = one("available: -5\nlines:\n  - {label: A, amount: 1}\n");
        assert_eq!(line, 2);
        assert_eq!(
            message,
            "`available` is -5, but the funds available cannot be negative"
        );
    }

    #[test]
    fn per_column_totals_that_add_up_pass() {
        let text = format!(
            "{MONITORING}total: {{budget: 3400, actual: 870, forecast: 3356.6}}\nlines:\n  - {{label: Employees, budget: 5200, actual: 1290, forecast: 5130.25}}\n  - {{label: Fees and charges, budget: -1800, actual: -420, forecast: -1773.65}}\n"
        );
        assert!(check(&text).is_empty(), "{:#?}", check(&text));
        let (budget, _) = read(&text);
        assert_eq!(
            budget.totals(),
            [Money(340000), Money(87000), Money(335660)]
        );
        let line = &budget.lines[1];
        assert_eq!(
            budget.variance_with(|id| line.figure(id)),
            Some(Money(2635))
        );
    }

    #[test]
    fn a_wrong_per_column_total_shows_both_figures_at_the_column() {
        let text = format!(
            "{MONITORING}total: {{budget: 3400, forecast: 3356}}\nlines:\n  - {{label: Employees, budget: 5200, actual: 1290, forecast: 5130.25}}\n  - {{label: Fees and charges, budget: -1800, actual: -420, forecast: -1773.65}}\n"
        );
        let (line, message, hint) = one(&text);
        assert_eq!(line, 7);
        assert_eq!(
            message,
            "the budget's `forecast` total is declared as 3,356 but its figures add up to 3,356.60 (a difference of -0.60)"
        );
        assert_eq!(
            hint,
            "correct the figures, or declare `forecast: 3356.6` in `total`"
        );
    }

    #[test]
    fn one_total_for_several_columns_gives_the_sums_to_write() {
        let text = format!(
            "{MONITORING}total: 3400\nlines:\n  - {{label: Employees, budget: 3400, actual: 870, forecast: 3350}}\n"
        );
        let (_, message, hint) = one(&text);
        assert!(message.contains("has 3 columns"), "{message}");
        assert_eq!(
            hint,
            "write `total: {budget: 3400, actual: 870, forecast: 3350}`, leaving out any column you do not declare"
        );
    }

    #[test]
    fn a_missing_column_names_the_line_and_the_columns() {
        let text =
            format!("{MONITORING}lines:\n  - {{label: Employees, budget: 5200, actual: 1290}}\n");
        let (line, message, hint) = one(&text);
        assert_eq!(line, 8);
        assert_eq!(
            message,
            "the line `Employees` has no figure for `forecast` (Forecast outturn): every line gives one for each column, `budget`, `actual` and `forecast`"
        );
        assert_eq!(hint, "add `forecast:` with its figure, 0 if there is none");
    }

    #[test]
    fn an_unknown_column_is_reported_at_its_key_once() {
        let text = format!(
            "{MONITORING}lines:\n  - {{label: Employees, budget: 5200, actual: 1290, forcast: 5130}}\n"
        );
        let out = check(&text);
        assert_eq!(
            out.len(),
            1,
            "the missing `forecast` is the same mistake: {out:#?}"
        );
        assert_eq!((out[0].position.line, out[0].position.column), (8, 52));
        assert_eq!(out[0].length, Some("forcast".len()));
        assert_eq!(
            out[0].message,
            "`forcast` is not a column of this budget: its columns are `budget`, `actual` and `forecast`"
        );
        assert_eq!(out[0].hint.as_deref(), Some("did you mean `forecast`?"));
    }

    #[test]
    fn a_misspelt_amount_keeps_the_words_of_a_field() {
        let (_, message, hint) = one("lines:\n  - {label: A, amout: 5}\n");
        assert_eq!(message, "unknown field `amout`");
        assert_eq!(hint, "did you mean `amount`?");
        let (_, message, _) = one("lines:\n  - {label: A}\n");
        assert_eq!(message, "missing field `amount`");
    }

    #[test]
    fn available_belongs_to_one_column() {
        let text = format!(
            "{MONITORING}available: 3400\nlines:\n  - {{label: Employees, budget: 3400, actual: 870, forecast: 3350}}\n"
        );
        let (line, message, _) = one(&text);
        assert_eq!(line, 7);
        assert_eq!(
            message,
            "`available` belongs to a budget of one column, and this one has 3: `budget`, `actual` and `forecast`"
        );
    }

    #[test]
    fn a_group_gives_every_column_too() {
        let text = format!(
            "{MONITORING}groups:\n  - {{name: Contingency, budget: 385, actual: 0}}\n  - name: Services\n    total: {{budget: 10, actual: 3, forecast: 12}}\n    lines:\n      - {{label: Libraries, budget: 10, actual: 3, forecast: 11}}\n"
        );
        let out = check(&text);
        assert_eq!(out.len(), 2, "{out:#?}");
        assert!(
            out[0]
                .message
                .starts_with("the group `Contingency` has no figure for `forecast`")
        );
        assert!(
            out[1]
                .message
                .starts_with("the `forecast` total of `Services` is declared as 12")
        );
    }

    #[test]
    fn column_ids_are_checked() {
        let out = check(
            "columns:\n  - {id: Budget 2009, label: Budget}\n  - {id: label, label: Label}\n  - {id: year_1, label: 2009/10}\n  - {id: year_1, label: 2010/11}\nvariance: {of: year_2, against: year_1}\nlines:\n  - {label: A, Budget 2009: 1, year_1: 2}\n",
        );
        let messages: Vec<&str> = out.iter().map(|d| d.message.as_str()).collect();
        assert!(
            messages.contains(&"`Budget 2009` cannot be a column id"),
            "{messages:#?}"
        );
        assert!(messages.iter().any(|m| m.starts_with("`label` is a field")));
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("the column id `year_1` is used twice"))
        );
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("there is no column `year_2`"))
        );
    }

    #[test]
    fn a_key_that_cannot_be_a_column_is_an_unknown_field_when_read() {
        let err = yaml::parse::<Budget>(
            Path::new("b.md"),
            "lines:\n  - {label: A, amount: 3,192}\n",
            2,
            yaml::Reading::default(),
        )
        .unwrap_err();
        assert_eq!(err.len(), 1, "{err:#?}");
        assert_eq!(err[0].message, "unknown field `192`");
        assert!(
            err[0]
                .hint
                .as_deref()
                .is_some_and(|h| h.contains("`amount: 3192`")),
            "{err:#?}"
        );
    }
}
