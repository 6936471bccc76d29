//! The record of the people: `/members/`, a page per member, and
//! `/declarations/`.

use tera::Context;

use super::{Page, Renderer};
use crate::diagnostics::Diagnostic;
use crate::model::member::Roll;
use crate::people::{DeclarationEntry, declaration_entries};
use crate::routes::Section;
use crate::site::Site;

/// `/members/`, `/members/<id>/` and `/declarations/`.
pub fn pages(site: &Site, renderer: &Renderer) -> Result<Vec<Page>, Diagnostic> {
    let mut pages = Vec::new();
    let mut context = Context::new();
    context.insert("members", &site.members);
    pages.push(renderer.page(
        site,
        "members.html",
        &site.routes.section(Section::Members),
        context,
    )?);
    for member in &site.members {
        let mut context = Context::new();
        context.insert("member", member);
        pages.push(renderer.page(site, "member.html", &member.url, context)?);
    }
    let mut by_meeting = declaration_entries(&site.meetings);
    by_meeting.reverse();
    let mut context = Context::new();
    context.insert("by_meeting", &by_meeting);
    context.insert("by_member", &by_member(&by_meeting, &site.config.roll));
    pages.push(renderer.page(
        site,
        "declarations.html",
        &site.routes.section(Section::Declarations),
        context,
    )?);
    Ok(pages)
}

/// Declarations grouped by member (a member under their own name, however
/// the minutes wrote it), else by the name as written, names in
/// alphabetical order, each group newest first.
#[derive(serde::Serialize)]
struct ByMember<'a> {
    name: &'a str,
    url: Option<&'a str>,
    declarations: Vec<&'a DeclarationEntry>,
}

fn by_member<'a>(entries: &'a [DeclarationEntry], roll: &'a Roll) -> Vec<ByMember<'a>> {
    let mut groups: std::collections::BTreeMap<String, ByMember> = Default::default();
    for entry in entries {
        let person = &entry.declaration.member;
        let key = person
            .member
            .clone()
            .unwrap_or_else(|| person.name.to_lowercase());
        groups
            .entry(key)
            .or_insert_with(|| ByMember {
                name: person
                    .member
                    .as_deref()
                    .and_then(|id| roll.by_id(id))
                    .map_or(&person.name, |m| &m.name),
                url: person.url.as_deref(),
                declarations: Vec::new(),
            })
            .declarations
            .push(entry);
    }
    let mut groups: Vec<ByMember> = groups.into_values().collect();
    groups.sort_by_key(|g| g.name.to_lowercase());
    groups
}
