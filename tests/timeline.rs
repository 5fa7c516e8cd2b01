//! `cpsu-kg holders`, `cpsu-kg timeline` and `export --format dot`, checked with real
//! outside programs: Python's XML parser for the SVG's structure and bar positions, headless
//! Chromium for the HTML page, and Graphviz for the DOT file. `scripts/test.sh` installs
//! Chromium and Graphviz from Debian; these tests fail, never skip, when a program is missing.

mod common;

use common::{program, python_check, root, run, run_ok, temp_dir};
use std::process::Command;

fn lineage_length() -> usize {
    let data = cpsu_kg::data::check::load(None).expect("data");
    cpsu_kg::data::holders::lineage(&data, "general-secretary").len()
}

#[test]
fn holders_lists_the_lineage_in_order() {
    let out = run_ok(&["holders"]);
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("title") && lines[0].contains("citations"),
        "{out}"
    );
    assert_eq!(lines.len(), 2 + lineage_length());
    assert!(
        lines[2].contains("Elena Stasova")
            && lines[2].contains("1917-04")
            && lines[2].contains("0.7 to 1.7 years")
    );
    let ivashko = lines.last().expect("a last line");
    assert!(
        ivashko.contains("Vladimir Ivashko")
            && ivashko.contains("5 days")
            && ivashko.contains("acting"),
        "{ivashko}"
    );
}

#[test]
fn holders_on_a_date_answers_honestly() {
    let out = run_ok(&["holders", "--on", "1918-06-01"]);
    assert!(out.contains("Elena Stasova, Technical Secretary, 1917-04 to 1918: possibly: the end date is known only to the year (1918)"), "{out}");
    assert!(
        out.contains(
            "Yakov Sverdlov, Chairman of the Secretariat, 1918-03-08 to 1919-03-16: certainly"
        ),
        "{out}"
    );
    let gap = run_ok(&["holders", "--on", "1953-06-01"]);
    assert!(
        gap.starts_with("On 1953-06-01 nobody held the office"),
        "{gap}"
    );
    assert!(
        gap.contains("Before: Joseph Stalin") && gap.contains("After: Nikita Khrushchev"),
        "{gap}"
    );
    assert!(
        gap.lines()
            .any(|l| l.trim_start().starts_with("1953-03-05 ")
                && l.ends_with("  Death of Joseph Stalin")),
        "{gap}"
    );
    // The election keeps both claimed days, as the tenure it begins does.
    assert!(
        gap.lines().any(|l| l.contains("1953-09-07 | 1953-09-14")
            && l.ends_with("Khrushchev is elected First Secretary")),
        "{gap}"
    );
    let coup = run_ok(&["holders", "--on", "1991-08-26"]);
    assert!(
        coup.contains(
            "Vladimir Ivashko, Acting General Secretary, 1991-08-24 to 1991-08-29: certainly"
        ),
        "{coup}"
    );
    let year = run_ok(&["holders", "--between", "1984", "1985"]);
    assert_eq!(
        year.lines().count(),
        4,
        "Andropov, Chernenko, Gorbachev: {year}"
    );
    let other = run_ok(&[
        "holders",
        "--office",
        "chairman-of-the-council-of-ministers",
        "--on",
        "1960",
    ]);
    assert!(other.contains("Nikita Khrushchev"), "{other}");
}

#[test]
fn holders_rejects_bad_dates_and_offices() {
    // A date that is not a date is a usage error (2), caught by the command line; a period
    // that ends before it begins, or an office the data lacks, is a problem with the
    // question (1).
    for (args, code, message) in [
        (
            &["holders", "--on", "1953-02-30"][..],
            2,
            "February 1953 has 28 days",
        ),
        (&["holders", "--on", "14/09/1953"], 2, "malformed date"),
        (
            &["holders", "--between", "1960", "1950"],
            1,
            "ends (1950) before it begins (1960)",
        ),
        (&["holders", "--office", "tsar"], 1, "unknown office `tsar`"),
    ] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(code), "{args:?}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains(message),
            "{args:?}"
        );
    }
}

