//! The record's own accounts: what was withheld and why, and which papers
//! were changed after publication.

use crate::routes::Section;
use serde::Serialize;
use tera::Context;

use super::registers;
use super::{Page, Renderer};
use crate::diagnostics::Diagnostic;
use crate::format;
use crate::model::values::Date;
use crate::site::Site;

/// An exempt item of a published agenda: its number, title and reason.
#[derive(Debug, Serialize)]
struct WithheldItem<'a> {
    meeting_title: &'a str,
    meeting_url: &'a str,
    date: Date,
    date_text: &'a str,
    number: &'a str,
    title: &'a str,
    reason: &'a str,
}

/// An exempt appendix of a public paper: the paper, the appendix's title
/// and the reason.
#[derive(Debug, Serialize)]
struct WithheldAppendix<'a> {
    paper_title: &'a str,
    paper_url: &'a str,
    /// "Members Board, 12 September 2008 · item 7", or "Document".
    context: &'a str,
    #[serde(skip)]
    date: Option<Date>,
    title: &'a str,
    reason: &'a str,
}

#[derive(Debug, Serialize)]
struct Change<'a> {
    title: &'a str,
    url: &'a str,
    context: String,
    date: Date,
    date_text: String,
    note: &'a str,
}

/// `/withheld/` and `/changes/`.
pub fn pages(site: &Site, renderer: &Renderer) -> Result<Vec<Page>, Diagnostic> {
    let items: Vec<WithheldItem> = site
        .meetings
        .iter()
        .rev()
        .flat_map(|meeting| {
            meeting.agenda.iter().filter_map(move |line| {
                line.exempt_reason.as_deref().map(|reason| WithheldItem {
                    meeting_title: &meeting.title,
                    meeting_url: &meeting.url,
                    date: meeting.date,
                    date_text: &meeting.date_text,
                    number: &line.number,
                    title: &line.title,
                    reason,
                })
            })
        })
        .collect();
    let sources = registers::sources(site);
    let mut appendices: Vec<WithheldAppendix> = sources
        .iter()
        .flat_map(|source| {
            source.paper.appendices.iter().filter_map(move |appendix| {
                appendix
                    .exempt_reason
                    .as_deref()
                    .map(|reason| WithheldAppendix {
                        paper_title: source.title,
                        paper_url: source.url,
                        context: &source.context,
                        date: source.date,
                        title: &appendix.title,
                        reason,
                    })
            })
        })
        .collect();
    appendices.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then_with(|| a.paper_url.cmp(b.paper_url))
    });
    let mut context = Context::new();
    context.insert("withheld", &items);
    context.insert("appendices", &appendices);
    let mut pages = vec![renderer.page(
        site,
        "withheld.html",
        &site.routes.section(Section::Withheld),
        context,
    )?];

    let mut changes: Vec<Change> = sources
        .iter()
        .flat_map(|source| {
            source.paper.revisions.iter().map(move |revision| Change {
                title: source.title,
                url: source.url,
                context: source.context.clone(),
                date: revision.date,
                date_text: format::long_date(revision.date),
                note: &revision.note,
            })
        })
        .collect();
    changes.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.url.cmp(b.url)));
    let mut context = Context::new();
    context.insert("changes", &changes);
    pages.push(renderer.page(
        site,
        "changes.html",
        &site.routes.section(Section::Changes),
        context,
    )?);
    Ok(pages)
}
