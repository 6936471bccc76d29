//! Open data: the site's structured content as JSON and CSV files under
//! `data/`, with `data/index.html` documenting every file and column.
//!
//! Each dataset is one table: a list of columns, each with its meaning, and
//! rows in a stable order (meeting date, then agenda order, then position
//! within the paper; rows from standalone documents follow, in the order of
//! the documents page). The JSON file is an array of objects whose keys are
//! the columns in that order; the CSV file has one header row and the same
//! rows. Both are written from the same table, so they always agree.
//!
//! A column added later goes after the columns a table had before, so a
//! program that reads a file's columns by position keeps working.

use crate::routes::Section;
use rayon::prelude::*;
use serde::Serialize;
use serde::ser::SerializeMap;
use serde_json::Value;
use tera::Context;

use super::{Page, Renderer};
use crate::diagnostics::{Diagnostic, Position};
use crate::format;
use crate::model::budget::Budget;
use crate::model::recommendation::Side;
use crate::model::risk::{Rating, Risk, RiskMatrix, Stage};
use crate::model::target::{Figure, Target};
use crate::model::values::{Date, Money};
use crate::site::{Document, Item, Meeting, Paper, Site};

/// A column of a dataset and what its values mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Column {
    pub name: &'static str,
    pub meaning: &'static str,
    /// What its values are, for programs that read the files: declared
    /// here, beside the meaning, so the page and `datapackage.json` agree.
    pub kind: FieldType,
}

/// The type of a column's values, as a Table Schema names it. Every type
/// but `string` is written in the CSV as JSON writes it: `180`, `12.5`,
/// `true`, and dates as YYYY-MM-DD.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    String,
    Integer,
    Number,
    Boolean,
    Date,
}

/// A column of text.
pub(super) const fn col(name: &'static str, meaning: &'static str) -> Column {
    Column {
        name,
        meaning,
        kind: FieldType::String,
    }
}

/// A column of whole numbers: counts and positions.
pub(super) const fn integer(name: &'static str, meaning: &'static str) -> Column {
    Column {
        kind: FieldType::Integer,
        ..col(name, meaning)
    }
}

/// A column of numbers that may have decimals: amounts.
pub(super) const fn number(name: &'static str, meaning: &'static str) -> Column {
    Column {
        kind: FieldType::Number,
        ..col(name, meaning)
    }
}

/// A column of `true` or `false`.
pub(super) const fn boolean(name: &'static str, meaning: &'static str) -> Column {
    Column {
        kind: FieldType::Boolean,
        ..col(name, meaning)
    }
}

/// A column of dates, YYYY-MM-DD.
pub(super) const fn date(name: &'static str, meaning: &'static str) -> Column {
    Column {
        kind: FieldType::Date,
        ..col(name, meaning)
    }
}

/// One file pair: `data/<name>.json` and `data/<name>.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    pub name: &'static str,
    pub title: &'static str,
    /// What one row is.
    pub row: &'static str,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Value>>,
}

/// A row as written: each column's name with its value, in column order.
pub(super) type Row = Vec<(&'static str, Value)>;

impl Dataset {
    pub(super) fn new(
        name: &'static str,
        title: &'static str,
        row: &'static str,
        columns: &[Column],
    ) -> Self {
        Dataset {
            name,
            title,
            row,
            columns: columns.to_vec(),
            rows: Vec::new(),
        }
    }

    fn with_trace(
        name: &'static str,
        title: &'static str,
        row: &'static str,
        columns: &[Column],
    ) -> Self {
        let mut all = TRACE.to_vec();
        all.extend_from_slice(columns);
        Dataset::new(name, title, row, &all)
    }

    pub(super) fn push(&mut self, row: Row) {
        debug_assert_eq!(
            row.iter().map(|(name, _)| *name).collect::<Vec<_>>(),
            self.columns.iter().map(|c| c.name).collect::<Vec<_>>(),
            "a row of {} does not match its columns",
            self.name
        );
        self.rows
            .push(row.into_iter().map(|(_, value)| value).collect());
    }

    /// The JSON file: an array of objects, keys in column order, indented.
    pub fn json(&self) -> Result<Vec<u8>, serde_json::Error> {
        struct Object<'a>(&'a [Column], &'a [Value]);
        impl Serialize for Object<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(Some(self.0.len()))?;
                for (column, value) in self.0.iter().zip(self.1) {
                    map.serialize_entry(column.name, value)?;
                }
                map.end()
            }
        }
        let objects: Vec<Object> = self
            .rows
            .iter()
            .map(|row| Object(&self.columns, row))
            .collect();
        let mut bytes = serde_json::to_vec_pretty(&objects)?;
        bytes.push(b'\n');
        Ok(bytes)
    }

    /// The CSV file: RFC 4180, UTF-8, a header row, CRLF line ends.
    pub fn csv(&self) -> Result<Vec<u8>, csv::Error> {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        writer.write_record(self.columns.iter().map(|c| c.name))?;
        for row in &self.rows {
            writer.write_record(row.iter().map(cell))?;
        }
        writer
            .into_inner()
            .map_err(|e| csv::Error::from(e.into_error()))
    }
}

/// A value as a CSV cell: nothing for null, numbers and booleans as JSON
/// writes them, text as it is but made safe to open in a spreadsheet.
pub fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => spreadsheet_safe(text),
        other => other.to_string(),
    }
}

