//! The news bulletin: the paginated list, monthly archives that also gather
//! what the public record shows for the month, and an email of each month
//! that a secretariat pastes into its mailing tool: HTML laid out the way
//! email clients render it, with a plain-text twin.

use crate::routes::{BULLETIN_EMAIL, BULLETIN_TEXT, Section};
use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use tera::Context;

use super::{Page, Renderer};
use crate::diagnostics::Diagnostic;
use crate::format;
use crate::model::values::Date;
use crate::site::{Meeting, Site};

/// Articles on each page of `/news/`.
pub const PER_PAGE: usize = 10;

/// A month, `(year, month)`.
type Month = (i32, u32);

fn month_of(date: Date) -> Month {
    (date.0.year(), date.0.month())
}

fn next_month((year, month): Month) -> Month {
    if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    }
}

fn month_name((year, month): Month) -> String {
    NaiveDate::from_ymd_opt(year, month, 1)
        .map_or_else(String::new, |d| d.format("%B %Y").to_string())
}

#[derive(Debug, Serialize)]
struct Link {
    title: String,
    url: String,
    absolute_url: String,
    date: Option<Date>,
    date_text: Option<String>,
    summary: Option<String>,
    note: Option<String>,
}

#[derive(Debug, Serialize)]
struct MonthLink {
    name: String,
    url: String,
    count: usize,
}

#[derive(Debug, Serialize)]
struct Digest {
    name: String,
    articles: Vec<Link>,
    meetings_held: Vec<Link>,
    decisions: Vec<Link>,
    meetings_next: Vec<Link>,
    next_month_name: String,
    documents: Vec<Link>,
    url: String,
    absolute_url: String,
    /// The month's email and its plain-text twin, beside its page.
    email_url: String,
    text_url: String,
}

/// All bulletin pages.
pub fn pages(site: &Site, renderer: &Renderer) -> Result<Vec<Page>, Diagnostic> {
    let months = months(site);
    let month_links: Vec<MonthLink> = months
        .iter()
        .rev()
        .map(|&m| MonthLink {
            name: month_name(m),
            url: archive_url(site, m),
            count: site.news.iter().filter(|a| month_of(a.date) == m).count(),
        })
        .collect();
    let mut pages = Vec::new();
    for (url, articles, pager) in
        super::paginate(&site.news, PER_PAGE, &site.routes.section(Section::News))
    {
        let mut context = Context::new();
        context.insert("articles", articles);
        context.insert("pager", &pager);
        context.insert("months", &month_links);
        pages.push(renderer.page(site, "news.html", &url, context)?);
    }
    for &month in &months {
        let digest = digest(site, month);
        let mut context = Context::new();
        context.insert("digest", &digest);
        pages.push(renderer.page(site, "news_month.html", &digest.url, context.clone())?);
        pages.push(renderer.page(site, "email.html", &digest.email_url, context.clone())?);
        pages.push(renderer.page(site, "email.txt", &digest.text_url, context)?);
    }
    Ok(pages)
}

fn archive_url(site: &Site, (year, month): Month) -> String {
    site.routes.news_month(year, month)
}

/// Every month with an article or a meeting, oldest first.
fn months(site: &Site) -> Vec<Month> {
    let mut months: BTreeSet<Month> = site.news.iter().map(|a| month_of(a.date)).collect();
    months.extend(
        site.meetings
            .iter()
            .filter(|m| !m.upcoming)
            .map(|m| month_of(m.date)),
    );
    months.into_iter().collect()
}

fn meeting_link(site: &Site, meeting: &Meeting) -> Link {
    let note = match meeting.status {
        crate::model::meeting::MeetingStatus::Cancelled
        | crate::model::meeting::MeetingStatus::Postponed => Some(meeting.status_label.to_string()),
        _ => None,
    };
    Link {
        title: meeting.title.clone(),
        absolute_url: site.config.absolute_url(&meeting.url),
        url: meeting.url.clone(),
        date: Some(meeting.date),
        date_text: Some(when_in_list(meeting)),
        summary: meeting.venue.clone(),
        note,
    }
}

/// The day and time for a line that already shows the meeting's title, as
/// the meeting lists give them: the date only when the title lacks it.
fn when_in_list(meeting: &Meeting) -> String {
    let day = if meeting.title_names_date {
        &meeting.weekday
    } else {
        &meeting.date_text
    };
    match &meeting.time {
        Some(time) => format!("{day}, {time}"),
        None => day.clone(),
    }
}

/// What the record shows for one month.
fn digest(site: &Site, month: Month) -> Digest {
    let in_month = |date: Date| month_of(date) == month;
    let articles = site
        .news
        .iter()
        .filter(|a| in_month(a.date))
        .map(|a| Link {
            title: a.title.clone(),
            url: a.url.clone(),
            absolute_url: site.config.absolute_url(&a.url),
            date: Some(a.date),
            date_text: Some(a.date_text.clone()),
            summary: a.summary.clone(),
            note: None,
        })
        .collect();
    let held: Vec<&Meeting> = site
        .meetings
        .iter()
        .filter(|m| in_month(m.date) && !m.upcoming)
        .collect();
    let decisions = held
        .iter()
        .flat_map(|meeting| {
            meeting.items.iter().flat_map(move |item| {
                item.paper
                    .recommendations
                    .iter()
                    // Only decisions taken: not those pending, nor those
                    // recommended to another body, which decides later.
                    .filter(|r| r.outcome.is_decision_taken())
                    .map(move |r| Link {
                        title: format!(
                            "{} (item {}, recommendation {})",
                            item.title, item.number, r.id
                        ),
                        url: item.url.clone(),
                        absolute_url: site.config.absolute_url(&item.url),
                        date: Some(meeting.date),
                        date_text: Some(format::long_date(meeting.date)),
                        summary: Some(r.text.clone()),
                        note: Some(r.outcome.label().to_string()),
                    })
            })
        })
        .collect();
    let next = next_month(month);
    let meetings_next = site
        .meetings
        .iter()
        .filter(|m| month_of(m.date) == next)
        .map(|m| meeting_link(site, m))
        .collect();
    let documents = site
        .documents
        .iter()
        .filter(|d| d.date.is_some_and(in_month))
        .map(|d| Link {
            title: d.title.clone(),
            url: d.url.clone(),
            absolute_url: site.config.absolute_url(&d.url),
            date: d.date,
            date_text: d.date_text.clone(),
            summary: d.summary.clone(),
            note: None,
        })
        .collect();
    let url = archive_url(site, month);
    Digest {
        name: month_name(month),
        articles,
        meetings_held: held.iter().map(|m| meeting_link(site, m)).collect(),
        decisions,
        meetings_next,
        next_month_name: month_name(next),
        documents,
        absolute_url: site.config.absolute_url(&url),
        email_url: format!("{url}{BULLETIN_EMAIL}"),
        text_url: format!("{url}{BULLETIN_TEXT}"),
        url,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_roll_over_the_year() {
        assert_eq!(next_month((2008, 12)), (2009, 1));
        assert_eq!(next_month((2008, 9)), (2008, 10));
        assert_eq!(month_name((2008, 9)), "September 2008");
    }
}
