//! The one place that turns dates, money and sizes into text for readers,
//! lays out plain text for email, and keeps text to the characters HTML
//! and XML can hold.

use std::borrow::Cow;

use crate::model::budget::Scale;
use crate::model::values::{Date, Money};

/// `12 September 2008`.
pub fn long_date(date: Date) -> String {
    date.0.format("%-d %B %Y").to_string()
}

/// `Friday 12 September 2008`.
pub fn weekday_date(date: Date) -> String {
    date.0.format("%A %-d %B %Y").to_string()
}

/// `Friday`.
pub fn weekday(date: Date) -> String {
    date.0.format("%A").to_string()
}

/// The symbol written before an amount, or the code and a space.
pub fn currency_symbol(code: &str) -> String {
    match code {
        "GBP" => "£".into(),
        "EUR" => "€".into(),
        "USD" => "$".into(),
        "JPY" => "¥".into(),
        other => format!("{other} "),
    }
}

/// The unit of a budget's figures, for its table heading: `£`, `£'000`, `£m`.
pub fn money_unit(code: &str, scale: Scale) -> String {
    let symbol = currency_symbol(code);
    match scale {
        Scale::Units => symbol.trim_end().to_string(),
        Scale::Thousands => format!("{}'000", symbol.trim_end()),
        Scale::Millions => format!("{}m", symbol.trim_end()),
    }
}

/// The minus sign of every negative figure a reader sees: U+2212, which
/// screen readers say as "minus" (a hyphen is read as "dash", or not at
/// all) and which lines up with `+` in tabular figures. Data files and
/// messages to authors keep the hyphen-minus that programs and YAML read.
pub const MINUS: char = '\u{2212}';

/// A figure as a budget's table gives it, in the table's unit, without a
/// currency sign: `1,234`, `12.50`, `−69,750`.
pub fn figure(amount: Money) -> String {
    let grouped = Money(amount.0.abs()).grouped();
    if amount.0 < 0 {
        format!("{MINUS}{grouped}")
    } else {
        grouped
    }
}

/// An amount as a reader reads money, with its currency and scale:
/// `£11,668,288`, `£1,250.50`, `£610k`, `£11.7m`, `−£1.8m`.
///
/// Amounts in units keep their pence (`£1,250.50`); scaled amounts drop
/// trailing zeros (`£11.7m`, not `£11.70m`), and nothing is `£0`. No figure
/// is rounded: the amount is written as the paper wrote it.
pub fn money(amount: Money, code: &str, scale: Scale) -> String {
    let symbol = currency_symbol(code);
    let sign = if amount.0 < 0 {
        MINUS.to_string()
    } else {
        String::new()
    };
    let figure = Money(amount.0.abs()).grouped();
    let scaled = || {
        if figure.contains('.') {
            figure.trim_end_matches('0').to_string()
        } else {
            figure.clone()
        }
    };
    match scale {
        // Nothing needs no scale: `£0`, not `£0k`.
        _ if amount.0 == 0 => format!("{symbol}0"),
        Scale::Units => format!("{sign}{symbol}{figure}"),
        Scale::Thousands => format!("{sign}{symbol}{}k", scaled()),
        Scale::Millions => format!("{sign}{symbol}{}m", scaled()),
    }
}

/// A variance in words, as money: `£12,000 over budget`, `£69,750 under
/// budget`, `on budget`. Budgets are net expenditure (income is written
/// negative), so a positive variance — spending more than planned, or
/// collecting less income — is over budget, the adverse side.
pub fn variance(amount: Money, code: &str, scale: Scale) -> String {
    let size = money(Money(amount.0.abs()), code, scale);
    match amount.0.cmp(&0) {
        std::cmp::Ordering::Equal => "on budget".into(),
        std::cmp::Ordering::Greater => format!("{size} over budget"),
        std::cmp::Ordering::Less => format!("{size} under budget"),
    }
}

/// A share of a whole in per cent with one decimal: `51.6%`.
pub fn percent(part: Money, whole: Money) -> String {
    if whole.0 == 0 {
        return "–".into();
    }
    let (part_sign, whole_sign) = (part.0.signum(), whole.0.signum());
    // Round half away from zero in tenths of a per cent, in integers; a
    // negative part (income) or whole (a net surplus) gives a minus sign.
    let (part, whole) = ((part.0 as i128).abs(), (whole.0 as i128).abs());
    let tenths = (part * 1000 * 2 + whole) / (whole * 2);
    let negative = tenths != 0 && (part_sign < 0) != (whole_sign < 0);
    let sign = if negative {
        MINUS.to_string()
    } else {
        String::new()
    };
    format!("{sign}{}.{}%", tenths / 10, tenths % 10)
}

