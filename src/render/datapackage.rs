//! `data/datapackage.json`: a machine-readable description of every open
//! data table, as a Frictionless Tabular Data Package
//! (<https://specs.frictionlessdata.io/tabular-data-package/>), so that a
//! program can load the CSV files with the right types and check them.
//!
//! It is made from the same [`Dataset`]s as the files and the `/data/` page:
//! a column's name, meaning and type are declared once, in `data.rs`, and
//! cannot differ here. What only a package says, each table's keys, is
//! below.

use serde_json::{Value, json};

use super::data::Dataset;
use crate::routes::Section;
use crate::site::Site;

/// The columns that identify a row of each table. A row of a paper's block
/// is identified within its paper, and a paper by its address (`url`),
/// which every such row carries, whether the paper is an agenda item or a
/// document.
const PRIMARY_KEYS: &[(&str, &[&str])] = &[
    ("meetings", &["meeting"]),
    ("items", &["meeting", "item"]),
    ("decisions", &["url", "id"]),
    ("actions", &["url", "recommendation", "position"]),
    ("budget-lines", &["url", "budget", "position"]),
    ("risks", &["url", "register", "id"]),
    ("targets", &["url", "table", "id"]),
    ("members", &["member"]),
    ("attendance", &["member", "meeting"]),
    ("declarations", &["meeting", "position"]),
];

/// Columns that name a row of another table: (table, its columns, the
/// other table, the columns they name there). A validator checks that each
/// names a row that exists.
const FOREIGN_KEYS: &[(&str, &[&str], &str, &[&str])] = &[
    ("items", &["meeting"], "meetings", &["meeting"]),
    ("attendance", &["member"], "members", &["member"]),
    ("attendance", &["meeting"], "meetings", &["meeting"]),
    ("declarations", &["meeting"], "meetings", &["meeting"]),
    (
        "actions",
        &["url", "recommendation"],
        "decisions",
        &["url", "id"],
    ),
];

/// The primary key of the table `name`, if it has one.
pub fn primary_key(name: &str) -> Option<&'static [&'static str]> {
    PRIMARY_KEYS
        .iter()
        .find(|(table, _)| *table == name)
        .map(|(_, key)| *key)
}

/// The package's text: every table as a resource, its CSV file at a path
/// relative to the package, so the package and its files can be
/// downloaded together and read anywhere. `csv_sizes` are the CSV files'
/// sizes in bytes, in the order of `datasets`.
pub fn package(site: &Site, datasets: &[Dataset], csv_sizes: &[usize]) -> Vec<u8> {
    let config = &site.config;
    let mut package = json!({
        "profile": "tabular-data-package",
        "name": package_name(&config.base_url),
        "title": config.title,
        "homepage": config.absolute_url(&site.routes.section(Section::Data)),
        "resources": datasets
            .iter()
            .zip(csv_sizes)
            .map(|(dataset, size)| resource(dataset, *size))
            .collect::<Vec<_>>(),
    });
    if let Some(description) = &config.description {
        package["description"] = json!(description);
    }
    if let Some(licence) = &config.licence {
        package["licenses"] = json!([licence_entry(site, licence)]);
    }
    let mut bytes = serde_json::to_vec_pretty(&package).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// One table: its CSV file and its schema.
fn resource(dataset: &Dataset, size: usize) -> Value {
    let fields: Vec<Value> = dataset
        .columns
        .iter()
        .map(|column| {
            json!({
                "name": column.name,
                "type": column.kind,
                "description": column.meaning,
            })
        })
        .collect();
    let mut schema = json!({
        "fields": fields,
        "missingValues": [""],
    });
    if let Some(key) = primary_key(dataset.name) {
        schema["primaryKey"] = json!(key);
    }
    let foreign: Vec<Value> = FOREIGN_KEYS
        .iter()
        .filter(|(table, ..)| *table == dataset.name)
        .map(|(_, fields, other, columns)| {
            json!({
                "fields": fields,
                "reference": {"resource": other, "fields": columns},
            })
        })
        .collect();
    if !foreign.is_empty() {
        schema["foreignKeys"] = json!(foreign);
    }
    json!({
        "profile": "tabular-data-resource",
        "name": dataset.name,
        "path": format!("{}.csv", dataset.name),
        "title": dataset.title,
        "description": dataset.row,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": size,
        "schema": schema,
    })
}

/// A package name as the standard allows one (lower-case letters, digits,
/// `.`, `-` and `_`), from the site's address, which no other site shares:
/// `papers.testshire.example`, or `example.org-papers` for a site at
/// `https://example.org/papers/`.
fn package_name(base_url: &str) -> String {
    let address = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest)
        .trim_matches('/');
    let name: String = address
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'a'..='z' | '0'..='9' | '.' | '_' | '-' => c,
            _ => '-',
        })
        .collect();
    if name.is_empty() {
        "boardpack".to_string()
    } else {
        name
    }
}

/// The licence as the site states it. The standard wants an Open
/// Definition id or an address; `site.yaml` gives a name in words, so the
/// entry gives the name as its title and, as its address, the section of
/// the `/data/` page that states it.
fn licence_entry(site: &Site, licence: &str) -> Value {
    let data = site.routes.section(Section::Data);
    json!({
        "title": licence,
        "path": format!("{}#licence-heading", site.config.absolute_url(&data)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_names_come_from_the_address() {
        assert_eq!(
            package_name("https://papers.testshire.example/"),
            "papers.testshire.example"
        );
        assert_eq!(
            package_name("https://Example.org/papers/"),
            "example.org-papers"
        );
        assert_eq!(package_name("http://localhost:8000/"), "localhost-8000");
    }

    #[test]
    fn foreign_keys_name_the_primary_key_of_another_table() {
        for (table, fields, other, columns) in FOREIGN_KEYS {
            assert!(primary_key(table).is_some(), "{table}");
            assert_eq!(primary_key(other), Some(*columns), "{table} → {other}");
            assert_eq!(fields.len(), columns.len());
        }
    }
}
