//! The site-wide registers: every decision, risk register, budget and target
//! table across all public papers, and the history of each risk and target
//! that papers share by `ref`.

use crate::routes::Section;
use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use super::charts::{self, HistoryPoint};
use super::trend_chart::{self, Report};
use super::views::{
    BudgetView, DirectionView, RagView, RecommendationView, RegisterView, ScoreCell, StageView,
    TargetColumns, TargetRow, TargetTableView, score_cell,
};
use super::{Page, Renderer};
use crate::diagnostics::Diagnostic;
use crate::format;
use crate::model::call_in::CallIn;
use crate::model::recommendation::Outcome;
use crate::model::values::Date;
use crate::site::{Paper, Site};

/// Where a register entry comes from: an agenda item or a document.
#[derive(Debug, Clone, Serialize)]
pub struct Source<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub date: Option<Date>,
    pub date_text: Option<String>,
    /// "Members Board, 12 September 2008 · item 7", or "Document".
    pub context: String,
    /// Whether `context` already gives the date, so a list line need not.
    pub context_names_date: bool,
    pub board: Option<&'a str>,
    /// What an agenda item's minutes record of its decisions; nothing for
    /// a document.
    pub minute: Option<&'a str>,
    pub key_decision: bool,
    pub call_in: Option<&'a CallIn>,
    #[serde(skip)]
    pub paper: &'a Paper,
}

/// Every public paper, newest first: meetings' items in agenda order and
/// documents by their dates.
pub fn sources(site: &Site) -> Vec<Source<'_>> {
    let mut all = Vec::new();
    for meeting in site.meetings.iter().rev() {
        for item in &meeting.items {
            all.push(Source {
                title: &item.title,
                url: &item.url,
                date: Some(meeting.date),
                date_text: Some(format::long_date(meeting.date)),
                context: format!("{} · item {}", meeting.title, item.number),
                context_names_date: meeting.title_names_date,
                board: Some(&meeting.board),
                minute: item.minute.as_deref(),
                key_decision: item.key_decision,
                call_in: item.call_in.as_ref(),
                paper: &item.paper,
            });
        }
    }
    for document in &site.documents {
        all.push(Source {
            title: &document.title,
            url: &document.url,
            date: document.date,
            date_text: document.date_text.clone(),
            context: "Document".into(),
            context_names_date: false,
            board: None,
            minute: None,
            key_decision: false,
            call_in: None,
            paper: &document.paper,
        });
    }
    // Newest first by date; the sort is stable, so a meeting's items keep
    // their agenda order and undated documents come last.
    all.sort_by_key(|source| std::cmp::Reverse(source.date));
    all
}

/// Registers or tables on each page of the risks and targets registers.
pub const REGISTERS_PER_PAGE: usize = 20;

/// Decisions on each page of the decisions register.
pub const DECISIONS_PER_PAGE: usize = 100;

/// `/decisions/` and its filtered pages.
pub fn decision_pages(site: &Site, renderer: &Renderer) -> Result<Vec<Page>, Diagnostic> {
    decisions(site, renderer, &sources(site))
}

/// `/risks/` and a history page per shared `ref`.
pub fn risk_pages(site: &Site, renderer: &Renderer) -> Result<Vec<Page>, Diagnostic> {
    risks(site, renderer, &sources(site))
}

/// `/budgets/`.
pub fn budget_pages(site: &Site, renderer: &Renderer) -> Result<Vec<Page>, Diagnostic> {
    budgets(site, renderer, &sources(site))
}

/// `/targets/` and a history page per shared `ref`.
pub fn target_pages(site: &Site, renderer: &Renderer) -> Result<Vec<Page>, Diagnostic> {
    targets(site, renderer, &sources(site))
}

/// A decision for the home page: what was recommended and decided, where.
#[derive(Debug, Serialize)]
pub struct LatestDecision<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub context: String,
    pub date: Option<Date>,
    pub date_text: Option<String>,
    pub text: &'a str,
    pub outcome_label: String,
}

