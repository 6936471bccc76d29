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
const SERIES: [(RGBColor, &str); 3] = [
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
            Some(format!("{name} score in {}", SERIES[point].1))
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
            for (point, (colour, _)) in SERIES.iter().enumerate() {
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

    fn at(l: usize, i: usize) -> Option<Placement> {
        Some(Placement {
            likelihood: l,
            impact: i,
            score: (l * i) as u32,
        })
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
