//! Serialisable views of the domain for templates. Every figure a reader
//! sees is computed here, so templates only lay out text.

use std::collections::BTreeMap;

use serde::Serialize;

use super::charts;
use crate::config::Config;
use crate::content::markdown::Heading;
use crate::format;
use crate::model::budget::Budget;
use crate::model::recommendation::{Outcome, Recommendation, Side};
use crate::model::risk::{Direction, Rag, Rating, Risk, RiskMatrix, RiskRegister, Stage};
use crate::model::target::{Better, Figure, Target, TargetStatus, TargetTable};
use crate::model::values::{Date, Money};
use crate::site::{AgendaLine, Appendix, Paper, RelatedLink};

#[derive(Debug, Serialize)]
pub struct PaperView<'a> {
    pub purpose_html: Option<&'a str>,
    pub body_html: &'a str,
    pub headings: &'a [Heading],
    pub author: Option<&'a str>,
    pub recommendations: Vec<RecommendationView<'a>>,
    pub budgets: Vec<BudgetView>,
    pub risks: Vec<RegisterView>,
    pub targets: Vec<TargetTableView>,
    pub appendices: &'a [Appendix],
    pub related: &'a [RelatedLink],
    pub revisions: Vec<RevisionView<'a>>,
    pub tags: &'a [String],
}

impl<'a> PaperView<'a> {
    /// `id_prefix` keeps the ids of several papers' charts apart on one page.
    /// `today` judges the paper's actions; its targets are judged on its own
    /// date, and on `today` only when it has none.
    pub fn new(paper: &'a Paper, config: &Config, today: Date, id_prefix: &str) -> Self {
        PaperView {
            purpose_html: paper.purpose_html.as_deref(),
            body_html: &paper.body_html,
            headings: &paper.headings,
            author: paper.author.as_deref(),
            recommendations: paper
                .recommendations
                .iter()
                .map(|r| RecommendationView::new(r, today))
                .collect(),
            budgets: paper
                .budgets
                .iter()
                .enumerate()
                .map(|(i, b)| BudgetView::new(b, config, &format!("{id_prefix}budget-{}", i + 1)))
                .collect(),
            risks: paper
                .risks
                .iter()
                .enumerate()
                .map(|(i, r)| RegisterView::new(r, config, &format!("{id_prefix}risks-{}", i + 1)))
                .collect(),
            // A paper shows its targets as it reported them.
            targets: paper
                .targets
                .iter()
                .map(|t| TargetTableView::new(t, paper.date.unwrap_or(today)))
                .collect(),
            appendices: &paper.appendices,
            related: &paper.related,
            revisions: paper
                .revisions
                .iter()
                .map(|r| RevisionView {
                    date: r.date.iso(),
                    date_text: format::long_date(r.date),
                    note: &r.note,
                })
                .collect(),
            tags: &paper.tags,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct RevisionView<'a> {
    pub date: String,
    pub date_text: String,
    pub note: &'a str,
}

#[derive(Debug, Serialize)]
pub struct RecommendationView<'a> {
    pub id: &'a str,
    pub text: &'a str,
    pub outcome: &'static str,
    /// "Agreed", or "Recommended to Council".
    pub outcome_label: String,
    /// For the outcome `recommended`: the body that takes the decision.
    pub recommended_to: Option<&'a str>,
    pub resolution: Option<&'a str>,
    pub proposer: Option<&'a str>,
    pub seconder: Option<&'a str>,
    /// "7 for, 2 against, 1 abstention", from the counts or the names.
    pub vote_text: Option<String>,
    /// The sides of a recorded vote that name anyone, in order.
    pub recorded: Vec<RecordedSide<'a>>,
    pub actions: Vec<ActionView<'a>>,
}

/// One side of a recorded vote, as minutes write it.
#[derive(Debug, Serialize)]
pub struct RecordedSide<'a> {
    /// "For", "Against", "Abstained".
    pub label: &'static str,
    pub names: Vec<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct ActionView<'a> {
    pub text: &'a str,
    pub owner: Option<&'a str>,
    pub due: Option<String>,
    pub due_text: Option<String>,
    pub status_label: &'static str,
    pub overdue: bool,
}

