//! The publication plan: the one place that decides, for every source,
//! every appendix and every other file, whether it is published and, if
//! not, why.
//!
//! The plan is made from the parsed content before anything is assembled.
//! The link table and the assembled site both read it; nothing else judges
//! drafts, embargoes or exemptions, so a new kind of content cannot forget
//! to ask.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::config::Config;
use crate::content::markdown;
use crate::content::{Content, MeetingSource, Source};
use crate::model::paper::{Access, AppendixRef, PaperFront};
use crate::model::values::Moment;

/// What the build publishes, and as of when.
#[derive(Debug, Clone, Copy)]
pub struct Visibility {
    /// The build's clock: later embargoes are withheld.
    pub now: DateTime<Utc>,
    /// Publish drafts too (`--drafts`).
    pub drafts: bool,
}

/// Why something is not published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Withheld {
    /// A draft, and the build does not publish drafts.
    Draft,
    /// Its `publish_after` is later than the build's clock.
    Embargoed,
    /// An exempt item or an exempt ("Part II") appendix: only its title and
    /// reason are published.
    Exempt,
    /// A Markdown appendix that a withheld paper lists too: withholding
    /// wins, and the public paper does not list it.
    Shared,
    /// A Markdown file no paper lists, or one that could not be read.
    Unlisted,
}

impl Withheld {
    /// Words for a diagnostic: "`x` is not published: it is …".
    pub fn words(self) -> &'static str {
        match self {
            Withheld::Draft => "a draft",
            Withheld::Embargoed => "under embargo",
            Withheld::Exempt => "exempt",
            Withheld::Shared => "also part of a withheld paper",
            Withheld::Unlisted => "not part of any published paper",
        }
    }
}

/// Whether one thing is published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Public,
    Withheld(Withheld),
}

impl Verdict {
    pub fn is_public(self) -> bool {
        self == Verdict::Public
    }

    /// The first reason to withhold wins: a draft exempt item is a draft.
    fn or(self, next: impl FnOnce() -> Verdict) -> Verdict {
        match self {
            Verdict::Public => next(),
            withheld => withheld,
        }
    }
}

/// The plan for one build.
#[derive(Debug, Default)]
pub struct Plan {
    /// Every Markdown source by content path.
    sources: BTreeMap<String, Verdict>,
    /// Every appendix a paper lists, by the paper's content path and the
    /// appendix's place in its list.
    appendices: BTreeMap<(String, usize), Verdict>,
    /// The item under which each public Markdown appendix is published:
    /// the first public item, in file order, that lists it.
    appendix_homes: BTreeMap<String, String>,
    /// Files (not Markdown) that withheld content uses. Withholding wins:
    /// a public link to one of them does not publish it.
    withheld_files: BTreeMap<String, Withheld>,
}

impl Plan {
    pub fn new(config: &Config, content: &Content, visibility: Visibility) -> Plan {
        let mut plan = Plan::default();
        let judge = |draft: bool, publish_after: Option<Moment>| {
            judge(visibility, config, draft, publish_after)
        };
        for meeting in &content.meetings {
            let front = &meeting.meeting.front;
            let verdict = judge(front.draft, front.publish_after);
            plan.decide(&meeting.meeting.source, verdict, &[], None);
            plan.plan_items(meeting, verdict, &judge);
        }
        for doc in &content.documents {
            let verdict = judge(doc.front.draft, doc.front.publish_after);
            plan.decide_paper(&doc.source, &doc.front, verdict);
        }
        for article in &content.news {
            let front = &article.front;
            plan.decide(
                &article.source,
                judge(front.draft, front.publish_after),
                &[],
                None,
            );
        }
        for page in &content.pages {
            let front = &page.front;
            plan.decide(
                &page.source,
                judge(front.draft, front.publish_after),
                &[],
                None,
            );
        }
        for path in &content.markdown_paths {
            plan.sources
                .entry(path.clone())
                .or_insert(Verdict::Withheld(Withheld::Unlisted));
        }
        plan
    }

    /// Items first, then the Markdown appendices they list, which depend on
    /// every item that names them.
    fn plan_items(
        &mut self,
        meeting: &MeetingSource,
        meeting_verdict: Verdict,
        judge: &impl Fn(bool, Option<Moment>) -> Verdict,
    ) {
        // The strongest claim on a Markdown appendix: exempt, then withheld
        // with its item, then public under the first public item.
        let mut claims: BTreeMap<&str, Verdict> = BTreeMap::new();
        let mut items: Vec<_> = meeting.items.iter().collect();
        items.sort_by(|a, b| a.source.content_path.cmp(&b.source.content_path));
        for item in items {
            let front = &item.front;
            let verdict = meeting_verdict
                .or(|| judge(front.draft, front.publish_after))
                .or(|| exempt_or_public(front.access));
            self.decide_paper(&item.source, front, verdict);
            for reference in &front.appendices {
                let Some(file) = reference
                    .file()
                    .filter(|f| meeting.appendices.contains_key(*f))
                else {
                    continue;
                };
                let claim = verdict.or(|| exempt_or_public(reference.access));
                let held = claims.entry(file).or_insert(claim);
                if rank(claim) > rank(*held) {
                    *held = claim;
                }
                if claim.is_public() {
                    let path = sibling(&item.source.content_path, file);
                    self.appendix_homes
                        .entry(path)
                        .or_insert_with(|| item.source.content_path.clone());
                }
            }
        }
        for (file, appendix) in &meeting.appendices {
            let verdict = claims
                .get(file.as_str())
                .copied()
                .unwrap_or(Verdict::Withheld(Withheld::Unlisted));
            self.decide(&appendix.source, verdict, &[], None);
            if !verdict.is_public() {
                self.appendix_homes.remove(&appendix.source.content_path);
            }
        }
        // Each reference to a Markdown appendix follows the appendix itself.
        for item in &meeting.items {
            for (i, reference) in item.front.appendices.iter().enumerate() {
                let key = (item.source.content_path.clone(), i);
                let own = self.appendices[&key];
                if let Some(file) = reference.file().filter(|f| f.ends_with(".md")) {
                    let path = sibling(&item.source.content_path, file);
                    let shared = self.sources.get(&path).is_some_and(|v| !v.is_public());
                    if own.is_public() && shared {
                        self.appendices
                            .insert(key, Verdict::Withheld(Withheld::Shared));
                    }
                }
            }
        }
    }

