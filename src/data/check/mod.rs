//! Checks: spanned input records in, a [`Dataset`] out, or every problem found.
//!
//! Each check is a small function that pushes `file:line: message` diagnostics. All of
//! them run; the caller gets the sorted list. Checks never touch RDF or the store.

use crate::data::date::PartialDate;
use crate::data::diagnostic::{DataError, Diagnostics};
use crate::data::model::{AltLabel, Citation, Claim, Dataset, Entity, Locator, Origin};
use crate::data::read::{AltLabelInput, CiteInput, ClaimsInput, CommonInput, FileRecords, RawData};
use std::collections::BTreeMap;
use std::fmt;
use toml::Spanned;

mod records;
mod text;

/// The kinds of record, for messages and reference checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    /// `[[source]]`
    Source,
    /// `[[person]]`
    Person,
    /// `[[organization]]`
    Organization,
    /// `[[office]]`
    Office,
    /// `[[tenure]]`
    Tenure,
    /// `[[congress]]`
    Congress,
    /// `[[event]]`
    Event,
    /// `[[place]]`
    Place,
}

impl fmt::Display for RecordKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Source => "source",
            Self::Person => "person",
            Self::Organization => "organization",
            Self::Office => "office",
            Self::Tenure => "tenure",
            Self::Congress => "congress",
            Self::Event => "event",
            Self::Place => "place",
        })
    }
}

/// Checks the raw records and builds the dataset, or reports every problem.
pub fn check(raw: &RawData) -> Result<Dataset, DataError> {
    let mut checker = Checker {
        diagnostics: Diagnostics::default(),
        ids: BTreeMap::new(),
        sources: BTreeMap::new(),
        check_references: !raw.incomplete,
    };
    checker.index(raw);
    let mut data = Dataset::default();
    for (origin, input) in &raw.sources.records {
        if let Some(source) = checker.source(&raw.sources, origin, input) {
            data.sources.insert(source.entity.id.clone(), source);
        }
    }
    for (origin, input) in &raw.persons.records {
        let person = checker.person(&raw.persons, origin, input);
        data.persons.insert(person.entity.id.clone(), person);
    }
    for (origin, input) in &raw.organizations.records {
        let organization = checker.organization(&raw.organizations, origin, input);
        data.organizations
            .insert(organization.entity.id.clone(), organization);
    }
    for (origin, input) in &raw.offices.records {
        let office = checker.office(&raw.offices, origin, input);
        data.offices.insert(office.entity.id.clone(), office);
    }
    for (origin, input) in &raw.tenures.records {
        let tenure = checker.tenure(&raw.tenures, origin, input);
        data.tenures.insert(tenure.entity.id.clone(), tenure);
    }
    for (origin, input) in &raw.congresses.records {
        let congress = checker.congress(&raw.congresses, origin, input);
        data.congresses.insert(congress.entity.id.clone(), congress);
    }
    for (origin, input) in &raw.events.records {
        let event = checker.event(&raw.events, origin, input);
        data.events.insert(event.entity.id.clone(), event);
    }
    for (origin, input) in &raw.places.records {
        let place = checker.place(&raw.places, origin, input);
        data.places.insert(place.entity.id.clone(), place);
    }
    if checker.check_references {
        check_succession(&data, &mut checker.diagnostics);
    }
    checker.diagnostics.finish(data)
}

struct Checker {
    diagnostics: Diagnostics,
    /// Every id, with its kind and where it was first declared.
    ids: BTreeMap<String, (RecordKind, Origin)>,
    /// Footnote counts and infobox flags of the sources, for citation checks.
    sources: BTreeMap<String, (u32, bool)>,
    /// False when a file failed to parse, so that its missing ids are not reported again
    /// as dangling references.
    check_references: bool,
}

/// Whether an id is a plain slug: lowercase ASCII letters and digits in `-`-separated words.
pub fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// The Wikidata classes the project's reference notes verify, for `wikidata_class`.
pub const VERIFIED_CLASSES: [(&str, &str); 6] = [
    ("Q5", "human"),
    ("Q4164871", "position"),
    ("Q294414", "public office"),
    ("Q7278", "political party"),
    ("Q45382", "coup d'état"),
    ("Q481289", "official residence"),
];