impl<'a> RecommendationView<'a> {
    pub fn new(recommendation: &'a Recommendation, today: Date) -> Self {
        use crate::model::recommendation::ActionStatus;
        RecommendationView {
            id: &recommendation.id,
            text: &recommendation.text,
            outcome: recommendation.outcome.key(),
            outcome_label: recommendation.outcome_label(),
            recommended_to: recommendation
                .recommended_to
                .as_deref()
                .filter(|_| recommendation.outcome == Outcome::Recommended),
            resolution: recommendation.resolution.as_deref(),
            proposer: recommendation.proposer.as_deref(),
            seconder: recommendation.seconder.as_deref(),
            vote_text: recommendation.tally().map(|t| t.text()),
            recorded: recorded_sides(recommendation),
            actions: recommendation
                .actions
                .iter()
                .map(|action| {
                    let overdue = action.is_overdue(today);
                    ActionView {
                        text: &action.text,
                        owner: action.owner.as_deref(),
                        due: action.due.map(|d| d.iso()),
                        due_text: action.due.map(format::long_date),
                        status_label: match (overdue, action.status) {
                            (true, _) => "Overdue",
                            (false, ActionStatus::Open) => "Open",
                            (false, ActionStatus::Done) => "Done",
                            (false, ActionStatus::Dropped) => "Dropped",
                            (false, ActionStatus::Overdue) => "Overdue",
                        },
                        overdue,
                    }
                })
                .collect(),
        }
    }
}

/// The sides of a recorded vote that name anyone.
fn recorded_sides(recommendation: &Recommendation) -> Vec<RecordedSide<'_>> {
    let Some(recorded) = &recommendation.recorded else {
        return Vec::new();
    };
    Side::ALL
        .into_iter()
        .map(|side| RecordedSide {
            label: match side {
                Side::For => "For",
                Side::Against => "Against",
                Side::Abstain => "Abstained",
            },
            names: recorded.names(side).iter().map(|n| n.trim()).collect(),
        })
        .filter(|side| !side.names.is_empty())
        .collect()
}

/// Consecutive agenda lines under one heading.
#[derive(Debug, Serialize)]
pub struct AgendaGroup<'a> {
    /// The section's heading; `None` for items that sit under none.
    pub section: Option<&'a str>,
    pub lines: Vec<&'a AgendaLine>,
}

/// The agenda in groups of consecutive lines of the same section, so each
/// heading is shown once however many items it covers.
///
/// An exempt line has no section of its own (only its number, title and
/// reason are published). It stays in the group around it when the public
/// lines either side of it share a section, and otherwise sits under no
/// heading, so that it is never shown under a heading it may not belong to.
pub fn agenda_groups(agenda: &[AgendaLine]) -> Vec<AgendaGroup<'_>> {
    let mut groups: Vec<AgendaGroup> = Vec::new();
    for (i, line) in agenda.iter().enumerate() {
        let section = match &line.exempt_reason {
            None => line.section.as_deref(),
            Some(_) => section_around(agenda, i),
        };
        match groups.last_mut() {
            Some(group) if group.section == section => group.lines.push(line),
            _ => groups.push(AgendaGroup {
                section,
                lines: vec![line],
            }),
        }
    }
    groups
}

/// The section of the public lines either side of line `i`, when both
/// have the same one.
fn section_around(agenda: &[AgendaLine], i: usize) -> Option<&str> {
    let public = |line: &&AgendaLine| line.exempt_reason.is_none();
    let before = agenda[..i].iter().rev().find(public)?.section.as_deref();
    let after = agenda[i + 1..].iter().find(public)?.section.as_deref();
    (before == after).then_some(before).flatten()
}

