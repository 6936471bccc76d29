//! `site.yaml`: the site's title, address, boards and risk matrices.

use std::collections::BTreeMap;
use std::path::Path;

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::content::yaml::{self, FieldMap};
use crate::diagnostics::{Diagnostic, Position};
use crate::model::member::{Member, Roll, Seat};
use crate::model::risk::RiskMatrix;

pub const CONFIG_FILE: &str = "site.yaml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    base_url: String,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default = "default_currency")]
    currency: String,
    #[serde(default = "default_timezone")]
    timezone: String,
    #[serde(default)]
    licence: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    markdown: MarkdownOptions,
    #[serde(default)]
    members: Vec<Member>,
    #[serde(default)]
    boards: Vec<Board>,
    #[serde(default)]
    risk_matrices: BTreeMap<String, RiskMatrix>,
    #[serde(default)]
    default_risk_matrix: Option<String>,
    #[serde(default = "default_notice_days")]
    notice_days: u32,
}

/// Five clear days: the statutory notice of an English council's meeting.
fn default_notice_days() -> u32 {
    5
}

fn default_language() -> String {
    "en-GB".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_currency() -> String {
    "GBP".into()
}
fn default_timezone() -> String {
    "Europe/London".into()
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownOptions {
    #[serde(default)]
    pub unsafe_html: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Board {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Who sits on the board: site members by id with their terms, or
    /// people by name.
    #[serde(default)]
    pub members: Vec<Seat>,
}

/// The validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: Option<String>,
    /// Always ends with `/`.
    pub base_url: String,
    pub language: String,
    pub theme: String,
    pub currency: String,
    pub timezone: Tz,
    pub licence: Option<String>,
    pub markdown: MarkdownOptions,
    /// The site's members (`members`), and how names find them.
    pub roll: Roll,
    pub boards: Vec<Board>,
    pub risk_matrices: BTreeMap<String, RiskMatrix>,
    pub default_risk_matrix: String,
    /// Clear days of notice an agenda paper should be published before its
    /// meeting; `check` warns about papers published later.
    pub notice_days: u32,
}

impl Config {
    /// Reads and checks `site.yaml` under `root`.
    pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|err| {
            vec![Diagnostic::error(CONFIG_FILE, Position::new(1, 1), format!("cannot read {}: {err}", path.display()))
                .with_hint("run `boardpack new site DIR` to start a site, or pass `--root` to point at one")]
        })?;
        let (raw, fields) =
            yaml::parse::<RawConfig>(Path::new(CONFIG_FILE), &text, 1, yaml::Reading::default())?;
        raw.validate(&fields)
    }

    /// The matrix a register is scored on: its own `matrix`, else the
    /// site's default; none for a register rated by RAG alone.
    pub fn matrix_of(&self, register: &crate::model::risk::RiskRegister) -> Option<&RiskMatrix> {
        if register.is_rag() {
            return None;
        }
        self.risk_matrices
            .get(register.matrix_name(&self.default_risk_matrix))
    }

    pub fn board(&self, id: &str) -> Option<&Board> {
        self.boards.iter().find(|b| b.id == id)
    }

    /// The path part of `base_url`, such as `/` or `/papers/`: every
    /// internal link starts with it.
    pub fn base_path(&self) -> &str {
        base_path(&self.base_url)
    }

    /// The absolute form of a site URL such as `/meetings/x/`, for feeds,
    /// calendars, sitemaps and emails that are read away from the site.
    pub fn absolute_url(&self, url: &str) -> String {
        let relative = url
            .strip_prefix(self.base_path())
            .unwrap_or(url.trim_start_matches('/'));
        format!("{}{relative}", self.base_url)
    }

    /// Replaces the base URL, as `--base-url` does.
    pub fn set_base_url(&mut self, url: &str) {
        self.base_url = with_trailing_slash(url);
    }
}

/// What to write for a base URL, whether in site.yaml or `--base-url`.
pub const BASE_URL_HINT: &str =
    "write the address the site is published at, for example https://papers.example.org/";

/// A base URL is an absolute http or https address with a host, and no
/// query or fragment: every link of the site is made from it, so anything
/// else (`javascript:…`, a bare path) would break or subvert them all.
pub fn check_base_url(text: &str) -> Result<(), String> {
    let parsed = url::Url::parse(text).map_err(|_| format!("`{text}` is not an absolute URL"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!(
            "`{text}` is not a web address: a site is published at an http or https address"
        ));
    }
    if parsed.host().is_none() || parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(format!(
            "`{text}` is not a site's address: give the host and path only, with no `?` or `#`"
        ));
    }
    Ok(())
}

/// The path part of a base URL: `https://x.org/papers/` → `/papers/`.
pub fn base_path(base_url: &str) -> &str {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
}

/// `url` (which starts with `base_path`) made absolute against `base_url`.
pub fn absolute_url(base_url: &str, base_path: &str, url: &str) -> String {
    let relative = url
        .strip_prefix(base_path)
        .unwrap_or(url.trim_start_matches('/'));
    format!("{base_url}{relative}")
}

fn with_trailing_slash(url: &str) -> String {
    if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    }
}

