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
use crate::model::risk::{Placement, RiskMatrix, Stage};
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

/// Makes plotters' output an accessible, scalable inline image, with the
/// characters XML cannot hold dropped from its labels, title and
/// description (plotters escapes markup, but keeps those).
pub(super) fn finish(svg: &str, id: &str, title: &str, desc: &str) -> String {
    let body_start = svg.find('>').map_or(0, |i| i + 1);
    let (width, height) = dimensions(&svg[..body_start]);
    let svg = format!(
        "<svg class=\"chart\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>{}",
        escape(title),
        escape(desc),
        &svg[body_start..]
    );
    crate::format::markup_text(&svg).into_owned()
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

/// A risk to mark on a matrix: its id and where it sits at each stage the
/// register scores, in the course's order (`None` where it has no score).
#[derive(Debug, Clone)]
pub struct Marker {
    pub id: String,
    pub points: Vec<(Stage, Option<Placement>)>,
}

/// The shape that marks a point of the course, whatever the register calls
/// it, so that a reader learns one shape per point: before controls, now,
/// target.
pub fn shape_name(stage: Stage) -> &'static str {
    ["circle", "square", "diamond"][stage.point()]
}

/// Markers are laid out in rows of this many within a cell.
const MARKERS_PER_ROW: usize = 3;
/// How many characters of a risk's id its marker shows; the table beside
/// the chart gives the whole id.
const MARKER_CHARS: usize = 4;
/// The size of the id on a marker.
const MARKER_PX: f64 = 11.0;

/// How big the markers of one matrix are: big enough for the longest id
/// they carry, all alike so that no shape looks more important.
#[derive(Debug, Clone, Copy)]
struct MarkerSize {
    /// A circle's radius and half a square's side.
    half: i32,
    /// Half a diamond's width and height: wider than tall, so an id fits
    /// across its middle.
    diamond: (i32, i32),
    /// The distance between the centres of neighbouring markers.
    pitch: (i32, i32),
}

impl MarkerSize {
    fn new(markers: &[Marker]) -> Self {
        let label = markers
            .iter()
            .map(|m| text_width(&clip(&m.id, MARKER_CHARS), MARKER_PX))
            .fold(text_width("00", MARKER_PX), f64::max);
        let half = ((label / 2.0).ceil() as i32 + 4).max(11);
        let diamond = (((label / 2.0) + 9.0).ceil() as i32, half + 1);
        let targets = markers
            .iter()
            .flat_map(|m| &m.points)
            .any(|(stage, _)| stage.point() == 2);
        let reach = if targets {
            (half.max(diamond.0), half.max(diamond.1))
        } else {
            (half, half)
        };
        MarkerSize {
            half,
            diamond,
            pitch: (2 * reach.0 + 4, 2 * reach.1 + 4),
        }
    }
}

/// The geometry of a drawn matrix: how big a cell is and where one is.
struct Grid {
    rows: i32,
    cell_w: i32,
    cell_h: i32,
    left: i32,
    top: i32,
    size: MarkerSize,
}

impl Grid {
    /// A grid whose cells are wide enough for a row of markers and tall
    /// enough for the most crowded cell's rows, so no marker ever covers
    /// another.
    fn new(matrix: &RiskMatrix, crowd: usize, size: MarkerSize) -> Self {
        let marker_rows = crowd.div_ceil(MARKERS_PER_ROW).max(1) as i32;
        Grid {
            rows: matrix.impact.len() as i32,
            cell_w: (MARKERS_PER_ROW as i32 * size.pitch.0 + 4).max(112),
            cell_h: (marker_rows * size.pitch.1 + 6).max(72),
            left: 140,
            top: 10,
            size,
        }
    }

    /// The top left corner of a cell; indexes are 1-based, impact rises
    /// upwards.
    fn origin(&self, likelihood: usize, impact: usize) -> (i32, i32) {
        (
            self.left + (likelihood as i32 - 1) * self.cell_w,
            self.top + (self.rows - impact as i32) * self.cell_h,
        )
    }