#[test]
fn timeline_svg_parses_and_every_bar_sits_where_its_dates_say() {
    let dir = temp_dir("timeline-svg");
    let svg = dir.join("timeline.svg");
    run_ok(&["timeline", "-o", svg.to_str().expect("path")]);
    // The axis as the README describes it, written by hand: 1600 px wide, the plot from
    // x = 250 to x = 1560, from 1 January 1917 to the end of 1993. Each bar named here must
    // span exactly its dates on that axis, earliest start to latest end.
    let expectations = [
        "1917-01-01",
        "1994-01-01",
        "250",
        "1560",
        "stalin-general-secretary=1922-04-03:1952-10-16",
        "gorbachev-general-secretary=1985-03-10:1991-08-24",
        "brezhnev-general-secretary=1966-04-08:1982-11-10",
        "stasova-technical-secretary=1917-04-01:1918-12-31",
    ];
    let mut args: Vec<std::ffi::OsString> =
        vec![svg.into_os_string(), lineage_length().to_string().into()];
    args.extend(expectations.iter().map(Into::into));
    let stdout = python_check("svg_check.py", args);
    assert!(
        stdout.contains("stalin-general-secretary: 1922-04-03..1952-10-16 at 339.34"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("{} bars", lineage_length())),
        "{stdout}"
    );
    let bad = run(&[
        "timeline",
        "-o",
        dir.join("timeline.pdf").to_str().expect("path"),
    ]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(!dir.join("timeline.pdf").exists());
}

#[test]
fn timeline_follows_the_data() {
    // Adding a tenure to the data adds a bar: the picture is drawn from the data.
    let dir = temp_dir("timeline-data");
    let data = dir.join("data");
    std::fs::create_dir(&data).expect("create");
    for entry in std::fs::read_dir(root().join("data")).expect("data/") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, data.join(path.file_name().expect("name"))).expect("copy");
    }
    let mut tenures = std::fs::read_to_string(data.join("tenures.toml")).expect("read");
    tenures.push_str(
        "\n[[tenure]]\nid = \"test-holder\"\nperson = \"lenin\"\noffice = \"first-secretary\"\ndescription = \"A test tenure.\"\nstart = [{ value = \"1960\", cite = [{ source = \"enwiki-gensec\" }] }]\nend = [{ value = \"1961\", cite = [{ source = \"enwiki-gensec\" }] }]\ncite = [{ source = \"enwiki-gensec\" }]\n",
    );
    std::fs::write(data.join("tenures.toml"), tenures).expect("write");
    let svg = dir.join("timeline.svg");
    run_ok(&[
        "timeline",
        "--data",
        data.to_str().expect("path"),
        "-o",
        svg.to_str().expect("path"),
    ]);
    let picture = std::fs::read_to_string(&svg).expect("read");
    assert_eq!(
        picture.matches("<g class=\"bar").count(),
        lineage_length() + 1
    );
    assert!(picture.contains("data-tenure=\"test-holder\""));
}

#[test]
fn timeline_html_renders_in_headless_chromium() {
    let dir = temp_dir("timeline-html");
    let html = dir.join("timeline.html");
    run_ok(&["timeline", "-o", html.to_str().expect("path")]);
    let page = std::fs::read_to_string(&html).expect("read");
    assert!(
        !page.contains("http://") || !page.contains("<script src"),
        "no external script"
    );
    assert!(!page.contains("<link"), "no external stylesheet");
    let url = format!("file://{}", html.display());
    let chrome = |extra: &[&str], profile: &str| {
        let mut extra = extra.to_vec();
        extra.extend(["--enable-logging=stderr", "--v=0"]);
        common::headless_chromium(&dir.join(profile), &extra, &url)
    };
    let dom = chrome(&["--virtual-time-budget=3000", "--dump-dom"], "profile-dom");
    assert!(
        dom.status.success(),
        "{}",
        String::from_utf8_lossy(&dom.stderr)
    );
    let dom_text = String::from_utf8_lossy(&dom.stdout);
    assert!(
        dom_text.contains("data-ready=\"ok\""),
        "the page's script did not finish"
    );
    assert!(!dom_text.contains("data-errors="), "the page raised errors");
    let console = String::from_utf8_lossy(&dom.stderr);
    let errors: Vec<&str> = console
        .lines()
        .filter(|l| l.contains("CONSOLE") && (l.contains("Uncaught") || l.contains("Error")))
        .collect();
    assert!(errors.is_empty(), "console errors: {errors:?}");
    let png = dir.join("timeline.png");
    let shot = chrome(
        &[
            "--window-size=1600,700",
            &format!("--screenshot={}", png.display()),
        ],
        "profile-shot",
    );
    assert!(
        shot.status.success() && png.exists(),
        "{}",
        String::from_utf8_lossy(&shot.stderr)
    );
    python_check("png_check.py", [&png]);
}

#[test]
fn export_dot_renders_with_graphviz() {
    let dot = program("GRAPHVIZ_DOT", "/usr/bin/dot");
    let dir = temp_dir("dot");
    for (name, args) in [
        ("all", &["export", "--format", "dot"][..]),
        (
            "focus",
            &[
                "export", "--format", "dot", "--focus", "stalin", "--depth", "2",
            ],
        ),
    ] {
        let file = dir.join(format!("{name}.dot"));
        let mut args = args.to_vec();
        let path = file.to_str().expect("path").to_owned();
        args.extend(["-o", &path]);
        run_ok(&args);
        let output = Command::new(&dot)
            .arg("-Tsvg")
            .arg(&file)
            .output()
            .expect("dot runs");
        assert!(
            output.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(
            String::from_utf8_lossy(&output.stdout).contains("<svg"),
            "{name}"
        );
    }
    let focus = std::fs::read_to_string(dir.join("focus.dot")).expect("read");
    assert!(focus.contains("\"person:stalin\" [label=\"Joseph Stalin\""));
    assert!(
        !focus.contains("person:shenin"),
        "Shenin is far from Stalin"
    );
    let all = std::fs::read_to_string(dir.join("all.dot")).expect("read");
    assert_eq!(
        all.matches("fillcolor=\"#f4a582\"").count(),
        17,
        "one node per person"
    );
    let unknown = run(&["export", "--format", "dot", "--focus", "nobody"]);
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no entity has the id `nobody`"));
    let wrong = run(&["export", "--focus", "stalin"]);
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("needs --format dot"));
}