/// Whether a text is a Wikidata item id such as `Q1048744`.
pub fn is_wikidata_item(id: &str) -> bool {
    id.strip_prefix('Q').is_some_and(|digits| {
        !digits.is_empty() && !digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit())
    })
}

impl Checker {
    fn at<T>(&self, file: &FileRecords<T>, value: &Spanned<impl Sized>) -> Origin {
        file.origin(value.span().start)
    }

    /// Collects every id first, so references can point forward and across files.
    fn index(&mut self, raw: &RawData) {
        fn ids<T>(
            checker: &mut Checker,
            file: &FileRecords<T>,
            kind: RecordKind,
            id: impl Fn(&T) -> &Spanned<String>,
        ) {
            for (_, record) in &file.records {
                let id = id(record);
                let origin = checker.at(file, id);
                let text = id.get_ref();
                if !is_slug(text) {
                    let hint = suggest_slug(text).map_or_else(
                        || {
                            "; write it in Latin letters, as a transliteration of the name"
                                .to_owned()
                        },
                        |slug| format!(", such as `{slug}`"),
                    );
                    checker.diagnostics.push(
                        &origin,
                        format!(
                            "id `{text}` is not a plain slug: use lowercase ASCII letters, digits and single `-` between words{hint}"
                        ),
                    );
                }
                if let Some((other_kind, other)) = checker.ids.get(text) {
                    let message = format!(
                        "duplicate id `{text}`: already used by the {other_kind} at {other}; ids must be unique across all data files"
                    );
                    checker.diagnostics.push(&origin, message);
                } else {
                    checker.ids.insert(text.clone(), (kind, origin));
                }
            }
        }
        ids(self, &raw.sources, RecordKind::Source, |r| &r.id);
        ids(self, &raw.persons, RecordKind::Person, |r| &r.id);
        ids(self, &raw.organizations, RecordKind::Organization, |r| {
            &r.id
        });
        ids(self, &raw.offices, RecordKind::Office, |r| &r.id);
        ids(self, &raw.tenures, RecordKind::Tenure, |r| &r.id);
        ids(self, &raw.congresses, RecordKind::Congress, |r| &r.id);
        ids(self, &raw.events, RecordKind::Event, |r| &r.id);
        ids(self, &raw.places, RecordKind::Place, |r| &r.id);
        for (_, source) in &raw.sources.records {
            self.sources.insert(
                source.id.get_ref().clone(),
                (source.footnotes, source.infobox),
            );
        }
    }

    /// Checks that `reference` names a record of `kind`; returns the id either way.
    fn reference<T>(
        &mut self,
        file: &FileRecords<T>,
        field: &str,
        reference: &Spanned<String>,
        kind: RecordKind,
    ) -> String {
        let id = reference.get_ref();
        if self.check_references {
            let origin = self.at(file, reference);
            match self.ids.get(id) {
                Some((found, _)) if *found == kind => {}
                Some((found, at)) => {
                    let message =
                        format!("`{field}` must name a {kind}, but `{id}` is the {found} at {at}");
                    self.diagnostics.push(&origin, message);
                }
                None => {
                    let same_kind = self
                        .ids
                        .iter()
                        .filter(|(_, (k, _))| *k == kind)
                        .map(|(other, _)| other.as_str());
                    let hint = crate::suggest::did_you_mean(id, same_kind)
                        .unwrap_or_else(|| format!("no {kind} has that id"));
                    self.diagnostics.push(
                        &origin,
                        format!("`{field}` names unknown {kind} `{id}`: {hint}"),
                    );
                }
            }
        }
        id.clone()
    }

    fn references<T>(
        &mut self,
        file: &FileRecords<T>,
        field: &str,
        references: &[Spanned<String>],
        kind: RecordKind,
    ) -> Vec<String> {
        references
            .iter()
            .map(|r| self.reference(file, field, r, kind))
            .collect()
    }

    fn optional_reference<T>(
        &mut self,
        file: &FileRecords<T>,
        field: &str,
        reference: Option<&Spanned<String>>,
        kind: RecordKind,
    ) -> Option<String> {
        reference.map(|r| self.reference(file, field, r, kind))
    }