/// Text that a spreadsheet would run as a formula — it starts with `=`,
/// `+`, `-`, `@`, a tab or a carriage return — gets a leading apostrophe,
/// which spreadsheets read as "this is text" and do not show. A number
/// written as text (`-3192`) is left alone: it is not a formula.
pub fn spreadsheet_safe(text: &str) -> String {
    let risky = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_plain_number(text) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// An optional sign, digits and at most one decimal point.
fn is_plain_number(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let fraction = parts.next();
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// The columns that trace a row of a paper's structured block to its paper.
const TRACE: [Column; 8] = [
    col(
        "source",
        "Where the row comes from: `meeting-item` (an agenda item of a meeting) or `document` (a standalone report).",
    ),
    col(
        "meeting",
        "The meeting's identifier, as in its address (`meetings/<meeting>/`); empty for a document.",
    ),
    date(
        "meeting_date",
        "The meeting's date (YYYY-MM-DD); empty for a document.",
    ),
    col(
        "board",
        "The identifier of the board that met; empty for a document.",
    ),
    col(
        "item",
        "The agenda item's number, such as 7 or 7a; empty for a document.",
    ),
    col(
        "document",
        "The document's identifier, as in its address (`documents/<document>/`); empty for an agenda item.",
    ),
    col("paper_title", "The title of the agenda item or document."),
    col(
        "url",
        "The full address of the page of the agenda item or document where the row is published.",
    ),
];

const MEETINGS: [Column; 15] = [
    col(
        "meeting",
        "The meeting's identifier, as in its address (`meetings/<meeting>/`).",
    ),
    date("date", "The date of the meeting (YYYY-MM-DD)."),
    col("time", "The start time (HH:MM, local time), if given."),
    col(
        "end_time",
        "The planned end time (HH:MM, local time), if given.",
    ),
    col("board", "The identifier of the board that met."),
    col("board_name", "The board's name."),
    col("title", "The meeting's title."),
    col("status", "`scheduled`, `held`, `cancelled` or `postponed`."),
    col("venue", "Where the meeting takes place."),
    col("chair", "Who chaired the meeting."),
    col("attendees", "Those present, separated by `; `."),
    col("apologies", "Those who sent apologies, separated by `; `."),
    integer(
        "agenda_items",
        "The number of items on the agenda, exempt items included.",
    ),
    integer(
        "public_items",
        "The number of items whose report is published.",
    ),
    col("url", "The full address of the meeting's agenda page."),
];

const ITEMS: [Column; 24] = [
    col(
        "meeting",
        "The meeting's identifier, as in its address (`meetings/<meeting>/`).",
    ),
    date("meeting_date", "The date of the meeting (YYYY-MM-DD)."),
    col("board", "The identifier of the board that met."),
    col(
        "item",
        "The item's number on the agenda, such as 7, 7a or 7(a).",
    ),
    col("title", "The item's title."),
    col(
        "access",
        "`public`, or `exempt` for an item taken in private: only its number, title and reason are published.",
    ),
    col(
        "exempt_reason",
        "Why an exempt item is not published; empty for a public item.",
    ),
    col(
        "kind",
        "`decision`, `information`, `noting` or `discussion`; empty for an exempt item.",
    ),
    col("report_of", "Whose report it is, such as Director."),
    col("author", "Who wrote the report."),
    boolean(
        "supplement",
        "`true` when the item was added to the agenda as a supplement.",
    ),
    col("purpose", "The report's purpose, as plain text."),
    integer(
        "recommendations",
        "How many recommendations the report makes.",
    ),
    integer("budgets", "How many budgets the report holds."),
    integer(
        "risk_registers",
        "How many risk registers the report holds.",
    ),
    integer("target_tables", "How many target tables the report holds."),
    integer("appendices", "How many appendices are published with it."),
    integer(
        "exempt_appendices",
        "How many of its appendices are exempt: listed on the report and at /withheld/ by title and reason, never published.",
    ),
    col("tags", "The report's tags, separated by `; `."),
    col(
        "url",
        "The full address of the item's page; for an exempt item, of the meeting's agenda, where its line is.",
    ),
    col(
        "section",
        "The agenda heading the item sits under, such as Matters for recommendation to Council; empty for an exempt item.",
    ),
    col(
        "minute",
        "The minute number the item's decisions are cited by, such as CB 24/103; empty for an exempt item.",
    ),
    boolean(
        "key_decision",
        "`true` for a key decision, `false` otherwise; empty for an exempt item.",
    ),
    date(
        "call_in_until",
        "The last day on which the item's decisions may be called in (YYYY-MM-DD); they take effect the day after unless called in. Empty when there is no call-in period, and for an exempt item.",
    ),
];

const DECISIONS: [Column; 17] = [
    col(
        "id",
        "The recommendation's identifier within the paper, such as a or 1.",
    ),
    col("text", "The recommendation as put to the board."),
    col(
        "outcome",
        "What was decided: `pending`, `agreed`, `amended` (agreed as amended), `not-agreed`, `deferred`, `withdrawn`, `noted`, or `recommended` (recommended to another body, which takes the decision: not a decision taken yet).",
    ),
    col(
        "resolution",
        "The board's resolution in its own words, if recorded.",
    ),
    integer(
        "actions",
        "How many actions arise from it (see actions.csv).",
    ),
    col(
        "recommended_to",
        "For the outcome `recommended`: the body the recommendation goes to, such as Council.",
    ),
    col(
        "proposer",
        "Who proposed (moved) the recommendation, if minuted.",
    ),
    col("seconder", "Who seconded it, if minuted."),
    integer(
        "vote_for",
        "The number of votes for; empty when no vote is minuted. Counted from the names of a recorded vote when the minutes give only names.",
    ),
    integer(
        "vote_against",
        "The number of votes against; empty when no vote is minuted.",
    ),
    integer(
        "vote_abstain",
        "The number of abstentions; empty when no vote is minuted.",
    ),
    col(
        "recorded_for",
        "In a recorded vote, the members who voted for, as the minutes name them, separated by `; `.",
    ),
    col(
        "recorded_against",
        "In a recorded vote, the members who voted against, separated by `; `.",
    ),
    col(
        "recorded_abstain",
        "In a recorded vote, the members who abstained, separated by `; `.",
    ),
    col(
        "minute",
        "The minute number of the agenda item, such as CB 24/103; empty for a document.",
    ),
    boolean(
        "key_decision",
        "`true` when the agenda item is a key decision; empty for a document.",
    ),
    date(
        "call_in_until",
        "The last day on which the agenda item's decisions may be called in (YYYY-MM-DD); empty when there is none.",
    ),
];

const ACTIONS: [Column; 6] = [
    col(
        "recommendation",
        "The identifier of the recommendation the action arises from (the `id` in decisions.csv).",
    ),
    integer(
        "position",
        "The action's position among the recommendation's actions, from 1.",
    ),
    col("text", "What is to be done."),
    col("owner", "Who is responsible."),
    date("due", "When it is due (YYYY-MM-DD)."),
    col(
        "status",
        "`open`, `done`, `overdue` or `dropped`, as the paper records it.",
    ),
];

/// The last column of actions.csv, added by [`with_overdue`].
const OVERDUE: Column = boolean(
    "overdue",
    "`true` when the action is overdue on the day the site was built: marked `overdue`, or still `open` after its due date.",
);

const BUDGET_LINES: [Column; 11] = [
    integer(
        "budget",
        "The budget's position among the paper's budgets, from 1.",
    ),
    col("budget_title", "The budget's title."),
    col(
        "currency",
        "The ISO 4217 currency code of the amounts, such as GBP.",
    ),
    col(
        "scale",
        "The unit the amounts are written in: `units`, `thousands` or `millions` (180 in thousands is 180,000).",
    ),
    number(
        "available",
        "The sum available to the budget, in the same currency and scale; empty if not given.",
    ),
    number(
        "budget_total",
        "The budget's total: the sum of its amounts, in the same currency and scale; empty for a budget of several columns (see `columns`).",
    ),
    col(
        "group",
        "The name of the group the line belongs to; empty for a budget without groups.",
    ),
    integer("position", "The line's position in the budget, from 1."),
    col(
        "label",
        "The line's label; for a group given as a single amount, the group's name.",
    ),
    number(
        "amount",
        "The amount as a plain number (no separators or symbols), in the budget's currency and scale; negative for income and savings; empty for a budget of several columns, whose figures are in the `amount_<column>` columns.",
    ),
    col("note", "A note on the line."),
];

/// The columns of budget-lines.csv added for budgets of several columns
/// (budget, actual and forecast; the years of a capital programme). One
/// `amount_<column>` column for each budget column of the site follows
/// them (see [`figure_column`]).
const BUDGET_COLUMNS: [Column; 3] = [
    col(
        "columns",
        "The budget's columns, in order, as `id: heading` separated by `; `, such as `budget: Revised budget; forecast: Forecast outturn`; each has an `amount_<id>` column; empty for a budget of one column of amounts.",
    ),
    number(
        "variance",
        "The line's variance: its figure in one column minus its figure in another, as `variance_label` says, in the budget's currency and scale; positive is over budget. Empty for a budget without a variance.",
    ),
    col(
        "variance_label",
        "The variance's heading and the columns it compares, such as `Forecast variance: forecast minus budget`.",
    ),
];

const RISKS: [Column; 28] = [
    integer(
        "register",
        "The register's position among the paper's risk registers, from 1.",
    ),
    col("register_title", "The register's title."),
    col(
        "matrix",
        "The name of the risk matrix the risk is scored on (see the site's risk matrices); `none` for a register rated red, amber or green.",
    ),
    col("id", "The risk's identifier within the register."),
    col(
        "ref",
        "A reference shared by the same risk across papers, to follow it over time.",
    ),
    col("title", "The risk."),
    col("owner", "Who owns the risk."),
    integer(
        "inherent_score",
        "The score before controls (`inherent` or `initial`, see `inherent_name`); empty if not assessed.",
    ),
    col(
        "inherent_likelihood",
        "The likelihood before controls, as labelled on the matrix.",
    ),
    col(
        "inherent_impact",
        "The impact before controls, as labelled on the matrix.",
    ),
    col("inherent_band", "The matrix's band for the inherent score."),
    integer(
        "residual_score",
        "The score with the controls in place now (`residual` or `current`, see `residual_name`); empty if not assessed.",
    ),
    col(
        "residual_likelihood",
        "The likelihood with controls in place.",
    ),
    col("residual_impact", "The impact with controls in place."),
    col("residual_band", "The matrix's band for the residual score."),
    col("response", "How the risk is treated."),
    col("controls", "The controls in place."),
    col("indicators", "The indicators watched."),
    col(
        "inherent_name",
        "What the paper calls the score before controls: `inherent` or `initial`; empty if it gives none.",
    ),
    col(
        "residual_name",
        "What the paper calls the score with the controls in place now: `residual` or `current`; empty if it gives none.",
    ),
    integer(
        "target_score",
        "The score the controls aim to bring the risk to; empty if not given.",
    ),
    col(
        "target_likelihood",
        "The target likelihood, as labelled on the matrix.",
    ),
    col(
        "target_impact",
        "The target impact, as labelled on the matrix.",
    ),
    col("target_band", "The matrix's band for the target score."),
    integer(
        "appetite",
        "The register's risk appetite: the highest score accepted without escalation; empty if it states none.",
    ),
    boolean(
        "above_appetite",
        "Whether the residual or current score is above the register's appetite; empty without an appetite or such a score.",
    ),
    col(
        "direction",
        "The direction of travel since the last report: `improving`, `stable` or `worsening`; empty if not given.",
    ),
    col(
        "rating",
        "The rating of a risk in a register without a matrix: `red`, `amber` or `green`.",
    ),
];

const TARGETS: [Column; 13] = [
    integer(
        "table",
        "The target table's position among the paper's target tables, from 1.",
    ),
    col("table_title", "The target table's title."),
    col("id", "The target's identifier within the table."),
    col(
        "ref",
        "A reference shared by the same target across papers, to follow it over time.",
    ),
    col("theme", "The theme the target falls under."),
    col("measure", "What is measured."),
    col("baseline", "The starting value, as written."),
    col("target", "The value aimed for, as written."),
    col("actual", "The latest value, as written."),
    date(
        "due",
        "When the target falls due (YYYY-MM-DD): the last day of what the paper wrote, so a financial year such as 2010/11 falls due on 31 March at its end and a quarter such as 2018/19 Q2 on 30 September 2018.",
    ),
    col("due_as_written", "The due date as the paper writes it."),
    col(
        "status",
        "`not-started`, `on-track`, `at-risk`, `off-track`, `achieved`, `missed` or `no-data`; for performance indicators `green`, `amber`, `red` or `data-only` (tracked, with no target).",
    ),
    col("owner", "Who is responsible."),
];

/// The columns of a performance indicator's figures, after [`TARGETS`]:
/// each figure again as a number, for programs that compare or chart them.
const TARGET_FIGURES: [Column; 11] = [
    col(
        "unit",
        "What the figures count, as written: `days`, `%`, `£m`.",
    ),
    col(
        "better",
        "Which way the figures should move: `higher` or `lower`.",
    ),
    number(
        "baseline_number",
        "The baseline as a number; empty when the paper writes it as text.",
    ),
    number(
        "target_number",
        "The target as a number; empty when the paper writes it as text.",
    ),
    number(
        "actual_number",
        "The actual figure as a number; empty when the paper writes it as text.",
    ),
    col("previous", "The figure of the period before, as written."),
    number(
        "previous_number",
        "The figure of the period before as a number; empty when the paper writes it as text.",
    ),
    col(
        "period",
        "The period the actual figure covers, as written: a date, a month (2018-09), a financial year (2018/19) or a quarter of one (2018/19 Q2).",
    ),
    date(
        "period_start",
        "The first day of the period (YYYY-MM-DD); financial years start on 1 April.",
    ),
    date("period_end", "The last day of the period (YYYY-MM-DD)."),
    col(
        "trend",
        "`improving`, `no-change` or `worsening`: from the previous figure to the actual one, given when both are numbers and `better` is given.",
    ),
];

/// A dataset as JSON and as CSV.
type Encoded = (Vec<u8>, Vec<u8>);

/// Writes the datasets under `data/` and the page documenting them.
pub fn open_data(site: &Site, renderer: &Renderer) -> Result<Vec<Page>, Diagnostic> {
    let datasets = datasets(site);
    let mut pages = Vec::new();
    let mut views = Vec::new();
    // Encoding is the costly part: each dataset in parallel.
    let encoded: Vec<Result<Encoded, Diagnostic>> = datasets
        .par_iter()
        .map(|dataset| {
            let failed = |format: &str, e: &dyn std::fmt::Display| {
                Diagnostic::error(
                    format!("data/{}.{format}", dataset.name),
                    Position::new(1, 1),
                    format!("cannot write the open data file: {e}"),
                )
            };
            let json = dataset.json().map_err(|e| failed("json", &e))?;
            let csv = dataset.csv().map_err(|e| failed("csv", &e))?;
            Ok((json, csv))
        })
        .collect();
    let mut csv_sizes = Vec::new();
    for (dataset, encoded) in datasets.iter().zip(encoded) {
        let (json, csv) = encoded?;
        csv_sizes.push(csv.len());
        views.push(DatasetView {
            name: dataset.name,
            title: dataset.title,
            row: dataset.row,
            columns: dataset
                .columns
                .iter()
                .map(|c| ColumnView {
                    name: c.name,
                    meaning_html: code_spans(c.meaning),
                    kind: c.kind,
                })
                .collect(),
            rows: dataset.rows.len(),
            json: FileView {
                url: site.routes.data_file(dataset.name, "json"),
                size: format::file_size(json.len() as u64),
            },
            csv: FileView {
                url: site.routes.data_file(dataset.name, "csv"),
                size: format::file_size(csv.len() as u64),
            },
        });
        pages.push(Page {
            path: site
                .routes
                .output_path(&site.routes.data_file(dataset.name, "json")),
            bytes: json,
        });
        pages.push(Page {
            path: site
                .routes
                .output_path(&site.routes.data_file(dataset.name, "csv")),
            bytes: csv,
        });
    }
    let package = super::datapackage::package(site, &datasets, &csv_sizes);
    pages.push(Page {
        path: site.routes.output_path(&site.routes.data_package()),
        bytes: package,
    });
    let mut context = Context::new();
    context.insert("datasets", &views);
    context.insert("package_url", &site.routes.data_package());
    pages.push(renderer.page(
        site,
        "data.html",
        &site.routes.section(Section::Data),
        context,
    )?);
    Ok(pages)
}

#[derive(Serialize)]
struct DatasetView {
    name: &'static str,
    title: &'static str,
    row: &'static str,
    columns: Vec<ColumnView>,
    rows: usize,
    json: FileView,
    csv: FileView,
}

#[derive(Serialize)]
struct ColumnView {
    name: &'static str,
    /// The meaning as HTML: escaped, with `code` in backticks marked up.
    meaning_html: String,
    kind: FieldType,
}

#[derive(Serialize)]
struct FileView {
    url: String,
    size: String,
}

/// Where a paper sits: the trace columns of its rows.
struct Trace<'a> {
    meeting: Option<&'a Meeting>,
    item: Option<&'a Item>,
    document: Option<&'a Document>,
    title: &'a str,
    url: String,
}

impl Trace<'_> {
    fn columns(&self) -> Row {
        vec![
            (
                "source",
                text(if self.document.is_some() {
                    "document"
                } else {
                    "meeting-item"
                }),
            ),
            ("meeting", opt(self.meeting.map(|m| &m.slug))),
            ("meeting_date", opt(self.meeting.map(|m| m.date.iso()))),
            ("board", opt(self.meeting.map(|m| &m.board))),
            ("item", opt(self.item.map(|i| &i.number))),
            ("document", opt(self.document.map(|d| &d.slug))),
            ("paper_title", text(self.title)),
            ("url", text(&self.url)),
        ]
    }

    /// The trace columns followed by `rest`.
    fn row(&self, rest: Row) -> Row {
        let mut row = self.columns();
        row.extend(rest);
        row
    }
}