#[derive(Debug, Serialize)]
pub struct BudgetView {
    pub title: Option<String>,
    /// The unit of the figures, for the table heading: `£'000`.
    pub unit: String,
    pub rows: Vec<BudgetRow>,
    /// The figures as the budget's own table gives them, in `unit`: `610`.
    pub total: String,
    pub available: Option<String>,
    /// What is left of `available`, or by how much it is exceeded.
    pub balance: Option<String>,
    /// The same figures as money, for anywhere outside the table: `£610k`.
    pub total_text: String,
    pub available_text: Option<String>,
    pub balance_text: Option<String>,
    pub over_allocated: bool,
    /// The bar chart, inline SVG; empty in summaries that show no chart.
    pub chart: String,
    /// The headings of a budget of several columns, one per column; empty
    /// for a budget of one, whose table keeps its single `unit` column.
    pub columns: Vec<String>,
    /// How many columns the table has, for rows that span it.
    pub table_width: usize,
    /// Each column's total as the table gives it.
    pub totals: Vec<String>,
    /// Each column's total as money, with its heading: for `/budgets/`.
    pub column_totals: Vec<ColumnTotal>,
    pub variance: Option<VarianceView>,
}

/// One column's total as money: `Forecast outturn`, `£3,356,595`.
#[derive(Debug, Serialize)]
pub struct ColumnTotal {
    pub label: String,
    pub text: String,
}

/// A budget's variance: its heading, the total as the table gives it and
/// in words, and its chart.
#[derive(Debug, Serialize)]
pub struct VarianceView {
    /// `Forecast variance`.
    pub label: String,
    /// What it compares, in words: `Forecast outturn against Revised budget`.
    pub compares: String,
    /// The total in the table's unit: `−43,405`.
    pub total: String,
    /// The total in words: `£43,405 under budget`.
    pub total_text: String,
    /// Inline SVG; empty in summaries.
    pub chart: String,
}

#[derive(Debug, Serialize)]
pub struct BudgetRow {
    /// `group`, `line` (within a group), `subtotal` or `single` (a group or
    /// flat line with its own amount).
    pub kind: &'static str,
    pub label: String,
    /// The figure of a budget of one column.
    pub amount: String,
    pub share: Option<String>,
    pub note: Option<String>,
    /// The row's figure in each column, as the table gives them.
    pub figures: Vec<String>,
    /// The row's variance, when the budget has one.
    pub variance: Option<String>,
}

impl BudgetView {
    /// The view with its charts, whose ids start with `id`.
    pub fn new(budget: &Budget, config: &Config, id: &str) -> Self {
        let currency = budget.currency_or(&config.currency);
        let mut view = Self::summary(budget, config);
        view.chart = charts::budget_chart(budget, currency, id);
        if let Some(variance) = &mut view.variance {
            variance.chart = charts::variance_chart(budget, currency, &format!("{id}-variance"))
                .unwrap_or_default();
        }
        view
    }