    fn citations<T>(&mut self, file: &FileRecords<T>, cite: &[CiteInput]) -> Vec<Citation> {
        let mut citations = Vec::new();
        for input in cite {
            let origin = self.at(file, &input.source);
            let source = input.source.get_ref();
            let known = self.sources.get(source).copied();
            if known.is_none() && self.check_references {
                let hint =
                    crate::suggest::did_you_mean(source, self.sources.keys().map(String::as_str))
                        .unwrap_or_else(|| {
                            "add it to sources.toml or cite a known source".to_owned()
                        });
                self.diagnostics.push(
                    &origin,
                    format!("citation of unknown source `{source}`: {hint}"),
                );
            }
            if input.infobox {
                if let Some((_, false)) = known {
                    self.diagnostics.push(
                        &origin,
                        format!("source `{source}` has no infobox to cite; set `infobox = true` on the source or drop it here"),
                    );
                }
                citations.push(Citation {
                    source: source.clone(),
                    locator: Locator::Infobox,
                });
            }
            for &footnote in &input.footnotes {
                if let Some((count, _)) = known
                    && (footnote == 0 || footnote > count)
                {
                    let range = if count == 0 {
                        "has no footnotes".to_owned()
                    } else {
                        format!("has footnotes 1 to {count}")
                    };
                    self.diagnostics.push(
                        &origin,
                        format!("footnote {footnote} is not in source `{source}`, which {range}"),
                    );
                }
                citations.push(Citation {
                    source: source.clone(),
                    locator: Locator::Footnote(footnote),
                });
            }
            if !input.infobox && input.footnotes.is_empty() {
                citations.push(Citation {
                    source: source.clone(),
                    locator: Locator::Whole,
                });
            }
        }
        citations.sort();
        citations.dedup();
        citations
    }

    fn text<T>(
        &mut self,
        file: &FileRecords<T>,
        record: &Origin,
        field: &str,
        value: Option<&Spanned<String>>,
        required: bool,
    ) -> Option<String> {
        match value {
            None if required => {
                self.diagnostics
                    .push(record, format!("missing `{field}`: every record needs one"));
                None
            }
            None => None,
            Some(value) => {
                if let Some(problem) = text::problem(value.get_ref()) {
                    let origin = self.at(file, value);
                    self.diagnostics
                        .push(&origin, format!("`{field}` {problem}"));
                    if value.get_ref().trim().is_empty() {
                        return None;
                    }
                }
                Some(value.get_ref().trim().to_owned())
            }
        }
    }