/// Every paper in data order: meetings' items, then documents.
fn papers(site: &Site) -> Vec<(Trace<'_>, &Paper)> {
    let mut all = Vec::new();
    for meeting in &site.meetings {
        for item in &meeting.items {
            all.push((
                Trace {
                    meeting: Some(meeting),
                    item: Some(item),
                    document: None,
                    title: &item.title,
                    url: site.config.absolute_url(&item.url),
                },
                &item.paper,
            ));
        }
    }
    for document in &site.documents {
        all.push((
            Trace {
                meeting: None,
                item: None,
                document: Some(document),
                title: &document.title,
                url: site.config.absolute_url(&document.url),
            },
            &document.paper,
        ));
    }
    all
}

/// Every dataset of the site, in the order the data page lists them.
pub fn datasets(site: &Site) -> Vec<Dataset> {
    let papers = papers(site);
    vec![
        meetings(site),
        items(site),
        decisions(&papers),
        with_overdue(actions(&papers), &papers, site.today),
        budget_lines(site, &papers),
        risks(site, &papers),
        targets(&papers),
        super::people_data::members(site),
        super::people_data::attendance(site),
        super::people_data::declarations(site),
    ]
}

fn meetings(site: &Site) -> Dataset {
    let mut data = Dataset::new(
        "meetings",
        "Meetings",
        "A published meeting of a board.",
        &MEETINGS,
    );
    for m in &site.meetings {
        data.push(vec![
            ("meeting", text(&m.slug)),
            ("date", text(m.date.iso())),
            ("time", opt(m.time.as_ref())),
            ("end_time", opt(m.end_time.as_ref())),
            ("board", text(&m.board)),
            ("board_name", text(&m.board_name)),
            ("title", text(&m.title)),
            ("status", key(m.status)),
            ("venue", opt(m.venue.as_ref())),
            ("chair", opt(m.chair.as_ref())),
            ("attendees", names(&m.people.attendees)),
            ("apologies", names(&m.people.apologies)),
            ("agenda_items", count(m.agenda.len())),
            ("public_items", count(m.items.len())),
            ("url", text(site.config.absolute_url(&m.url))),
        ]);
    }
    data
}

