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
}