/// The `count` newest decisions taken. A recommendation still pending is
/// not one, nor one that the board recommended to another body, which
/// takes the decision there.
pub fn latest_decisions(site: &Site, count: usize) -> Vec<LatestDecision<'_>> {
    let mut latest = Vec::new();
    for meeting in site.meetings.iter().rev() {
        for item in &meeting.items {
            for recommendation in item
                .paper
                .recommendations
                .iter()
                .filter(|r| r.outcome.is_decision_taken())
            {
                if latest.len() == count {
                    return latest;
                }
                latest.push(LatestDecision {
                    title: &item.title,
                    url: &item.url,
                    context: format!("{} · item {}", meeting.title, item.number),
                    date: Some(meeting.date),
                    date_text: Some(format::long_date(meeting.date)),
                    text: &recommendation.text,
                    outcome_label: recommendation.outcome_label(),
                });
            }
        }
    }
    latest
}

#[derive(Debug, Serialize)]
struct Decision<'a> {
    source: &'a Source<'a>,
    #[serde(skip)]
    outcome: Outcome,
    recommendation: RecommendationView<'a>,
}

#[derive(Debug, Clone, Serialize)]
struct Filter {
    label: String,
    url: String,
    count: usize,
    #[serde(skip)]
    board: Option<String>,
    #[serde(skip)]
    outcome: Option<Outcome>,
}

/// The filtered views of the decisions register: one page per board and
/// one per outcome, so they work without JavaScript.
fn decision_filters(site: &Site, sources: &[Source]) -> Vec<Filter> {
    let recommendations = || {
        sources
            .iter()
            .flat_map(|s| s.paper.recommendations.iter().map(move |r| (s, r)))
    };
    let mut filters = Vec::new();
    for board in &site.boards {
        let count = recommendations()
            .filter(|(s, _)| s.board == Some(board.id.as_str()))
            .count();
        if count > 0 {
            filters.push(Filter {
                label: board.name.clone(),
                url: site
                    .routes
                    .register_page(Section::Decisions, &["board", &board.id]),
                count,
                board: Some(board.id.clone()),
                outcome: None,
            });
        }
    }
    let mut outcomes: BTreeMap<Outcome, usize> = BTreeMap::new();
    for (_, r) in recommendations() {
        *outcomes.entry(r.outcome).or_default() += 1;
    }
    for (outcome, count) in outcomes {
        let key = serde_json::to_value(outcome)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default();
        filters.push(Filter {
            label: outcome.label().into(),
            url: site
                .routes
                .register_page(Section::Decisions, &["outcome", &key]),
            count,
            board: None,
            outcome: Some(outcome),
        });
    }
    filters
}

fn decisions(
    site: &Site,
    renderer: &Renderer,
    sources: &[Source],
) -> Result<Vec<Page>, Diagnostic> {
    let filters = decision_filters(site, sources);
    let all: Vec<Decision> = sources
        .iter()
        .flat_map(|source| {
            source.paper.recommendations.iter().map(move |r| Decision {
                source,
                outcome: r.outcome,
                recommendation: RecommendationView::new(r, site.today),
            })
        })
        .collect();
    let render =
        |heading: &str, url: &str, decisions: Vec<&Decision>| -> Result<Vec<Page>, Diagnostic> {
            let mut pages = Vec::new();
            for (page_url, chunk, pager) in super::paginate(&decisions, DECISIONS_PER_PAGE, url) {
                let mut context = Context::new();
                context.insert("heading", heading);
                context.insert("decisions", chunk);
                context.insert("pager", &pager);
                context.insert("total", &decisions.len());
                context.insert("list_url", url);
                context.insert(
                    "board_filters",
                    &filters
                        .iter()
                        .filter(|f| f.board.is_some())
                        .collect::<Vec<_>>(),
                );
                context.insert(
                    "outcome_filters",
                    &filters
                        .iter()
                        .filter(|f| f.outcome.is_some())
                        .collect::<Vec<_>>(),
                );
                pages.push(renderer.page(site, "decisions.html", &page_url, context)?);
            }
            Ok(pages)
        };
    let mut pages = render(
        "Decisions",
        &site.routes.section(Section::Decisions),
        all.iter().collect(),
    )?;
    for filter in &filters {
        let chosen: Vec<&Decision> = all
            .iter()
            .filter(|d| {
                filter
                    .board
                    .as_deref()
                    .is_none_or(|b| d.source.board == Some(b))
            })
            .filter(|d| filter.outcome.is_none_or(|o| d.outcome == o))
            .collect();
        let heading = match (&filter.board, filter.outcome) {
            (Some(_), _) => format!("Decisions of the {}", filter.label),
            _ => format!("Decisions: {}", filter.label.to_lowercase()),
        };
        pages.extend(render(&heading, &filter.url, chosen)?);
    }
    Ok(pages)
}

