//! The office's history as a picture: an SVG Gantt chart, and an HTML page around it.
//!
//! One row per office name, one bar per tenure with the holder's name on or beside it.
//! Acting tenures are hatched. A bound known only to the month or the year, or disputed
//! between sources, is drawn as a fading edge over every day it may be, never as a sharp
//! line. Markers show the congresses and plenums, the holders' deaths, the coup and the
//! abolitions. Everything is computed from the data through [`crate::data::holders`]: a tenure
//! added to `data/` changes the picture.
//!
//! Every bar carries its dates in `data-` attributes and the root element carries the
//! scale, so tests (and users) can check that each bar sits where its dates say.
//!
//! ```
//! use cpsu_kg::output::timeline::{svg, Options};
//!
//! let data = cpsu_kg::data::check::load(None)?;
//! let picture = svg(&data, &cpsu_kg::graph::vocab::BaseIri::default(), &Options::default());
//! assert_eq!(picture.matches("<g class=\"bar").count(), 13);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::data::date::{Day, PartialDate};
use crate::data::holders::{Bound, Holding, lineage};
use crate::data::model::{CongressKind, Dataset};
use crate::graph::vocab::BaseIri;
use crate::graph::vocab::EntityKind;
use std::fmt::Write as _;

/// What to draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The office whose lineage is drawn.
    pub office: String,
    /// The first year shown.
    pub from: i32,
    /// The last year shown.
    pub to: i32,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            office: "general-secretary".to_owned(),
            from: 1917,
            to: 1993,
        }
    }
}

const WIDTH: f64 = 1600.0;
const PLOT_LEFT: f64 = 250.0;
const PLOT_RIGHT: f64 = WIDTH - 40.0;
const BAR_HEIGHT: f64 = 20.0;
const LANE_HEIGHT: f64 = 16.0;
const FONT_WIDTH: f64 = 6.9;
const PALETTE: [&str; 10] = [
    "#b2182b", "#2166ac", "#1b7837", "#762a83", "#e08214", "#01665e", "#8c510a", "#c51b7d",
    "#4d4d4d", "#35978f",
];

use crate::markup::escape as xml;

struct Scale {
    origin: i64,
    px_per_day: f64,
}

impl Scale {
    fn x(&self, day: Day) -> f64 {
        PLOT_LEFT + (day.days_since_epoch() - self.origin) as f64 * self.px_per_day
    }
}

fn first_day(year: i32) -> Day {
    PartialDate::year(year).earliest_day()
}

/// Places labels of estimated widths in lanes so none overlap: returns each label's lane.
fn lanes(items: &[(f64, f64)]) -> Vec<usize> {
    let mut ends: Vec<f64> = Vec::new();
    items
        .iter()
        .map(|&(x, width)| {
            let lane = ends
                .iter()
                .position(|&end| end + 8.0 <= x)
                .unwrap_or(ends.len());
            if lane == ends.len() {
                ends.push(x + width);
            } else {
                ends[lane] = x + width;
            }
            lane
        })
        .collect()
}

/// Where a label starting at `x` begins so that it ends inside the picture.
fn label_x(x: f64, text: &str) -> f64 {
    x.min(WIDTH - 12.0 - text_width(text))
}

fn text_width(text: &str) -> f64 {
    text.chars().count() as f64 * FONT_WIDTH
}

/// A marker drawn on the time axis.
struct Marker {
    bound: Bound,
    label: String,
    kind: &'static str,
    iri: String,
}