fn items(site: &Site) -> Dataset {
    let mut data = Dataset::new(
        "items",
        "Agenda items",
        "An item on the agenda of a published meeting, in agenda order. An exempt item has only its number, title and reason.",
        &ITEMS,
    );
    for m in &site.meetings {
        for line in &m.agenda {
            let item = line
                .url
                .as_ref()
                .and_then(|url| m.items.iter().find(|i| &i.url == url));
            let paper = item.map(|i| &i.paper);
            let number_of = |n: fn(&Paper) -> usize| paper.map_or(Value::Null, |p| count(n(p)));
            data.push(vec![
                ("meeting", text(&m.slug)),
                ("meeting_date", text(m.date.iso())),
                ("board", text(&m.board)),
                ("item", text(&line.number)),
                ("title", text(&line.title)),
                (
                    "access",
                    text(if item.is_some() { "public" } else { "exempt" }),
                ),
                ("exempt_reason", opt(line.exempt_reason.as_ref())),
                ("kind", item.map_or(Value::Null, |i| key(i.kind))),
                ("report_of", opt(line.report_of.as_ref())),
                ("author", opt(paper.and_then(|p| p.author.as_ref()))),
                ("supplement", Value::Bool(line.supplement)),
                (
                    "purpose",
                    opt(paper
                        .and_then(|p| p.purpose_html.as_deref())
                        .map(super::search::plain_text)),
                ),
                ("recommendations", number_of(|p| p.recommendations.len())),
                ("budgets", number_of(|p| p.budgets.len())),
                ("risk_registers", number_of(|p| p.risks.len())),
                ("target_tables", number_of(|p| p.targets.len())),
                (
                    "appendices",
                    number_of(|p| {
                        p.appendices
                            .iter()
                            .filter(|a| a.exempt_reason.is_none())
                            .count()
                    }),
                ),
                (
                    "exempt_appendices",
                    number_of(|p| {
                        p.appendices
                            .iter()
                            .filter(|a| a.exempt_reason.is_some())
                            .count()
                    }),
                ),
                ("tags", paper.map_or(Value::Null, |p| list(&p.tags))),
                (
                    "url",
                    text(site.config.absolute_url(item.map_or(&m.url, |i| &i.url))),
                ),
                ("section", opt(item.and_then(|i| i.section.as_ref()))),
                ("minute", opt(item.and_then(|i| i.minute.as_ref()))),
                (
                    "key_decision",
                    item.map_or(Value::Null, |i| Value::Bool(i.key_decision)),
                ),
                ("call_in_until", call_in_until(item)),
            ]);
        }
    }
    data
}

