//! Slugs: the one way a title, a heading or a name becomes part of an
//! address — lower-case ASCII letters and digits joined by single hyphens,
//! as Zola and Hugo make them.

/// `text` as a slug. Accented Latin letters lose their accents, `&`
/// becomes `and`, apostrophes vanish, anything else separates words. Empty
/// when nothing is left (a title in a script with no ASCII form).
pub fn slug(text: &str) -> String {
    let mut slug = String::new();
    let mut gap = false;
    let push = |slug: &mut String, word: &str, gap: &mut bool| {
        if *gap && !slug.is_empty() {
            slug.push('-');
        }
        *gap = false;
        slug.push_str(word);
    };
    for c in text.chars() {
        match c {
            '\'' | '\u{2019}' => {}
            '&' => {
                gap = true;
                push(&mut slug, "and", &mut gap);
                gap = true;
            }
            c if c.is_ascii_alphanumeric() => {
                push(&mut slug, &c.to_ascii_lowercase().to_string(), &mut gap);
            }
            c => match fold(c) {
                Some(folded) => push(&mut slug, folded, &mut gap),
                None => gap = true,
            },
        }
    }
    slug
}

/// The URL segment of a source named `name` (a file stem or a folder).
/// A name already written as lower-case ASCII letters, digits, `-`, `_`
/// and `.` is kept as it is, so that the addresses of existing sites stay
/// where they were; any other name becomes its [`slug`]:
/// `Item 7 - Budget Monitoring Q1` → `item-7-budget-monitoring-q1`. Empty
/// when the name has no ASCII form.
pub fn segment(name: &str) -> String {
    if is_url_safe(name, false) {
        name.to_string()
    } else {
        slug(name)
    }
}

/// The name a file that is not Markdown (a PDF, an image) is published
/// under. A name of ASCII letters, digits, `-`, `_` and `.` is kept; any
/// other has its stem slugged and its extension lower-cased:
/// `Appendix B & C (final).PDF` → `appendix-b-and-c-final.pdf`. Empty when
/// the stem has no ASCII form.
pub fn file_name(name: &str) -> String {
    if is_url_safe(name, true) {
        return name.to_string();
    }
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => (stem, Some(extension)),
        _ => (name, None),
    };
    let stem = slug(stem);
    let extension: String = extension
        .unwrap_or("")
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if stem.is_empty() || extension.is_empty() {
        stem
    } else {
        format!("{stem}.{extension}")
    }
}

/// Whether `name` goes into a URL as it is: not empty, not hidden, and
/// only ASCII letters (lower-case ones, unless `capitals`), digits, `-`,
/// `_` and `.`.
fn is_url_safe(name: &str, capitals: bool) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name.chars().all(|c| {
            c.is_ascii_lowercase()
                || c.is_ascii_digit()
                || (capitals && c.is_ascii_uppercase())
                || matches!(c, '-' | '_' | '.')
        })
}

/// A heading's anchor: its slug, or, for a heading with no ASCII form,
/// its letters and digits in lower case, so that it still has one.
pub fn anchor(text: &str) -> String {
    let ascii = slug(text);
    if !ascii.is_empty() {
        return ascii;
    }
    let mut anchor = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            anchor.extend(c.to_lowercase());
        } else if !anchor.ends_with('-') && !anchor.is_empty() {
            anchor.push('-');
        }
    }
    anchor.trim_end_matches('-').to_string()
}

/// The unaccented form of a Latin letter used in British, Irish and
/// European names.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à'..='å' | 'À'..='Å' | 'ā' | 'Ā' => "a",
        'æ' | 'Æ' => "ae",
        'ç' | 'Ç' | 'č' | 'Č' | 'ć' | 'Ć' => "c",
        'è'..='ë' | 'È'..='Ë' | 'ē' | 'Ē' | 'ę' | 'Ę' => "e",
        'ì'..='ï' | 'Ì'..='Ï' | 'ī' | 'Ī' => "i",
        'ł' | 'Ł' => "l",
        'ñ' | 'Ñ' | 'ń' | 'Ń' => "n",
        'ò'..='ö' | 'Ò'..='Ö' | 'ø' | 'Ø' | 'ō' | 'Ō' => "o",
        'œ' | 'Œ' => "oe",
        'š' | 'Š' | 'ś' | 'Ś' => "s",
        'ß' => "ss",
        'ù'..='ü' | 'Ù'..='Ü' | 'ū' | 'Ū' => "u",
        'ŵ' | 'Ŵ' => "w",
        'ý' | 'ÿ' | 'Ý' | 'ŷ' | 'Ŷ' | 'Ÿ' => "y",
        'ž' | 'Ž' | 'ź' | 'Ź' | 'ż' | 'Ż' => "z",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lower_case_ascii_words() {
        for (text, expected) in [
            (
                "Capacity building fund 2008/09",
                "capacity-building-fund-2008-09",
            ),
            ("Finance & Audit", "finance-and-audit"),
            ("Children\u{2019}s services", "childrens-services"),
            ("Café in Ŵyn Ystrad", "cafe-in-wyn-ystrad"),
            ("Straße", "strasse"),
            ("会议", ""),
        ] {
            assert_eq!(slug(text), expected, "{text}");
        }
    }

    #[test]
    fn anchors_fall_back_to_letters_of_any_script() {
        assert_eq!(anchor("Résumé of the year"), "resume-of-the-year");
        assert_eq!(anchor("会议 记录"), "会议-记录");
    }

    #[test]
    fn names_become_segments_unless_they_are_url_safe_already() {
        for (name, expected) in [
            ("2008-07-10-officer-board", "2008-07-10-officer-board"),
            ("item_7.v2", "item_7.v2"),
            (
                "Item 7 - Budget Monitoring Q1",
                "item-7-budget-monitoring-q1",
            ),
            ("Café strategy", "cafe-strategy"),
            ("Report", "report"),
            ("a b", "a-b"),
            ("会议", ""),
        ] {
            assert_eq!(segment(name), expected, "{name}");
        }
    }

    #[test]
    fn files_keep_safe_names_and_slug_the_others() {
        for (name, expected) in [
            ("brief.pdf", "brief.pdf"),
            ("Brief_v2.PDF", "Brief_v2.PDF"),
            ("Appendix B & C (final).pdf", "appendix-b-and-c-final.pdf"),
            ("Plan #2 + notes.PDF", "plan-2-notes.pdf"),
            ("Officer's report.docx", "officers-report.docx"),
            ("Read me", "read-me"),
            ("会议.pdf", ""),
        ] {
            assert_eq!(file_name(name), expected, "{name}");
        }
    }
}