fn markers(
    data: &Dataset,
    base: &BaseIri,
    holdings: &[Holding<'_>],
    first: Day,
    last: Day,
) -> Vec<Marker> {
    let mut markers = Vec::new();
    for congress in data.congresses.values() {
        let Some(bound) = Bound::of("date", &congress.start) else {
            continue;
        };
        let label = congress
            .entity
            .alt_labels
            .first()
            .map(|alt| alt.value.clone())
            .unwrap_or_else(|| congress.entity.label_en.clone());
        let (label, kind) = match congress.kind {
            CongressKind::Congress => (label, "congress"),
            CongressKind::Plenum => ("CC plenum".to_owned(), "plenum"),
        };
        markers.push(Marker {
            bound,
            label,
            kind,
            iri: base
                .entity(EntityKind::Congress, &congress.entity.id)
                .as_str()
                .to_owned(),
        });
    }
    for (id, label) in [
        ("august-coup", "August coup"),
        ("congress-19-abolition", "abolished"),
        ("general-secretary-abolished", "abolished"),
    ] {
        if let Some(event) = data.events.get(id)
            && let Some(bound) = Bound::of("date", &event.date)
        {
            markers.push(Marker {
                bound,
                label: label.to_owned(),
                kind: "event",
                iri: base.entity(EntityKind::Event, id).as_str().to_owned(),
            });
        }
    }
    let mut holders: Vec<&crate::data::model::Person> = holdings.iter().map(|h| h.person).collect();
    holders.sort_by_key(|p| &p.entity.id);
    holders.dedup_by_key(|p| &p.entity.id);
    for person in holders {
        if let Some(bound) = Bound::of("death", &person.died) {
            let surname = person
                .entity
                .label_en
                .rsplit(' ')
                .next()
                .unwrap_or_default();
            markers.push(Marker {
                bound,
                label: format!("† {surname}"),
                kind: "death",
                iri: base
                    .entity(EntityKind::Person, &person.entity.id)
                    .as_str()
                    .to_owned(),
            });
        }
    }
    markers.retain(|m| m.bound.latest >= first && m.bound.earliest <= last);
    markers.sort_by_key(|m| (m.bound.earliest, m.label.clone()));
    markers
}

/// The chart as a standalone SVG document.
pub fn svg(data: &Dataset, base: &BaseIri, options: &Options) -> String {
    let first = first_day(options.from);
    let last = first_day(options.to + 1);
    let scale = Scale {
        origin: first.days_since_epoch(),
        px_per_day: (PLOT_RIGHT - PLOT_LEFT)
            / (last.days_since_epoch() - first.days_since_epoch()) as f64,
    };
    let clamp = |x: f64| x.clamp(PLOT_LEFT, PLOT_RIGHT);
    let holdings: Vec<Holding<'_>> = lineage(data, &options.office)
        .into_iter()
        .filter(|h| {
            h.start.as_ref().is_some_and(|s| s.earliest < last)
                && h.end.as_ref().is_none_or(|e| e.latest >= first)
        })
        .collect();

    // Rows: one per office, in the order the offices first appear.
    let mut rows: Vec<&crate::data::model::Office> = Vec::new();
    for holding in &holdings {
        if !rows.iter().any(|o| o.entity.id == holding.office.entity.id) {
            rows.push(holding.office);
        }
    }
    // One colour per person, in order of first appearance, so one holder's bars match.
    let mut people: Vec<&str> = Vec::new();
    for holding in &holdings {
        if !people.contains(&holding.person.entity.id.as_str()) {
            people.push(&holding.person.entity.id);
        }
    }
    let colour_of =
        |id: &str| PALETTE[people.iter().position(|p| *p == id).unwrap_or(0) % PALETTE.len()];

    let markers = markers(data, base, &holdings, first, last);
    let marker_items: Vec<(f64, f64)> = markers
        .iter()
        .filter(|m| m.kind != "death")
        .map(|m| {
            (
                label_x(clamp(scale.x(m.bound.earliest)), &m.label),
                text_width(&m.label) + 6.0,
            )
        })
        .collect();
    let marker_lanes = lanes(&marker_items);
    let marker_lane_count = marker_lanes.iter().max().map_or(0, |m| m + 1);
    let death_items: Vec<(f64, f64)> = markers
        .iter()
        .filter(|m| m.kind == "death")
        .map(|m| {
            (
                label_x(clamp(scale.x(m.bound.earliest)), &m.label),
                text_width(&m.label) + 6.0,
            )
        })
        .collect();
    let death_lanes = lanes(&death_items);
    let death_lane_count = death_lanes.iter().max().map_or(0, |m| m + 1);

    let top = 70.0 + marker_lane_count as f64 * LANE_HEIGHT;
    let mut body = String::new();
    let mut y = top;
    let _ = writeln!(body, "<g class=\"rows\">");
    for (index, office) in rows.iter().enumerate() {
        let in_row: Vec<&Holding<'_>> = holdings
            .iter()
            .filter(|h| h.office.entity.id == office.entity.id)
            .collect();
        let mut label_items = Vec::new();
        let mut inside = Vec::new();
        for holding in &in_row {
            let (x0, x1) = bar_extent(&scale, holding, clamp);
            let name = &holding.person.entity.label_en;
            let fits = text_width(name) + 10.0 <= x1 - x0;
            inside.push(fits);
            if !fits {
                label_items.push((label_x(x0, name), text_width(name)));
            }
        }
        let label_lanes = lanes(&label_items);
        let lane_count = label_lanes.iter().max().map_or(0, |m| m + 1);
        let row_height = (BAR_HEIGHT + 14.0 + lane_count as f64 * LANE_HEIGHT).max(46.0);
        if index % 2 == 0 {
            let _ = writeln!(
                body,
                "<rect class=\"row-band\" x=\"0\" y=\"{:.1}\" width=\"{WIDTH}\" height=\"{row_height:.1}\" fill=\"#f4f1ea\"/>",
                y - 6.0
            );
        }
        let short = std::iter::once(&office.entity.label_en)
            .chain(office.entity.alt_labels.iter().map(|alt| &alt.value))
            .min_by_key(|l| l.chars().count())
            .expect("a label");
        let years = match (
            Bound::of("formed", &office.formed),
            Bound::of("abolished", &office.abolished),
        ) {
            (Some(f), Some(a)) => format!("{}–{}", f.earliest.year, a.latest.year),
            (Some(f), None) => format!("from {}", f.earliest.year),
            _ => String::new(),
        };
        let _ = writeln!(
            body,
            "<a href=\"{}\"><text class=\"row-label\" x=\"16\" y=\"{:.1}\" font-size=\"14\" font-weight=\"600\">{}</text></a>\n<text class=\"row-years\" x=\"16\" y=\"{:.1}\" font-size=\"11\" fill=\"#555\">{}</text>",
            xml(base.entity(EntityKind::Office, &office.entity.id).as_str()),
            y + 14.0,
            xml(short),
            y + 28.0,
            xml(&years)
        );
        let mut label_index = 0;
        for (holding, fits) in in_row.iter().zip(inside) {
            let colour = colour_of(&holding.person.entity.id);
            let lane = if fits {
                None
            } else {
                label_index += 1;
                Some(label_lanes[label_index - 1])
            };
            draw_bar(&mut body, base, &scale, holding, colour, y, lane, clamp);
        }
        y += row_height;
    }
    let _ = writeln!(body, "</g>");
    let rows_bottom = y;

    // Markers: a line (or a band over every possible day) across the rows, labels above.
    let _ = writeln!(body, "<g class=\"markers\">");
    let (mut event_index, mut death_index) = (0, 0);
    for marker in &markers {
        let (x0, x1) = (
            clamp(scale.x(marker.bound.earliest)),
            clamp(scale.x(marker.bound.latest) + scale.px_per_day),
        );
        let (colour, dash) = match marker.kind {
            "congress" => ("#7a5c00", "4 3"),
            "plenum" => ("#7a5c00", "1 3"),
            "death" => ("#333333", "2 2"),
            _ => ("#b2182b", "6 2"),
        };
        let tooltip = format!(
            "{}: {}",
            marker.label.trim_start_matches("† "),
            marker.bound.shown
        );
        let (label_y, line_top, line_bottom) = if marker.kind == "death" {
            let lane = death_lanes[death_index];
            death_index += 1;
            // A death is marked below the rows only, so its line crosses no holder's label.
            let label_y = rows_bottom + 18.0 + lane as f64 * LANE_HEIGHT;
            (label_y, rows_bottom - 4.0, label_y - 10.0)
        } else {
            let lane = marker_lanes[event_index];
            event_index += 1;
            let label_y = top - 10.0 - lane as f64 * LANE_HEIGHT;
            (label_y, label_y + 3.0, rows_bottom)
        };
        let _ = writeln!(
            body,
            "<a href=\"{}\"><g class=\"marker marker-{}\" data-tooltip=\"{}\" data-earliest=\"{}\" data-latest=\"{}\"><title>{}</title>",
            xml(&marker.iri),
            marker.kind,
            xml(&tooltip),
            marker.bound.earliest,
            marker.bound.latest,
            xml(&tooltip)
        );
        if x1 - x0 > 2.0 {
            let _ = writeln!(
                body,
                "<rect x=\"{x0:.1}\" y=\"{line_top:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{colour}\" opacity=\"0.12\"/>",
                x1 - x0,
                line_bottom - line_top
            );
        }
        let _ = writeln!(
            body,
            "<line x1=\"{x0:.1}\" y1=\"{line_top:.1}\" x2=\"{x0:.1}\" y2=\"{line_bottom:.1}\" stroke=\"{colour}\" stroke-width=\"1\" stroke-dasharray=\"{dash}\"/>\n<text x=\"{:.1}\" y=\"{label_y:.1}\" font-size=\"12\" fill=\"{colour}\">{}</text></g></a>",
            label_x(x0, &marker.label) + 3.0,
            xml(&marker.label)
        );
    }
    let _ = writeln!(body, "</g>");

    // The year axis: a tick a year, a labelled tick and a grid line a decade.
    let axis_y = rows_bottom + 26.0 + death_lane_count as f64 * LANE_HEIGHT;
    let mut axis = format!(
        "<g class=\"axis\">\n<line x1=\"{PLOT_LEFT}\" y1=\"{axis_y:.1}\" x2=\"{PLOT_RIGHT}\" y2=\"{axis_y:.1}\" stroke=\"#333\"/>\n"
    );
    let mut grid = String::from("<g class=\"grid\">\n");
    for year in options.from..=options.to + 1 {
        let x = scale.x(first_day(year));
        if year % 10 == 0 {
            let _ = writeln!(
                axis,
                "<line class=\"decade-tick\" x1=\"{x:.1}\" y1=\"{axis_y:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"#333\"/>\n<text class=\"decade-label\" x=\"{x:.1}\" y=\"{:.1}\" font-size=\"13\" text-anchor=\"middle\">{year}</text>",
                axis_y + 8.0,
                axis_y + 23.0
            );
            let _ = writeln!(
                grid,
                "<line x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{axis_y:.1}\" stroke=\"#d8d2c4\" stroke-width=\"1\"/>",
                top - 6.0
            );
        } else {
            let _ = writeln!(
                axis,
                "<line x1=\"{x:.1}\" y1=\"{axis_y:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"#888\"/>",
                axis_y + 4.0
            );
        }
    }
    axis.push_str("</g>\n");
    grid.push_str("</g>\n");

    let legend_y = axis_y + 48.0;
    let legend = format!(
        r##"<g class="legend" font-size="12">
<rect x="{PLOT_LEFT}" y="{ly:.1}" width="34" height="14" fill="#2166ac"/><text x="{l1:.1}" y="{ty:.1}">tenure</text>
<rect x="{a0:.1}" y="{ly:.1}" width="34" height="14" fill="#2166ac"/><rect x="{a0:.1}" y="{ly:.1}" width="34" height="14" fill="url(#hatch)"/><text x="{a1:.1}" y="{ty:.1}">acting</text>
<rect x="{f0:.1}" y="{ly:.1}" width="34" height="14" fill="#2166ac" mask="url(#fade-in)"/><text x="{f1:.1}" y="{ty:.1}">date known only to the month or year, or disputed: the edge fades over every possible day</text>
<line x1="{c0:.1}" y1="{ly:.1}" x2="{c0:.1}" y2="{ly2:.1}" stroke="#7a5c00" stroke-dasharray="4 3"/><text x="{c1:.1}" y="{ty:.1}">congress or plenum</text>
<line x1="{d0:.1}" y1="{ly:.1}" x2="{d0:.1}" y2="{ly2:.1}" stroke="#333" stroke-dasharray="2 2"/><text x="{d1:.1}" y="{ty:.1}">† death</text>
<line x1="{e0:.1}" y1="{ly:.1}" x2="{e0:.1}" y2="{ly2:.1}" stroke="#b2182b" stroke-dasharray="6 2"/><text x="{e1:.1}" y="{ty:.1}">coup, abolition</text>
</g>
"##,
        ly = legend_y,
        ly2 = legend_y + 14.0,
        ty = legend_y + 11.0,
        l1 = PLOT_LEFT + 40.0,
        a0 = PLOT_LEFT + 110.0,
        a1 = PLOT_LEFT + 150.0,
        f0 = PLOT_LEFT + 210.0,
        f1 = PLOT_LEFT + 250.0,
        c0 = PLOT_LEFT + 850.0,
        c1 = PLOT_LEFT + 858.0,
        d0 = PLOT_LEFT + 990.0,
        d1 = PLOT_LEFT + 998.0,
        e0 = PLOT_LEFT + 1070.0,
        e1 = PLOT_LEFT + 1078.0,
    );
    let height = legend_y + 34.0;
    let office_name = data
        .offices
        .get(&options.office)
        .map_or(options.office.as_str(), |o| o.entity.label_en.as_str());
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height:.0}" viewBox="0 0 {WIDTH} {height:.0}" font-family="DejaVu Sans, Verdana, sans-serif" data-origin="{first}" data-px-per-day="{ppd}" data-plot-left="{PLOT_LEFT}" data-plot-right="{PLOT_RIGHT}" data-from="{from}" data-to="{to}">
<title>{title}, {from}–{to}</title>
<defs>
<pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="3" height="6" fill="#ffffff" opacity="0.55"/></pattern>
<linearGradient id="fade-in-gradient"><stop offset="0" stop-color="#fff" stop-opacity="0.05"/><stop offset="1" stop-color="#fff" stop-opacity="1"/></linearGradient>
<linearGradient id="fade-out-gradient"><stop offset="0" stop-color="#fff" stop-opacity="1"/><stop offset="1" stop-color="#fff" stop-opacity="0.05"/></linearGradient>
<mask id="fade-in" maskContentUnits="objectBoundingBox"><rect width="1" height="1" fill="url(#fade-in-gradient)"/></mask>
<mask id="fade-out" maskContentUnits="objectBoundingBox"><rect width="1" height="1" fill="url(#fade-out-gradient)"/></mask>
</defs>
<rect width="{WIDTH}" height="{height:.0}" fill="#fffdf8"/>
<text x="16" y="32" font-size="20" font-weight="700">{title}</text>
<text x="16" y="52" font-size="13" fill="#555">Holders of the office and of the posts it grew out of, {from}–{to}. Generated by cpsu-kg from its cited data.</text>
{grid}{body}{axis}{legend}</svg>
"##,
        ppd = scale.px_per_day,
        from = options.from,
        to = options.to,
        title = xml(office_name),
    )
}