    /// The centre of the `n`th of `count` markers in a cell: rows of
    /// three, the block centred in the cell.
    fn slot(&self, (x, y): (i32, i32), n: usize, count: usize) -> (i32, i32) {
        let (pitch_x, pitch_y) = self.size.pitch;
        let columns = count.min(MARKERS_PER_ROW) as i32;
        let rows = count.div_ceil(MARKERS_PER_ROW) as i32;
        let (column, row) = ((n % MARKERS_PER_ROW) as i32, (n / MARKERS_PER_ROW) as i32);
        let left = x + (self.cell_w - columns * pitch_x) / 2 + pitch_x / 2;
        let top = y + (self.cell_h - rows * pitch_y) / 2 + pitch_y / 2;
        (left + column * pitch_x, top + row * pitch_y)
    }
}

/// A marker's id and the centre of each of its placed points, in order.
type Positioned<'a> = (&'a Marker, Vec<(Stage, (i32, i32))>);

/// Gives every placed point its own slot in its cell.
fn position<'a>(markers: &'a [Marker], grid: &Grid) -> Vec<Positioned<'a>> {
    let counts = cell_counts(markers);
    let mut used: std::collections::BTreeMap<(usize, usize), usize> = Default::default();
    markers
        .iter()
        .map(|marker| {
            let centres = marker
                .points
                .iter()
                .filter_map(|(stage, p)| {
                    let p = (*p)?;
                    let cell = (p.likelihood, p.impact);
                    let n = used.entry(cell).or_default();
                    let centre = grid.slot(grid.origin(cell.0, cell.1), *n, counts[&cell]);
                    *n += 1;
                    Some((*stage, centre))
                })
                .collect();
            (marker, centres)
        })
        .collect()
}

/// How many points each cell holds, by (likelihood, impact).
fn cell_counts(markers: &[Marker]) -> std::collections::BTreeMap<(usize, usize), usize> {
    let mut counts: std::collections::BTreeMap<(usize, usize), usize> = Default::default();
    for p in markers
        .iter()
        .flat_map(|m| &m.points)
        .filter_map(|(_, p)| *p)
    {
        *counts.entry((p.likelihood, p.impact)).or_default() += 1;
    }
    counts
}

/// Draws one point's marker: white, outlined in dark ink, with the risk's
/// id on it, so it reads on any band colour.
fn draw_marker<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    size: MarkerSize,
    stage: Stage,
    (x, y): (i32, i32),
    label: &str,
) {
    let h = size.half;
    match stage.point() {
        0 => {
            let _ = root.draw(&Circle::new((x, y), h, WHITE.filled()));
            let _ = root.draw(&Circle::new((x, y), h, INK.stroke_width(2)));
        }
        1 => {
            let corners = [(x - h + 1, y - h + 1), (x + h - 1, y + h - 1)];
            let _ = root.draw(&Rectangle::new(corners, WHITE.filled()));
            let _ = root.draw(&Rectangle::new(corners, GRID.stroke_width(2)));
        }
        _ => {
            let (w, h) = size.diamond;
            let corners = vec![(x, y - h), (x + w, y), (x, y + h), (x - w, y)];
            let _ = root.draw(&Polygon::new(corners.clone(), WHITE.filled()));
            let mut outline = corners;
            outline.push((x, y - h));
            let _ = root.draw(&PathElement::new(outline, INK.stroke_width(2)));
        }
    }
    let _ = root.draw(&Text::new(
        label.to_string(),
        (x, y),
        bold_style(MARKER_PX, HPos::Center, VPos::Center),
    ));
}

/// The cell edges between scores within `appetite` and scores above it, as
/// line segments.
fn appetite_edges(matrix: &RiskMatrix, grid: &Grid, appetite: u32) -> Vec<[(i32, i32); 2]> {
    let above = |l: usize, i: usize| matrix.score(l, i) > appetite;
    let mut edges = Vec::new();
    for (l, i, _) in matrix.cells() {
        let (x, y) = grid.origin(l, i);
        if l < matrix.likelihood.len() && above(l, i) != above(l + 1, i) {
            let right = x + grid.cell_w;
            edges.push([(right, y), (right, y + grid.cell_h)]);
        }
        if i < matrix.impact.len() && above(l, i) != above(l, i + 1) {
            edges.push([(x, y), (x + grid.cell_w, y)]);
        }
    }
    edges
}

