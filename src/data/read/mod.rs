//! Reading data files: bytes to strict, spanned input records.
//!
//! A data directory holds up to eight TOML files, one per kind of record (see
//! [`DATA_FILES`]). Each file is an array of tables named after its kind, such as
//! `[[person]]`. Parsing is strict: an unknown field, a wrong type or a missing required
//! field is a problem, reported with its file and line. Every file is read and every
//! record is tried, so one run reports every problem it can find.
//!
//! The input types here mirror the file format and keep the spans of the values that later
//! checks need to point at; [`crate::data::check`] turns them into the domain model.

use crate::data::diagnostic::Diagnostics;
use crate::data::model::Origin;
use serde::Deserialize;
use std::io::Read;
use std::path::Path;

mod input;

pub use input::{
    AltLabelInput, AltLabelTable, CiteInput, ClaimInput, ClaimsInput, CommonInput, CongressInput,
    EventInput, OfficeInput, OrganizationInput, PersonInput, PlaceInput, SourceInput, TenureInput,
};

/// The data files, each with the name of its array of tables, in the order they are read.
pub const DATA_FILES: [(&str, &str); 8] = [
    ("sources.toml", "source"),
    ("persons.toml", "person"),
    ("organizations.toml", "organization"),
    ("offices.toml", "office"),
    ("tenures.toml", "tenure"),
    ("congresses.toml", "congress"),
    ("events.toml", "event"),
    ("places.toml", "place"),
];

/// The largest data file accepted. The real data is a few dozen kilobytes; a file far
/// larger is a mistake, and reading it whole would only waste memory.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// The data compiled into the binary, so every command works from any folder.
pub const EMBEDDED_DATA: [(&str, &str); 8] = [
    ("sources.toml", include_str!("../../../data/sources.toml")),
    ("persons.toml", include_str!("../../../data/persons.toml")),
    (
        "organizations.toml",
        include_str!("../../../data/organizations.toml"),
    ),
    ("offices.toml", include_str!("../../../data/offices.toml")),
    ("tenures.toml", include_str!("../../../data/tenures.toml")),
    (
        "congresses.toml",
        include_str!("../../../data/congresses.toml"),
    ),
    ("events.toml", include_str!("../../../data/events.toml")),
    ("places.toml", include_str!("../../../data/places.toml")),
];

/// The records of one data file, with the file's name and text for locating spans.
#[derive(Debug, Clone)]
pub struct FileRecords<T> {
    /// The file as shown in messages.
    pub file: String,
    /// The byte offset of the start of each line.
    line_starts: Vec<usize>,
    /// The text, for pointing at a spot in messages.
    text: String,
    /// The records, each with the place its table starts.
    pub records: Vec<(Origin, T)>,
}

impl<T> FileRecords<T> {
    fn new(file: String, text: &str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self {
            file,
            line_starts,
            text: text.to_owned(),
            records: Vec::new(),
        }
    }

    /// The column (in characters, from 1) of a byte offset and the text of its line.
    pub fn spot(&self, offset: usize) -> (usize, &str) {
        let line = self
            .line_starts
            .partition_point(|&start| start <= offset)
            .max(1);
        let start = self.line_starts[line - 1];
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&next| next);
        let offset = offset.min(self.text.len()).max(start);
        let column = self
            .text
            .get(start..offset)
            .map_or(1, |prefix| prefix.chars().count() + 1);
        (
            column,
            self.text
                .get(start..end)
                .unwrap_or_default()
                .trim_end_matches(['\n', '\r']),
        )
    }

    /// The origin of a byte offset in this file.
    pub fn origin(&self, offset: usize) -> Origin {
        Origin {
            file: self.file.clone(),
            line: self.line_starts.partition_point(|&start| start <= offset),
        }
    }
}