#[derive(Debug, Serialize)]
struct RegisterEntry<'a> {
    source: &'a Source<'a>,
    register: RegisterView,
}

#[derive(Debug, Serialize)]
struct RiskAppearance<'a> {
    source: &'a Source<'a>,
    id: String,
    title: String,
    owner: Option<String>,
    matrix: String,
    /// The risk's scores at the stages its register uses, named as that
    /// paper named them.
    scores: Vec<NamedScore>,
    rating: Option<RagView>,
    direction: Option<DirectionView>,
    response: Option<String>,
}

#[derive(Debug, Serialize)]
struct NamedScore {
    stage: StageView,
    #[serde(flatten)]
    cell: ScoreCell,
}

/// How the risk at `(r, i)` of `source` was scored in that paper.
fn risk_appearance<'a>(
    site: &Site,
    source: &'a Source<'a>,
    r: usize,
    i: usize,
) -> (RiskAppearance<'a>, HistoryPoint) {
    let register = &source.paper.risks[r];
    let risk = &register.risks[i];
    let matrix = site.config.matrix_of(register);
    let stages = if register.is_rag() {
        Vec::new()
    } else {
        register.stages()
    };
    let mut point = HistoryPoint {
        label: source.date.map_or_else(
            || source.title.to_string(),
            |d| d.0.format("%b %Y").to_string(),
        ),
        scores: [None; 3],
        rating: risk.rating.map(|r| r.label()),
    };
    let scores: Vec<NamedScore> = stages
        .iter()
        .map(|stage| {
            let cell = score_cell(risk, *stage, matrix, register.appetite);
            if let Some(rating) = &cell.rating {
                point.scores[stage.point()] = Some((*stage, rating.score));
            }
            NamedScore {
                stage: StageView::new(*stage),
                cell,
            }
        })
        .collect();
    let appearance = RiskAppearance {
        source,
        id: risk.id.clone(),
        title: risk.title.clone(),
        owner: risk.owner.clone(),
        matrix: register
            .matrix_name(&site.config.default_risk_matrix)
            .to_string(),
        scores,
        rating: risk.rating.map(RagView::new),
        direction: risk.direction.map(DirectionView::new),
        response: risk.response.clone(),
    };
    (appearance, point)
}

/// Where something that papers share by `ref` appears: the paper, the
/// block (register or table) and the entry within it.
type Appearances<'a> = Vec<(&'a Source<'a>, usize, usize)>;

/// Entries by `ref`, each with its appearances oldest first. `blocks` picks
/// a paper's registers or tables and `keys` the refs of a block's entries.
fn shared_refs<'a, B: 'a>(
    sources: &'a [Source<'a>],
    blocks: impl Fn(&'a Paper) -> &'a [B],
    keys: impl Fn(&'a B) -> Vec<Option<&'a String>>,
) -> BTreeMap<String, Appearances<'a>> {
    let mut refs: BTreeMap<String, Appearances> = BTreeMap::new();
    for source in sources.iter().rev() {
        for (b, block) in blocks(source.paper).iter().enumerate() {
            for (i, key) in keys(block).into_iter().enumerate() {
                if let Some(key) = key {
                    refs.entry(key.clone()).or_default().push((source, b, i));
                }
            }
        }
    }
    refs
}