fn decisions(papers: &[(Trace, &Paper)]) -> Dataset {
    let mut data = Dataset::with_trace(
        "decisions",
        "Decisions",
        "A recommendation put to a board, with its outcome and resolution.",
        &DECISIONS,
    );
    for (trace, paper) in papers {
        for r in &paper.recommendations {
            let tally = r.tally();
            let votes = |side: Side| tally.map_or(Value::Null, |t| Value::from(t.count(side)));
            let named = |side: Side| {
                r.recorded
                    .as_ref()
                    .map_or(Value::Null, |rec| list(rec.names(side)))
            };
            data.push(trace.row(vec![
                ("id", text(&r.id)),
                ("text", text(&r.text)),
                ("outcome", key(r.outcome)),
                ("resolution", opt(r.resolution.as_ref())),
                ("actions", count(r.actions.len())),
                ("recommended_to", opt(r.recommended_to.as_ref())),
                ("proposer", opt(r.proposer.as_ref())),
                ("seconder", opt(r.seconder.as_ref())),
                ("vote_for", votes(Side::For)),
                ("vote_against", votes(Side::Against)),
                ("vote_abstain", votes(Side::Abstain)),
                ("recorded_for", named(Side::For)),
                ("recorded_against", named(Side::Against)),
                ("recorded_abstain", named(Side::Abstain)),
                ("minute", opt(trace.item.and_then(|i| i.minute.as_ref()))),
                (
                    "key_decision",
                    trace.item.map_or(Value::Null, |i| Value::Bool(i.key_decision)),
                ),
                ("call_in_until", call_in_until(trace.item)),
            ]));
        }
    }
    data
}

/// The last day of an item's call-in period, as an ISO date.
fn call_in_until(item: Option<&Item>) -> Value {
    opt(item.and_then(|i| i.call_in.as_ref()).map(|c| c.until.iso()))
}

fn actions(papers: &[(Trace, &Paper)]) -> Dataset {
    let mut data = Dataset::with_trace(
        "actions",
        "Actions",
        "An action arising from a recommendation.",
        &ACTIONS,
    );
    for (trace, paper) in papers {
        for r in &paper.recommendations {
            for (i, a) in r.actions.iter().enumerate() {
                data.push(trace.row(vec![
                    ("recommendation", text(&r.id)),
                    ("position", count(i + 1)),
                    ("text", text(&a.text)),
                    ("owner", opt(a.owner.as_ref())),
                    ("due", opt(a.due.map(|d| d.iso()))),
                    ("status", key(a.status)),
                ]));
            }
        }
    }
    data
}