/// Every record read from a data directory, before any check across records.
#[derive(Debug, Clone)]
pub struct RawData {
    /// `sources.toml`.
    pub sources: FileRecords<SourceInput>,
    /// `persons.toml`.
    pub persons: FileRecords<PersonInput>,
    /// `organizations.toml`.
    pub organizations: FileRecords<OrganizationInput>,
    /// `offices.toml`.
    pub offices: FileRecords<OfficeInput>,
    /// `tenures.toml`.
    pub tenures: FileRecords<TenureInput>,
    /// `congresses.toml`.
    pub congresses: FileRecords<CongressInput>,
    /// `events.toml`.
    pub events: FileRecords<EventInput>,
    /// `places.toml`.
    pub places: FileRecords<PlaceInput>,
    /// Whether any file failed to parse; later checks then skip cross-references, which
    /// would only repeat the damage as dangling ids.
    pub incomplete: bool,
}

/// The text of one data file, or why it could not be read.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The file as shown in messages.
    pub file: String,
    /// The text, or a problem already worded for the user.
    pub text: Result<String, (usize, String)>,
}

/// The embedded data, named as it is in the repository.
pub fn embedded_files() -> Vec<SourceFile> {
    EMBEDDED_DATA
        .iter()
        .map(|(name, text)| SourceFile {
            file: format!("data/{name}"),
            text: Ok((*text).to_owned()),
        })
        .collect()
}

/// Reads the data files of a directory. Missing files stand for kinds with no records;
/// a directory with none of them, an unknown `.toml` file, an unreadable file, a file over
/// [`MAX_FILE_BYTES`] or a file that is not UTF-8 is a problem.
pub fn directory_files(dir: &Path, diagnostics: &mut Diagnostics) -> Vec<SourceFile> {
    let dir_origin = Origin {
        file: dir.display().to_string(),
        line: 0,
    };
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            diagnostics.push(&dir_origin, format!("cannot read the data directory: {e}"));
            return Vec::new();
        }
    };
    let mut unknown: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".toml") && !DATA_FILES.iter().any(|(f, _)| f == name))
        .collect();
    unknown.sort();
    let expected = DATA_FILES.map(|(f, _)| f).join(", ");
    for name in unknown {
        diagnostics.push(
            &Origin {
                file: dir.join(&name).display().to_string(),
                line: 1,
            },
            format!("unknown data file `{name}`: expected one of {expected}"),
        );
    }
    // Anything at a data file's path counts, even a link that leads nowhere: only a path
    // with nothing at all means "no records of that kind".
    let files: Vec<SourceFile> = DATA_FILES
        .iter()
        .map(|(name, _)| dir.join(name))
        .filter(|path| std::fs::symlink_metadata(path).is_ok())
        .map(|path| SourceFile {
            file: path.display().to_string(),
            text: regular_file(&path).and_then(|()| read_text(&path)),
        })
        .collect();
    if files.is_empty() {
        diagnostics.push(
            &dir_origin,
            format!("no data files in the directory: expected at least one of {expected}"),
        );
    }
    files
}

/// Whether a data file's path leads to a regular file: a link that leads nowhere (dangling,
/// or in a loop), a directory, a FIFO or a device is refused before it is opened, so that a
/// missing file is never mistaken for an empty kind and a FIFO never hangs the load.
fn regular_file(path: &Path) -> Result<(), (usize, String)> {
    match std::fs::metadata(path) {
        Err(e) => Err((
            0,
            format!(
                "is a symbolic link that leads to no file ({e}): point it at a data file or remove it"
            ),
        )),
        Ok(meta) if meta.is_dir() => Err((0, "is a directory, not a data file".to_owned())),
        Ok(meta) if !meta.is_file() => Err((
            0,
            "is not a regular file (a FIFO, a socket or a device): copy the data into a file"
                .to_owned(),
        )),
        Ok(_) => Ok(()),
    }
}

fn read_text(path: &Path) -> Result<String, (usize, String)> {
    let file = std::fs::File::open(path).map_err(|e| (1, format!("cannot open the file: {e}")))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| (1, format!("cannot read the file: {e}")))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err((
            1,
            format!(
                "file is larger than the {} MiB limit for a data file; split the data or check that this is the right file",
                MAX_FILE_BYTES / 1024 / 1024
            ),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
        (
            line,
            format!(
                "file is not valid UTF-8: byte {valid} (0x{:02x}) starts no character; save the file as UTF-8",
                bytes[valid]
            ),
        )
    })
}