    fn entity<T>(
        &mut self,
        file: &FileRecords<T>,
        origin: &Origin,
        input: CommonInput<'_>,
        needs_label: bool,
    ) -> Entity {
        let CommonInput {
            id,
            label_en,
            label_ru,
            label_ru_cite,
            label_ru_by,
            alt_labels,
            description,
            description_wikidata,
            wikidata,
            wikidata_source,
            wikidata_class,
            wikidata_candidates,
            wikidata_candidates_note,
            note,
            cite,
        } = input;
        let label_en = self
            .text(file, origin, "label_en", label_en, needs_label)
            .unwrap_or_default();
        let label_ru = self.text(file, origin, "label_ru", label_ru, false);
        let label_ru_by = self.text(file, origin, "label_ru_by", label_ru_by, false);
        let description = self
            .text(file, origin, "description", description, true)
            .unwrap_or_default();
        let alt_labels = self.alt_labels(file, origin, alt_labels);
        for q in wikidata_candidates {
            if !is_wikidata_item(q.get_ref()) {
                let at = self.at(file, q);
                self.diagnostics.push(
                    &at,
                    format!(
                        "`wikidata_candidates`: `{}` is not a Wikidata item id: write `Q` and the digits, such as `Q79854`",
                        q.get_ref()
                    ),
                );
            }
        }
        if let (Some(span), true) = (wikidata_candidates_note, wikidata_candidates.is_empty()) {
            let at = self.at(file, span);
            self.diagnostics.push(
                &at,
                "`wikidata_candidates_note` without `wikidata_candidates`: it says what the reference notes say of the candidate ids",
            );
        }
        let wikidata_candidates_note = self.text(
            file,
            origin,
            "wikidata_candidates_note",
            wikidata_candidates_note,
            false,
        );
        if let (Some(q), Some(first)) = (wikidata, wikidata_candidates.first()) {
            let at = self.at(file, first);
            self.diagnostics.push(
                &at,
                format!(
                    "`wikidata_candidates` beside the verified `wikidata = \"{}\"`: drop the candidates once an id is verified",
                    q.get_ref()
                ),
            );
        }
        if let Some(q) = wikidata
            && !is_wikidata_item(q.get_ref())
        {
            let at = self.at(file, q);
            self.diagnostics.push(
                &at,
                format!(
                    "`{}` is not a Wikidata item id: write `Q` and the digits, such as `Q1048744`",
                    q.get_ref()
                ),
            );
        }
        let description_wikidata = self.text(
            file,
            origin,
            "description_wikidata",
            description_wikidata,
            false,
        );
        if let (Some(text), Some(span)) = (&description_wikidata, input.description_wikidata)
            && let Some(problem) = crate::data::model::style_problem(text)
        {
            let at = self.at(file, span);
            self.diagnostics
                .push(&at, format!("`description_wikidata` {problem}"));
        }
        if let Some(class) = wikidata_class
            && !VERIFIED_CLASSES.iter().any(|(q, _)| q == class.get_ref())
        {
            let at = self.at(file, class);
            let known: Vec<String> = VERIFIED_CLASSES
                .iter()
                .map(|(q, label)| format!("{q} ({label})"))
                .collect();
            self.diagnostics.push(
                &at,
                format!(
                    "`wikidata_class` `{}` is not a class the reference notes verify: use one of {}",
                    class.get_ref(),
                    known.join(", ")
                ),
            );
        }
        let source_span = wikidata_source;
        let wikidata_source = self.text(file, origin, "wikidata_source", wikidata_source, false);
        match (wikidata, source_span) {
            (Some(q), None) => {
                let at = self.at(file, q);
                self.diagnostics.push(
                    &at,
                    "`wikidata` needs `wikidata_source`: say how the id was matched (the reference notes that verify it, or a reconciliation)",
                );
            }
            (None, Some(span)) => {
                let at = self.at(file, span);
                self.diagnostics.push(
                    &at,
                    "`wikidata_source` without `wikidata`: it says how a Wikidata id was matched",
                );
            }
            _ => {}
        }
        Entity {
            id: id.get_ref().clone(),
            label_en,
            label_ru,
            label_ru_cite: self.citations(file, label_ru_cite),
            label_ru_by,
            alt_labels,
            description,
            wikidata: wikidata.map(|q| q.get_ref().clone()),
            wikidata_source,
            wikidata_class: wikidata_class.map(|c| c.get_ref().clone()),
            wikidata_candidates: wikidata_candidates
                .iter()
                .map(|q| q.get_ref().clone())
                .collect(),
            wikidata_candidates_note,
            description_wikidata,
            note: self.text(file, origin, "note", note, false),
            cite: self.citations(file, cite),
            origin: origin.clone(),
        }
    }

    /// Every alternative name says where it comes from, as a Russian label does: the
    /// citations of a source that gives it, or who wrote it.
    fn alt_labels<T>(
        &mut self,
        file: &FileRecords<T>,
        origin: &Origin,
        input: Option<&Spanned<Vec<AltLabelInput>>>,
    ) -> Vec<AltLabel> {
        let Some(input) = input else {
            return Vec::new();
        };
        let field = self.at(file, input);
        let mut labels: Vec<AltLabel> = Vec::new();
        for label in input.get_ref() {
            let table = match label {
                AltLabelInput::Plain(text) => {
                    self.diagnostics.push(
                        &field,
                        format!(
                            "`alt_labels` name \"{text}\" has no support: write `{{ value = \"{text}\", cite = [{{ source = \"…\" }}] }}` with a source that gives it, or `{{ value = \"{text}\", by = \"…\" }}` with who wrote it"
                        ),
                    );
                    continue;
                }
                AltLabelInput::Table(table) => table,
            };
            let at = self.at(file, &table.value);
            let Some(value) = self.text(file, origin, "alt_labels", Some(&table.value), false)
            else {
                continue;
            };
            let by = self.text(file, origin, "by", table.by.as_ref(), false);
            let cite = self.citations(file, &table.cite);
            match (cite.is_empty(), &by) {
                (true, None) => self.diagnostics.push(
                    &at,
                    format!("`alt_labels` name \"{value}\" has no support: add `cite = [{{ source = \"…\" }}]` with a source that gives it, or `by = \"…\"` with who wrote it"),
                ),
                (false, Some(_)) => self.diagnostics.push(
                    &at,
                    format!("`alt_labels` name \"{value}\" has both `cite` and `by`: keep the citation if a source gives the name, else say who wrote it"),
                ),
                _ => {}
            }
            let label = AltLabel { value, cite, by };
            if labels.iter().any(|l| l.slug() == label.slug()) || label.slug().is_empty() {
                self.diagnostics.push(
                    &at,
                    format!(
                        "`alt_labels` name \"{}\" repeats another of the record's names, or has no letters: give each name once",
                        label.value
                    ),
                );
                continue;
            }
            labels.push(label);
        }
        labels
    }