/// Draws the matrix with cells coloured by band, impact rising upwards and
/// likelihood rightwards; each risk's scores marked by a shape per point
/// of its course (circle before controls, square now, diamond target),
/// joined by a line in that order; and, given an appetite, a thick line
/// between the cells within it and those above it.
pub fn risk_matrix(
    matrix: &RiskMatrix,
    markers: &[Marker],
    appetite: Option<u32>,
    title: &str,
    id: &str,
) -> String {
    let crowd = cell_counts(markers).into_values().max().unwrap_or(0);
    let grid = Grid::new(matrix, crowd, MarkerSize::new(markers));
    let columns = matrix.likelihood.len() as i32;
    let rows = grid.rows;
    let width = (grid.left + columns * grid.cell_w + 10) as u32;
    let bottom = grid.top + rows * grid.cell_h;
    let height = (bottom + 64) as u32;
    let positioned = position(markers, &grid);

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        let _ = root.fill(&WHITE);
        for (likelihood, impact, score) in matrix.cells() {
            let (x, y) = grid.origin(likelihood, impact);
            let colour = matrix
                .band(score)
                .and_then(|b| hex(&b.colour))
                .unwrap_or(WHITE);
            let corners = [(x, y), (x + grid.cell_w, y + grid.cell_h)];
            let _ = root.draw(&Rectangle::new(corners, colour.filled()));
            let _ = root.draw(&Rectangle::new(corners, WHITE.stroke_width(2)));
        }
        if let Some(appetite) = appetite {
            // White beneath black, so the line shows on every band colour.
            for (colour, width) in [(WHITE, 8), (INK, 4)] {
                for edge in appetite_edges(matrix, &grid, appetite) {
                    let _ = root.draw(&PathElement::new(edge.to_vec(), colour.stroke_width(width)));
                }
            }
        }
        for (i, label) in matrix.impact.iter().enumerate() {
            let y = grid.top + (rows - i as i32 - 1) * grid.cell_h + grid.cell_h / 2;
            let _ = root.draw(&Text::new(
                clip(label, 16),
                (grid.left - 8, y),
                text_style(12.0, HPos::Right, VPos::Center),
            ));
        }
        for (i, label) in matrix.likelihood.iter().enumerate() {
            let x = grid.left + i as i32 * grid.cell_w + grid.cell_w / 2;
            let _ = root.draw(&Text::new(
                clip(label, 15),
                (x, bottom + 6),
                text_style(12.0, HPos::Center, VPos::Top),
            ));
        }
        let _ = root.draw(&Text::new(
            "Likelihood →",
            (grid.left + columns * grid.cell_w / 2, bottom + 32),
            bold_style(13.0, HPos::Center, VPos::Top),
        ));
        let _ = root.draw(&Text::new(
            "Impact ↑",
            (8, grid.top + 2),
            bold_style(13.0, HPos::Left, VPos::Top),
        ));
        for (_, centres) in &positioned {
            if centres.len() > 1 {
                let line: Vec<(i32, i32)> = centres.iter().map(|(_, c)| *c).collect();
                let _ = root.draw(&PathElement::new(line, INK.stroke_width(2)));
            }
        }
        for (marker, centres) in &positioned {
            let label = clip(&marker.id, MARKER_CHARS);
            for (stage, centre) in centres {
                draw_marker(&root, grid.size, *stage, *centre, &label);
            }
        }
        let _ = root.present();
    }
    let desc = format!(
        "{} {}.",
        matrix_summary(matrix, markers, appetite),
        matrix_figures(matrix, markers, appetite).join("; ")
    );
    finish(&svg, id, title, &desc)
}

/// What the matrix shows, in words: its size, what each shape marks and
/// where the appetite lies.
fn matrix_summary(matrix: &RiskMatrix, markers: &[Marker], appetite: Option<u32>) -> String {
    let mut stages: Vec<Stage> = markers
        .iter()
        .flat_map(|m| m.points.iter().map(|(s, _)| *s))
        .collect();
    stages.sort_unstable();
    stages.dedup();
    let shapes: Vec<String> = stages
        .iter()
        .map(|s| format!("{}s mark {} scores", shape_name(*s), s.field()))
        .collect();
    let joined = if shapes.len() > 1 {
        "; a line joins each risk's scores in that order"
    } else {
        ""
    };
    let limit = appetite.map_or_else(String::new, |a| {
        format!(
            "; a thick line parts the cells within the risk appetite of {a} from those above it"
        )
    });
    format!(
        "Risk matrix of {} by {} cells; {}{joined}{limit}.",
        matrix.likelihood.len(),
        matrix.impact.len(),
        shapes.join(", ")
    )
}

