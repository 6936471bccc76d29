//! The history chart of a target (`/targets/<ref>/`): the figure reported
//! for each period as a line, with the target as a dashed reference line.
//!
//! Drawn as the other charts are (see [`super::charts`]): plotters' SVG
//! backend with its own text estimate, so no font is read and the same
//! figures give the same bytes; a `<title>` and a `<desc>` state every
//! figure, and the page gives them in a table too. Nothing depends on
//! colour: the figure is a solid line with round markers and its values
//! written beside them, the target a dashed line named in the legend.

use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::charts::{BAR, INK, clip, finish, text_style, text_width};
use crate::format;
use crate::model::target::{Better, Target};
use crate::model::values::Date;

/// One report of a target: the date of its paper and the target as the
/// paper gave it.
#[derive(Debug, Clone, Copy)]
pub struct Report<'a> {
    pub date: Option<Date>,
    pub target: &'a Target,
}

/// A period of the chart and its figures.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendPoint {
    pub label: String,
    pub actual: f64,
    pub target: Option<f64>,
}

/// A line needs two points: with fewer numeric figures there is no chart,
/// only the table.
pub const MIN_POINTS: usize = 2;

/// The chart of `reports` (oldest first), or `None` when fewer than
/// [`MIN_POINTS`] have a numeric figure. The unit and which way is better
/// are the latest report's. `id` must be unique within the page.
pub fn target_history(reports: &[Report], title: &str, id: &str) -> Option<String> {
    let points = points(reports);
    if points.len() < MIN_POINTS {
        return None;
    }
    let latest = reports.last()?.target;
    let unit = latest.unit.as_deref();
    let svg = draw(&points, unit, latest.better);
    Some(finish(
        &svg,
        id,
        title,
        &describe(&points, unit, latest.better),
    ))
}

/// The chart's points: one per period, in the order of the periods, for
/// every report with a numeric figure. A report without a period is placed
/// at its paper's date; one with neither cannot be placed and is left to
/// the table. When two papers report the same period the later one, a
/// corrected figure, is drawn.
pub fn points(reports: &[Report]) -> Vec<TrendPoint> {
    let mut placed: Vec<(Date, String, TrendPoint)> = reports
        .iter()
        .filter_map(|report| {
            let target = report.target;
            let actual = target.actual.as_ref()?.number()?;
            let (day, label) = match &target.period {
                Some(period) => (period.end, period.short()),
                None => {
                    let date = report.date?;
                    (date, date.0.format("%b %Y").to_string())
                }
            };
            let point = TrendPoint {
                label: label.clone(),
                actual,
                target: target.target.as_ref().and_then(|t| t.number()),
            };
            Some((day, label, point))
        })
        .collect();
    // Stable: reports of one period stay in paper order, the latest last.
    placed.sort_by_key(|(day, _, _)| *day);
    let mut points: Vec<TrendPoint> = Vec::new();
    let mut last: Option<(Date, String)> = None;
    for (day, label, point) in placed {
        let key = Some((day, label));
        if key == last {
            points.pop();
        }
        points.push(point);
        last = key;
    }
    points
}

const WIDTH: u32 = 560;
const HEIGHT: u32 = 320;
/// The band above the plot that holds the legend.
const LEGEND: u32 = 36;
const LABEL_PX: f64 = 14.0;
/// Left of the plot, at least: the value labels and the unit.
const Y_AREA: u32 = 60;
/// Below the plot: the period labels.
const X_AREA: u32 = 32;

/// The room left of the plot for the value labels (`1,250,000`, or with
/// a decimal such as `2.5`) and the unit beside them.
fn y_area(low: f64, high: f64) -> u32 {
    let widest = [low, high]
        .iter()
        .map(|v| {
            text_width(
                &format!("{}.5", format::quantity(v.round(), None)),
                LABEL_PX,
            )
        })
        .fold(0.0, f64::max);
    Y_AREA.max(widest.ceil() as u32 + 30)
}

/// The lowest and highest value the plot shows: from 0 (or the lowest
/// figure, when one is negative) to a little above the highest, so that
/// lines are not exaggerated and value labels fit above the top point.
fn value_range(points: &[TrendPoint]) -> (f64, f64) {
    let values = points
        .iter()
        .flat_map(|p| std::iter::once(p.actual).chain(p.target));
    let (low, high) = values.fold((0.0f64, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let high = if high > low { high } else { low + 1.0 };
    let pad = (high - low) * 0.18;
    (if low < 0.0 { low - pad } else { low }, high + pad)
}

/// Runs of consecutive points with the same numeric target, as the x
/// positions their dashed line spans and the target: a target that never
/// changes is one line across the whole chart.
fn target_runs(points: &[TrendPoint]) -> Vec<(f64, f64, f64)> {
    let mut runs: Vec<(f64, f64, f64)> = Vec::new();
    for (i, point) in points.iter().enumerate() {
        let Some(target) = point.target else { continue };
        let (from, to) = (i as f64 - 0.5, i as f64 + 0.5);
        match runs.last_mut() {
            Some(run) if run.2 == target && (run.1 - from).abs() < 1e-9 => run.1 = to,
            _ => runs.push((from, to, target)),
        }
    }
    runs
}

/// Every how many periods a label fits under the axis without touching
/// the next: 1 for a few quarters, more for years of months.
fn label_step(points: &[TrendPoint]) -> usize {
    let spacing = f64::from(WIDTH - Y_AREA - 40) / points.len() as f64;
    let widest = points
        .iter()
        .map(|p| text_width(&p.label, LABEL_PX))
        .fold(0.0, f64::max);
    ((widest + 8.0) / spacing).ceil().max(1.0) as usize
}

fn draw(points: &[TrendPoint], unit: Option<&str>, better: Option<Better>) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let (legend, plot) = root.split_vertically(LEGEND);
        draw_legend(&legend, points, unit, better);
        draw_plot(&root, &plot, points, unit);
        let _ = root.present();
    }
    svg
}

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