    /// Persons and offices are named in Russian too: the graph promises every person's name
    /// in Cyrillic and every office's Russian title.
    fn require_russian(&mut self, entity: &Entity, kind: RecordKind) {
        if entity.label_ru.is_none() {
            self.diagnostics.push(
                &entity.origin,
                format!("missing `label_ru`: every {kind} is also named in Russian, in Cyrillic"),
            );
        }
    }

    /// The shared fields of a record that must be cited, as every kind but sources is.
    fn cited_entity<T>(
        &mut self,
        file: &FileRecords<T>,
        origin: &Origin,
        input: CommonInput<'_>,
        needs_label: bool,
    ) -> Entity {
        let entity = self.entity(file, origin, input, needs_label);
        self.require_citation(&entity);
        self.require_russian_support(file, origin, input);
        entity
    }

    /// A Russian label says where it comes from: the citations of a source that gives it,
    /// or who wrote it. The record's own citations do not vouch for it, since the source
    /// article names almost nobody in Russian.
    fn require_russian_support<T>(
        &mut self,
        file: &FileRecords<T>,
        origin: &Origin,
        input: CommonInput<'_>,
    ) {
        let cited = !input.label_ru_cite.is_empty();
        let at = |checker: &Self, value: Option<&Spanned<String>>| {
            value.map_or_else(|| origin.clone(), |v| checker.at(file, v))
        };
        match (input.label_ru, cited, input.label_ru_by) {
            (Some(label), false, None) => {
                let at = at(self, Some(label));
                self.diagnostics.push(
                    &at,
                    "`label_ru` has no support: cite a source that gives it with `label_ru_cite = [{ source = \"…\" }]`, or say who wrote it with `label_ru_by`",
                );
            }
            (Some(_), true, Some(by)) => {
                let at = at(self, Some(by));
                self.diagnostics.push(
                    &at,
                    "`label_ru` has both `label_ru_cite` and `label_ru_by`: keep the citation if a source gives the name, else say who wrote it",
                );
            }
            (None, true, by) | (None, _, by @ Some(_)) => {
                let at = at(self, by);
                self.diagnostics.push(
                    &at,
                    "`label_ru_cite` or `label_ru_by` without `label_ru`: write the Russian label or drop them",
                );
            }
            _ => {}
        }
    }

    /// Reads a pair of date fields, such as `start` and `end`, and checks their order.
    fn date_range<T>(
        &mut self,
        file: &FileRecords<T>,
        (start_field, start): (&str, Option<&Spanned<ClaimsInput>>),
        (end_field, end): (&str, Option<&Spanned<ClaimsInput>>),
    ) -> (Vec<Claim<PartialDate>>, Vec<Claim<PartialDate>>) {
        let start = self.dates(file, start_field, start);
        let end = self.dates(file, end_field, end);
        self.check_order(start_field, &start, end_field, &end);
        (start, end)
    }

    fn require_citation(&mut self, entity: &Entity) {
        if entity.cite.is_empty() {
            self.diagnostics.push(
                &entity.origin,
                format!(
                    "`{}` has no citation: add `cite = [{{ source = \"…\", footnotes = […] }}]`",
                    entity.id
                ),
            );
        }
    }

