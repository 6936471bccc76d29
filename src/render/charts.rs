//! Charts as inline SVG, drawn with plotters at build time.
//!
//! Only plotters' SVG backend is used, with its built-in text estimate, so no
//! font is read and the same data gives the same bytes on any machine. Every
//! chart has a `<title>` and a `<desc>` stating its figures, and the page
//! shows the same figures in a table beside it. No text is drawn on a
//! coloured fill: labels sit on white, and risk markers are white with dark
//! text, so contrast never depends on a band's colour.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::format;
use crate::model::budget::Budget;
use crate::model::risk::{Placement, RiskMatrix};
use crate::model::values::Money;

pub(super) const INK: RGBColor = RGBColor(0x1b, 0x1b, 0x1b);
pub(super) const BAR: RGBColor = RGBColor(0x1d, 0x4f, 0x91);
const GRID: RGBColor = RGBColor(0x50, 0x50, 0x50);
const FONT: &str = "sans-serif";

/// plotters divides font sizes by 1.24; this gives `px` pixels.
fn font(px: f64) -> f64 {
    px * 1.24
}

pub(super) fn text_style(px: f64, h: HPos, v: VPos) -> TextStyle<'static> {
    TextStyle::from((FONT, font(px)).into_font())
        .color(&INK)
        .pos(Pos::new(h, v))
}

pub(super) fn bold_style(px: f64, h: HPos, v: VPos) -> TextStyle<'static> {
    TextStyle::from((FONT, font(px), FontStyle::Bold).into_font())
        .color(&INK)
        .pos(Pos::new(h, v))
}

/// How wide a character is taken to be, in em: wider than the digits, `£`
/// and most letters of common sans-serif faces (DejaVu Sans, the widest
/// usual default, draws digits 0.64 em wide), so estimates err generous.
const EM_PER_CHAR: f64 = 0.7;

/// A generous estimate of the width of `text` drawn at `px` pixels. No font
/// is read, so the estimate counts characters.
pub(super) fn text_width(text: &str, px: f64) -> f64 {
    text.chars().count() as f64 * px * EM_PER_CHAR
}

/// Shortens `text` to `max` characters with an ellipsis; the table beside
/// the chart carries the full text.
pub(super) fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let kept: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", kept.trim_end())
    }
}

/// Makes plotters' output an accessible, scalable inline image.
pub(super) fn finish(svg: &str, id: &str, title: &str, desc: &str) -> String {
    let body_start = svg.find('>').map_or(0, |i| i + 1);
    let (width, height) = dimensions(&svg[..body_start]);
    format!(
        "<svg class=\"chart\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>{}",
        escape(title),
        escape(desc),
        &svg[body_start..]
    )
}