/// `actions` (the dataset [`actions`] makes of `papers`) with the computed
/// `overdue` flag as its last column, so that a reader of the data need
/// not work it out: whether each action is overdue on `today`, the build's
/// date, as [`Action::is_overdue`](crate::model::recommendation::Action::is_overdue)
/// judges it. The actions are walked in the same order as `actions` walks
/// them, so each flag lands on its own row.
fn with_overdue(mut actions: Dataset, papers: &[(Trace, &Paper)], today: Date) -> Dataset {
    let flags: Vec<bool> = papers
        .iter()
        .flat_map(|(_, paper)| &paper.recommendations)
        .flat_map(|r| &r.actions)
        .map(|a| a.is_overdue(today))
        .collect();
    debug_assert_eq!(flags.len(), actions.rows.len(), "one flag per action");
    actions.columns.push(OVERDUE);
    for (row, overdue) in actions.rows.iter_mut().zip(flags) {
        row.push(Value::Bool(overdue));
    }
    actions
}

fn budget_lines(site: &Site, papers: &[(Trace, &Paper)]) -> Dataset {
    use crate::model::budget::AMOUNT;
    // Wide, as the site's budgets need: one column for each budget column
    // any budget declares, in the order they are first met.
    let mut ids: Vec<&str> = Vec::new();
    for (_, paper) in papers {
        for budget in &paper.budgets {
            for id in budget.column_ids() {
                if id != AMOUNT && !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
    }
    let figure_columns: Vec<Column> = ids.iter().map(|id| figure_column(id)).collect();
    let mut data = Dataset::with_trace(
        "budget-lines",
        "Budget lines",
        "A line of a budget, or a group of a budget given as a single amount. The amounts of a budget's rows add up to its total. A budget of several columns (budget, actual and forecast, or the years of a programme) gives each line's figures in `amount_<column>` columns, one for each budget column of the site, after the others.",
        &[&BUDGET_LINES[..], &BUDGET_COLUMNS[..], &figure_columns[..]].concat(),
    );
    for (trace, paper) in papers {
        for (b, budget) in paper.budgets.iter().enumerate() {
            let own = budget.column_ids();
            let single = own == [AMOUNT];
            let head = |group: Option<&String>, position: usize| -> Row {
                vec![
                    ("budget", count(b + 1)),
                    ("budget_title", opt(budget.title.as_ref())),
                    ("currency", text(budget.currency_or(&site.config.currency))),
                    ("scale", key(budget.scale)),
                    ("available", budget.available.map_or(Value::Null, amount)),
                    (
                        "budget_total",
                        if single {
                            amount(budget.sum())
                        } else {
                            Value::Null
                        },
                    ),
                    ("group", opt(group)),
                    ("position", count(position)),
                ]
            };
            for (position, (group, label, figures, note)) in lines(budget).into_iter().enumerate() {
                let figure = |id: &str| own.iter().position(|o| *o == id).map(|i| figures[i]);
                let mut row = head(group, position + 1);
                row.extend([
                    ("label", text(label)),
                    ("amount", figure(AMOUNT).map_or(Value::Null, amount)),
                    ("note", opt(note)),
                    ("columns", column_list(budget)),
                    (
                        "variance",
                        budget
                            .variance_with(|id| figure(id).unwrap_or_default())
                            .map_or(Value::Null, amount),
                    ),
                    ("variance_label", variance_label(budget)),
                ]);
                for (id, column) in ids.iter().zip(&figure_columns) {
                    row.push((column.name, figure(id).map_or(Value::Null, amount)));
                }
                data.push(trace.row(row));
            }
        }
    }
    data
}

/// The data column of the budget column `id`: `amount_forecast`.
///
/// A data column's name and meaning are `&'static str`, as every table's
/// are, but these come from what authors write. Each distinct id is made
/// static once and kept for the life of the process, so however often
/// `serve` rebuilds, what is kept is one short name and meaning per id
/// ever written.
fn figure_column(id: &str) -> Column {
    use std::collections::BTreeMap;
    use std::sync::{Mutex, OnceLock, PoisonError};
    static KNOWN: OnceLock<Mutex<BTreeMap<String, Column>>> = OnceLock::new();
    let mut known = KNOWN
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    *known.entry(id.to_string()).or_insert_with(|| {
        let name = format!("amount_{id}");
        let meaning = format!(
            "The line's figure in the budget column `{id}` (its heading is in `columns`), as a plain number in the budget's currency and scale; negative for income and savings; empty for a budget without that column."
        );
        number(
            Box::leak(name.into_boxed_str()),
            Box::leak(meaning.into_boxed_str()),
        )
    })
}

/// `budget: Revised budget; forecast: Forecast outturn`, or nothing for a
/// budget of one column of amounts.
fn column_list(budget: &Budget) -> Value {
    if budget.columns.is_empty() {
        return Value::Null;
    }
    let all: Vec<String> = budget
        .columns
        .iter()
        .map(|c| format!("{}: {}", c.id, c.label))
        .collect();
    text(all.join("; "))
}

/// `Forecast variance: forecast minus budget`.
fn variance_label(budget: &Budget) -> Value {
    budget.variance.as_ref().map_or(Value::Null, |v| {
        text(format!("{}: {} minus {}", v.label(), v.of, v.against))
    })
}

/// A row of budget-lines: (group, label, figure in each column, note).
type BudgetRow<'a> = (
    Option<&'a String>,
    &'a String,
    Vec<Money>,
    Option<&'a String>,
);

/// A budget's rows, in order.
fn lines(budget: &Budget) -> Vec<BudgetRow<'_>> {
    let ids = budget.column_ids();
    let mut all = Vec::new();
    for line in &budget.lines {
        let figures = ids.iter().map(|id| line.figure(id)).collect();
        all.push((None, &line.label, figures, line.note.as_ref()));
    }
    for group in &budget.groups {
        if group.lines.is_empty() {
            let figures = ids.iter().map(|id| group.sum_of(id)).collect();
            all.push((Some(&group.name), &group.name, figures, None));
        }
        for line in &group.lines {
            let figures = ids.iter().map(|id| line.figure(id)).collect();
            all.push((Some(&group.name), &line.label, figures, line.note.as_ref()));
        }
    }
    all
}