/// `12 KB`, `1.4 MB`.
pub fn file_size(bytes: u64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} bytes"),
        b if b < 1024 * 1024 => format!("{} KB", b.div_ceil(1024)),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}

/// What a reader is told a file is, from its extension.
pub fn file_type(name: &str) -> &'static str {
    let extension = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "pdf" => "PDF document",
        "doc" | "docx" | "odt" => "Word document",
        "xls" | "xlsx" | "ods" => "Spreadsheet",
        "csv" => "CSV data",
        "ppt" | "pptx" | "odp" => "Presentation",
        "png" | "jpg" | "jpeg" | "gif" | "webp" | "svg" => "Image",
        "txt" => "Text file",
        "zip" => "ZIP archive",
        _ => "File",
    }
}

/// `text` wrapped at `width` characters for a plain-text email: words
/// separated by single spaces, the first line begun by `first` and every
/// other line by `rest`. A word longer than a line (an address, mostly) is
/// kept whole on a line of its own, since a broken link no longer works.
pub fn wrap(text: &str, width: usize, first: &str, rest: &str) -> String {
    let mut out = String::from(first);
    let mut line_length = first.chars().count();
    let mut line_empty = true;
    for word in text.split_whitespace() {
        let length = word.chars().count();
        if !line_empty && line_length + 1 + length > width {
            out.push('\n');
            out.push_str(rest);
            line_length = rest.chars().count();
            line_empty = true;
        }
        if !line_empty {
            out.push(' ');
            line_length += 1;
        }
        out.push_str(word);
        line_length += length;
        line_empty = false;
    }
    out
}

/// Whether HTML and XML 1.0 both allow `c` in a document: no control
/// character but tab, line feed and carriage return, and neither of the
/// noncharacters U+FFFE and U+FFFF.
pub fn markup_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || !(c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}')
}

/// `text` without the characters no page or feed can hold (see
/// [`markup_char`]), such as a NUL or an escape written in YAML as `\0`
/// or `\e`: they have no meaning in a paper, and would make the HTML
/// invalid and the XML (feeds, charts) unreadable.
pub fn markup_text(text: &str) -> Cow<'_, str> {
    if text.chars().all(markup_char) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(|c| markup_char(*c)).collect())
    }
}

/// A figure with its unit, as a reader reads it: `31.5 days`, `85%`,
/// `£1,250`, `£4.2m`. The number keeps the decimals the paper gave (it is
/// never rounded) and its thousands are grouped. A unit that starts with a
/// currency sign is split around the number, as money is written.
pub fn quantity(value: f64, unit: Option<&str>) -> String {
    let number = grouped_number(value.abs());
    let sign = if value < 0.0 { "-" } else { "" };
    let unit = unit.map(str::trim).unwrap_or_default();
    let currency = unit
        .chars()
        .next()
        .filter(|c| matches!(c, '£' | '$' | '€' | '¥'));
    match (unit, currency) {
        ("", _) => format!("{sign}{number}"),
        ("%", _) => format!("{sign}{number}%"),
        (_, Some(symbol)) => format!("{sign}{symbol}{number}{}", &unit[symbol.len_utf8()..]),
        _ => format!("{sign}{number} {unit}"),
    }
}