    /// Reads a claimed field; `parse` turns each written value into the field's type.
    /// Every claim must carry its own citations: a value never borrows its record's, since
    /// a record is often cited to sources that do not give every one of its values.
    fn claims<T, V>(
        &mut self,
        file: &FileRecords<T>,
        field: &str,
        input: Option<&Spanned<ClaimsInput>>,
        parse: impl Fn(&str) -> Result<V, String>,
    ) -> Vec<Claim<V>>
    where
        V: PartialEq,
    {
        let Some(input) = input else {
            return Vec::new();
        };
        let field_origin = self.at(file, input);
        let mut claims: Vec<Claim<V>> = Vec::new();
        let mut push = |checker: &mut Self,
                        origin: Origin,
                        text: &str,
                        cite: Vec<Citation>,
                        note,
                        julian,
                        names_office| {
            match parse(text) {
                Ok(value) => {
                    if claims.iter().any(|c| c.value == value) {
                        checker.diagnostics.push(
                            &origin,
                            format!("`{field}` claims `{text}` twice: merge the two claims' citations into one"),
                        );
                    } else {
                        claims.push(Claim {
                            value,
                            cite,
                            note,
                            julian,
                            names_office,
                            origin,
                        });
                    }
                }
                Err(message) => checker
                    .diagnostics
                    .push(&origin, format!("`{field}`: {message}")),
            }
        };
        match input.get_ref() {
            ClaimsInput::Plain(text) => {
                self.diagnostics.push(
                    &field_origin,
                    format!(
                        "`{field}` = \"{text}\" has no citation of its own: write `{field} = [{{ value = \"{text}\", cite = [{{ source = \"…\" }}] }}]` with the source that gives this value"
                    ),
                );
            }
            ClaimsInput::Claims(list) if list.is_empty() => {
                self.diagnostics.push(
                    &field_origin,
                    format!(
                        "`{field}` is an empty list: give at least one claim or drop the field"
                    ),
                );
            }
            ClaimsInput::Claims(list) => {
                for claim in list {
                    let claim = claim.get_ref();
                    let cite = self.citations(file, &claim.cite);
                    if cite.is_empty() {
                        let at = self.at(file, &claim.value);
                        self.diagnostics.push(
                            &at,
                            format!(
                                "`{field}` claim `{}` has no citation: add `cite = [{{ source = \"…\" }}]` with the source that gives this value",
                                claim.value.get_ref()
                            ),
                        );
                        continue;
                    }
                    let julian = claim.julian.as_ref().and_then(|j| {
                        match j.get_ref().parse::<PartialDate>() {
                            Ok(date) => Some(date),
                            Err(e) => {
                                let at = self.at(file, j);
                                self.diagnostics.push(&at, format!("`julian`: {e}"));
                                None
                            }
                        }
                    });
                    let value_origin = self.at(file, &claim.value);
                    let note = self.text(file, &value_origin, "note", claim.note.as_ref(), false);
                    let names_office = claim.office.as_ref().and_then(|office| {
                        if matches!(field, "title" | "start" | "end") {
                            self.optional_reference(file, "office", Some(office), RecordKind::Office)
                        } else {
                            let at = self.at(file, office);
                            self.diagnostics.push(
                                &at,
                                format!("`office` on a `{field}` claim: only a tenure's title, start or end can belong to a reading that names another post"),
                            );
                            None
                        }
                    });
                    push(
                        self,
                        value_origin,
                        claim.value.get_ref(),
                        cite,
                        note,
                        julian,
                        names_office,
                    );
                }
            }
        }
        claims
    }

    fn dates<T>(
        &mut self,
        file: &FileRecords<T>,
        field: &str,
        input: Option<&Spanned<ClaimsInput>>,
    ) -> Vec<Claim<PartialDate>> {
        self.claims(file, field, input, |text| {
            text.parse::<PartialDate>().map_err(|e| e.to_string())
        })
    }

    /// Reads a claimed text field, such as a title held.
    fn texts<T>(
        &mut self,
        file: &FileRecords<T>,
        field: &str,
        input: Option<&Spanned<ClaimsInput>>,
    ) -> Vec<Claim<String>> {
        self.claims(file, field, input, |text| match text::problem(text) {
            Some(problem) => Err(format!("the text {problem}")),
            None => Ok(text.to_owned()),
        })
    }