/// The axes, the target's dashed line and the figures' line, with each
/// figure written beside its point and each period (or every few, when
/// they would touch) below the axis. Text is drawn on `root`, in the
/// pixels the plot maps each point to.
fn draw_plot(root: &Area, plot: &Area, points: &[TrendPoint], unit: Option<&str>) {
    let (low, high) = value_range(points);
    let built = ChartBuilder::on(plot)
        .margin_left(8)
        .margin_right(24)
        .margin_top(12)
        .margin_bottom(4)
        .x_label_area_size(X_AREA)
        .y_label_area_size(y_area(low, high))
        .build_cartesian_2d(-0.5f64..(points.len() as f64 - 0.5), low..high);
    let Ok(mut chart) = built else { return };
    let _ = chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(6)
        .y_label_formatter(&|v| format::quantity(*v, None))
        .y_desc(clip(unit.unwrap_or(""), 24))
        .label_style(text_style(LABEL_PX, HPos::Center, VPos::Center))
        .axis_desc_style(text_style(LABEL_PX, HPos::Center, VPos::Center))
        .max_light_lines(0)
        .bold_line_style(RGBColor(0xdd, 0xdd, 0xdd))
        .draw();
    for (from, to, target) in target_runs(points) {
        let _ = chart.draw_series(DashedLineSeries::new(
            vec![(from, target), (to, target)],
            8,
            6,
            BAR.stroke_width(2),
        ));
    }
    let line: Vec<(f64, f64)> = points
        .iter()
        .enumerate()
        .map(|(i, p)| (i as f64, p.actual))
        .collect();
    let _ = chart.draw_series(LineSeries::new(line.clone(), INK.stroke_width(2)));
    let _ = chart.draw_series(line.iter().map(|&at| Circle::new(at, 5, INK.filled())));
    let step = label_step(points);
    for (i, (point, &at)) in points.iter().zip(&line).enumerate() {
        let (x, y) = chart.backend_coord(&at);
        let (_, bottom) = chart.backend_coord(&(at.0, low));
        // On the side of the point away from the target's line, unless
        // that is the axis.
        let below = point.target.is_some_and(|t| point.actual < t) && bottom - y > 24;
        let (dy, v) = if below {
            (9, VPos::Top)
        } else {
            (-9, VPos::Bottom)
        };
        let _ = root.draw(&Text::new(
            format::quantity(point.actual, None),
            (x, y + dy),
            text_style(LABEL_PX, HPos::Center, v),
        ));
        if i % step == 0 {
            let _ = root.draw(&Text::new(
                clip(&point.label, 14),
                (x, bottom + 8),
                text_style(LABEL_PX, HPos::Center, VPos::Top),
            ));
        }
    }
}

/// The legend above the plot: the figure's line and the target's, each
/// named, and which way is better.
fn draw_legend(area: &Area, points: &[TrendPoint], unit: Option<&str>, better: Option<Better>) {
    let y = (LEGEND / 2) as i32;
    let mut x = Y_AREA as i32;
    let _ = area.draw(&PathElement::new(
        vec![(x, y), (x + 28, y)],
        INK.stroke_width(2),
    ));
    let _ = area.draw(&Circle::new((x + 14, y), 5, INK.filled()));
    x += 36;
    let actual = "Actual";
    let _ = area.draw(&Text::new(
        actual,
        (x, y),
        text_style(LABEL_PX, HPos::Left, VPos::Center),
    ));
    x += text_width(actual, LABEL_PX) as i32 + 20;
    let targets: Vec<f64> = points.iter().filter_map(|p| p.target).collect();
    if let Some(first) = targets.first() {
        let _ = area.draw(&DashedPathElement::new(
            vec![(x, y), (x + 28, y)],
            8,
            6,
            BAR.stroke_width(2),
        ));
        x += 36;
        let label = if targets.iter().all(|t| t == first) {
            format!("Target: {}", format::quantity(*first, unit))
        } else {
            "Target".to_string()
        };
        let label = clip(&label, 28);
        let width = text_width(&label, LABEL_PX) as i32;
        let _ = area.draw(&Text::new(
            label,
            (x, y),
            text_style(LABEL_PX, HPos::Left, VPos::Center),
        ));
        x += width;
    }
    // Which way is better, at the right, when the legend leaves room; the
    // description and the table say it too.
    let right = WIDTH as i32 - 24;
    if let Some(better) = better.map(Better::label) {
        if right - text_width(better, LABEL_PX) as i32 > x + 16 {
            let _ = area.draw(&Text::new(
                better,
                (right, y),
                text_style(LABEL_PX, HPos::Right, VPos::Center),
            ));
        }
    }
}