/// A number of 0 or more with its thousands grouped: `1,234.5`.
pub fn grouped_number(value: f64) -> String {
    let plain = crate::model::target::plain_number(value);
    let (whole, decimals) = plain.split_once('.').unwrap_or((&plain, ""));
    if whole.len() > 15 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return plain;
    }
    let mut out = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    if !decimals.is_empty() {
        out.push('.');
        out.push_str(decimals);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn formats_for_readers() {
        let date = Date(NaiveDate::from_ymd_opt(2008, 9, 12).unwrap());
        assert_eq!(long_date(date), "12 September 2008");
        assert_eq!(weekday_date(date), "Friday 12 September 2008");
        assert_eq!(money(Money(34900), "GBP", Scale::Thousands), "£349k");
        assert_eq!(money(Money(-125050), "EUR", Scale::Units), "−€1,250.50");
        assert_eq!(money(Money(-180), "GBP", Scale::Millions), "−£1.8m");
        assert_eq!(money(Money(1166828800), "GBP", Scale::Units), "£11,668,288");
        assert_eq!(money(Money(61000), "GBP", Scale::Thousands), "£610k");
        assert_eq!(money(Money(40050), "GBP", Scale::Thousands), "£400.5k");
        assert_eq!(money(Money(1170), "GBP", Scale::Millions), "£11.7m");
        assert_eq!(money(Money(1225), "EUR", Scale::Millions), "€12.25m");
        assert_eq!(money(Money(1200), "GBP", Scale::Millions), "£12m");
        assert_eq!(money(Money(30), "GBP", Scale::Millions), "£0.3m");
        assert_eq!(money(Money(0), "GBP", Scale::Thousands), "£0");
        assert_eq!(money_unit("GBP", Scale::Thousands), "£'000");
        assert_eq!(percent(Money(18000), Money(34900)), "51.6%");
        assert_eq!(percent(Money(-2000000), Money(16000000)), "\u{2212}12.5%");
        assert_eq!(percent(Money(18000000), Money(16000000)), "112.5%");
        assert_eq!(percent(Money(-1), Money(16000000)), "0.0%");
        assert_eq!(file_size(1500), "2 KB");
        assert_eq!(file_type("brief.PDF"), "PDF document");
    }

    #[test]
    fn negative_figures_read_as_minus() {
        assert_eq!(figure(Money(-6975000)), "\u{2212}69,750");
        assert_eq!(figure(Money(2450)), "24.50");
        assert_eq!(figure(Money(0)), "0");
        assert!(!money(Money(-1), "GBP", Scale::Units).contains('-'));
    }

    #[test]
    fn a_variance_reads_in_words() {
        assert_eq!(variance(Money(0), "GBP", Scale::Units), "on budget");
        assert_eq!(
            variance(Money(1_200_000), "GBP", Scale::Units),
            "£12,000 over budget"
        );
        assert_eq!(
            variance(Money(-6_975_000), "GBP", Scale::Units),
            "£69,750 under budget"
        );
        assert_eq!(
            variance(Money(-250), "GBP", Scale::Thousands),
            "£2.5k under budget"
        );
        assert_eq!(variance(Money(1), "EUR", Scale::Units), "€0.01 over budget");
    }

    #[test]
    fn text_wraps_at_the_width_with_its_indents() {
        let text = "The fund will help  councils in\ndifficulty over three years.";
        assert_eq!(
            wrap(text, 20, "* ", "  "),
            "* The fund will help\n  councils in\n  difficulty over\n  three years."
        );
        assert!(
            wrap(text, 20, "* ", "  ")
                .lines()
                .all(|line| line.chars().count() <= 20)
        );
        assert_eq!(wrap("née café", 8, "", ""), "née café");
        assert_eq!(wrap("", 72, "  ", "  "), "  ");
    }

    #[test]
    fn a_word_longer_than_a_line_stays_whole() {
        let url = "<https://papers.testshire.example/news/2008-09-fund-agreed/>";
        assert_eq!(
            wrap(&format!("See {url} now"), 30, "", ""),
            format!("See\n{url}\nnow")
        );
    }

    #[test]
    fn markup_text_drops_what_html_and_xml_cannot_hold() {
        assert_eq!(
            markup_text("a\u{0}b\u{7}c\u{b}d\u{1b}e\u{7f}f\u{85}g\u{FFFE}h"),
            "abcdefgh"
        );
        assert_eq!(markup_text("tab\tlf\ncr\r £ 🙂"), "tab\tlf\ncr\r £ 🙂");
        assert!(matches!(markup_text("plain"), Cow::Borrowed("plain")));
    }

    #[test]
    fn target_quantities_carry_their_unit() {
        assert_eq!(quantity(31.5, Some("days")), "31.5 days");
        assert_eq!(quantity(85.0, Some("%")), "85%");
        assert_eq!(quantity(1250.0, Some("£")), "£1,250");
        assert_eq!(quantity(4.2, Some("£m")), "£4.2m");
        assert_eq!(quantity(-3.0, Some("£k")), "-£3k");
        assert_eq!(quantity(12500.0, None), "12,500");
        assert_eq!(quantity(0.25, Some("")), "0.25");
        assert_eq!(grouped_number(1234567.125), "1,234,567.125");
    }
}