    /// The view without a chart, for listings of many budgets.
    pub fn summary(budget: &Budget, config: &Config) -> Self {
        let total = budget.sum();
        let ids = budget.column_ids();
        // A row's figures: each column's, and the variance between two.
        let figures_of = |figure: &dyn Fn(&str) -> Money| -> (Vec<String>, Option<String>) {
            let figures = ids.iter().map(|id| format::figure(figure(id))).collect();
            let variance = budget.variance_with(figure).map(format::figure);
            (figures, variance)
        };
        let row = |kind, label: &str, figure: &dyn Fn(&str) -> Money, share: bool| {
            let (figures, variance) = figures_of(figure);
            let amount = figure(ids[0]);
            BudgetRow {
                kind,
                label: label.to_string(),
                amount: format::figure(amount),
                share: (share && !budget.has_several_columns())
                    .then(|| format::percent(amount, total)),
                note: None,
                figures,
                variance,
            }
        };
        let mut rows = Vec::new();
        if budget.groups.is_empty() {
            for line in &budget.lines {
                rows.push(BudgetRow {
                    note: line.note.clone(),
                    ..row("single", &line.label, &|id| line.figure(id), true)
                });
            }
        }
        for group in &budget.groups {
            let sum = |id: &str| group.sum_of(id);
            if group.lines.is_empty() {
                rows.push(row("single", &group.name, &sum, true));
                continue;
            }
            rows.push(BudgetRow {
                amount: String::new(),
                ..row("group", &group.name, &sum, false)
            });
            for line in &group.lines {
                rows.push(BudgetRow {
                    note: line.note.clone(),
                    ..row("line", &line.label, &|id| line.figure(id), false)
                });
            }
            rows.push(row(
                "subtotal",
                &format!("Total {}", group.name),
                &sum,
                true,
            ));
        }
        let currency = budget.currency_or(&config.currency);
        let money = |amount: Money| format::money(amount, currency, budget.scale);
        let balance = budget.balance().map(|b| (Money(b.0.abs()), b.0 < 0));
        let columns = budget.columns();
        let totals = budget.totals();
        let several = budget.has_several_columns();
        let variance = budget.variance.as_ref().map(|spec| {
            let figure = |id: &str| budget.sum_of(id);
            let total = budget.variance_with(figure).unwrap_or_default();
            let label_of = |id: &str| {
                columns
                    .iter()
                    .find(|c| c.id == id)
                    .map_or(id.to_string(), |c| c.label.clone())
            };
            VarianceView {
                label: spec.label().to_string(),
                compares: format!("{} against {}", label_of(&spec.of), label_of(&spec.against)),
                total: format::figure(total),
                total_text: format::variance(total, currency, budget.scale),
                chart: String::new(),
            }
        });
        BudgetView {
            title: budget.title.clone(),
            unit: format::money_unit(currency, budget.scale),
            rows,
            total: format::figure(total),
            available: budget.available.map(|a| a.grouped()),
            balance: balance.map(|(b, _)| b.grouped()),
            total_text: money(total),
            available_text: budget.available.map(money),
            balance_text: balance.map(|(b, _)| money(b)),
            over_allocated: balance.is_some_and(|(_, over)| over),
            chart: String::new(),
            columns: if several {
                columns.iter().map(|c| c.label.clone()).collect()
            } else {
                Vec::new()
            },
            table_width: 1 + ids.len() + usize::from(variance.is_some()),
            totals: totals.iter().map(|t| format::figure(*t)).collect(),
            column_totals: columns
                .iter()
                .zip(&totals)
                .map(|(c, t)| ColumnTotal {
                    label: c.label.clone(),
                    text: money(*t),
                })
                .collect(),
            variance,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct RegisterView {
    pub title: Option<String>,
    pub matrix: String,
    /// Rated red, amber or green (`matrix: none`): no chart, no scores.
    pub rag: bool,
    /// The matrix with every risk marked, inline SVG.
    pub chart: Option<String>,
    /// What the chart's shapes and lines mean, in words.
    pub chart_legend: String,
    /// The bands in words and colour, for the legend.
    pub bands: Vec<BandView>,
    /// The stages the risks are scored at, named as the register wrote
    /// them: one column each.
    pub stages: Vec<StageView>,
    pub appetite: Option<AppetiteView>,
    /// Whether any risk gives its direction of travel: a column for it.
    pub has_direction: bool,
    pub rows: Vec<RiskRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StageView {
    /// `current`, as in front matter and data.
    pub field: &'static str,
    /// `Current`, for headings.
    pub label: &'static str,
    /// The shape that marks it on the matrix, and a character like it.
    pub shape: &'static str,
    pub glyph: &'static str,
}

impl StageView {
    pub fn new(stage: Stage) -> Self {
        StageView {
            field: stage.field(),
            label: stage.label(),
            shape: charts::shape_name(stage),
            glyph: ["○", "□", "◇"][stage.point()],
        }
    }
}

/// A register's risk appetite and the risks whose present score is above it.
#[derive(Debug, Serialize)]
pub struct AppetiteView {
    pub score: u32,
    /// The band the appetite score falls in.
    pub band: String,
    /// What the present score is called in this register (`current`).
    pub compared: Option<&'static str>,
    /// The ids of the risks above it.
    pub above: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct RiskRow {
    pub id: String,
    pub key: Option<String>,
    pub title: String,
    pub owner: Option<String>,
    /// One per stage of the register, in its order.
    pub scores: Vec<ScoreCell>,
    pub rating: Option<RagView>,
    pub direction: Option<DirectionView>,
    pub response: Option<String>,
    pub controls: Option<String>,
    pub indicators: Option<String>,
}

/// A risk's score at one stage, and whether it is the present score and
/// above the register's appetite.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreCell {
    pub rating: Option<RatingView>,
    pub above_appetite: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct RatingView {
    pub score: u32,
    pub likelihood: String,
    pub impact: String,
    pub band: String,
    pub colour: String,
    /// Black or white, whichever reads on `colour`.
    pub text_colour: &'static str,
}

/// A red, amber or green rating: the word always, the colour beside it.
#[derive(Debug, Clone, Serialize)]
pub struct RagView {
    pub key: Rag,
    pub label: &'static str,
    pub colour: &'static str,
    pub text_colour: &'static str,
}

impl RagView {
    pub fn new(rag: Rag) -> Self {
        RagView {
            key: rag,
            label: rag.label(),
            colour: rag.colour(),
            text_colour: charts::text_colour_on(rag.colour()),
        }
    }
}

/// A direction of travel: the word, and an arrow for the eye.
#[derive(Debug, Clone, Serialize)]
pub struct DirectionView {
    pub key: Direction,
    pub label: &'static str,
    pub arrow: &'static str,
}

impl DirectionView {
    pub fn new(direction: Direction) -> Self {
        DirectionView {
            key: direction,
            label: direction.label(),
            arrow: direction.arrow(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct BandView {
    pub label: String,
    pub range: String,
    pub colour: String,
    pub text_colour: &'static str,
}

impl RegisterView {
    pub fn new(register: &RiskRegister, config: &Config, id: &str) -> Self {
        let name = register
            .matrix_name(&config.default_risk_matrix)
            .to_string();
        let matrix = config.matrix_of(register);
        let stages = if register.is_rag() {
            Vec::new()
        } else {
            register.stages()
        };
        let title = register
            .title
            .clone()
            .unwrap_or_else(|| "Risk register".into());
        let appetite = matrix.and_then(|m| appetite_view(register, &stages, m));
        let chart = matrix.map(|matrix| {
            let markers: Vec<charts::Marker> = register
                .risks
                .iter()
                .map(|risk| charts::Marker {
                    id: risk.id.clone(),
                    points: stages
                        .iter()
                        .map(|s| (*s, risk.at(*s).and_then(|r| r.place(matrix).ok())))
                        .collect(),
                })
                .collect();
            charts::risk_matrix(
                matrix,
                &markers,
                register.appetite,
                &format!("{title}: risk matrix"),
                id,
            )
        });
        RegisterView {
            title: register.title.clone(),
            matrix: name.clone(),
            rag: register.is_rag(),
            chart_legend: chart_legend(&stages, register.appetite),
            chart,
            bands: matrix.map(band_views).unwrap_or_default(),
            stages: stages.iter().copied().map(StageView::new).collect(),
            has_direction: register.risks.iter().any(|r| r.direction.is_some()),
            rows: register
                .risks
                .iter()
                .map(|risk| RiskRow {
                    id: risk.id.clone(),
                    key: risk.key.clone(),
                    title: risk.title.clone(),
                    owner: risk.owner.clone(),
                    scores: stages
                        .iter()
                        .map(|s| score_cell(risk, *s, matrix, register.appetite))
                        .collect(),
                    rating: risk.rating.map(RagView::new),
                    direction: risk.direction.map(DirectionView::new),
                    response: risk.response.clone(),
                    controls: risk.controls.clone(),
                    indicators: risk.indicators.clone(),
                })
                .collect(),
            appetite,
        }
    }
}

/// A risk's score at `stage`, flagged when it is the present score and
/// above `appetite`.
pub fn score_cell(
    risk: &Risk,
    stage: Stage,
    matrix: Option<&RiskMatrix>,
    appetite: Option<u32>,
) -> ScoreCell {
    let rating = matrix.and_then(|m| rating_view(risk.at(stage)?, m));
    let above_appetite = stage.point() == 1
        && rating
            .as_ref()
            .zip(appetite)
            .is_some_and(|(r, a)| r.score > a);
    ScoreCell {
        rating,
        above_appetite,
    }
}

/// The appetite in words and the risks above it.
fn appetite_view(
    register: &RiskRegister,
    stages: &[Stage],
    matrix: &RiskMatrix,
) -> Option<AppetiteView> {
    let score = register.appetite?;
    let above = register
        .risks
        .iter()
        .filter(|risk| {
            risk.present()
                .and_then(|r| r.place(matrix).ok())
                .is_some_and(|p| p.score > score)
        })
        .map(|risk| risk.id.clone())
        .collect();
    Some(AppetiteView {
        score,
        band: matrix
            .band(score)
            .map(|b| b.label.clone())
            .unwrap_or_default(),
        compared: stages.iter().find(|s| s.point() == 1).map(|s| s.field()),
        above,
    })
}

/// What the shapes and the appetite line of a register's matrix mean: "○
/// Circles mark each risk's current score and ◇ diamonds its target
/// score, joined by a line in that order."
fn chart_legend(stages: &[Stage], appetite: Option<u32>) -> String {
    let views: Vec<StageView> = stages.iter().copied().map(StageView::new).collect();
    let mut parts = Vec::new();
    for (i, v) in views.iter().enumerate() {
        let whose = if i == 0 { "each risk's" } else { "its" };
        let shape = if i == 0 {
            format!("{} {}s", v.glyph, capitalise(v.shape))
        } else {
            format!("{} {}s", v.glyph, v.shape)
        };
        parts.push(format!("{shape} mark {whose} {} score", v.field));
    }
    let mut text = match parts.as_slice() {
        [] => String::new(),
        [one] => format!("{one}."),
        [rest @ .., last] => format!(
            "{} and {last}, joined by a line in that order.",
            rest.join(", ")
        ),
    };
    if let Some(appetite) = appetite {
        text.push_str(&format!(
            " The thick black line edged in white is the risk appetite: cells beyond it score more than {appetite}."
        ));
    }
    text
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// A matrix's bands with the scores each covers, for the legend.
fn band_views(matrix: &RiskMatrix) -> Vec<BandView> {
    let mut floor = 0;
    matrix
        .bands
        .iter()
        .map(|band| {
            let range = if band.upto == floor + 1 {
                band.upto.to_string()
            } else {
                format!("{} to {}", floor + 1, band.upto)
            };
            floor = band.upto;
            BandView {
                label: band.label.clone(),
                range,
                text_colour: charts::text_colour_on(&band.colour),
                colour: band.colour.clone(),
            }
        })
        .collect()
}

/// A rating placed on its matrix, with its band in words and colour.
pub fn rating_view(rating: &Rating, matrix: &RiskMatrix) -> Option<RatingView> {
    let placed = rating.place(matrix).ok()?;
    let band = matrix.band(placed.score);
    let colour = band.map_or_else(|| "#ffffff".to_string(), |b| b.colour.clone());
    Some(RatingView {
        score: placed.score,
        likelihood: matrix.likelihood[placed.likelihood - 1].clone(),
        impact: matrix.impact[placed.impact - 1].clone(),
        band: band.map(|b| b.label.clone()).unwrap_or_default(),
        text_colour: charts::text_colour_on(&colour),
        colour,
    })
}

#[derive(Debug, Serialize)]
pub struct TargetTableView {
    pub title: Option<String>,
    pub themes: Vec<ThemeView>,
    pub counts: Vec<StatusCount>,
    /// Which of the optional columns any target of the table fills.
    pub columns: TargetColumns,
}

/// The optional columns of a target table: a column no target fills is
/// left out, so a table is no wider than its figures.
#[derive(Debug, Default, Clone, Copy, Serialize)]
pub struct TargetColumns {
    pub period: bool,
    pub baseline: bool,
    pub previous: bool,
    pub trend: bool,
    pub due: bool,
    pub owner: bool,
}

#[derive(Debug, Serialize)]
pub struct ThemeView {
    pub name: Option<String>,
    pub targets: Vec<TargetRow>,
}

#[derive(Debug, Serialize)]
pub struct TargetRow {
    pub id: String,
    pub measure: String,
    /// "Lower is better".
    pub better: Option<&'static str>,
    /// What `actual` covers: `2018/19 Q2`, `September 2018`.
    pub period_text: Option<String>,
    /// The figures with their unit: `31.5 days`, or text as written.
    pub baseline: Option<String>,
    pub target: Option<String>,
    pub actual: Option<String>,
    pub previous: Option<String>,
    pub trend: Option<TrendView>,
    pub due_text: Option<String>,
    pub status: &'static str,
    pub status_label: &'static str,
    pub owner: Option<String>,
    pub overdue: bool,
}

/// The direction of travel in words and an arrow.
#[derive(Debug, Clone, Serialize)]
pub struct TrendView {
    pub key: &'static str,
    pub label: &'static str,
    pub arrow: &'static str,
}

#[derive(Debug, Serialize)]
pub struct StatusCount {
    pub status: &'static str,
    pub label: &'static str,
    pub count: usize,
}

impl TargetRow {
    /// The row of `target`, overdue or not as of `day`.
    pub fn new(target: &Target, day: Date) -> Self {
        let unit = target.unit.as_deref();
        let figure = |figure: &Option<Figure>| figure.as_ref().map(|f| figure_text(f, unit));
        TargetRow {
            id: target.id.clone(),
            measure: target.measure.clone(),
            better: target.better.map(Better::label),
            period_text: target.period.as_ref().map(|p| unbroken(&p.short())),
            baseline: figure(&target.baseline),
            target: figure(&target.target),
            actual: figure(&target.actual),
            previous: figure(&target.previous),
            trend: target.trend().map(|t| TrendView {
                key: t.key(),
                label: t.label(),
                arrow: t.arrow(),
            }),
            due_text: target.due.as_ref().map(|d| format::long_date(d.date)),
            status: target.status.key(),
            status_label: target.status.label(),
            owner: target.owner.clone(),
            overdue: target.is_overdue(day),
        }
    }
}

/// A number with its unit, kept on one line (`12 days` never breaks
/// before `days`); text as the paper wrote it.
pub fn figure_text(figure: &Figure, unit: Option<&str>) -> String {
    match figure {
        Figure::Number(n) => unbroken(&format::quantity(*n, unit)),
        Figure::Text(text) => text.clone(),
    }
}

/// Short text that reads as one thing (`2018/19 Q2`, `12 days`) with
/// no-break spaces, so a narrow table cell does not split it.
fn unbroken(text: &str) -> String {
    text.replace(' ', "\u{a0}")
}

impl TargetTableView {
    /// The table as its paper reports it: every target judged on `day`.
    pub fn new(table: &TargetTable, day: Date) -> Self {
        Self::judged(table, |_| day)
    }

    /// The table with each target (by its index) judged on the day `day_of`
    /// gives it: a register judges the latest report of a target on the
    /// build's date and earlier reports on their papers' dates.
    pub fn judged(table: &TargetTable, day_of: impl Fn(usize) -> Date) -> Self {
        let mut themes: Vec<ThemeView> = Vec::new();
        let mut index: BTreeMap<Option<String>, usize> = BTreeMap::new();
        for (i, target) in table.targets.iter().enumerate() {
            let slot = *index.entry(target.theme.clone()).or_insert_with(|| {
                themes.push(ThemeView {
                    name: target.theme.clone(),
                    targets: Vec::new(),
                });
                themes.len() - 1
            });
            themes[slot].targets.push(TargetRow::new(target, day_of(i)));
        }
        let counts = TargetStatus::ALL
            .iter()
            .map(|status| StatusCount {
                status: status.key(),
                label: status.label(),
                count: table.targets.iter().filter(|t| t.status == *status).count(),
            })
            .filter(|c| c.count > 0)
            .collect();
        TargetTableView {
            title: table.title.clone(),
            columns: TargetColumns::of(themes.iter().flat_map(|t| &t.targets)),
            themes,
            counts,
        }
    }
}

impl TargetColumns {
    /// The columns that any of `rows` fills.
    pub fn of<'a>(rows: impl IntoIterator<Item = &'a TargetRow>) -> Self {
        rows.into_iter()
            .fold(Self::default(), |c, row| TargetColumns {
                period: c.period || row.period_text.is_some(),
                baseline: c.baseline || row.baseline.is_some(),
                previous: c.previous || row.previous.is_some(),
                trend: c.trend || row.trend.is_some(),
                due: c.due || row.due_text.is_some(),
                owner: c.owner || row.owner.is_some(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(number: &str, section: Option<&str>, exempt: bool) -> AgendaLine {
        AgendaLine {
            number: number.into(),
            anchor: crate::model::paper::item_anchor(number),
            title: format!("Item {number}"),
            url: None,
            kind_label: None,
            report_of: None,
            supplement: false,
            exempt_reason: exempt.then(|| "Paragraph 3".to_string()),
            section: section.map(String::from),
            key_decision: false,
        }
    }

    /// Each group as its heading and its item numbers.
    fn shape(agenda: &[AgendaLine]) -> Vec<(Option<&str>, Vec<&str>)> {
        agenda_groups(agenda)
            .into_iter()
            .map(|g| {
                (
                    g.section,
                    g.lines.iter().map(|l| l.number.as_str()).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn consecutive_items_of_a_section_share_one_heading() {
        let agenda = [
            line("1", None, false),
            line("2", Some("For decision"), false),
            line("3", Some("For decision"), false),
            line("4", Some("For information"), false),
            line("5", Some("For decision"), false),
        ];
        assert_eq!(
            shape(&agenda),
            [
                (None, vec!["1"]),
                (Some("For decision"), vec!["2", "3"]),
                (Some("For information"), vec!["4"]),
                (Some("For decision"), vec!["5"]),
            ]
        );
    }

    #[test]
    fn an_exempt_item_joins_a_section_only_between_two_of_its_items() {
        let within = [
            line("6", Some("Part II"), false),
            line("7", None, true),
            line("8", Some("Part II"), false),
        ];
        assert_eq!(shape(&within), [(Some("Part II"), vec!["6", "7", "8"])]);
        let between = [
            line("6", Some("For decision"), false),
            line("7", None, true),
            line("8", Some("For information"), false),
        ];
        assert_eq!(
            shape(&between),
            [
                (Some("For decision"), vec!["6"]),
                (None, vec!["7"]),
                (Some("For information"), vec!["8"]),
            ]
        );
        let last = [
            line("6", Some("For decision"), false),
            line("7", None, true),
        ];
        assert_eq!(
            shape(&last),
            [(Some("For decision"), vec!["6"]), (None, vec!["7"])]
        );
    }
}