fn dimensions(open_tag: &str) -> (u32, u32) {
    let attribute = |name: &str| {
        open_tag
            .split(&format!("{name}=\""))
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .and_then(|value| value.parse().ok())
            .unwrap_or(0)
    };
    (attribute("width"), attribute("height"))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One bar of a budget chart.
struct Bar {
    label: String,
    amount: Money,
}

/// A horizontal bar chart of a budget's groups, or of its lines when it has
/// no groups. `id` must be unique within the page.
pub fn budget_chart(budget: &Budget, currency: &str, id: &str) -> String {
    let bars: Vec<Bar> = if budget.groups.is_empty() {
        budget
            .lines
            .iter()
            .map(|l| Bar {
                label: l.label.clone(),
                amount: l.amount,
            })
            .collect()
    } else {
        budget
            .groups
            .iter()
            .map(|g| Bar {
                label: g.name.clone(),
                amount: g.sum(),
            })
            .collect()
    };
    let money = |amount: Money| format::money(amount, currency, budget.scale);
    let total = budget.sum();
    let title = format!(
        "{}: {} in total",
        budget.title.as_deref().unwrap_or("Budget"),
        money(total)
    );
    let figures: Vec<String> = bars
        .iter()
        .map(|b| {
            format!(
                "{} {} ({})",
                b.label,
                money(b.amount),
                format::percent(b.amount, total)
            )
        })
        .collect();
    let desc = format!(
        "Bar chart of {} amount{}. {}.",
        bars.len(),
        if bars.len() == 1 { "" } else { "s" },
        figures.join("; ")
    );

    // The chart is at least `MIN_WIDTH` wide, and wider when its labels
    // need it: each bar's label sits above it, and its value just past its
    // end, so the room for bars is what the longest value leaves.
    const MIN_WIDTH: f64 = 640.0;
    const MIN_BARS: f64 = 240.0;
    const MARGIN: f64 = 8.0;
    const GAP: f64 = 6.0;
    const LABEL_PX: f64 = 14.0;
    const VALUE_PX: f64 = 13.0;
    const ROW: u32 = 46;
    let labels: Vec<String> = bars.iter().map(|b| clip(&b.label, 72)).collect();
    let values: Vec<String> = bars
        .iter()
        .map(|b| format!("{} ({})", money(b.amount), format::percent(b.amount, total)))
        .collect();
    let widest = |texts: &[String], px: f64| {
        texts
            .iter()
            .map(|t| text_width(t, px))
            .fold(0.0, f64::max)
            .ceil()
    };
    let value_space = widest(&values, VALUE_PX);
    let width = MIN_WIDTH
        .max(MARGIN + widest(&labels, LABEL_PX) + MARGIN)
        .max(MARGIN + MIN_BARS + GAP + value_space + MARGIN)
        .ceil();
    let bar_space = width - MARGIN - GAP - value_space - MARGIN;
    let height = ROW * bars.len() as u32 + 12;
    let largest = bars.iter().map(|b| b.amount.0).max().unwrap_or(0).max(1) as f64;
    let left = MARGIN as i32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width as u32, height)).into_drawing_area();
        let _ = root.fill(&WHITE);
        for (i, (label, value)) in labels.into_iter().zip(values).enumerate() {
            let top = (i as u32 * ROW + 6) as i32;
            let _ = root.draw(&Text::new(
                label,
                (left, top),
                text_style(LABEL_PX, HPos::Left, VPos::Top),
            ));
            // Rounded down, so a label never gains the pixel it lacks.
            let length = (bar_space * bars[i].amount.0 as f64 / largest).floor() as i32;
            let bar_top = top + 20;
            let _ = root.draw(&Rectangle::new(
                [(left, bar_top), (left + length.max(1), bar_top + 18)],
                BAR.filled(),
            ));
            let _ = root.draw(&Text::new(
                value,
                (left + length.max(1) + GAP as i32, bar_top + 9),
                text_style(VALUE_PX, HPos::Left, VPos::Center),
            ));
        }
        let _ = root.present();
    }
    finish(&svg, id, &title, &desc)
}

/// A risk to mark on a matrix: its id and where it sits before and after
/// controls.
#[derive(Debug, Clone)]
pub struct Marker {
    pub id: String,
    pub inherent: Option<Placement>,
    pub residual: Option<Placement>,
}

/// A marker with the pixel centres of its inherent and residual positions.
type Positioned<'a> = (&'a Marker, Option<(i32, i32)>, Option<(i32, i32)>);