fn risks(site: &Site, papers: &[(Trace, &Paper)]) -> Dataset {
    let mut data = Dataset::with_trace(
        "risks",
        "Risks",
        "A risk in a risk register, with its rating at each stage its register scores.",
        &RISKS,
    );
    for (trace, paper) in papers {
        for (r, register) in paper.risks.iter().enumerate() {
            let matrix = site.config.matrix_of(register);
            for risk in &register.risks {
                let mut row = vec![
                    ("register", count(r + 1)),
                    ("register_title", opt(register.title.as_ref())),
                    (
                        "matrix",
                        text(register.matrix_name(&site.config.default_risk_matrix)),
                    ),
                    ("id", text(&risk.id)),
                    ("ref", opt(risk.key.as_ref())),
                    ("title", text(&risk.title)),
                    ("owner", opt(risk.owner.as_ref())),
                ];
                let before = stage_at(risk, 0);
                let now = stage_at(risk, 1);
                let target = stage_at(risk, 2);
                let [score, likelihood, impact, band] = rating(before.map(|s| s.1), matrix);
                row.extend([
                    ("inherent_score", score),
                    ("inherent_likelihood", likelihood),
                    ("inherent_impact", impact),
                    ("inherent_band", band),
                ]);
                let [r_score, r_likelihood, r_impact, r_band] = rating(now.map(|s| s.1), matrix);
                let above = r_score
                    .as_u64()
                    .zip(register.appetite)
                    .map_or(Value::Null, |(s, a)| Value::Bool(s > u64::from(a)));
                row.extend([
                    ("residual_score", r_score),
                    ("residual_likelihood", r_likelihood),
                    ("residual_impact", r_impact),
                    ("residual_band", r_band),
                    ("response", opt(risk.response.as_ref())),
                    ("controls", opt(risk.controls.as_ref())),
                    ("indicators", opt(risk.indicators.as_ref())),
                    ("inherent_name", opt(before.map(|s| s.0.field()))),
                    ("residual_name", opt(now.map(|s| s.0.field()))),
                ]);
                let [t_score, t_likelihood, t_impact, t_band] = rating(target.map(|s| s.1), matrix);
                row.extend([
                    ("target_score", t_score),
                    ("target_likelihood", t_likelihood),
                    ("target_impact", t_impact),
                    ("target_band", t_band),
                    (
                        "appetite",
                        register.appetite.map_or(Value::Null, Value::from),
                    ),
                    ("above_appetite", above),
                    (
                        "direction",
                        opt(risk.direction.map(|d| d.label().to_lowercase())),
                    ),
                    ("rating", opt(risk.rating.map(|r| r.label().to_lowercase()))),
                ]);
                data.push(trace.row(row));
            }
        }
    }
    data
}

/// A risk's rating at point `point` of its course (0 before controls, 1
/// now, 2 target), with the name its paper gave the stage.
fn stage_at(risk: &Risk, point: usize) -> Option<(Stage, &Rating)> {
    risk.scores().into_iter().find(|(s, _)| s.point() == point)
}

/// A rating placed on its matrix: score, likelihood, impact and band;
/// nulls when there is no rating.
fn rating(rating: Option<&Rating>, matrix: Option<&RiskMatrix>) -> [Value; 4] {
    let placed = rating
        .zip(matrix)
        .and_then(|(rating, matrix)| Some((rating.place(matrix).ok()?, matrix)));
    match placed {
        Some((p, matrix)) => [
            Value::from(p.score),
            text(&matrix.likelihood[p.likelihood - 1]),
            text(&matrix.impact[p.impact - 1]),
            opt(matrix.band(p.score).map(|b| &b.label)),
        ],
        None => [Value::Null, Value::Null, Value::Null, Value::Null],
    }
}

fn targets(papers: &[(Trace, &Paper)]) -> Dataset {
    let mut data = Dataset::with_trace(
        "targets",
        "Targets",
        "A performance target in a target table.",
        &[TARGETS.as_slice(), TARGET_FIGURES.as_slice()].concat(),
    );
    for (trace, paper) in papers {
        for (t, table) in paper.targets.iter().enumerate() {
            for target in &table.targets {
                data.push(
                    trace.row(
                        vec![
                            ("table", count(t + 1)),
                            ("table_title", opt(table.title.as_ref())),
                            ("id", text(&target.id)),
                            ("ref", opt(target.key.as_ref())),
                            ("theme", opt(target.theme.as_ref())),
                            ("measure", text(&target.measure)),
                            ("baseline", opt(target.baseline.as_ref())),
                            ("target", opt(target.target.as_ref())),
                            ("actual", opt(target.actual.as_ref())),
                            ("due", opt(target.due.as_ref().map(|d| d.date.iso()))),
                            (
                                "due_as_written",
                                opt(target.due.as_ref().map(|d| &d.written)),
                            ),
                            ("status", text(target.status.key())),
                            ("owner", opt(target.owner.as_ref())),
                        ]
                        .into_iter()
                        .chain(target_figures(target))
                        .collect(),
                    ),
                );
            }
        }
    }
    data
}

/// The cells of [`TARGET_FIGURES`] for one target.
fn target_figures(target: &Target) -> Row {
    let period = target.period.as_ref();
    vec![
        ("unit", opt(target.unit.as_ref())),
        ("better", opt(target.better.map(|b| b.key()))),
        ("baseline_number", figure_number(target.baseline.as_ref())),
        ("target_number", figure_number(target.target.as_ref())),
        ("actual_number", figure_number(target.actual.as_ref())),
        ("previous", opt(target.previous.as_ref())),
        ("previous_number", figure_number(target.previous.as_ref())),
        ("period", opt(period)),
        ("period_start", opt(period.map(|p| p.start.iso()))),
        ("period_end", opt(period.map(|p| p.end.iso()))),
        ("trend", opt(target.trend().map(|t| t.key()))),
    ]
}

/// A figure that is a number, as JSON writes it (`28`, `31.5`); null for
/// text or nothing.
fn figure_number(figure: Option<&Figure>) -> Value {
    match figure.and_then(Figure::number) {
        Some(n) if n.fract() == 0.0 && n.abs() < 1e15 => Value::from(n as i64),
        Some(n) => serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number),
        None => Value::Null,
    }
}