/// Each risk's scores in words, naming its stages as the register does
/// and saying which present scores are above the appetite.
fn matrix_figures(matrix: &RiskMatrix, markers: &[Marker], appetite: Option<u32>) -> Vec<String> {
    let describe = |p: &Option<Placement>| match p {
        Some(p) => format!(
            "{} ({} likelihood, {} impact, {})",
            p.score,
            matrix.likelihood[p.likelihood - 1],
            matrix.impact[p.impact - 1],
            matrix.band(p.score).map_or("", |b| b.label.as_str())
        ),
        None => "not given".into(),
    };
    markers
        .iter()
        .map(|m| {
            let scores: Vec<String> = m
                .points
                .iter()
                .map(|(stage, p)| format!("{} {}", stage.field(), describe(p)))
                .collect();
            let above = m.points.iter().any(|(stage, p)| {
                stage.point() == 1 && p.zip(appetite).is_some_and(|(p, a)| p.score > a)
            });
            let flag = if above { ", above appetite" } else { "" };
            format!("risk {}: {}{flag}", m.id, scores.join(", "))
        })
        .collect()
}

/// One appearance of a risk in a paper, for its history chart: its scores
/// by point of the course (before controls, now, target), each with the
/// name that paper gave it.
#[derive(Debug, Clone)]
pub struct HistoryPoint {
    pub label: String,
    pub scores: [Option<(Stage, u32)>; 3],
    /// A rating in words instead of scores, for a register without a
    /// matrix.
    pub rating: Option<&'static str>,
}

/// How a history chart draws each point of the course: colour, shape and
/// the words for it.
const HISTORY_SERIES: [(RGBColor, &str); 3] = [
    (INK, "black with circles"),
    (BAR, "blue with squares"),
    (RGBColor(0x6a, 0x1b, 0x9a), "purple with diamonds"),
];

/// The names the papers gave point `point` of the course: `residual`,
/// or `residual or current` when they differ.
fn series_name(points: &[HistoryPoint], point: usize) -> Option<String> {
    let mut names: Vec<Stage> = points
        .iter()
        .filter_map(|p| p.scores[point].map(|(s, _)| s))
        .collect();
    names.sort_unstable();
    names.dedup();
    let names: Vec<&str> = names.iter().map(|s| s.field()).collect();
    (!names.is_empty()).then(|| names.join(" or "))
}

