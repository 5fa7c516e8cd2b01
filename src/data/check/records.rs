//! The check of each kind of record: its own fields, with the shared helpers of
//! [`super::Checker`] for ids, references, texts, citations and claims.

use super::{Checker, RecordKind};
use crate::data::model::{
    Congress, CongressKind, Event, Nature, Office, Organization, Origin, Person, Place, Source,
    Tenure,
};
use crate::data::read::{
    CongressInput, EventInput, FileRecords, OfficeInput, OrganizationInput, PersonInput,
    PlaceInput, SourceInput, TenureInput,
};
use toml::Spanned;

impl Checker {
    pub(super) fn source(
        &mut self,
        file: &FileRecords<SourceInput>,
        origin: &Origin,
        input: &SourceInput,
    ) -> Option<Source> {
        let entity = self.entity(file, origin, input.common(), true);
        if oxigraph::model::NamedNode::new(input.url.get_ref()).is_err()
            || !input.url.get_ref().starts_with("http")
        {
            let at = self.at(file, &input.url);
            self.diagnostics.push(
                &at,
                format!(
                    "`url` `{}` is not an absolute http(s) IRI",
                    input.url.get_ref()
                ),
            );
        }
        let language = input
            .language
            .as_ref()
            .map_or_else(|| "en".to_owned(), |l| l.get_ref().clone());
        if oxigraph::model::Literal::new_language_tagged_literal("", &language).is_err() {
            let at = input
                .language
                .as_ref()
                .map_or_else(|| origin.clone(), |l| self.at(file, l));
            self.diagnostics.push(
                &at,
                format!("`language` `{language}` is not a valid BCP 47 language tag, such as `en` or `ru`"),
            );
        }
        let about = input.about.as_ref().map(|about| {
            let id = about.get_ref();
            if self.check_references && !self.ids.contains_key(id) {
                let at = self.at(file, about);
                self.diagnostics.push(
                    &at,
                    format!("`about` names `{id}`, but no record has that id"),
                );
            }
            id.clone()
        });
        let retrieved = input.retrieved.as_ref().and_then(|day| match day
            .get_ref()
            .parse::<crate::data::date::PartialDate>(
        ) {
            Ok(date) if date.day_number().is_some() => Some(date),
            Ok(_) => {
                let at = self.at(file, day);
                self.diagnostics
                    .push(&at, "`retrieved` must be a day, `YYYY-MM-DD`");
                None
            }
            Err(e) => {
                let at = self.at(file, day);
                self.diagnostics.push(&at, format!("`retrieved`: {e}"));
                None
            }
        });
        let version = self.text(file, origin, "version", input.version.as_ref(), false);
        Some(Source {
            entity,
            about,
            retrieved,
            version,
            url: input.url.get_ref().clone(),
            language,
            footnotes: input.footnotes,
            infobox: input.infobox,
        })
    }

    pub(super) fn person(
        &mut self,
        file: &FileRecords<PersonInput>,
        origin: &Origin,
        input: &PersonInput,
    ) -> Person {
        let entity = self.cited_entity(file, origin, input.common(), true);
        self.require_russian(&entity, RecordKind::Person);
        let (born, died) = self.date_range(
            file,
            ("born", input.born.as_ref()),
            ("died", input.died.as_ref()),
        );
        Person { entity, born, died }
    }

    pub(super) fn organization(
        &mut self,
        file: &FileRecords<OrganizationInput>,
        origin: &Origin,
        input: &OrganizationInput,
    ) -> Organization {
        let entity = self.cited_entity(file, origin, input.common(), true);
        let (founded, dissolved) = self.date_range(
            file,
            ("founded", input.founded.as_ref()),
            ("dissolved", input.dissolved.as_ref()),
        );
        Organization {
            part_of: self.references(file, "part_of", &input.part_of, RecordKind::Organization),
            replaces: self.references(file, "replaces", &input.replaces, RecordKind::Organization),
            founders: self.references(file, "founders", &input.founders, RecordKind::Person),
            founded,
            dissolved,
            country: input.country,
            entity,
        }
    }

