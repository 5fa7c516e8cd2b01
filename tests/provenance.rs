//! `cpsu-kg provenance`: per source, every value it is cited for. The report on the real
//! data is a golden file, so a change of attribution shows in review as a diff of
//! `tests/golden/provenance.txt`.

mod common;

use common::{check_golden, run_ok};

#[test]
fn provenance_report_matches_golden_file() {
    check_golden("tests/golden/provenance.txt", &run_ok(&["provenance"]));
}

#[test]
fn provenance_credits_values_only_to_the_sources_that_give_them() {
    let report = run_ok(&["provenance"]);
    // The lines under one part (`  footnote 13`) of one source.
    let part = |source: &str, part: &str| -> String {
        let mut lines = report
            .lines()
            .skip_while(|l| !l.starts_with(&format!("{source}: ")))
            .skip(1)
            .take_while(|l| l.starts_with("  "))
            .skip_while(|l| *l != format!("  {part}"));
        assert!(lines.next().is_some(), "{source} has no {part}");
        lines
            .take_while(|l| l.starts_with("    "))
            .map(|l| format!("{}\n", l.trim_start()))
            .collect()
    };
    // Footnote 13 says only "in 1964" of Khrushchev's removal and Brezhnev's start; the
    // days come from the biographies, and Kosygin's term from his own article.
    let fn13 = part("enwiki-gensec", "footnote 13");
    assert!(
        fn13.contains("tenure:khrushchev-first-secretary  end  1964\n"),
        "{fn13}"
    );
    assert!(!fn13.contains("1964-10-14"), "{fn13}");
    assert!(
        !fn13.contains("1964-10-15") && !fn13.contains("1980-10-23"),
        "{fn13}"
    );
    // Footnote 17 gives no date at all.
    let fn17 = part("enwiki-gensec", "footnote 17");
    assert!(
        !fn17.contains("  start  ") && !fn17.contains("  end  "),
        "{fn17}"
    );
    // Footnote 7 is about "the 1950s": it supports no day or month.
    let fn7 = part("enwiki-gensec", "footnote 7");
    assert!(!fn7.contains("1953-03"), "{fn7}");
    // The article names nobody in Russian but the office itself, in its infobox.
    assert_eq!(report.matches("  label_ru  ").count() - 17, 1, "{report}");
    let whole = part("enwiki-gensec", "the text as a whole");
    assert!(!whole.contains("label_ru"), "{whole}");
    // Gorbachev's own article says 11 March, the infobox 10 March.
    let bio = part("enwiki-mikhail-gorbachev", "the text as a whole");
    assert!(
        bio.contains("tenure:gorbachev-general-secretary  start  1985-03-11"),
        "{bio}"
    );
    assert!(!bio.contains("1985-03-10"), "{bio}");
}