fn risk_refs<'a>(sources: &'a [Source<'a>]) -> BTreeMap<String, Appearances<'a>> {
    shared_refs(
        sources,
        |p| &p.risks,
        |r| r.risks.iter().map(|x| x.key.as_ref()).collect(),
    )
}

fn target_refs<'a>(sources: &'a [Source<'a>]) -> BTreeMap<String, Appearances<'a>> {
    shared_refs(
        sources,
        |p| &p.targets,
        |t| t.targets.iter().map(|x| x.key.as_ref()).collect(),
    )
}

/// The paginated listing of a register: every block (register or table)
/// as an entry made by `entry` from its position on the page, its paper and
/// its index in the paper; the shared refs on the first page.
fn listing_pages<'a, E: Serialize, R: Serialize + Sync>(
    site: &Site,
    renderer: &Renderer,
    template: &str,
    url: &str,
    blocks: &[(&'a Source<'a>, usize)],
    refs: &[R],
    entry: impl Fn(usize, &'a Source<'a>, usize) -> E + Sync,
) -> Result<Vec<Page>, Diagnostic> {
    super::paginate(blocks, REGISTERS_PER_PAGE, url)
        .par_iter()
        .map(|(page_url, chunk, pager)| {
            let entries: Vec<E> = chunk
                .iter()
                .enumerate()
                .map(|(k, (source, i))| entry(k, source, *i))
                .collect();
            let mut context = Context::new();
            context.insert("entries", &entries);
            context.insert("refs", if pager.number == 1 { refs } else { &[] });
            context.insert("pager", pager);
            renderer.page(site, template, page_url, context)
        })
        .collect()
}

fn risks(site: &Site, renderer: &Renderer, sources: &[Source]) -> Result<Vec<Page>, Diagnostic> {
    let registers: Vec<(&Source, usize)> = sources
        .iter()
        .flat_map(|source| (0..source.paper.risks.len()).map(move |i| (source, i)))
        .collect();
    let refs = risk_refs(sources);
    #[derive(Serialize)]
    struct RefSummary {
        key: String,
        title: String,
        url: String,
        appearances: usize,
    }
    let summaries: Vec<RefSummary> = refs
        .iter()
        .map(|(key, list)| {
            let (source, r, i) = list[list.len() - 1];
            RefSummary {
                key: key.clone(),
                title: source.paper.risks[r].risks[i].title.clone(),
                url: site.routes.register_page(Section::Risks, &[key]),
                appearances: list.len(),
            }
        })
        .collect();
    let mut pages = listing_pages(
        site,
        renderer,
        "risks.html",
        &site.routes.section(Section::Risks),
        &registers,
        &summaries,
        |k, source, i| RegisterEntry {
            source,
            register: RegisterView::new(
                &source.paper.risks[i],
                &site.config,
                &format!("e{k}-risks"),
            ),
        },
    )?;
    for (key, list) in &refs {
        let (appearances, points): (Vec<RiskAppearance>, Vec<HistoryPoint>) = list
            .iter()
            .map(|(source, r, i)| risk_appearance(site, source, *r, *i))
            .unzip();
        let title = appearances
            .last()
            .map_or(key.as_str(), |a| a.title.as_str())
            .to_string();
        let scored = points.iter().any(|p| p.scores.iter().any(Option::is_some));
        let mut context = Context::new();
        context.insert("key", key);
        context.insert("title", &title);
        context.insert("appearances", &appearances);
        context.insert(
            "has_direction",
            &appearances.iter().any(|a| a.direction.is_some()),
        );
        if scored {
            context.insert(
                "chart",
                &charts::risk_history(&points, &format!("{title}: scores over time"), "history"),
            );
            context.insert("chart_legend", &charts::history_legend(&points));
        }
        pages.push(renderer.page(
            site,
            "risk_history.html",
            &site.routes.register_page(Section::Risks, &[key]),
            context,
        )?);
    }
    Ok(pages)
}

#[derive(Debug, Serialize)]
struct BudgetEntry<'a> {
    source: &'a Source<'a>,
    budget: BudgetView,
}

fn budgets(site: &Site, renderer: &Renderer, sources: &[Source]) -> Result<Vec<Page>, Diagnostic> {
    let entries: Vec<BudgetEntry> = sources
        .iter()
        .flat_map(|source| {
            source.paper.budgets.iter().map(move |budget| BudgetEntry {
                source,
                budget: BudgetView::summary(budget, &site.config),
            })
        })
        .collect();
    let mut context = Context::new();
    context.insert("entries", &entries);
    Ok(vec![renderer.page(
        site,
        "budgets.html",
        &site.routes.section(Section::Budgets),
        context,
    )?])
}

#[derive(Debug, Serialize)]
struct TargetEntry<'a> {
    source: &'a Source<'a>,
    table: TargetTableView,
}