    pub(super) fn office(
        &mut self,
        file: &FileRecords<OfficeInput>,
        origin: &Origin,
        input: &OfficeInput,
    ) -> Office {
        let entity = self.cited_entity(file, origin, input.common(), true);
        self.require_russian(&entity, RecordKind::Office);
        let (formed, abolished) = self.date_range(
            file,
            ("formed", input.formed.as_ref()),
            ("abolished", input.abolished.as_ref()),
        );
        let organization = match &input.organization {
            Some(org) => self.reference(file, "organization", org, RecordKind::Organization),
            None => {
                self.diagnostics.push(
                    origin,
                    "missing `organization`: name the organization the post is in",
                );
                String::new()
            }
        };
        let wikidata_folded = input.wikidata_folded.as_ref().and_then(|folded| {
            let text = folded.get_ref().trim();
            if input.lineage.is_none() {
                let at = self.at(file, folded);
                self.diagnostics.push(
                    &at,
                    "`wikidata_folded` needs a `lineage`: it says the lineage's Wikidata item covers this office",
                );
                None
            } else if text.is_empty() {
                let at = self.at(file, folded);
                self.diagnostics.push(
                    &at,
                    "empty `wikidata_folded`: say which source or reconciliation shows the lineage's Wikidata item covers this office",
                );
                None
            } else {
                Some(text.to_owned())
            }
        });
        Office {
            wikidata_folded,
            lineage: self.optional_reference(
                file,
                "lineage",
                input.lineage.as_ref(),
                RecordKind::Office,
            ),
            organization,
            heads: input.heads,
            formed,
            abolished,
            replaces: self.references(file, "replaces", &input.replaces, RecordKind::Office),
            renamed_from: self.references(
                file,
                "renamed_from",
                &input.renamed_from,
                RecordKind::Office,
            ),
            appointed_by: self.optional_reference(
                file,
                "appointed_by",
                input.appointed_by.as_ref(),
                RecordKind::Organization,
            ),
            deputy: self.optional_reference(
                file,
                "deputy",
                input.deputy.as_ref(),
                RecordKind::Office,
            ),
            member_of: self.references(
                file,
                "member_of",
                &input.member_of,
                RecordKind::Organization,
            ),
            residence: self.optional_reference(
                file,
                "residence",
                input.residence.as_ref(),
                RecordKind::Place,
            ),
            seat: self.optional_reference(file, "seat", input.seat.as_ref(), RecordKind::Place),
            style: self.texts(file, "style", input.style.as_ref()),
            status: self.texts(file, "status", input.status.as_ref()),
            constituting_instrument: self.texts(
                file,
                "constituting_instrument",
                input.constituting_instrument.as_ref(),
            ),
            jurisdiction: self.optional_reference(
                file,
                "jurisdiction",
                input.jurisdiction.as_ref(),
                RecordKind::Organization,
            ),
            first_holders: self.references(
                file,
                "first_holders",
                &input.first_holders,
                RecordKind::Person,
            ),
            final_holders: self.references(
                file,
                "final_holders",
                &input.final_holders,
                RecordKind::Person,
            ),
            entity,
        }
    }

    pub(super) fn tenure(
        &mut self,
        file: &FileRecords<TenureInput>,
        origin: &Origin,
        input: &TenureInput,
    ) -> Tenure {
        let entity = self.cited_entity(file, origin, input.common(), false);
        let (start, end) = self.date_range(
            file,
            ("start", input.start.as_ref()),
            ("end", input.end.as_ref()),
        );
        let title = self.texts(file, "title", input.title.as_ref());
        for claim in &title {
            if claim.names_office.as_deref() == Some(input.office.get_ref().as_str()) {
                self.diagnostics.push(
                    &claim.origin,
                    "the title's `office` is the tenure's own `office`: name it only where a source gives another post",
                );
            }
        }
        let held = self.dates(file, "held", input.held.as_ref());
        let de_facto_of = self.optional_reference(
            file,
            "de_facto_of",
            input.de_facto_of.as_ref(),
            RecordKind::Office,
        );
        if let Some(span) = &input.de_facto_of
            && !input.de_facto
        {
            let at = self.at(file, span);
            self.diagnostics.push(
                &at,
                "`de_facto_of` names the office whose role a de facto tenure filled: set `de_facto = true` or drop it",
            );
        }
        let nature = match (input.acting, input.de_facto) {
            (true, true) => {
                self.diagnostics.push(
                    origin,
                    "a tenure cannot be both `acting` and `de_facto`: keep the one the source says",
                );
                Nature::Acting
            }
            (true, false) => Nature::Acting,
            (false, true) => Nature::DeFacto,
            (false, false) => Nature::Regular,
        };
        let id = entity.id.clone();
        let neighbour = |checker: &mut Self, field: &str, value: Option<&Spanned<String>>| {
            let reference = checker.optional_reference(file, field, value, RecordKind::Tenure);
            if let (Some(r), Some(value)) = (&reference, value)
                && *r == id
            {
                let at = checker.at(file, value);
                checker.diagnostics.push(
                    &at,
                    format!("tenure `{id}` names itself as its own {field}"),
                );
            }
            reference
        };
        Tenure {
            person: self.reference(file, "person", &input.person, RecordKind::Person),
            office: self.reference(file, "office", &input.office, RecordKind::Office),
            title,
            start,
            end,
            held,
            de_facto_of,
            nature,
            predecessor: neighbour(self, "predecessor", input.predecessor.as_ref()),
            successor: neighbour(self, "successor", input.successor.as_ref()),
            entity,
        }
    }