/// The x range a bar spans, from the earliest possible start to the latest possible end.
fn bar_extent(scale: &Scale, holding: &Holding<'_>, clamp: impl Fn(f64) -> f64) -> (f64, f64) {
    let start = holding
        .start
        .as_ref()
        .map_or(PLOT_LEFT, |s| clamp(scale.x(s.earliest)));
    let end = holding
        .end
        .as_ref()
        .map_or(PLOT_RIGHT, |e| clamp(scale.x(e.latest) + scale.px_per_day));
    (start, end.max(start + 3.0))
}

#[expect(clippy::too_many_arguments, reason = "the drawing context of one bar")]
fn draw_bar(
    out: &mut String,
    base: &BaseIri,
    scale: &Scale,
    holding: &Holding<'_>,
    colour: &str,
    y: f64,
    label_lane: Option<usize>,
    clamp: impl Fn(f64) -> f64 + Copy,
) {
    let (x0, x1) = bar_extent(scale, holding, clamp);
    // The part of the bar surely held: from the latest possible start to the earliest
    // possible end (the end day itself counts as held).
    let solid_start = holding
        .start
        .as_ref()
        .map_or(x0, |s| clamp(scale.x(s.latest)));
    let solid_end = holding
        .end
        .as_ref()
        .map_or(x1, |e| clamp(scale.x(e.earliest) + scale.px_per_day));
    let (solid_start, solid_end) = if solid_end - solid_start < 3.0 {
        let middle = (solid_start + solid_end) / 2.0;
        ((middle - 1.5).max(x0), (middle + 1.5).min(x1.max(x0 + 3.0)))
    } else {
        (solid_start, solid_end)
    };
    let name = &holding.person.entity.label_en;
    let show = |b: &Option<Bound>| {
        b.as_ref()
            .map_or_else(|| "?".to_owned(), |b| b.shown.clone())
    };
    let precision = |b: &Option<Bound>| {
        b.as_ref().map_or_else(
            || "unknown".to_owned(),
            |b| {
                b.vagueness
                    .clone()
                    .unwrap_or_else(|| "known to the day".to_owned())
            },
        )
    };
    let tooltip = format!(
        "{name}, {}{}\n{} to {} ({})\nstart: {}\nend: {}\nsources: {}",
        holding.title,
        if holding.acting() && !holding.title.to_lowercase().contains("acting") {
            " (acting)"
        } else {
            ""
        },
        show(&holding.start),
        show(&holding.end),
        holding.length(),
        precision(&holding.start),
        precision(&holding.end),
        holding.citations()
    );
    let day = |b: &Option<Bound>, latest: bool| {
        b.as_ref().map_or_else(String::new, |b| {
            if latest {
                b.latest.to_string()
            } else {
                b.earliest.to_string()
            }
        })
    };
    let _ = writeln!(
        out,
        "<a href=\"{}\"><g class=\"bar{}\" data-tenure=\"{}\" data-holder=\"{}\" data-start-earliest=\"{}\" data-start-latest=\"{}\" data-end-earliest=\"{}\" data-end-latest=\"{}\" data-x0=\"{x0:.2}\" data-x1=\"{x1:.2}\" data-tooltip=\"{}\"><title>{}</title>",
        xml(base
            .entity(EntityKind::Tenure, &holding.tenure.entity.id)
            .as_str()),
        if holding.acting() { " acting" } else { "" },
        xml(&holding.tenure.entity.id),
        xml(name),
        day(&holding.start, false),
        day(&holding.start, true),
        day(&holding.end, false),
        day(&holding.end, true),
        xml(&tooltip),
        xml(&tooltip)
    );
    // A fading edge is drawn for every uncertain bound, however narrow it is at this scale.
    let uncertain = |b: &Option<Bound>| b.as_ref().is_some_and(|b| b.earliest != b.latest);
    let rect = |out: &mut String, from: f64, to: f64, extra: &str, always: bool| {
        if to - from > 0.05 || (always && to > from) {
            let _ = writeln!(
                out,
                "<rect x=\"{from:.2}\" y=\"{y:.1}\" width=\"{:.2}\" height=\"{BAR_HEIGHT}\" fill=\"{colour}\"{extra}/>",
                to - from
            );
        }
    };
    rect(
        out,
        x0,
        solid_start,
        " class=\"fade fade-in\" mask=\"url(#fade-in)\"",
        uncertain(&holding.start),
    );
    rect(out, solid_start, solid_end, " class=\"solid\"", true);
    rect(
        out,
        solid_end,
        x1,
        " class=\"fade fade-out\" mask=\"url(#fade-out)\"",
        uncertain(&holding.end),
    );
    if holding.acting() {
        let _ = writeln!(
            out,
            "<rect x=\"{x0:.2}\" y=\"{y:.1}\" width=\"{:.2}\" height=\"{BAR_HEIGHT}\" fill=\"url(#hatch)\"/>",
            x1 - x0
        );
    }
    match label_lane {
        None => {
            let _ = writeln!(
                out,
                "<text class=\"bar-label\" x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" fill=\"#ffffff\">{}</text>",
                solid_start.max(x0) + 5.0,
                y + 14.5,
                xml(name)
            );
        }
        Some(lane) => {
            let label_y = y + BAR_HEIGHT + 13.0 + lane as f64 * LANE_HEIGHT;
            let _ = writeln!(
                out,
                "<line x1=\"{x0:.1}\" y1=\"{:.1}\" x2=\"{x0:.1}\" y2=\"{:.1}\" stroke=\"{colour}\" stroke-width=\"1\"/>\n<text class=\"bar-label\" x=\"{:.1}\" y=\"{label_y:.1}\" font-size=\"12\" fill=\"{colour}\">{}</text>",
                y + BAR_HEIGHT,
                label_y - 9.0,
                label_x(x0, name) + 3.0,
                xml(name)
            );
        }
    }
    let _ = writeln!(out, "</g></a>");
}