/// Plain text as HTML, with each `backticked` part as `<code>`.
fn code_spans(text: &str) -> String {
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    let mut out = String::with_capacity(escaped.len());
    for (i, part) in escaped.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str("<code>");
            out.push_str(part);
            out.push_str("</code>");
        } else {
            out.push_str(part);
        }
    }
    out
}

pub(super) fn text(value: impl ToString) -> Value {
    Value::String(value.to_string())
}

pub(super) fn opt(value: Option<impl ToString>) -> Value {
    value.map_or(Value::Null, text)
}

pub(super) fn count(n: usize) -> Value {
    Value::from(n)
}

/// Names joined by `; `; null when there are none.
pub(super) fn list(names: &[String]) -> Value {
    if names.is_empty() {
        Value::Null
    } else {
        text(names.join("; "))
    }
}

/// People as the meeting names them, joined by `; `.
fn names(people: &[crate::people::Person]) -> Value {
    let names: Vec<String> = people.iter().map(|p| p.name.clone()).collect();
    list(&names)
}

/// An enum's kebab-case key, as it is written in the front matter.
pub(super) fn key(value: impl Serialize) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// An amount as a plain number: a whole number as an integer (`180`), else
/// a decimal (`12.5`), as [`Money::plain`] writes it.
pub fn amount(money: Money) -> Value {
    if money.0 % 100 == 0 {
        Value::from(money.0 / 100)
    } else {
        money
            .plain()
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::Null, Value::Number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_plain_numbers() {
        assert_eq!(cell(&amount(Money(18000))), "180");
        assert_eq!(cell(&amount(Money(1250))), "12.5");
        assert_eq!(cell(&amount(Money(1))), "0.01");
        assert_eq!(cell(&amount(Money(123456789))), "1234567.89");
        assert_eq!(cell(&amount(Money(0))), "0");
    }

    #[test]
    fn text_that_a_spreadsheet_would_run_is_neutralised() {
        for (text, written) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+44 20 7946 0000", "'+44 20 7946 0000"),
            ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tTab", "'\tTab"),
            ("\rReturn", "'\rReturn"),
            ("-inf", "'-inf"),
            ("-3192", "-3192"),
            ("+12.5", "+12.5"),
            ("Plain text", "Plain text"),
            ("A = B", "A = B"),
        ] {
            assert_eq!(cell(&Value::String(text.into())), written, "{text:?}");
        }
        // Numbers stay numbers.
        assert_eq!(cell(&Value::from(-3192)), "-3192");
        assert_eq!(amount(Money(18000)), serde_json::json!(180));
    }

    #[test]
    fn meanings_mark_up_code() {
        assert_eq!(
            code_spans("`open` or `done` <b>"),
            "<code>open</code> or <code>done</code> &lt;b&gt;"
        );
    }

    #[test]
    fn keys_are_kebab_case() {
        use crate::model::recommendation::Outcome;
        assert_eq!(key(Outcome::NotAgreed), text("not-agreed"));
        assert_eq!(
            key(crate::model::budget::Scale::Thousands),
            text("thousands")
        );
    }

    fn sample() -> Dataset {
        let mut data = Dataset::new(
            "sample",
            "Sample",
            "A sample row.",
            &[
                col("name", "A name."),
                col("amount", "An amount."),
                col("flag", "A flag."),
            ],
        );
        data.push(vec![
            ("name", text("Peer challenge, \"mentoring\"")),
            ("amount", amount(Money(1250))),
            ("flag", Value::Bool(true)),
        ]);
        data.push(vec![
            ("name", text("Zoë")),
            ("amount", Value::Null),
            ("flag", Value::Bool(false)),
        ]);
        data
    }

    #[test]
    fn csv_quotes_as_rfc_4180_with_crlf() {
        let csv = String::from_utf8(sample().csv().unwrap()).unwrap();
        assert_eq!(
            csv,
            "name,amount,flag\r\n\"Peer challenge, \"\"mentoring\"\"\",12.5,true\r\nZoë,,false\r\n"
        );
    }

    #[test]
    fn json_keeps_column_order() {
        let json = String::from_utf8(sample().json().unwrap()).unwrap();
        let name = json.find("\"name\"").unwrap();
        let amount = json.find("\"amount\"").unwrap();
        let flag = json.find("\"flag\"").unwrap();
        assert!(name < amount && amount < flag, "{json}");
        let parsed: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(parsed[0]["amount"], serde_json::json!(12.5));
        assert_eq!(parsed[1]["amount"], Value::Null);
        assert!(json.ends_with("]\n"));
    }

    #[test]
    fn every_column_has_a_unique_name_and_a_meaning() {
        for columns in [
            &MEETINGS[..],
            &ITEMS[..],
            &[&TRACE[..], &DECISIONS[..]].concat(),
            &[&TRACE[..], &ACTIONS[..], &[OVERDUE]].concat(),
            &[
                &TRACE[..],
                &BUDGET_LINES[..],
                &BUDGET_COLUMNS[..],
                &[figure_column("forecast")],
            ]
            .concat(),
            &[&TRACE[..], &RISKS[..]].concat(),
            &[&TRACE[..], &TARGETS[..]].concat(),
        ] {
            let mut names: Vec<&str> = columns.iter().map(|c| c.name).collect();
            names.sort_unstable();
            let before = names.len();
            names.dedup();
            assert_eq!(before, names.len(), "duplicate column in {columns:?}");
            assert!(columns.iter().all(|c| c.meaning.ends_with('.')));
        }
    }

    #[test]
    fn a_group_given_as_one_amount_is_one_line() {
        let budget: Budget = crate::content::yaml::from_str(
            "groups:\n  - name: Support\n    lines:\n      - {label: A, amount: 130}\n      - {label: B, amount: 390, note: Peer}\n  - {name: Contingency, amount: 385}\n",
        )
        .unwrap();
        let rows = lines(&budget);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[2].1, "Contingency");
        assert_eq!(rows[2].2, [Money(38500)]);
        assert_eq!(rows[1].3.map(String::as_str), Some("Peer"));
        let total: i64 = rows.iter().map(|r| r.2[0].0).sum();
        assert_eq!(total, budget.sum().0);
    }
}
