//! Synthetic data in the project's own format, for tests and benchmarks only.
//!
//! `cpsu-kg generate --scale N -o DIR` writes N persons, about N tenures across a few
//! hundred offices, N/2 events, and the organizations, places and sources they need, all
//! cited, with dates of every precision. The output depends only on N: the generator is a
//! seeded xorshift, so two runs give the same bytes. The data passes `check` (no errors) and
//! `validate`: tenures of one office follow one another without overlap, and each holder
//! lives through their tenure.
//!
//! ```
//! let dir = std::env::temp_dir().join(format!("cpsu-kg-generate-doc-{}", std::process::id()));
//! cpsu_kg::output::generate::write(100, &dir)?;
//! let data = cpsu_kg::data::check::load(Some(&dir)).expect("generated data loads");
//! assert_eq!(data.persons.len(), 100);
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), std::io::Error>(())
//! ```

use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// A small xorshift generator: the same seed gives the same numbers on every platform, with
/// no crate for it. Not for anything that needs real randomness.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed (zero is replaced, since xorshift would stay at zero).
    pub fn new(seed: u64) -> Self {
        Self(if seed == 0 { 0x5eed } else { seed })
    }

    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// A date in `year` at a random precision.
    fn date(&mut self, year: u64) -> String {
        let (month, day) = (1 + self.below(12), 1 + self.below(28));
        match self.below(10) {
            0 => format!("{year:04}"),
            1 | 2 => format!("{year:04}-{month:02}"),
            _ => format!("{year:04}-{month:02}-{day:02}"),
        }
    }
}

const SYLLABLES: [&str; 16] = [
    "ka", "lo", "mi", "ne", "ro", "sa", "ti", "vu", "ba", "de", "go", "ia", "ze", "pe", "ru", "sh",
];
const CYRILLIC: [&str; 16] = [
    "ка", "ло", "ми", "не", "ро", "са", "ти", "ву", "ба", "де", "го", "я", "зе", "пе", "ру", "ш",
];