    /// Every start must be on or before every end, where the precision lets us tell.
    fn check_order(
        &mut self,
        start_field: &str,
        start: &[Claim<PartialDate>],
        end_field: &str,
        end: &[Claim<PartialDate>],
    ) {
        for s in start {
            for e in end {
                if e.value.definite_cmp(&s.value) == Some(std::cmp::Ordering::Less) {
                    self.diagnostics.push(
                        &e.origin,
                        format!(
                            "`{end_field}` {} is before `{start_field}` {} (at line {}): an end cannot come before its start",
                            e.value, s.value, s.origin.line
                        ),
                    );
                }
            }
        }
    }
}

/// A tenure's successor must name it as predecessor, and the other way round.
fn check_succession(data: &Dataset, diagnostics: &mut Diagnostics) {
    for tenure in data.tenures.values() {
        if let Some(next) = tenure.successor.as_ref().and_then(|s| data.tenures.get(s))
            && next.predecessor.as_deref() != Some(&tenure.entity.id)
        {
            let named = next.predecessor.as_ref().map_or_else(
                || "no predecessor".to_owned(),
                |p| format!("`{p}` as predecessor"),
            );
            diagnostics.push(
                &tenure.entity.origin,
                format!(
                    "tenure `{}` names `{}` as successor, but `{}` names {named}: set `predecessor = \"{}\"` there",
                    tenure.entity.id, next.entity.id, next.entity.id, tenure.entity.id
                ),
            );
        }
        if let Some(previous) = tenure
            .predecessor
            .as_ref()
            .and_then(|p| data.tenures.get(p))
            && previous.successor.as_deref() != Some(&tenure.entity.id)
        {
            let named = previous.successor.as_ref().map_or_else(
                || "no successor".to_owned(),
                |s| format!("`{s}` as successor"),
            );
            diagnostics.push(
                &tenure.entity.origin,
                format!(
                    "tenure `{}` names `{}` as predecessor, but `{}` names {named}: set `successor = \"{}\"` there",
                    tenure.entity.id, previous.entity.id, previous.entity.id, tenure.entity.id
                ),
            );
        }
    }
}

/// A slug close to `text`, for the hint in a bad-id message; `None` when `text` has no
/// ASCII letter or digit to keep (a Cyrillic id, say), since any slug would be a guess.
fn suggest_slug(text: &str) -> Option<String> {
    let mut slug = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-').to_owned();
    (!slug.is_empty()).then_some(slug)
}

/// Reads and checks a data directory, or the embedded data when `dir` is `None`.
pub fn load(dir: Option<&std::path::Path>) -> Result<Dataset, DataError> {
    let mut diagnostics = Diagnostics::default();
    let files = match dir {
        Some(dir) => crate::data::read::directory_files(dir, &mut diagnostics),
        None => crate::data::read::embedded_files(),
    };
    load_files(&files, diagnostics)
}

/// Parses and checks data files already in memory, adding to problems already found.
pub fn load_files(
    files: &[crate::data::read::SourceFile],
    mut diagnostics: Diagnostics,
) -> Result<Dataset, DataError> {
    let raw = crate::data::read::parse_files(files, &mut diagnostics);
    let checked = check(&raw);
    match (diagnostics.finish(()), checked) {
        (Ok(()), Ok(data)) => Ok(data),
        (Err(DataError(mut a)), Err(DataError(b))) => {
            a.extend(b);
            a.sort();
            a.dedup();
            Err(DataError(a))
        }
        (Err(e), Ok(_)) | (Ok(()), Err(e)) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        for good in ["stalin", "general-secretary-1966", "congress-19", "a1"] {
            assert!(is_slug(good), "{good}");
        }
        for bad in [
            "",
            "Stalin",
            "first secretary",
            "a/b",
            "сталин",
            "a--b",
            "-a",
            "a-",
            "a_b",
        ] {
            assert!(!is_slug(bad), "{bad}");
        }
    }

    #[test]
    fn wikidata_ids() {
        assert!(is_wikidata_item("Q1048744"));
        for bad in ["Q", "Q0", "Q01", "P31", "q855", "Q85x"] {
            assert!(!is_wikidata_item(bad), "{bad}");
        }
    }

    #[test]
    fn slug_suggestions() {
        assert_eq!(
            suggest_slug("First Secretary").as_deref(),
            Some("first-secretary")
        );
        assert_eq!(suggest_slug("сталин"), None);
    }
}