/// Draws the matrix with cells coloured by band, impact rising upwards and
/// likelihood rightwards, each risk's inherent position as a circle and its
/// residual position as a square, joined by a line.
pub fn risk_matrix(matrix: &RiskMatrix, markers: &[Marker], title: &str, id: &str) -> String {
    const CELL_W: i32 = 112;
    const CELL_H: i32 = 72;
    const LEFT: i32 = 140;
    const TOP: i32 = 10;
    let columns = matrix.likelihood.len() as i32;
    let rows = matrix.impact.len() as i32;
    let width = (LEFT + columns * CELL_W + 10) as u32;
    let height = (TOP + rows * CELL_H + 64) as u32;
    let cell_origin = |likelihood: usize, impact: usize| {
        (
            LEFT + (likelihood as i32 - 1) * CELL_W,
            TOP + (rows - impact as i32) * CELL_H,
        )
    };

    // Where each marker goes inside its cell: a small grid of slots.
    let mut slots: std::collections::BTreeMap<(usize, usize), i32> = Default::default();
    let mut place = |p: Placement| {
        let slot = slots.entry((p.likelihood, p.impact)).or_insert(0);
        let n = *slot;
        *slot += 1;
        let (x, y) = cell_origin(p.likelihood, p.impact);
        (x + 20 + (n % 4) * 26, y + 18 + ((n / 4) % 3) * 24)
    };
    let positioned: Vec<Positioned> = markers
        .iter()
        .map(|m| (m, m.inherent.map(&mut place), m.residual.map(&mut place)))
        .collect();

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        let _ = root.fill(&WHITE);
        for (likelihood, impact, score) in matrix.cells() {
            let (x, y) = cell_origin(likelihood, impact);
            let colour = matrix
                .band(score)
                .and_then(|b| hex(&b.colour))
                .unwrap_or(WHITE);
            let _ = root.draw(&Rectangle::new(
                [(x, y), (x + CELL_W, y + CELL_H)],
                colour.filled(),
            ));
            let _ = root.draw(&Rectangle::new(
                [(x, y), (x + CELL_W, y + CELL_H)],
                WHITE.stroke_width(2),
            ));
        }
        for (i, label) in matrix.impact.iter().enumerate() {
            let y = TOP + (rows - i as i32 - 1) * CELL_H + CELL_H / 2;
            let _ = root.draw(&Text::new(
                clip(label, 16),
                (LEFT - 8, y),
                text_style(12.0, HPos::Right, VPos::Center),
            ));
        }
        for (i, label) in matrix.likelihood.iter().enumerate() {
            let x = LEFT + i as i32 * CELL_W + CELL_W / 2;
            let _ = root.draw(&Text::new(
                clip(label, 15),
                (x, TOP + rows * CELL_H + 6),
                text_style(12.0, HPos::Center, VPos::Top),
            ));
        }
        let _ = root.draw(&Text::new(
            "Likelihood →",
            (LEFT + columns * CELL_W / 2, TOP + rows * CELL_H + 32),
            bold_style(13.0, HPos::Center, VPos::Top),
        ));
        let _ = root.draw(&Text::new(
            "Impact ↑",
            (8, TOP + 2),
            bold_style(13.0, HPos::Left, VPos::Top),
        ));
        for (_, from, to) in &positioned {
            if let (Some(from), Some(to)) = (from, to) {
                let _ = root.draw(&PathElement::new(vec![*from, *to], INK.stroke_width(2)));
            }
        }
        for (marker, inherent, residual) in &positioned {
            let label = clip(&marker.id, 3);
            if let Some((x, y)) = inherent {
                let _ = root.draw(&Circle::new((*x, *y), 11, WHITE.filled()));
                let _ = root.draw(&Circle::new((*x, *y), 11, INK.stroke_width(2)));
                let _ = root.draw(&Text::new(
                    label.clone(),
                    (*x, *y),
                    bold_style(11.0, HPos::Center, VPos::Center),
                ));
            }
            if let Some((x, y)) = residual {
                let _ = root.draw(&Rectangle::new(
                    [(*x - 10, *y - 10), (*x + 10, *y + 10)],
                    WHITE.filled(),
                ));
                let _ = root.draw(&Rectangle::new(
                    [(*x - 10, *y - 10), (*x + 10, *y + 10)],
                    GRID.stroke_width(2),
                ));
                let _ = root.draw(&Text::new(
                    label,
                    (*x, *y),
                    bold_style(11.0, HPos::Center, VPos::Center),
                ));
            }
        }
        let _ = root.present();
    }
    let describe = |p: Option<Placement>| match p {
        Some(p) => format!(
            "{} ({} likelihood, {} impact, {})",
            p.score,
            matrix.likelihood[p.likelihood - 1],
            matrix.impact[p.impact - 1],
            matrix.band(p.score).map_or("", |b| b.label.as_str())
        ),
        None => "not given".into(),
    };
    let figures: Vec<String> = markers
        .iter()
        .map(|m| {
            format!(
                "risk {}: inherent {}, residual {}",
                m.id,
                describe(m.inherent),
                describe(m.residual)
            )
        })
        .collect();
    let desc = format!(
        "Risk matrix of {} by {} cells; circles mark inherent scores and squares residual scores. {}.",
        matrix.likelihood.len(),
        matrix.impact.len(),
        figures.join("; ")
    );
    finish(&svg, id, title, &desc)
}

