//! The Linked Data pages as a reader sees them: `cpsu-kg serve` on a loopback port, the page
//! of `/person/stalin` loaded in headless Chromium, and the text of its rendered tables
//! checked against the data. Chromium comes from `scripts/test.sh`; the test fails, never
//! skips, when it is missing.

mod common;

use common::{Served, temp_dir};

/// The text of a fragment of HTML, tags dropped and entities decoded, spaces collapsed.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of each cell (`td` or `th`) of one table row.
fn cells(row: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = row;
    while let Some(at) = rest.find("<t") {
        let tag = &rest[at..];
        let close = if tag.starts_with("<td") {
            "</td>"
        } else if tag.starts_with("<th") {
            "</th>"
        } else {
            rest = &tag[2..];
            continue;
        };
        let open = tag.find('>').expect("the end of the tag") + 1;
        let end = tag.find(close).expect("the end of the cell");
        out.push(text(&tag[open..end]));
        rest = &tag[end + close.len()..];
    }
    out
}

/// The rows of the table under the heading `heading`, each as the text of its cells.
fn table(dom: &str, heading: &str) -> Vec<Vec<String>> {
    let start = dom
        .find(&format!("<h2>{heading}</h2>"))
        .unwrap_or_else(|| panic!("no heading {heading:?} on the page"));
    let section = &dom[start..];
    let section = &section[..section.find("</table>").expect("the end of the table")];
    section
        .split("<tr")
        .skip(1)
        .map(|row| cells(row.split("</tr>").next().unwrap_or_default()))
        .collect()
}

#[test]
fn person_page_renders_tenures_and_events_in_chromium() {
    let server = Served::start(&[]);
    let base = format!("http://127.0.0.1:{}", server.port);
    let dir = temp_dir("pages");
    let output = common::headless_chromium(
        &dir.join("profile"),
        &["--virtual-time-budget=3000", "--dump-dom"],
        &format!("{base}/person/stalin"),
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let dom = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(
        dom.contains("<title>Joseph Stalin</title>") && text(&dom).contains("Иосиф Сталин"),
        "not Stalin's page: {dom:.500}"
    );

    // His offices, one row each: title, office, start, end, ...
    let offices = table(&dom, "Offices held");
    assert_eq!(
        offices[0][..4],
        ["title", "office", "start", "end"],
        "{offices:?}"
    );
    let general_secretary = offices
        .iter()
        .find(|row| row[0] == "General Secretary")
        .unwrap_or_else(|| panic!("no General Secretary row: {offices:?}"));
    assert_eq!(
        general_secretary[1..4],
        [
            "General Secretary of the Central Committee (1922–1952)",
            "1922-04-03",
            "1952-10-16"
        ],
        "{general_secretary:?}"
    );
    assert_eq!(general_secretary[5], "Vyacheslav Molotov", "after");
    assert_eq!(general_secretary[6], "Nikita Khrushchev", "before");
    let premier = offices
        .iter()
        .find(|row| row[1] == "Chairman of the Council of Ministers of the Soviet Union")
        .unwrap_or_else(|| panic!("no premiership row: {offices:?}"));
    assert_eq!(premier[2..4], ["1941-05-06", "1953-03-05"], "{premier:?}");
    let data = cpsu_kg::data::check::load(None).expect("the data loads");
    let tenures = data
        .tenures
        .values()
        .filter(|t| t.person == "stalin")
        .count();
    assert_eq!(
        offices.len(),
        1 + tenures,
        "one row per tenure: {offices:?}"
    );

    // The events he took part in, each with its date as the data gives it (to the day, the
    // month or the year) or the source's wording when it has none.
    let events = table(&dom, "Events taken part in");
    assert_eq!(events[0], ["date", "event", "sources"], "{events:?}");
    let mine: Vec<_> = data
        .events
        .values()
        .filter(|e| e.participants.iter().any(|p| p == "stalin"))
        .collect();
    assert!(mine.len() >= 9, "{}", mine.len());
    assert_eq!(
        events.len(),
        1 + mine.len(),
        "one row per event: {events:?}"
    );
    for event in &mine {
        let row = events
            .iter()
            .find(|row| row[1] == event.entity.label_en)
            .unwrap_or_else(|| panic!("{} is not on the page: {events:?}", event.entity.id));
        let date = match event.date.as_slice() {
            [] => event
                .period
                .clone()
                .expect("a period where there is no date"),
            claims => claims
                .iter()
                .map(|c| c.value.to_string())
                .collect::<Vec<_>>()
                .join(" | "),
        };
        assert_eq!(row[0], date, "{}", event.entity.id);
    }
    for (date, event) in [
        ("1922-04-03", "Creation of the General Secretary post"),
        (
            "1952-10",
            "The 19th Congress abolishes the office of General Secretary",
        ),
        ("1953-03-05", "Death of Joseph Stalin"),
    ] {
        assert!(
            events.iter().any(|row| row[0] == date && row[1] == event),
            "{date} {event}: {events:?}"
        );
    }
}