/// The chart in a self-contained HTML page with tooltips: no network fetch, no framework.
pub fn html(data: &Dataset, base: &BaseIri, options: &Options) -> String {
    let picture = svg(data, base, options);
    let title = data
        .offices
        .get(&options.office)
        .map_or(options.office.as_str(), |o| o.entity.label_en.as_str());
    format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}: a timeline</title>
<style>
body {{ margin: 0; background: #fffdf8; font-family: "DejaVu Sans", Verdana, sans-serif; color: #222; }}
main {{ width: 1600px; }}
svg a:hover rect.solid, svg a:focus rect.solid {{ stroke: #000; stroke-width: 1.5; }}
#tooltip {{ position: fixed; display: none; max-width: 420px; padding: 8px 10px; background: #222; color: #fff;
  font-size: 13px; line-height: 1.4; white-space: pre-line; border-radius: 4px; pointer-events: none; }}
</style>
</head>
<body>
<main>
{picture}</main>
<div id="tooltip" role="tooltip"></div>
<script>
"use strict";
window.addEventListener("error", function (event) {{
  document.body.dataset.errors = (document.body.dataset.errors || "") + event.message + "\n";
}});
(function () {{
  var tip = document.getElementById("tooltip");
  document.querySelectorAll("[data-tooltip]").forEach(function (element) {{
    var title = element.querySelector("title");
    if (title) {{ title.remove(); }}
    element.addEventListener("mousemove", function (event) {{
      tip.textContent = element.getAttribute("data-tooltip");
      tip.style.display = "block";
      tip.style.left = Math.min(event.clientX + 14, window.innerWidth - 440) + "px";
      tip.style.top = (event.clientY + 14) + "px";
    }});
    element.addEventListener("mouseleave", function () {{ tip.style.display = "none"; }});
  }});
  document.body.dataset.ready = "ok";
}})();
</script>
</body>
</html>
"#,
        title = xml(title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_never_share_a_lane_where_they_would_overlap() {
        assert_eq!(
            lanes(&[(0.0, 50.0), (20.0, 50.0), (100.0, 10.0), (30.0, 5.0)]),
            vec![0, 1, 0, 2]
        );
    }

    #[test]
    fn one_bar_per_tenure_and_a_marker_per_congress() {
        let data = crate::data::check::load(None).expect("data");
        let picture = svg(&data, &BaseIri::default(), &Options::default());
        assert_eq!(picture.matches("<g class=\"bar").count(), 13);
        assert_eq!(picture.matches("<g class=\"bar acting\"").count(), 1);
        assert_eq!(
            picture.matches("class=\"marker marker-congress\"").count(),
            3
        );
        assert_eq!(picture.matches("class=\"marker marker-plenum\"").count(), 1);
        assert!(picture.contains(">1950</text>"));
        let narrow = svg(
            &data,
            &BaseIri::default(),
            &Options {
                from: 1980,
                to: 1991,
                ..Options::default()
            },
        );
        assert_eq!(narrow.matches("<g class=\"bar").count(), 5);
    }
}