fn name(n: u64, syllables: &[&str; 16]) -> String {
    let mut text = String::new();
    let mut rest = n + 17;
    while rest > 0 {
        text.push_str(syllables[(rest % 16) as usize]);
        rest /= 16;
    }
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Writes one data file whole or not at all, as `export -o` does.
fn put(path: &Path, text: String) -> io::Result<()> {
    crate::output::file::write_atomically(path, |file| io::Write::write_all(file, text.as_bytes()))
}

/// The largest scale: about a gigabyte of TOML and 87 million triples, past what any test
/// or benchmark here needs, and within what one machine holds while writing.
pub const MAX_SCALE: u64 = 1_000_000;

/// Why `generate` will not write into a directory, if it will not: a scale past
/// [`MAX_SCALE`], or data files already there (unless `force`, which replaces them).
pub fn refusal(scale: u64, dir: &Path, force: bool) -> Option<String> {
    if scale > MAX_SCALE {
        return Some(format!(
            "--scale {scale} is too large: at most {MAX_SCALE} persons (about 1 KB of TOML and 87 triples each)"
        ));
    }
    let present: Vec<&str> = crate::data::read::DATA_FILES
        .iter()
        .map(|(file, _)| *file)
        .filter(|file| dir.join(file).exists())
        .collect();
    (!force && !present.is_empty()).then(|| {
        format!(
            "{} already holds data ({}): pass --force to replace it, or choose an empty directory",
            dir.display(),
            present.join(", ")
        )
    })
}

/// Writes a synthetic data directory of `scale` persons into `dir`, creating it. Each file
/// is written whole or not at all; files already there are replaced (the command line asks
/// [`refusal`] first).
pub fn write(scale: u64, dir: &Path) -> io::Result<()> {
    if scale > MAX_SCALE {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("scale {scale} is past the largest, {MAX_SCALE}"),
        ));
    }
    std::fs::create_dir_all(dir)?;
    let mut rng = Rng::new(0x5eed_0000_0000_0001 ^ scale);
    let persons = scale.max(1);
    let offices = (persons / 20).clamp(1, 300);
    let organizations = (offices / 4).max(1);
    let events = persons / 2;
    let footnotes = 40;
    // The citations of one record or one claimed value, as an inline array.
    let cite = |rng: &mut Rng| {
        if rng.below(4) == 0 {
            "[{ source = \"synthetic-source\" }]".to_owned()
        } else {
            format!(
                "[{{ source = \"synthetic-source\", footnotes = [{}] }}]",
                1 + rng.below(footnotes)
            )
        }
    };
    // A claimed value with its own citations, as every claimed value needs.
    let claim =
        |rng: &mut Rng, value: &str| format!("[{{ value = \"{value}\", cite = {} }}]", cite(rng));

    put(
        &dir.join("sources.toml"),
        format!(
            "# Synthetic data written by `cpsu-kg generate --scale {scale}`: for tests and benchmarks only.\n\n[[source]]\nid = \"synthetic-source\"\nlabel_en = \"A synthetic source\"\ndescription = \"The source every synthetic fact is cited to.\"\nurl = \"https://example.org/synthetic\"\nfootnotes = {footnotes}\ninfobox = true\n"
        ),
    )?;

    let mut text = String::with_capacity(200 * organizations as usize);
    for i in 0..organizations {
        let _ = write!(
            text,
            "[[organization]]\nid = \"org-{i}\"\nlabel_en = \"Organization {}\"\nlabel_ru = \"Организация {}\"\nlabel_ru_by = \"cpsu-kg generate\"\ndescription = \"A synthetic organization.\"\n",
            name(i, &SYLLABLES),
            name(i, &CYRILLIC)
        );
        if i > 0 {
            let _ = writeln!(text, "part_of = [\"org-{}\"]", rng.below(i));
        }
        let _ = writeln!(text, "cite = {}\n", cite(&mut rng));
    }
    put(&dir.join("organizations.toml"), text)?;

    let mut text = String::with_capacity(250 * offices as usize);
    for i in 0..offices {
        let _ = write!(
            text,
            "[[office]]\nid = \"office-{i}\"\nlabel_en = \"Office {}\"\nlabel_ru = \"Должность {}\"\nlabel_ru_by = \"cpsu-kg generate\"\ndescription = \"A synthetic office.\"\norganization = \"org-{}\"\ncite = {}\n\n",
            name(i, &SYLLABLES),
            name(i, &CYRILLIC),
            rng.below(organizations),
            cite(&mut rng)
        );
    }
    put(&dir.join("offices.toml"), text)?;

    // Tenures: each office has a run of holders, one after another, a few years each; the
    // holder of a tenure is born well before it and dies after it.
    let mut tenures = String::with_capacity(400 * persons as usize);
    let mut people = String::with_capacity(400 * persons as usize);
    let mut next_year = vec![1800_u64; offices as usize];
    let mut previous: Vec<Option<u64>> = vec![None; offices as usize];
    let mut spans = Vec::with_capacity(persons as usize);
    for i in 0..persons {
        let office = (i % offices) as usize;
        let start = next_year[office] + rng.below(2);
        let end = start + 1 + rng.below(4);
        next_year[office] = end + 1;
        spans.push((start, end));
        let successor = if i + offices < persons {
            Some(i + offices)
        } else {
            None
        };
        let (start_date, end_date) = (rng.date(start), rng.date(end));
        let _ = write!(
            tenures,
            "[[tenure]]\nid = \"tenure-{i}\"\nperson = \"person-{i}\"\noffice = \"office-{office}\"\ndescription = \"A synthetic tenure.\"\nstart = {}\nend = {}\n",
            claim(&mut rng, &start_date),
            claim(&mut rng, &end_date)
        );
        if rng.below(10) == 0 {
            tenures.push_str("acting = true\n");
        }
        if let Some(p) = previous[office] {
            let _ = writeln!(tenures, "predecessor = \"tenure-{p}\"");
        }
        if let Some(s) = successor {
            let _ = writeln!(tenures, "successor = \"tenure-{s}\"");
        }
        previous[office] = Some(i);
        let _ = writeln!(tenures, "cite = {}\n", cite(&mut rng));
        let born = start - 30 - rng.below(30);
        let died = end + 1 + rng.below(40);
        let (born, died) = (rng.date(born), rng.date(died));
        let _ = write!(
            people,
            "[[person]]\nid = \"person-{i}\"\nlabel_en = \"{}\"\nlabel_ru = \"{}\"\nlabel_ru_by = \"cpsu-kg generate\"\ndescription = \"A synthetic person.\"\nborn = {}\ndied = {}\ncite = {}\n\n",
            name(i, &SYLLABLES),
            name(i, &CYRILLIC),
            claim(&mut rng, &born),
            claim(&mut rng, &died),
            cite(&mut rng)
        );
    }
    put(&dir.join("tenures.toml"), tenures)?;
    put(&dir.join("persons.toml"), people)?;

    let mut text = String::with_capacity(300 * events as usize);
    for i in 0..events {
        let person = rng.below(persons);
        let (start, end) = spans[person as usize];
        let year = start + rng.below(end - start + 1);
        let date = rng.date(year);
        let _ = write!(
            text,
            "[[event]]\nid = \"event-{i}\"\nlabel_en = \"Event {}\"\ndescription = \"A synthetic event.\"\ndate = {}\nparticipants = [\"person-{person}\"]\noffices = [\"office-{}\"]\ncite = {}\n\n",
            name(i, &SYLLABLES),
            claim(&mut rng, &date),
            person % offices,
            cite(&mut rng)
        );
    }
    put(&dir.join("events.toml"), text)?;
    Ok(())
}