    /// Only a tenure's claims can belong to a reading that names another post.
    fn no_other_readings(
        &mut self,
        claims: &[crate::data::model::Claim<crate::data::date::PartialDate>],
    ) {
        for claim in claims.iter().filter(|c| c.names_office.is_some()) {
            self.diagnostics.push(
                &claim.origin,
                "`office` on a claim of a record that is no tenure: only a tenure's title, start or end can belong to a reading that names another post",
            );
        }
    }

    pub(super) fn congress(
        &mut self,
        file: &FileRecords<CongressInput>,
        origin: &Origin,
        input: &CongressInput,
    ) -> Congress {
        let entity = self.cited_entity(file, origin, input.common(), true);
        let kind = match input.kind.get_ref().as_str() {
            "congress" => CongressKind::Congress,
            "plenum" => CongressKind::Plenum,
            other => {
                let at = self.at(file, &input.kind);
                self.diagnostics.push(
                    &at,
                    format!("`kind` `{other}` is not known: write `congress` or `plenum`"),
                );
                CongressKind::Congress
            }
        };
        let (start, end) = self.date_range(
            file,
            ("start", input.start.as_ref()),
            ("end", input.end.as_ref()),
        );
        self.no_other_readings(&start);
        self.no_other_readings(&end);
        Congress {
            kind,
            ordinal: input.ordinal.as_ref().map(|o| *o.get_ref()),
            organizer: self.reference(
                file,
                "organizer",
                &input.organizer,
                RecordKind::Organization,
            ),
            start,
            end,
            location: self.optional_reference(
                file,
                "location",
                input.location.as_ref(),
                RecordKind::Place,
            ),
            entity,
        }
    }

    pub(super) fn event(
        &mut self,
        file: &FileRecords<EventInput>,
        origin: &Origin,
        input: &EventInput,
    ) -> Event {
        let entity = self.cited_entity(file, origin, input.common(), true);
        let (date, end) = self.date_range(
            file,
            ("date", input.date.as_ref()),
            ("end", input.end.as_ref()),
        );
        self.no_other_readings(&end);
        let period = self.text(file, origin, "period", input.period.as_ref(), false);
        if date.is_empty() && period.is_none() && input.date.is_none() {
            self.diagnostics.push(
                origin,
                "event has neither `date` nor `period`: give the date as the source has it, or its wording in `period`",
            );
        }
        Event {
            date,
            end,
            period,
            participants: self.references(
                file,
                "participants",
                &input.participants,
                RecordKind::Person,
            ),
            offices: self.references(file, "offices", &input.offices, RecordKind::Office),
            organizations: self.references(
                file,
                "organizations",
                &input.organizations,
                RecordKind::Organization,
            ),
            congress: self.optional_reference(
                file,
                "congress",
                input.congress.as_ref(),
                RecordKind::Congress,
            ),
            location: self.optional_reference(
                file,
                "location",
                input.location.as_ref(),
                RecordKind::Place,
            ),
            starts: self.references(file, "starts", &input.starts, RecordKind::Tenure),
            ends: self.references(file, "ends", &input.ends, RecordKind::Tenure),
            entity,
        }
    }

    pub(super) fn place(
        &mut self,
        file: &FileRecords<PlaceInput>,
        origin: &Origin,
        input: &PlaceInput,
    ) -> Place {
        let entity = self.cited_entity(file, origin, input.common(), true);
        Place {
            contained_in: self.optional_reference(
                file,
                "contained_in",
                input.contained_in.as_ref(),
                RecordKind::Place,
            ),
            entity,
        }
    }
}