/// One appearance of a risk in a paper, for its history chart.
#[derive(Debug, Clone)]
pub struct HistoryPoint {
    pub label: String,
    pub inherent: Option<u32>,
    pub residual: Option<u32>,
}

/// A line chart of a risk's inherent and residual scores across papers.
pub fn risk_history(points: &[HistoryPoint], title: &str, id: &str) -> String {
    const WIDTH: u32 = 640;
    const HEIGHT: u32 = 300;
    let top = points
        .iter()
        .flat_map(|p| [p.inherent, p.residual])
        .flatten()
        .max()
        .unwrap_or(1)
        + 1;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let last = points.len().saturating_sub(1).max(1) as i32;
        let built = ChartBuilder::on(&root)
            .margin(16)
            .x_label_area_size(36)
            .y_label_area_size(44)
            .build_cartesian_2d(-0.3f64..(last as f64 + 0.3), 0u32..top);
        if let Ok(mut chart) = built {
            let labels: Vec<String> = points.iter().map(|p| p.label.clone()).collect();
            let _ = chart
                .configure_mesh()
                .disable_x_mesh()
                .x_labels(points.len().max(2))
                .x_label_formatter(&|x| {
                    let i = x.round() as usize;
                    if (x - i as f64).abs() < 0.01 {
                        labels.get(i).cloned().unwrap_or_default()
                    } else {
                        String::new()
                    }
                })
                .y_desc("Score")
                .label_style(text_style(12.0, HPos::Center, VPos::Center))
                .axis_desc_style(text_style(13.0, HPos::Center, VPos::Center))
                .light_line_style(RGBColor(0xdd, 0xdd, 0xdd))
                .draw();
            let series = |pick: fn(&HistoryPoint) -> Option<u32>| -> Vec<(f64, u32)> {
                points
                    .iter()
                    .enumerate()
                    .filter_map(|(i, p)| pick(p).map(|s| (i as f64, s)))
                    .collect()
            };
            let inherent = series(|p| p.inherent);
            let residual = series(|p| p.residual);
            let _ = chart.draw_series(LineSeries::new(inherent.clone(), INK.stroke_width(2)));
            let _ = chart.draw_series(
                inherent
                    .iter()
                    .map(|&(x, y)| Circle::new((x, y), 6, INK.filled())),
            );
            let _ = chart.draw_series(LineSeries::new(residual.clone(), BAR.stroke_width(2)));
            let _ = chart.draw_series(residual.iter().map(|&(x, y)| {
                EmptyElement::at((x, y)) + Rectangle::new([(-6, -6), (6, 6)], BAR.filled())
            }));
        }
        let _ = root.present();
    }
    let figures: Vec<String> = points
        .iter()
        .map(|p| {
            let score =
                |s: Option<u32>| s.map_or_else(|| "not given".to_string(), |s| s.to_string());
            format!(
                "{}: inherent {}, residual {}",
                p.label,
                score(p.inherent),
                score(p.residual)
            )
        })
        .collect();
    let desc = format!(
        "Line chart of the risk's inherent score (black, circles) and residual score (blue, squares) in each paper. {}.",
        figures.join("; ")
    );
    finish(&svg, id, title, &desc)
}

