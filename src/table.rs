//! One aligned text table, for people at a terminal: the holders list and SELECT results
//! both print through it.

use std::io::{self, Write};

/// Writes `header`, a rule of dashes, and `rows`, each column as wide as its widest cell
/// (counted in characters, so Cyrillic lines up), two spaces between columns and no
/// trailing white space.
pub fn write<S: AsRef<str>>(
    header: &[&str],
    rows: &[Vec<S>],
    out: &mut impl Write,
) -> io::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.as_ref().chars().count());
        }
    }
    let line = |out: &mut dyn Write, cells: &mut dyn Iterator<Item = &str>| -> io::Result<()> {
        let text: Vec<String> = cells
            .zip(&widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        writeln!(out, "{}", text.join("  ").trim_end())
    };
    line(out, &mut header.iter().copied())?;
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    line(out, &mut rule.iter().map(String::as_str))?;
    for row in rows {
        line(out, &mut row.iter().map(AsRef::as_ref))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn columns_align_by_characters_not_bytes() {
        let mut out = Vec::new();
        super::write(
            &["name", "from"],
            &[vec!["Сталин", "1922"], vec!["Stalin, Joseph", ""]],
            &mut out,
        )
        .expect("written");
        assert_eq!(
            String::from_utf8(out).expect("UTF-8"),
            "name            from\n--------------  ----\nСталин          1922\nStalin, Joseph\n"
        );
    }
}