/// Parses the files into records, pushing every syntax and shape problem found.
pub fn parse_files(files: &[SourceFile], diagnostics: &mut Diagnostics) -> RawData {
    let mut complete = true;
    let mut raw = RawData {
        sources: parse_named(files, 0, diagnostics, &mut complete),
        persons: parse_named(files, 1, diagnostics, &mut complete),
        organizations: parse_named(files, 2, diagnostics, &mut complete),
        offices: parse_named(files, 3, diagnostics, &mut complete),
        tenures: parse_named(files, 4, diagnostics, &mut complete),
        congresses: parse_named(files, 5, diagnostics, &mut complete),
        events: parse_named(files, 6, diagnostics, &mut complete),
        places: parse_named(files, 7, diagnostics, &mut complete),
        incomplete: false,
    };
    raw.incomplete = !complete;
    raw
}

/// Parses the file of the `index`th entry of [`DATA_FILES`], if it is among `files`.
fn parse_named<T: for<'de> Deserialize<'de>>(
    files: &[SourceFile],
    index: usize,
    diagnostics: &mut Diagnostics,
    complete: &mut bool,
) -> FileRecords<T> {
    let (name, table) = DATA_FILES[index];
    let file = files
        .iter()
        .find(|f| Path::new(&f.file).file_name().is_some_and(|n| n == name));
    let (records, ok) = parse_one(file, table, diagnostics);
    *complete &= ok;
    records
}

/// serde's type names, in the words of the data format.
fn plain_words(message: &str) -> String {
    message
        .replace("expected u32", "expected a whole number, such as 17")
        .replace("expected a sequence", "expected an array, such as [\"…\"]")
        .replace("expected a boolean", "expected true or false")
        .replace("expected a string", "expected a text in quotes")
}

/// Parses one file; the flag is false when anything in it could not be read.
fn parse_one<T: for<'de> Deserialize<'de>>(
    file: Option<&SourceFile>,
    table: &str,
    diagnostics: &mut Diagnostics,
) -> (FileRecords<T>, bool) {
    let Some(file) = file else {
        return (FileRecords::new(String::new(), ""), true);
    };
    let file_name = file.file.clone();
    let text = match &file.text {
        Ok(text) => text,
        Err((line, message)) => {
            let origin = Origin {
                file: file_name.clone(),
                line: *line,
            };
            diagnostics.push(&origin, message.clone());
            return (FileRecords::new(file_name, ""), false);
        }
    };
    let mut records = FileRecords::new(file_name, text);
    let (document, errors) = toml::de::DeTable::parse_recoverable(text);
    let mut ok = errors.is_empty();
    for error in errors {
        let offset = error.span().map_or(0, |s| s.start);
        let (column, line) = records.spot(offset);
        diagnostics.push_at(
            &records.origin(offset),
            column,
            line,
            format!("invalid TOML: {}", error.message().trim_end()),
        );
    }
    if !ok {
        return (records, false);
    }
    let document = document.into_inner();
    for (key, value) in document {
        let key_origin = records.origin(key.span().start);
        if key.get_ref().as_ref() != table {
            diagnostics.push(
                &key_origin,
                format!(
                    "unknown table `{}`: this file holds only `[[{table}]]` tables",
                    key.get_ref()
                ),
            );
            ok = false;
            continue;
        }
        let span = value.span();
        let toml::de::DeValue::Array(items) = value.into_inner() else {
            diagnostics.push(
                &records.origin(span.start),
                format!(
                    "`{table}` must be an array of tables: write `[[{table}]]`, not `[{table}]`"
                ),
            );
            ok = false;
            continue;
        };
        for item in items {
            let start = item.span().start;
            match T::deserialize(toml::de::ValueDeserializer::from(item)) {
                Ok(record) => {
                    let origin = records.origin(start);
                    records.records.push((origin, record));
                }
                Err(error) => {
                    let offset = error.span().map_or(start, |s| s.start);
                    let (column, line) = records.spot(offset);
                    diagnostics.push_at(
                        &records.origin(offset),
                        column,
                        line,
                        plain_words(error.message().trim_end()),
                    );
                    ok = false;
                }
            }
        }
    }
    (records, ok)
}