impl RawConfig {
    fn validate(self, fields: &FieldMap) -> Result<Config, Vec<Diagnostic>> {
        let mut out = Vec::new();
        if let Err(problem) = check_base_url(&self.base_url) {
            out.push(fields.error("base_url", problem).with_hint(BASE_URL_HINT));
        }
        let timezone = self.timezone.parse::<Tz>().unwrap_or_else(|_| {
            out.push(
                fields
                    .error(
                        "timezone",
                        format!("`{}` is not an IANA time zone", self.timezone),
                    )
                    .with_hint("write a zone such as Europe/London"),
            );
            Tz::Europe__London
        });
        if !(self.currency.len() == 3 && self.currency.bytes().all(|b| b.is_ascii_uppercase())) {
            out.push(
                fields
                    .error(
                        "currency",
                        format!("`{}` is not an ISO 4217 currency code", self.currency),
                    )
                    .with_hint("write three capital letters, for example GBP"),
            );
        }
        let roll = check_members(self.members, fields, &mut out);
        let mut seen = BTreeMap::new();
        for (i, board) in self.boards.iter().enumerate() {
            for (j, seat) in board.members.iter().enumerate() {
                seat.check(&roll, &format!("boards.{i}.members.{j}"), fields, &mut out);
            }
            if !is_slug(&board.id) {
                out.push(
                    fields
                        .error(
                            &format!("boards.{i}.id"),
                            format!("`{}` cannot be used in a URL", board.id),
                        )
                        .with_hint(
                            "use lower-case letters, digits and hyphens, for example members-board",
                        ),
                );
            }
            if seen.insert(board.id.clone(), i).is_some() {
                out.push(
                    fields
                        .error(
                            &format!("boards.{i}.id"),
                            format!("the board id `{}` is used twice", board.id),
                        )
                        .with_hint("give every board its own id"),
                );
            }
        }
        let mut matrices = self.risk_matrices;
        for (name, matrix) in &matrices {
            matrix.validate(fields, &format!("risk_matrices.{name}"), &mut out);
            crate::model::risk::check_matrix_name(name, fields, &mut out);
        }
        matrices
            .entry("default".into())
            .or_insert_with(RiskMatrix::default_five_by_five);
        let default_risk_matrix = self.default_risk_matrix.unwrap_or_else(|| "default".into());
        if !matrices.contains_key(&default_risk_matrix) {
            let names: Vec<&str> = matrices.keys().map(String::as_str).collect();
            out.push(
                fields
                    .error(
                        "default_risk_matrix",
                        format!("there is no risk matrix `{default_risk_matrix}`"),
                    )
                    .with_hint(yaml::suggest(&default_risk_matrix, &names, "matrix")),
            );
        }
        if self.notice_days > 60 {
            out.push(
                fields
                    .error(
                        "notice_days",
                        format!(
                            "{} days of notice is more than any rule asks",
                            self.notice_days
                        ),
                    )
                    .with_hint("write the clear days of notice your rules set, for example 5"),
            );
        }
        if !out.is_empty() {
            return Err(out);
        }
        Ok(Config {
            title: self.title,
            description: self.description,
            base_url: with_trailing_slash(&self.base_url),
            language: self.language,
            theme: self.theme,
            currency: self.currency,
            timezone,
            licence: self.licence,
            markdown: self.markdown,
            roll,
            boards: self.boards,
            risk_matrices: matrices,
            default_risk_matrix,
            notice_days: self.notice_days,
        })
    }
}

/// Member ids are URL-safe and used once; the roll is made even when they
/// are not, so that the boards' seats are still checked against it.
fn check_members(members: Vec<Member>, fields: &FieldMap, out: &mut Vec<Diagnostic>) -> Roll {
    let mut seen = BTreeMap::new();
    for (i, member) in members.iter().enumerate() {
        let at = format!("members.{i}.id");
        if !is_slug(&member.id) {
            out.push(
                fields
                    .error(&at, format!("`{}` cannot be used in a URL", member.id))
                    .with_hint(
                        "use lower-case letters, digits and hyphens, for example cllr-a-person",
                    ),
            );
        }
        if let Some(first) = seen.insert(member.id.clone(), i) {
            let line = fields.at(&format!("members.{first}.id")).line;
            out.push(
                fields
                    .error(&at, format!("the member id `{}` is used twice", member.id))
                    .with_hint(format!(
                        "the first is on line {line}; give every member their own id"
                    )),
            );
        }
    }
    Roll::new(members)
}

/// Lower-case letters, digits and single hyphens: safe in a URL and a path.
pub fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !text.starts_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Config, Vec<Diagnostic>> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), text).unwrap();
        Config::load(dir.path())
    }

    #[test]
    fn a_minimal_config_gets_defaults() {
        let config = load("title: T\nbase_url: https://x.org/papers\n").unwrap();
        assert_eq!(config.base_url, "https://x.org/papers/");
        assert_eq!(config.base_path(), "/papers/");
        assert!(config.risk_matrices.contains_key("default"));
        assert_eq!(config.timezone, Tz::Europe__London);
    }

    #[test]
    fn bands_with_a_gap_are_reported_at_their_line() {
        let text = "title: T\nbase_url: https://x.org/\nrisk_matrices:\n  small:\n    likelihood: [Low, High]\n    impact: [Low, High]\n    scoring: product\n    bands:\n      - {upto: 2, label: Low, colour: \"#2e7d32\"}\n      - {upto: 3, label: High, colour: \"#c62828\"}\n";
        let errors = load(text).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(
            errors
                .iter()
                .any(|e| e.message.contains("the score 4 falls in no band"))
        );
        assert!(
            errors
                .iter()
                .any(|e| e.message.contains("no cell has such a score") && e.position.line == 10)
        );
    }

    #[test]
    fn unknown_fields_and_zones_are_errors() {
        let errors = load("title: T\nbase_url: https://x.org/\ntimezone: Mars/Base\n").unwrap_err();
        assert_eq!(errors[0].position, Position::new(3, 11));
        let errors = load("title: T\nbase_url: https://x.org/\nbords: []\n").unwrap_err();
        assert_eq!(errors[0].hint.as_deref(), Some("did you mean `boards`?"));
    }
}