/// `#rrggbb` as a colour.
fn hex(text: &str) -> Option<RGBColor> {
    let value = u32::from_str_radix(text.strip_prefix('#')?, 16).ok()?;
    Some(RGBColor(
        (value >> 16) as u8,
        (value >> 8) as u8,
        value as u8,
    ))
}

/// The WCAG relative luminance of `#rrggbb`.
fn luminance(colour: RGBColor) -> f64 {
    let channel = |c: u8| {
        let c = c as f64 / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(colour.0) + 0.7152 * channel(colour.1) + 0.0722 * channel(colour.2)
}

/// The WCAG contrast ratio of two colours.
pub fn contrast(a: &str, b: &str) -> Option<f64> {
    let (la, lb) = (luminance(hex(a)?), luminance(hex(b)?));
    let (light, dark) = if la > lb { (la, lb) } else { (lb, la) };
    Some((light + 0.05) / (dark + 0.05))
}

/// Black or white, whichever reads better on `background`: the one the
/// theme uses for text on a band's colour (always at least 4.5:1).
pub fn text_colour_on(background: &str) -> &'static str {
    let on_black = contrast(background, "#000000").unwrap_or(21.0);
    let on_white = contrast(background, "#ffffff").unwrap_or(21.0);
    if on_black >= on_white {
        "#000000"
    } else {
        "#ffffff"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::budget::{BudgetGroup, BudgetLine, Scale};

    fn fund() -> Budget {
        let line = |label: &str, amount: i64| BudgetLine {
            label: label.into(),
            amount: Money(amount * 100),
            note: None,
        };
        Budget {
            title: Some("Capacity building fund 2008/09".into()),
            currency: None,
            scale: Scale::Thousands,
            available: Some(Money(34900)),
            total: Some(Money(34900)),
            groups: vec![
                BudgetGroup {
                    name: "Support packages".into(),
                    total: None,
                    amount: None,
                    lines: vec![line("Self improvement", 180), line("Capacity building", 90)],
                },
                BudgetGroup {
                    name: "Legacy surplus".into(),
                    total: None,
                    amount: Some(Money(7900)),
                    lines: vec![],
                },
            ],
            lines: vec![],
        }
    }

    #[test]
    fn budget_charts_are_accessible_and_state_their_figures() {
        let svg = budget_chart(&fund(), "GBP", "budget-1");
        assert!(svg.starts_with(
            "<svg class=\"chart\" role=\"img\" aria-labelledby=\"budget-1-title budget-1-desc\""
        ));
        assert!(svg.contains(
            "<title id=\"budget-1-title\">Capacity building fund 2008/09: £349k in total</title>"
        ));
        assert!(
            svg.contains("Support packages £270k (77.4%); Legacy surplus £79k (22.6%)"),
            "{svg}"
        );
        assert!(!svg.contains("font-face") && !svg.contains("url("));
    }

    /// A one-line budget in pounds: its value label is the longest a bar has.
    fn grant(label: &str, pounds: i64) -> Budget {
        Budget {
            title: Some("Regional efficiency grant".into()),
            currency: None,
            scale: Scale::Units,
            available: None,
            total: None,
            groups: vec![],
            lines: vec![BudgetLine {
                label: label.into(),
                amount: Money(pounds * 100),
                note: None,
            }],
        }
    }

    /// The value of `name="…"` in `tag`.
    fn attribute(tag: &str, name: &str) -> f64 {
        let key = format!(" {name}=\"");
        let start = tag
            .find(&key)
            .unwrap_or_else(|| panic!("no {name} in {tag}"))
            + key.len();
        tag[start..].split('"').next().unwrap().parse().unwrap()
    }

    /// Asserts that every text of `svg`, at its estimated width, ends inside
    /// the chart.
    fn assert_texts_inside(svg: &str) {
        let width = attribute(&svg[..svg.find('>').unwrap()], "width");
        let mut count = 0;
        for piece in svg.split("<text ").skip(1) {
            let (tag, rest) = piece.split_once('>').unwrap();
            let tag = &format!(" {tag}");
            let text = rest.split("</text>").next().unwrap().trim();
            assert!(tag.contains("text-anchor=\"start\""), "{tag}");
            let right = attribute(tag, "x") + text_width(text, attribute(tag, "font-size"));
            assert!(right <= width, "`{text}` ends at {right}, past {width}");
            count += 1;
        }
        assert!(count > 0, "{svg}");
    }

    #[test]
    fn long_value_labels_stay_inside_the_chart() {
        let svg = budget_chart(&grant("Grant", 11_668_288), "GBP", "b");
        assert!(svg.contains("£11,668,288 (100.0%)"), "{svg}");
        assert!(
            svg.contains("width=\"640\""),
            "a short label needs no wider chart"
        );
        assert_texts_inside(&svg);
        // Ten digits shorten the bars to make room.
        assert_texts_inside(&budget_chart(&grant("Grant", 9_876_543_210), "GBP", "b"));
        assert_texts_inside(&budget_chart(&fund(), "GBP", "b"));
    }

    #[test]
    fn long_labels_widen_the_chart() {
        let label = "W".repeat(90);
        let svg = budget_chart(&grant(&label, 1), "GBP", "b");
        assert!(
            svg.contains(&format!("{}…", "W".repeat(71))),
            "clipped to 72"
        );
        assert_texts_inside(&svg);
    }

    #[test]
    fn the_same_budget_gives_the_same_bytes() {
        assert_eq!(
            budget_chart(&fund(), "GBP", "b"),
            budget_chart(&fund(), "GBP", "b")
        );
    }

    #[test]
    fn risk_matrices_mark_both_positions() {
        let matrix = RiskMatrix::default_five_by_five();
        let at = |l, i| {
            Some(Placement {
                likelihood: l,
                impact: i,
                score: (l * i) as u32,
            })
        };
        let svg = risk_matrix(
            &matrix,
            &[Marker {
                id: "R1".into(),
                inherent: at(4, 5),
                residual: at(2, 3),
            }],
            "Key risks",
            "risks-1",
        );
        assert_eq!(
            svg.matches("<circle").count(),
            2,
            "a filled and an outlined circle"
        );
        assert!(svg.contains("risk R1: inherent 20 (Likely likelihood, Severe impact, Very high), residual 6 (Unlikely likelihood, Moderate impact, Medium)"));
        assert!(svg.contains("<polyline"));
        assert!(svg.contains("Almost certain"));
    }

    #[test]
    fn text_on_band_colours_meets_aa() {
        for band in RiskMatrix::default_five_by_five().bands {
            let text = text_colour_on(&band.colour);
            assert!(
                contrast(&band.colour, text).unwrap() >= 4.5,
                "{}",
                band.colour
            );
        }
        assert_eq!(text_colour_on("#c62828"), "#ffffff");
        assert_eq!(text_colour_on("#f9a825"), "#000000");
    }

    #[test]
    fn history_charts_describe_every_appearance() {
        let points = vec![
            HistoryPoint {
                label: "Sep 2008".into(),
                inherent: Some(9),
                residual: Some(3),
            },
            HistoryPoint {
                label: "Dec 2008".into(),
                inherent: Some(16),
                residual: None,
            },
        ];
        let svg = risk_history(&points, "Regional governance", "history");
        assert!(svg.contains(
            "Sep 2008: inherent 9, residual 3; Dec 2008: inherent 16, residual not given"
        ));
    }
}
