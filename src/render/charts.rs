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

const INK: RGBColor = RGBColor(0x1b, 0x1b, 0x1b);
const BAR: RGBColor = RGBColor(0x1d, 0x4f, 0x91);
const GRID: RGBColor = RGBColor(0x50, 0x50, 0x50);
const FONT: &str = "sans-serif";

/// plotters divides font sizes by 1.24; this gives `px` pixels.
fn font(px: f64) -> f64 {
    px * 1.24
}

fn text_style(px: f64, h: HPos, v: VPos) -> TextStyle<'static> {
    TextStyle::from((FONT, font(px)).into_font())
        .color(&INK)
        .pos(Pos::new(h, v))
}

fn bold_style(px: f64, h: HPos, v: VPos) -> TextStyle<'static> {
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
fn text_width(text: &str, px: f64) -> f64 {
    text.chars().count() as f64 * px * EM_PER_CHAR
}

/// Shortens `text` to `max` characters with an ellipsis; the table beside
/// the chart carries the full text.
fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let kept: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", kept.trim_end())
    }
}

/// Makes plotters' output an accessible, scalable inline image.
fn finish(svg: &str, id: &str, title: &str, desc: &str) -> String {
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

// --- budget charts --------------------------------------------------------------
//
// A budget's chart is a bar chart of its groups (or lines): one bar per
// group for a budget of one column, a cluster of bars (one per column) for
// a budget of several, and a second chart of the variance, whose bars go
// either side of a zero line. Bars are horizontal, each group's label
// above its bars and each value just past the end of its bar, so long
// labels never collide. Negative figures (income, savings) draw leftwards
// from the zero line, and their value sits just right of it.

/// How a series of bars is filled: a shade and a pattern over it, so the
/// series differ in greyscale and to readers who do not see colour. The
/// pattern is drawn by an SVG `<pattern>` (plotters has no hatching), which
/// [`with_fills`] puts in place of the shade after plotters has drawn.
#[derive(Clone, Copy)]
struct Fill {
    shade: RGBColor,
    pattern: Pattern,
    /// In words, for the chart's description: "solid dark blue".
    words: &'static str,
}

#[derive(Clone, Copy, PartialEq)]
enum Pattern {
    Solid,
    /// Dark stripes rising to the right.
    Diagonal,
    Dots,
    /// White stripes across.
    Horizontal,
    /// A dark lattice.
    Cross,
    /// Dark stripes upright.
    Vertical,
}

/// The fills of a budget's columns, in column order: dark to light and a
/// different pattern each. A budget of more columns starts again.
const SERIES: [Fill; 6] = [
    Fill {
        shade: BAR,
        pattern: Pattern::Solid,
        words: "solid dark blue",
    },
    Fill {
        shade: RGBColor(0xa8, 0xc3, 0xe6),
        pattern: Pattern::Diagonal,
        words: "light blue with diagonal stripes",
    },
    Fill {
        shade: RGBColor(0xf0, 0xf4, 0xfa),
        pattern: Pattern::Dots,
        words: "white with dots",
    },
    Fill {
        shade: RGBColor(0x55, 0x80, 0xba),
        pattern: Pattern::Horizontal,
        words: "mid blue with white stripes",
    },
    Fill {
        shade: RGBColor(0xd4, 0xe0, 0xf0),
        pattern: Pattern::Cross,
        words: "pale blue cross-hatched",
    },
    Fill {
        shade: RGBColor(0x8c, 0xa9, 0xd3),
        pattern: Pattern::Vertical,
        words: "blue with upright stripes",
    },
];

/// A variance over budget: dark and solid.
const OVER: Fill = Fill {
    shade: RGBColor(0x9e, 0x2a, 0x1f),
    pattern: Pattern::Solid,
    words: "solid dark red",
};

/// A variance under budget: light and striped.
const UNDER: Fill = Fill {
    shade: RGBColor(0xb7, 0xd9, 0xbe),
    pattern: Pattern::Diagonal,
    words: "light green with diagonal stripes",
};

/// `fill="#RRGGBB"`, as plotters writes a colour.
fn fill_attribute(colour: RGBColor) -> String {
    format!("fill=\"#{:02X}{:02X}{:02X}\"", colour.0, colour.1, colour.2)
}

/// The `<pattern>` of `fill`, with the id `name`.
fn pattern_def(fill: &Fill, name: &str) -> String {
    let shade = fill_attribute(fill.shade);
    let ink = fill_attribute(INK);
    let (size, rotate, marks) = match fill.pattern {
        Pattern::Solid => return String::new(),
        Pattern::Diagonal => (6, true, format!("<rect width=\"2\" height=\"6\" {ink}/>")),
        Pattern::Dots => (
            6,
            false,
            format!("<circle cx=\"3\" cy=\"3\" r=\"1.5\" {ink}/>"),
        ),
        Pattern::Horizontal => (
            6,
            false,
            "<rect width=\"6\" height=\"2\" fill=\"#FFFFFF\"/>".to_string(),
        ),
        Pattern::Cross => (
            6,
            true,
            format!("<rect width=\"1\" height=\"6\" {ink}/><rect width=\"6\" height=\"1\" {ink}/>"),
        ),
        Pattern::Vertical => (6, false, format!("<rect width=\"2\" height=\"6\" {ink}/>")),
    };
    let transform = if rotate {
        " patternTransform=\"rotate(45)\""
    } else {
        ""
    };
    format!(
        "<pattern id=\"{name}\" width=\"{size}\" height=\"{size}\" patternUnits=\"userSpaceOnUse\"{transform}><rect width=\"{size}\" height=\"{size}\" {shade}/>{marks}</pattern>"
    )
}

/// Puts each patterned fill's `<pattern>` in place of its shade: plotters
/// drew bars and legend swatches in the shade, which no other part of a
/// budget chart uses, so every use of it becomes the pattern.
fn with_fills(svg: String, fills: &[Fill], id: &str) -> String {
    let mut defs = String::new();
    let mut svg = svg;
    for (i, fill) in fills.iter().enumerate() {
        if fill.pattern == Pattern::Solid {
            continue;
        }
        let name = format!("{id}-fill-{i}");
        defs.push_str(&pattern_def(fill, &name));
        svg = svg.replace(
            &fill_attribute(fill.shade),
            &format!("fill=\"url(#{name})\""),
        );
    }
    if defs.is_empty() {
        return svg;
    }
    match svg.find("</desc>") {
        Some(at) => {
            let at = at + "</desc>".len();
            format!("{}\n<defs>{defs}</defs>{}", &svg[..at], &svg[at..])
        }
        None => svg,
    }
}

/// One bar: its figure, the text beside it, and its fill; a bar without
/// a fill is only its text (a variance of nothing, "on budget").
struct Bar {
    amount: Money,
    text: String,
    fill: Option<usize>,
}

/// A bar chart: clusters of bars under their labels, with a legend of
/// `legend` (fill, words) when there is more than one kind of bar.
struct BarChart {
    labels: Vec<String>,
    clusters: Vec<Vec<Bar>>,
    fills: Vec<Fill>,
    legend: Vec<(usize, String)>,
    /// Draw the zero line even when no figure is negative.
    zero_line: bool,
    /// The narrowest the chart is drawn. A page narrower than the chart
    /// shrinks it, text and all, so a narrow chart stays legible on a
    /// phone: 400 pixels shrink to 72% in a 320-pixel screen.
    min_width: f64,
}

/// The narrowest budget chart of one column, as such charts always were.
const SINGLE_MIN_WIDTH: f64 = 640.0;
/// The narrowest grouped or variance chart.
const GROUPED_MIN_WIDTH: f64 = 400.0;

/// The budget's rows for a chart: its groups, or its lines when it has no
/// groups, each with its figure in every column.
fn chart_rows(budget: &Budget) -> Vec<(String, Vec<Money>)> {
    let ids = budget.column_ids();
    if budget.groups.is_empty() {
        budget
            .lines
            .iter()
            .map(|l| (l.label.clone(), ids.iter().map(|id| l.figure(id)).collect()))
            .collect()
    } else {
        budget
            .groups
            .iter()
            .map(|g| (g.name.clone(), ids.iter().map(|id| g.sum_of(id)).collect()))
            .collect()
    }
}

/// A horizontal bar chart of a budget's groups, or of its lines when it has
/// no groups: one bar each for a budget of one column, a cluster of bars
/// (one per column, with a legend) for a budget of several. `id` must be
/// unique within the page.
pub fn budget_chart(budget: &Budget, currency: &str, id: &str) -> String {
    let money = |amount: Money| format::money(amount, currency, budget.scale);
    let rows = chart_rows(budget);
    let name = budget.title.as_deref().unwrap_or("Budget");
    if !budget.has_several_columns() {
        return single_column_chart(&rows, name, &money, id);
    }
    let columns = budget.columns();
    let totals: Vec<String> = columns
        .iter()
        .zip(budget.totals())
        .map(|(c, total)| format!("{} {}", c.label, money(total)))
        .collect();
    let title = format!("{name}: totals {}", totals.join(", "));
    let fills: Vec<Fill> = (0..columns.len())
        .map(|i| SERIES[i % SERIES.len()])
        .collect();
    let figures: Vec<String> = rows
        .iter()
        .map(|(label, amounts)| {
            let each: Vec<String> = columns
                .iter()
                .zip(amounts)
                .map(|(c, a)| format!("{} {}", c.label, money(*a)))
                .collect();
            format!("{label}: {}", each.join(", "))
        })
        .collect();
    let key: Vec<String> = columns
        .iter()
        .zip(&fills)
        .map(|(c, f)| format!("{} {}", c.label, f.words))
        .collect();
    let desc = format!(
        "Grouped bar chart of {} {}, one bar for each of {} columns ({}). {}.",
        rows.len(),
        if budget.groups.is_empty() {
            "lines"
        } else {
            "groups"
        },
        columns.len(),
        key.join("; "),
        figures.join("; ")
    );
    let chart = BarChart {
        labels: rows.iter().map(|(label, _)| label.clone()).collect(),
        clusters: rows
            .iter()
            .map(|(_, amounts)| {
                amounts
                    .iter()
                    .enumerate()
                    .map(|(i, a)| Bar {
                        amount: *a,
                        text: money(*a),
                        fill: Some(i),
                    })
                    .collect()
            })
            .collect(),
        legend: columns
            .iter()
            .enumerate()
            .map(|(i, c)| (i, c.label.clone()))
            .collect(),
        fills: fills.clone(),
        zero_line: false,
        min_width: GROUPED_MIN_WIDTH,
    };
    with_fills(finish(&draw_bars(&chart), id, &title, &desc), &fills, id)
}

/// The chart of a budget of one column: a bar per row with its share of
/// the total, as budgets were always drawn.
fn single_column_chart(
    rows: &[(String, Vec<Money>)],
    name: &str,
    money: &dyn Fn(Money) -> String,
    id: &str,
) -> String {
    let total = Money(rows.iter().map(|(_, a)| a[0].0).sum());
    let title = format!("{name}: {} in total", money(total));
    let values: Vec<String> = rows
        .iter()
        .map(|(_, a)| format!("{} ({})", money(a[0]), format::percent(a[0], total)))
        .collect();
    let figures: Vec<String> = rows
        .iter()
        .zip(&values)
        .map(|((label, _), value)| format!("{label} {value}"))
        .collect();
    let desc = format!(
        "Bar chart of {} amount{}. {}.",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" },
        figures.join("; ")
    );
    let chart = BarChart {
        labels: rows.iter().map(|(label, _)| label.clone()).collect(),
        clusters: rows
            .iter()
            .zip(values)
            .map(|((_, a), text)| {
                vec![Bar {
                    amount: a[0],
                    text,
                    fill: Some(0),
                }]
            })
            .collect(),
        fills: vec![SERIES[0]],
        legend: Vec::new(),
        zero_line: false,
        min_width: SINGLE_MIN_WIDTH,
    };
    finish(&draw_bars(&chart), id, &title, &desc)
}

/// The chart of a budget's variance, group by group (or line by line):
/// bars to the right of the zero line are over budget, to the left under,
/// each with its amount in words. `None` for a budget without `variance`.
pub fn variance_chart(budget: &Budget, currency: &str, id: &str) -> Option<String> {
    let spec = budget.variance.as_ref()?;
    let ids = budget.column_ids();
    let at = |id: &str| ids.iter().position(|c| *c == id).unwrap_or(0);
    let (of, against) = (at(&spec.of), at(&spec.against));
    let words = |amount: Money| format::variance(amount, currency, budget.scale);
    let rows: Vec<(String, Money)> = chart_rows(budget)
        .into_iter()
        .map(|(label, a)| (label, Money(a[of].0 - a[against].0)))
        .collect();
    let total = Money(rows.iter().map(|(_, v)| v.0).sum());
    let title = format!("{}: {} in total", spec.label(), words(total));
    let figures: Vec<String> = rows
        .iter()
        .map(|(label, v)| format!("{label} {}", words(*v)))
        .collect();
    let desc = format!(
        "Bar chart of the {} of {} {}, either side of a zero line: bars to the right ({}) are over budget, bars to the left ({}) under budget. {}.",
        spec.label().to_lowercase(),
        rows.len(),
        if budget.groups.is_empty() {
            "lines"
        } else {
            "groups"
        },
        OVER.words,
        UNDER.words,
        figures.join("; ")
    );
    let chart = BarChart {
        labels: rows.iter().map(|(label, _)| label.clone()).collect(),
        clusters: rows
            .iter()
            .map(|(_, v)| {
                vec![Bar {
                    amount: *v,
                    text: words(*v),
                    fill: (v.0 != 0).then_some(usize::from(v.0 < 0)),
                }]
            })
            .collect(),
        fills: vec![OVER, UNDER],
        legend: vec![(0, "Over budget".into()), (1, "Under budget".into())],
        zero_line: true,
        min_width: GROUPED_MIN_WIDTH,
    };
    let fills = chart.fills.clone();
    Some(with_fills(
        finish(&draw_bars(&chart), id, &title, &desc),
        &fills,
        id,
    ))
}

/// Draws `chart` with plotters and returns its SVG.
///
/// The chart is at least `min_width` wide, and wider when its labels need
/// it: each cluster's label sits above its bars, and each value just past
/// its bar's end (right of the zero line for a negative bar), so the room
/// for bars is what the longest value leaves. A chart of one bar per
/// cluster and no legend is laid out exactly as budget charts always were.
fn draw_bars(chart: &BarChart) -> String {
    const MIN_BARS: f64 = 240.0;
    const MARGIN: f64 = 8.0;
    const GAP: f64 = 6.0;
    const LABEL_PX: f64 = 14.0;
    const VALUE_PX: f64 = 13.0;
    const LEGEND_PX: f64 = 13.0;
    const SWATCH: i32 = 16;
    let per_cluster = chart.clusters.iter().map(Vec::len).max().unwrap_or(1) as u32;
    // One bar a cluster keeps the taller bar budgets always had.
    let (bar_height, bar_gap) = if per_cluster == 1 { (18, 0) } else { (14, 3) };
    let row = 20 + per_cluster * bar_height + (per_cluster - 1) * bar_gap + 8;
    let labels: Vec<String> = chart.labels.iter().map(|l| clip(l, 72)).collect();
    let widest = |texts: &mut dyn Iterator<Item = &String>, px: f64| {
        texts.map(|t| text_width(t, px)).fold(0.0, f64::max).ceil()
    };
    let value_space = widest(
        &mut chart.clusters.iter().flatten().map(|b| &b.text),
        VALUE_PX,
    );
    let legend: Vec<(usize, String)> = chart
        .legend
        .iter()
        .map(|(fill, label)| (*fill, clip(label, 40)))
        .collect();
    let legend_item =
        |label: &str| (SWATCH as f64 + 6.0 + text_width(label, LEGEND_PX) + 18.0).ceil();
    let width = chart
        .min_width
        .max(MARGIN + widest(&mut labels.iter(), LABEL_PX) + MARGIN)
        .max(MARGIN + MIN_BARS + GAP + value_space + MARGIN)
        .max(
            MARGIN
                + legend
                    .iter()
                    .map(|(_, l)| legend_item(l))
                    .fold(0.0, f64::max)
                + MARGIN,
        )
        .ceil();
    // The legend's items left to right, wrapping onto new lines.
    let mut legend_at: Vec<(i32, i32)> = Vec::new();
    let (mut x, mut y) = (MARGIN, 8.0);
    for (_, label) in &legend {
        if x > MARGIN && x + legend_item(label) > width - MARGIN {
            x = MARGIN;
            y += 24.0;
        }
        legend_at.push((x as i32, y as i32));
        x += legend_item(label);
    }
    let legend_height = if legend.is_empty() { 0 } else { y as u32 + 30 };
    let bar_space = width - MARGIN - GAP - value_space - MARGIN;
    let amounts = chart.clusters.iter().flatten().map(|b| b.amount.0);
    let lowest = amounts.clone().min().unwrap_or(0).min(0);
    let highest = amounts.max().unwrap_or(0).max(0);
    let range = (highest - lowest).max(1) as f64;
    let left = MARGIN as i32;
    // Rounded down, so a value never gains the pixel it lacks.
    let zero = left + (bar_space * -lowest as f64 / range).floor() as i32;
    let height = legend_height + row * chart.clusters.len() as u32 + 12;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width as u32, height)).into_drawing_area();
        let _ = root.fill(&WHITE);
        for ((fill, label), (x, y)) in legend.into_iter().zip(&legend_at) {
            let shade = chart.fills[fill].shade;
            let swatch = [(*x, *y), (*x + SWATCH, *y + SWATCH)];
            let _ = root.draw(&Rectangle::new(swatch, shade.filled()));
            let _ = root.draw(&Rectangle::new(swatch, INK.stroke_width(1)));
            let _ = root.draw(&Text::new(
                label,
                (*x + SWATCH + 6, *y + SWATCH / 2),
                text_style(LEGEND_PX, HPos::Left, VPos::Center),
            ));
        }
        let origin = legend_height as i32;
        let (mut first_bar, mut last_bar) = (i32::MAX, 0);
        for (i, (label, bars)) in labels.into_iter().zip(&chart.clusters).enumerate() {
            let top = origin + (i as u32 * row + 6) as i32;
            let _ = root.draw(&Text::new(
                label,
                (left, top),
                text_style(LABEL_PX, HPos::Left, VPos::Top),
            ));
            for (k, bar) in bars.iter().enumerate() {
                let bar_top = top + 20 + (k as u32 * (bar_height + bar_gap)) as i32;
                let bottom = bar_top + bar_height as i32;
                let length =
                    ((bar_space * bar.amount.0.abs() as f64 / range).floor() as i32).max(1);
                let (from, to) = if bar.amount.0 < 0 {
                    (zero - length, zero)
                } else {
                    (zero, zero + length)
                };
                if let Some(fill) = bar.fill.map(|f| chart.fills[f]) {
                    let _ = root.draw(&Rectangle::new(
                        [(from, bar_top), (to, bottom)],
                        fill.shade.filled(),
                    ));
                    // A light fill needs an edge to stand out from the page.
                    if fill.pattern != Pattern::Solid {
                        let _ = root.draw(&Rectangle::new(
                            [(from, bar_top), (to, bottom)],
                            INK.stroke_width(1),
                        ));
                    }
                }
                let _ = root.draw(&Text::new(
                    bar.text.clone(),
                    (to.max(zero) + GAP as i32, bar_top + bar_height as i32 / 2),
                    text_style(VALUE_PX, HPos::Left, VPos::Center),
                ));
                first_bar = first_bar.min(bar_top);
                last_bar = last_bar.max(bottom);
            }
        }
        if (lowest < 0 || chart.zero_line) && first_bar < last_bar {
            let _ = root.draw(&PathElement::new(
                vec![(zero, first_bar - 4), (zero, last_bar + 4)],
                INK.stroke_width(2),
            ));
        }
        let _ = root.present();
    }
    svg
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

    /// A budget read from YAML, as authors write it.
    fn budget(yaml: &str) -> Budget {
        crate::content::yaml::from_str(yaml).unwrap()
    }

    fn fund() -> Budget {
        budget(
            "title: Capacity building fund 2008/09\nscale: thousands\navailable: 349\ntotal: 349\ngroups:\n  - name: Support packages\n    lines:\n      - {label: Self improvement, amount: 180}\n      - {label: Capacity building, amount: 90}\n  - {name: Legacy surplus, amount: 79}\n",
        )
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
        budget(&format!(
            "title: Regional efficiency grant\nlines:\n  - {{label: {label}, amount: {pounds}}}\n"
        ))
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

    /// A quarter's monitoring: three columns, income negative, a variance.
    fn monitoring() -> Budget {
        budget(
            "title: Revenue monitoring\ncolumns:\n  - {id: budget, label: Revised budget}\n  - {id: actual, label: Actual to date}\n  - {id: forecast, label: Forecast outturn}\nvariance: {of: forecast, against: budget, label: Forecast variance}\nlines:\n  - {label: Employees, budget: 5200000, actual: 3880000, forecast: 5130250}\n  - {label: Supplies and services, budget: 640000, actual: 512000, forecast: 652000}\n  - {label: Fees and charges, budget: -1800000, actual: -1310000, forecast: -1773655}\n",
        )
    }

    #[test]
    fn grouped_charts_give_each_column_a_pattern_and_a_legend() {
        let svg = budget_chart(&monitoring(), "GBP", "m");
        assert_texts_inside(&svg);
        for label in ["Revised budget", "Actual to date", "Forecast outturn"] {
            assert!(
                svg.contains(&format!("\n{label}\n</text>")),
                "no legend for {label}"
            );
        }
        // The first column is solid; the others are patterns defined once.
        assert_eq!(svg.matches("<pattern ").count(), 2, "{svg}");
        assert_eq!(svg.matches("fill=\"url(#m-fill-1)\"").count(), 1 + 3);
        assert_eq!(svg.matches("fill=\"url(#m-fill-2)\"").count(), 1 + 3);
        assert_eq!(
            svg.matches("fill=\"#A8C3E6\"").count(),
            1,
            "the shade is left only in its pattern"
        );
        assert!(svg.contains(
            "Fees and charges: Revised budget \u{2212}£1,800,000, Actual to date \u{2212}£1,310,000, Forecast outturn \u{2212}£1,773,655"
        ));
        assert!(svg.contains("totals Revised budget £4,040,000, Actual to date £3,082,000, Forecast outturn £4,008,595"));
    }

    #[test]
    fn negative_bars_run_left_of_the_zero_line() {
        let svg = budget_chart(&monitoring(), "GBP", "m");
        let zero_line = svg.split("<polyline").nth(1).expect("a zero line");
        let zero: f64 = zero_line
            .split("points=\"")
            .nth(1)
            .and_then(|p| p.split(',').next())
            .and_then(|x| x.parse().ok())
            .unwrap();
        // Bars are 14 pixels high; legend swatches 16.
        let bars: Vec<(f64, f64)> = svg
            .split("<rect ")
            .skip(1)
            .map(|r| format!(" {r}"))
            .filter(|r| r.contains(" height=\"14\""))
            .map(|r| (attribute(&r, "x"), attribute(&r, "width")))
            .collect();
        // Nine bars, the six patterned ones outlined too: one of each
        // column (the income line) runs left.
        assert_eq!(bars.len(), 9 + 6, "{bars:?}");
        let left = bars.iter().filter(|(x, w)| x + w == zero).count();
        let right = bars.iter().filter(|(x, _)| *x == zero).count();
        assert_eq!(
            (left, right),
            (1 + 2 * 2, 2 + 2 * 2 * 2),
            "{bars:?} about {zero}"
        );
    }

    #[test]
    fn variance_charts_say_over_and_under_in_words() {
        let svg = variance_chart(&monitoring(), "GBP", "v").unwrap();
        assert_texts_inside(&svg);
        assert!(
            svg.contains("Forecast variance: £31,405 under budget in total</title>"),
            "{svg}"
        );
        for words in [
            "£69,750 under budget",
            "£12,000 over budget",
            "£26,345 over budget",
        ] {
            assert!(
                svg.contains(&format!("\n{words}\n</text>")),
                "{words} in {svg}"
            );
        }
        assert!(svg.contains("<polyline"), "the zero line");
        assert!(variance_chart(&fund(), "GBP", "v").is_none());
    }

    #[test]
    fn a_single_column_chart_draws_no_pattern_or_legend() {
        let svg = budget_chart(&fund(), "GBP", "b");
        assert!(!svg.contains("<pattern") && !svg.contains("<polyline"));
        let with_income = budget(
            "lines:\n  - {label: Grants paid, amount: 180000}\n  - {label: Income from fees, amount: -20000}\n",
        );
        let svg = budget_chart(&with_income, "GBP", "b");
        assert_texts_inside(&svg);
        assert!(svg.contains("\u{2212}£20,000 (\u{2212}12.5%)"), "{svg}");
        assert!(
            svg.contains("<polyline"),
            "a zero line beside the negative bar"
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