/// What the history chart's lines are, in words for a caption: "inherent
/// score in black with circles, residual score in blue with squares".
pub fn history_legend(points: &[HistoryPoint]) -> String {
    (0..3)
        .filter_map(|point| {
            let name = series_name(points, point)?;
            Some(format!("{name} score in {}", HISTORY_SERIES[point].1))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A line chart of a risk's scores across papers, one line per point of
/// the course.
pub fn risk_history(points: &[HistoryPoint], title: &str, id: &str) -> String {
    const WIDTH: u32 = 640;
    const HEIGHT: u32 = 300;
    let top = points
        .iter()
        .flat_map(|p| p.scores.iter().flatten().map(|(_, s)| *s))
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
            for (point, (colour, _)) in HISTORY_SERIES.iter().enumerate() {
                let series: Vec<(f64, u32)> = points
                    .iter()
                    .enumerate()
                    .filter_map(|(i, p)| p.scores[point].map(|(_, s)| (i as f64, s)))
                    .collect();
                let _ = chart.draw_series(LineSeries::new(series.clone(), colour.stroke_width(2)));
                let _ = match point {
                    0 => chart.draw_series(
                        series
                            .iter()
                            .map(|&(x, y)| Circle::new((x, y), 6, colour.filled())),
                    ),
                    1 => chart.draw_series(series.iter().map(|&(x, y)| {
                        EmptyElement::at((x, y))
                            + Rectangle::new([(-6, -6), (6, 6)], colour.filled())
                    })),
                    _ => chart.draw_series(series.iter().map(|&(x, y)| {
                        EmptyElement::at((x, y))
                            + Polygon::new(vec![(0, -8), (8, 0), (0, 8), (-8, 0)], colour.filled())
                    })),
                };
            }
        }
        let _ = root.present();
    }
    let figures: Vec<String> = points
        .iter()
        .map(|p| format!("{}: {}", p.label, history_figures(points, p)))
        .collect();
    let desc = format!(
        "Line chart of the risk's scores in each paper: {}. {}.",
        history_legend(points),
        figures.join("; ")
    );
    finish(&svg, id, title, &desc)
}

/// One paper's scores in words, each named as that paper named it, with
/// "not given" for a point other papers score.
fn history_figures(points: &[HistoryPoint], p: &HistoryPoint) -> String {
    if let Some(rating) = p.rating {
        return format!("rated {}", rating.to_lowercase());
    }
    (0..3)
        .filter_map(|point| match p.scores[point] {
            Some((stage, score)) => Some(format!("{} {score}", stage.field())),
            None => series_name(points, point).map(|name| format!("{name} not given")),
        })
        .collect::<Vec<_>>()
        .join(", ")
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

    fn at(l: usize, i: usize) -> Option<Placement> {
        Some(Placement {
            likelihood: l,
            impact: i,
            score: (l * i) as u32,
        })
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
    fn risk_matrices_mark_each_stage_with_its_own_shape() {
        let matrix = RiskMatrix::default_five_by_five();
        let svg = risk_matrix(
            &matrix,
            &[Marker {
                id: "R1".into(),
                points: vec![
                    (Stage::Initial, at(4, 5)),
                    (Stage::Current, at(2, 3)),
                    (Stage::Target, at(1, 2)),
                ],
            }],
            None,
            "Key risks",
            "risks-1",
        );
        assert_eq!(
            svg.matches("<circle").count(),
            2,
            "a filled and an outlined circle"
        );
        assert_eq!(svg.matches("<polygon").count(), 1, "one diamond");
        assert!(svg.contains("circles mark initial scores, squares mark current scores, diamonds mark target scores; a line joins each risk's scores in that order"), "{svg}");
        assert!(svg.contains("risk R1: initial 20 (Likely likelihood, Severe impact, Very high), current 6 (Unlikely likelihood, Moderate impact, Medium), target 2 (Rare likelihood, Minor impact, Low)"), "{svg}");
        assert!(svg.contains("<polyline"));
        assert!(svg.contains("Almost certain"));
    }

    /// The centres of every marker of a drawn matrix: circles, the white
    /// squares and the diamonds.
    fn marker_centres(svg: &str) -> Vec<(f64, f64)> {
        let mut centres = Vec::new();
        for piece in svg.split('<').skip(1) {
            let tag = piece.split('>').next().unwrap();
            let tag = &format!(" {tag}");
            if tag.starts_with(" circle") && tag.contains("fill=\"#FFFFFF\"") {
                centres.push((attribute(tag, "cx"), attribute(tag, "cy")));
            } else if tag.starts_with(" rect") && tag.contains("fill=\"#FFFFFF\"") {
                let (w, h) = (attribute(tag, "width"), attribute(tag, "height"));
                if w < 40.0 {
                    centres.push((attribute(tag, "x") + w / 2.0, attribute(tag, "y") + h / 2.0));
                }
            } else if tag.starts_with(" polygon") {
                let points = tag
                    .split("points=\"")
                    .nth(1)
                    .unwrap()
                    .split('"')
                    .next()
                    .unwrap();
                let xy: Vec<(f64, f64)> = points
                    .split_whitespace()
                    .map(|p| {
                        let (x, y) = p.split_once(',').unwrap();
                        (x.parse().unwrap(), y.parse().unwrap())
                    })
                    .collect();
                centres.push((xy[0].0, xy[1].1));
            }
        }
        centres
    }

    #[test]
    fn six_risks_on_one_cell_do_not_cover_each_other() {
        let matrix = RiskMatrix::default_five_by_five();
        // Six risks now at Likely x Major, each aiming at its own target
        // and two more sharing that cell as a target: 8 markers in one cell.
        let mut markers: Vec<Marker> = (1..=6)
            .map(|n| Marker {
                id: format!("C{n}"),
                points: vec![(Stage::Current, at(4, 4)), (Stage::Target, at(n.min(5), 1))],
            })
            .collect();
        markers.push(Marker {
            id: "C7".into(),
            points: vec![(Stage::Current, at(2, 2)), (Stage::Target, at(4, 4))],
        });
        let svg = risk_matrix(&matrix, &markers, Some(9), "Crowded", "c");
        let size = MarkerSize::new(&markers);
        let centres = marker_centres(&svg);
        assert_eq!(centres.len(), 14, "{centres:?}");
        for (i, a) in centres.iter().enumerate() {
            for b in &centres[i + 1..] {
                // Apart by a whole marker, diamonds included, across or down.
                let across = (a.0 - b.0).abs() >= (size.pitch.0 - 4) as f64;
                let down = (a.1 - b.1).abs() >= (size.pitch.1 - 4) as f64;
                assert!(across || down, "markers at {a:?} and {b:?} overlap");
            }
        }
        // Every marker lies wholly inside one cell.
        let grid = Grid::new(&matrix, 8, size);
        let inside = |(x, y): (f64, f64)| {
            matrix.cells().any(|(l, i, _)| {
                let (cx, cy) = grid.origin(l, i);
                let (w, h) = (size.diamond.0 as f64 + 1.0, size.diamond.1 as f64 + 1.0);
                x - w >= cx as f64
                    && x + w <= (cx + grid.cell_w) as f64
                    && y - h >= cy as f64
                    && y + h <= (cy + grid.cell_h) as f64
            })
        };
        for centre in &centres {
            assert!(inside(*centre), "{centre:?} crosses a cell's edge");
        }
    }

    #[test]
    fn any_shape_of_matrix_is_drawn() {
        let labels = |n: usize| (1..=n).map(|i| i.to_string()).collect::<Vec<_>>();
        let matrix = RiskMatrix {
            likelihood: vec!["A".into(), "B".into()],
            impact: labels(4),
            scoring: crate::model::risk::Scoring::Product,
            bands: vec![crate::model::risk::Band {
                upto: 8,
                label: "All".into(),
                colour: "#2e7d32".into(),
            }],
        };
        let svg = risk_matrix(
            &matrix,
            &[Marker {
                id: "1".into(),
                points: vec![(Stage::Residual, at(2, 4))],
            }],
            None,
            "Two by four",
            "t",
        );
        assert_eq!(svg.matches("fill=\"#2E7D32\"").count(), 8, "{svg}");
        assert!(svg.contains("Risk matrix of 2 by 4 cells; squares mark residual scores."));
    }

    #[test]
    fn the_appetite_line_parts_cells_within_it_from_those_above() {
        let matrix = RiskMatrix::default_five_by_five();
        let grid = Grid::new(&matrix, 1, MarkerSize::new(&[]));
        let edges = appetite_edges(&matrix, &grid, 9);
        // On a 5x5 product matrix, the step from 9 or less to 10 or more
        // runs along eight cell edges.
        assert_eq!(edges.len(), 8, "{edges:?}");
        let svg = risk_matrix(&matrix, &[], Some(9), "Appetite", "a");
        assert!(svg.contains(
            "a thick line parts the cells within the risk appetite of 9 from those above it"
        ));
        assert!(svg.contains("stroke-width=\"8\""), "{svg}");
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
    fn history_charts_name_each_paper_s_stages() {
        let points = vec![
            HistoryPoint {
                label: "Sep 2008".into(),
                scores: [Some((Stage::Inherent, 9)), Some((Stage::Residual, 3)), None],
                rating: None,
            },
            HistoryPoint {
                label: "Dec 2008".into(),
                scores: [Some((Stage::Inherent, 16)), None, None],
                rating: None,
            },
            HistoryPoint {
                label: "Mar 2009".into(),
                scores: [None, Some((Stage::Current, 12)), Some((Stage::Target, 6))],
                rating: None,
            },
            HistoryPoint {
                label: "Jun 2009".into(),
                scores: [None; 3],
                rating: Some("Amber"),
            },
        ];
        let svg = risk_history(&points, "Regional governance", "history");
        assert!(
            svg.contains("Sep 2008: inherent 9, residual 3, target not given; Dec 2008: inherent 16, residual or current not given, target not given; Mar 2009: inherent not given, current 12, target 6; Jun 2009: rated amber"),
            "{svg}"
        );
        assert_eq!(
            history_legend(&points),
            "inherent score in black with circles, residual or current score in blue with squares, target score in purple with diamonds"
        );
    }
}