/// The chart in words: what is drawn and every figure.
fn describe(points: &[TrendPoint], unit: Option<&str>, better: Option<Better>) -> String {
    let figures: Vec<String> = points
        .iter()
        .map(|p| {
            let target = p
                .target
                .map(|t| format!(" (target {})", format::quantity(t, unit)))
                .unwrap_or_default();
            format!("{}: {}{target}", p.label, format::quantity(p.actual, unit))
        })
        .collect();
    let better = better
        .map(|b| format!(" {}.", b.label()))
        .unwrap_or_default();
    let target = if points.iter().any(|p| p.target.is_some()) {
        " The dashed line is the target."
    } else {
        ""
    };
    format!(
        "Line chart of the actual figure in each of {} periods.{target}{better} {}.",
        points.len(),
        figures.join("; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(yaml: &str) -> Target {
        crate::content::yaml::from_str::<Target>(yaml).unwrap()
    }

    fn date(text: &str) -> Option<Date> {
        Some(Date::parse(text).unwrap())
    }

    #[test]
    fn target_history_points_follow_the_periods() {
        let q2 = target("{id: A, measure: M, period: 2008/09 Q2, actual: 31.5, target: 28}");
        let q1 = target("{id: A, measure: M, period: 2008/09 Q1, actual: 34, target: 28}");
        let q1_again = target("{id: A, measure: M, period: 2008/09 Q1, actual: 33}");
        let words = target("{id: A, measure: M, period: 2008/09 Q3, actual: Not yet known}");
        let undated = target("{id: A, measure: M, actual: 30}");
        let reports = [
            Report {
                date: date("2008-11-01"),
                target: &q2,
            },
            Report {
                date: date("2008-08-01"),
                target: &q1,
            },
            Report {
                date: date("2008-12-01"),
                target: &q1_again,
            },
            Report {
                date: date("2009-02-01"),
                target: &words,
            },
            Report {
                date: None,
                target: &undated,
            },
        ];
        let points = points(&reports);
        let labels: Vec<(&str, f64)> = points
            .iter()
            .map(|p| (p.label.as_str(), p.actual))
            .collect();
        assert_eq!(labels, [("2008/09 Q1", 33.0), ("2008/09 Q2", 31.5)]);
        assert_eq!(points[1].target, Some(28.0));
    }

    #[test]
    fn target_history_needs_two_numeric_figures() {
        let one = target("{id: A, measure: M, period: 2008/09 Q1, actual: 34}");
        let words = target("{id: A, measure: M, period: 2008/09 Q2, actual: Not known}");
        let reports = [
            Report {
                date: None,
                target: &one,
            },
            Report {
                date: None,
                target: &words,
            },
        ];
        assert_eq!(target_history(&reports, "Relets", "history"), None);
    }

    #[test]
    fn target_runs_join_equal_targets() {
        let point = |target| TrendPoint {
            label: String::new(),
            actual: 1.0,
            target,
        };
        let points = [
            point(Some(28.0)),
            point(Some(28.0)),
            point(None),
            point(Some(25.0)),
        ];
        assert_eq!(target_runs(&points), [(-0.5, 1.5, 28.0), (2.5, 3.5, 25.0)]);
    }

    #[test]
    fn target_history_describes_every_figure() {
        let q1 = target(
            "{id: A, measure: M, unit: days, better: lower, period: 2008/09 Q1, actual: 34, target: 28}",
        );
        let q2 = target(
            "{id: A, measure: M, unit: days, better: lower, period: 2008/09 Q2, actual: 31.5, target: 28}",
        );
        let reports = [
            Report {
                date: None,
                target: &q1,
            },
            Report {
                date: None,
                target: &q2,
            },
        ];
        let svg = target_history(&reports, "Relets: actual by period", "history").unwrap();
        assert!(svg.contains("<title id=\"history-title\">Relets: actual by period</title>"));
        assert!(
            svg.contains("Line chart of the actual figure in each of 2 periods. The dashed line is the target. Lower is better. 2008/09 Q1: 34 days (target 28 days); 2008/09 Q2: 31.5 days (target 28 days).</desc>"),
            "{svg}"
        );
        assert!(svg.contains("Target: 28 days"), "{svg}");
        assert!(!svg.contains("font-face") && !svg.contains("url("));
    }
}