#[derive(Debug, Serialize)]
struct TargetAppearance<'a> {
    source: &'a Source<'a>,
    target: TargetRow,
}

/// The day a report of a target is judged on in the registers: the latest
/// report of each ref (and a target without a ref, which nothing
/// supersedes) against the build's date; an earlier report as its paper
/// stood, on the paper's date.
fn judging_day(site: &Site, source: &Source, latest: bool) -> Date {
    if latest {
        site.today
    } else {
        source.paper.date.unwrap_or(site.today)
    }
}

/// The reports of targets that a later paper reports again, by paper
/// address, table and target.
fn superseded<'a>(refs: &BTreeMap<String, Appearances<'a>>) -> BTreeSet<(&'a str, usize, usize)> {
    refs.values()
        .flat_map(|list| &list[..list.len().saturating_sub(1)])
        .map(|(source, t, i)| (source.url, *t, *i))
        .collect()
}

fn targets(site: &Site, renderer: &Renderer, sources: &[Source]) -> Result<Vec<Page>, Diagnostic> {
    let tables: Vec<(&Source, usize)> = sources
        .iter()
        .flat_map(|source| (0..source.paper.targets.len()).map(move |i| (source, i)))
        .collect();
    let refs = target_refs(sources);
    let superseded = superseded(&refs);
    #[derive(Serialize)]
    struct RefSummary {
        key: String,
        measure: String,
        url: String,
        appearances: usize,
        status: &'static str,
        status_label: &'static str,
        overdue: bool,
    }
    let summaries: Vec<RefSummary> = refs
        .iter()
        .map(|(key, list)| {
            let (source, t, i) = list[list.len() - 1];
            let target = &source.paper.targets[t].targets[i];
            RefSummary {
                key: key.clone(),
                measure: target.measure.clone(),
                url: site.routes.register_page(Section::Targets, &[key]),
                appearances: list.len(),
                status: target.status.key(),
                status_label: target.status.label(),
                overdue: target.is_overdue(site.today),
            }
        })
        .collect();
    let mut pages = listing_pages(
        site,
        renderer,
        "targets.html",
        &site.routes.section(Section::Targets),
        &tables,
        &summaries,
        |_, source, t| TargetEntry {
            source,
            table: TargetTableView::judged(&source.paper.targets[t], |i| {
                judging_day(site, source, !superseded.contains(&(source.url, t, i)))
            }),
        },
    )?;
    for (key, list) in &refs {
        pages.push(target_history(site, renderer, key, list)?);
    }
    Ok(pages)
}

/// `/targets/<ref>/`: every report of the target, oldest first, as a table
/// and, when two or more give a numeric figure, as a line chart by period.
fn target_history(
    site: &Site,
    renderer: &Renderer,
    key: &str,
    list: &Appearances,
) -> Result<Page, Diagnostic> {
    let appearances: Vec<TargetAppearance> = list
        .iter()
        .enumerate()
        .map(|(n, (source, t, i))| {
            let target = &source.paper.targets[*t].targets[*i];
            let day = judging_day(site, source, n + 1 == list.len());
            TargetAppearance {
                source,
                target: TargetRow::new(target, day),
            }
        })
        .collect();
    let reports: Vec<Report> = list
        .iter()
        .map(|(source, t, i)| Report {
            date: source.paper.date,
            target: &source.paper.targets[*t].targets[*i],
        })
        .collect();
    let measure = appearances
        .last()
        .map_or(key.to_string(), |a| a.target.measure.clone());
    let mut context = Context::new();
    context.insert("key", key);
    context.insert("measure", &measure);
    context.insert(
        "columns",
        &TargetColumns::of(appearances.iter().map(|a| &a.target)),
    );
    context.insert("appearances", &appearances);
    context.insert(
        "chart",
        &trend_chart::target_history(&reports, &format!("{measure}: actual by period"), "history"),
    );
    context.insert(
        "chart_has_target",
        &trend_chart::points(&reports)
            .iter()
            .any(|p| p.target.is_some()),
    );
    renderer.page(
        site,
        "target_history.html",
        &site.routes.register_page(Section::Targets, &[key]),
        context,
    )
}