    /// A paper and each appendix it lists; the files of withheld ones.
    fn decide_paper(&mut self, source: &Source, front: &PaperFront, verdict: Verdict) {
        self.decide(source, verdict, &front.appendices, front.purpose.as_deref());
        for (i, reference) in front.appendices.iter().enumerate() {
            let own = verdict.or(|| exempt_or_public(reference.access));
            if let (Verdict::Withheld(why), Some(file)) = (own, attached_file(reference)) {
                self.withhold_file(sibling(&source.content_path, file), why);
            }
            self.appendices
                .insert((source.content_path.clone(), i), own);
        }
    }

    /// Records a source's verdict; a withheld source withholds every file
    /// it attaches, links to or embeds.
    fn decide(
        &mut self,
        source: &Source,
        verdict: Verdict,
        appendices: &[AppendixRef],
        purpose: Option<&str>,
    ) {
        if let Verdict::Withheld(why) = verdict {
            for file in used_files(source, appendices, purpose) {
                self.withhold_file(file, why);
            }
        }
        self.sources.insert(source.content_path.clone(), verdict);
    }

    fn withhold_file(&mut self, path: String, why: Withheld) {
        let held = self.withheld_files.entry(path).or_insert(why);
        if why == Withheld::Exempt {
            *held = why;
        }
    }

    /// The verdict on a Markdown source (`meetings/x/05-budget.md`).
    pub fn source(&self, content_path: &str) -> Verdict {
        self.sources
            .get(content_path)
            .copied()
            .unwrap_or(Verdict::Withheld(Withheld::Unlisted))
    }

    /// The verdict on the `index`th appendix a paper lists.
    pub fn appendix(&self, paper: &str, index: usize) -> Verdict {
        self.appendices
            .get(&(paper.to_string(), index))
            .copied()
            .unwrap_or(Verdict::Withheld(Withheld::Unlisted))
    }

    /// The item a public Markdown appendix is published under.
    pub fn appendix_home(&self, content_path: &str) -> Option<&str> {
        self.appendix_homes.get(content_path).map(String::as_str)
    }

    /// Why a file (not Markdown) is withheld, if it is.
    pub fn file(&self, content_path: &str) -> Option<Withheld> {
        self.withheld_files.get(content_path).copied()
    }

    /// Every withheld file and why, for the link table.
    pub fn withheld_files(&self) -> BTreeMap<String, Withheld> {
        self.withheld_files.clone()
    }
}

fn judge(
    visibility: Visibility,
    config: &Config,
    draft: bool,
    publish_after: Option<Moment>,
) -> Verdict {
    if draft && !visibility.drafts {
        Verdict::Withheld(Withheld::Draft)
    } else if publish_after.is_some_and(|at| at.to_utc(config.timezone) > visibility.now) {
        Verdict::Withheld(Withheld::Embargoed)
    } else {
        Verdict::Public
    }
}

fn exempt_or_public(access: Access) -> Verdict {
    match access {
        Access::Public => Verdict::Public,
        Access::Exempt => Verdict::Withheld(Withheld::Exempt),
    }
}

/// Exempt outranks every other reason, and any reason outranks public.
fn rank(verdict: Verdict) -> u8 {
    match verdict {
        Verdict::Public => 0,
        Verdict::Withheld(Withheld::Exempt) => 2,
        Verdict::Withheld(_) => 1,
    }
}

/// `meetings/x/05-budget.md` and `a.pdf` → `meetings/x/a.pdf`.
pub fn sibling(content_path: &str, name: &str) -> String {
    match content_path.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/{name}"),
        None => name.to_string(),
    }
}

/// The file an appendix attaches, when it is one beside the paper and not
/// a Markdown page.
fn attached_file(reference: &AppendixRef) -> Option<&str> {
    reference
        .file()
        .filter(|f| !f.ends_with(".md") && !f.contains('/') && !f.contains('\\'))
}

/// The files a source attaches, links to or embeds (in its body or
/// `purpose`), found without rendering it.
fn used_files(source: &Source, appendices: &[AppendixRef], purpose: Option<&str>) -> Vec<String> {
    let attached = appendices
        .iter()
        .filter_map(attached_file)
        .map(|file| sibling(&source.content_path, file));
    let linked = markdown::linked_paths(source.body(), &source.content_path)
        .into_iter()
        .chain(
            purpose
                .map(|p| markdown::linked_paths(p, &source.content_path))
                .unwrap_or_default(),
        );
    attached
        .chain(linked)
        .filter(|path| !path.ends_with(".md"))
        .collect()
}
