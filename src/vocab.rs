//! Every IRI the project writes, declared once, one submodule per namespace.
//!
//! Mapping code uses these constants and never spells an IRI itself. The project's own
//! namespace, [`cpsu`], is checked against `ontology/cpsu.ttl` by a test: a term used here
//! must be declared there.
//!
//! Entity IRIs are not constants: they live under a base IRI that `--base-iri` changes, in
//! one folder per kind (see [`EntityKind`]).

use oxigraph::model::NamedNodeRef;

pub use oxigraph::model::vocab::{rdf, rdfs, xsd};

/// Declares one namespace: its prefix, its IRI and a constant per term.
macro_rules! namespace {
    ($(#[$doc:meta])* $module:ident, $prefix:literal, $iri:literal, { $($(#[$tdoc:meta])* $name:ident = $local:literal,)* }) => {
        $(#[$doc])*
        pub mod $module {
            use super::NamedNodeRef;
            /// The prefix the project writes for this namespace.
            pub const PREFIX: &str = $prefix;
            /// The namespace IRI.
            pub const NAMESPACE: &str = $iri;
            $(
                $(#[$tdoc])*
                pub const $name: NamedNodeRef<'static> = NamedNodeRef::new_unchecked(concat!($iri, $local));
            )*
            /// Every term of the namespace that the project uses.
            pub const ALL: &[NamedNodeRef<'static>] = &[$($name),*];
        }
    };
}

namespace!(
    /// OWL, for the ontology and for `owl:sameAs` links to Wikidata.
    owl, "owl", "http://www.w3.org/2002/07/owl#", {
    /// `owl:Ontology`
    ONTOLOGY = "Ontology",
    /// `owl:Class`
    CLASS = "Class",
    /// `owl:ObjectProperty`
    OBJECT_PROPERTY = "ObjectProperty",
    /// `owl:DatatypeProperty`
    DATATYPE_PROPERTY = "DatatypeProperty",
    /// `owl:sameAs`
    SAME_AS = "sameAs",
});

namespace!(
    /// schema.org, over `http://` as Wikidata and most stores write it.
    schema, "schema", "http://schema.org/", {
    /// `schema:Person`
    PERSON = "Person",
    /// `schema:Event`
    EVENT = "Event",
    /// `schema:Place`
    PLACE = "Place",
    /// `schema:Country`
    COUNTRY = "Country",
    /// `schema:CreativeWork`
    CREATIVE_WORK = "CreativeWork",
    /// `schema:description`
    DESCRIPTION = "description",
    /// `schema:birthDate`
    BIRTH_DATE = "birthDate",
    /// `schema:deathDate`
    DEATH_DATE = "deathDate",
    /// `schema:startDate`
    START_DATE = "startDate",
    /// `schema:endDate`
    END_DATE = "endDate",
    /// `schema:foundingDate`
    FOUNDING_DATE = "foundingDate",
    /// `schema:dissolutionDate`
    DISSOLUTION_DATE = "dissolutionDate",
    /// `schema:founder`
    FOUNDER = "founder",
    /// `schema:location`
    LOCATION = "location",
    /// `schema:containedInPlace`
    CONTAINED_IN_PLACE = "containedInPlace",
    /// `schema:superEvent`
    SUPER_EVENT = "superEvent",
    /// `schema:organizer`
    ORGANIZER = "organizer",
    /// `schema:url`
    URL = "url",
    /// `schema:inLanguage`
    IN_LANGUAGE = "inLanguage",
});

namespace!(
    /// FOAF, for the second person class of the interop contract.
    foaf, "foaf", "http://xmlns.com/foaf/0.1/", {
    /// `foaf:Person`
    PERSON = "Person",
});

namespace!(
    /// The W3C Organization Ontology: organizations, posts and memberships.
    org, "org", "http://www.w3.org/ns/org#", {
    /// `org:Organization`
    ORGANIZATION = "Organization",
    /// `org:Post`
    POST = "Post",
    /// `org:Membership`
    MEMBERSHIP = "Membership",
    /// `org:member`
    MEMBER = "member",
    /// `org:organization`
    ORGANIZATION_PROPERTY = "organization",
    /// `org:memberDuring`
    MEMBER_DURING = "memberDuring",
    /// `org:postIn`
    POST_IN = "postIn",
    /// `org:heldBy`
    HELD_BY = "heldBy",
    /// `org:holds`
    HOLDS = "holds",
    /// `org:subOrganizationOf`
    SUB_ORGANIZATION_OF = "subOrganizationOf",
});

namespace!(
    /// OWL-Time, for tenure intervals and their instants.
    time, "time", "http://www.w3.org/2006/time#", {
    /// `time:Interval`
    INTERVAL = "Interval",
    /// `time:Instant`
    INSTANT = "Instant",
    /// `time:hasBeginning`
    HAS_BEGINNING = "hasBeginning",
    /// `time:hasEnd`
    HAS_END = "hasEnd",
    /// `time:inXSDDate`
    IN_XSD_DATE = "inXSDDate",
    /// `time:inXSDgYearMonth`
    IN_XSD_G_YEAR_MONTH = "inXSDgYearMonth",
    /// `time:inXSDgYear`
    IN_XSD_G_YEAR = "inXSDgYear",
});

namespace!(
    /// PROV-O, for the provenance of every fact.
    prov, "prov", "http://www.w3.org/ns/prov#", {
    /// `prov:Entity`
    ENTITY = "Entity",
    /// `prov:wasDerivedFrom`
    WAS_DERIVED_FROM = "wasDerivedFrom",
});

namespace!(
    /// Dublin Core terms.
    dcterms, "dcterms", "http://purl.org/dc/terms/", {
    /// `dcterms:source`
    SOURCE = "source",
    /// `dcterms:title`
    TITLE = "title",
    /// `dcterms:license`
    LICENSE = "license",
});

namespace!(
    /// SKOS, for other names of an entity.
    skos, "skos", "http://www.w3.org/2004/02/skos/core#", {
    /// `skos:altLabel`
    ALT_LABEL = "altLabel",
});

namespace!(
    /// Wikidata entities, for `owl:sameAs`.
    wd, "wd", "http://www.wikidata.org/entity/", {
});

namespace!(
    /// The project's own ontology, declared in `ontology/cpsu.ttl`. It does not move with
    /// `--base-iri`: it is a vocabulary, not data.
    cpsu, "cpsu", "https://w3id.org/cpsu-kg/ontology#", {
    /// The ontology itself.
    ONTOLOGY = "",
    /// `cpsu:Person`
    PERSON = "Person",
    /// `cpsu:Office`
    OFFICE = "Office",
    /// `cpsu:Organization`
    ORGANIZATION = "Organization",
    /// `cpsu:Place`
    PLACE = "Place",
    /// `cpsu:Tenure`
    TENURE = "Tenure",
    /// `cpsu:Congress`
    CONGRESS = "Congress",
    /// `cpsu:Plenum`
    PLENUM = "Plenum",
    /// `cpsu:HistoricalEvent`
    HISTORICAL_EVENT = "HistoricalEvent",
    /// `cpsu:Source`
    SOURCE = "Source",
    /// `cpsu:Citation`
    CITATION = "Citation",
    /// `cpsu:Claim`
    CLAIM = "Claim",
    /// `cpsu:DateClaim`
    DATE_CLAIM = "DateClaim",
    /// `cpsu:office`
    OFFICE_PROPERTY = "office",
    /// `cpsu:acting`
    ACTING = "acting",
    /// `cpsu:deFacto`
    DE_FACTO = "deFacto",
    /// `cpsu:titleHeld`
    TITLE_HELD = "titleHeld",
    /// `cpsu:predecessor`
    PREDECESSOR = "predecessor",
    /// `cpsu:successor`
    SUCCESSOR = "successor",
    /// `cpsu:incarnationOf`
    INCARNATION_OF = "incarnationOf",
    /// `cpsu:formed`
    FORMED = "formed",
    /// `cpsu:abolished`
    ABOLISHED = "abolished",
    /// `cpsu:replaces`
    REPLACES = "replaces",
    /// `cpsu:replacedBy`
    REPLACED_BY = "replacedBy",
    /// `cpsu:renamedFrom`
    RENAMED_FROM = "renamedFrom",
    /// `cpsu:renamedTo`
    RENAMED_TO = "renamedTo",
    /// `cpsu:appointedBy`
    APPOINTED_BY = "appointedBy",
    /// `cpsu:deputyOffice`
    DEPUTY_OFFICE = "deputyOffice",
    /// `cpsu:memberOf`
    MEMBER_OF = "memberOf",
    /// `cpsu:residence`
    RESIDENCE = "residence",
    /// `cpsu:seat`
    SEAT = "seat",
    /// `cpsu:style`
    STYLE = "style",
    /// `cpsu:status`
    STATUS = "status",
    /// `cpsu:constitutingInstrument`
    CONSTITUTING_INSTRUMENT = "constitutingInstrument",
    /// `cpsu:jurisdiction`
    JURISDICTION = "jurisdiction",
    /// `cpsu:firstHolder`
    FIRST_HOLDER = "firstHolder",
    /// `cpsu:finalHolder`
    FINAL_HOLDER = "finalHolder",
    /// `cpsu:participant`
    PARTICIPANT = "participant",
    /// `cpsu:affectsOffice`
    AFFECTS_OFFICE = "affectsOffice",
    /// `cpsu:affectsOrganization`
    AFFECTS_ORGANIZATION = "affectsOrganization",
    /// `cpsu:ordinal`
    ORDINAL = "ordinal",
    /// `cpsu:dateDescription`
    DATE_DESCRIPTION = "dateDescription",
    /// `cpsu:note`
    NOTE = "note",
    /// `cpsu:footnote`
    FOOTNOTE = "footnote",
    /// `cpsu:section`
    SECTION = "section",
    /// `cpsu:footnoteCount`
    FOOTNOTE_COUNT = "footnoteCount",
    /// `cpsu:claimSubject`
    CLAIM_SUBJECT = "claimSubject",
    /// `cpsu:claimProperty`
    CLAIM_PROPERTY = "claimProperty",
    /// `cpsu:claimedValue`
    CLAIMED_VALUE = "claimedValue",
    /// `cpsu:disputed`
    DISPUTED = "disputed",
    /// `cpsu:precision`
    PRECISION = "precision",
    /// `cpsu:earliestDay`
    EARLIEST_DAY = "earliestDay",
    /// `cpsu:latestDay`
    LATEST_DAY = "latestDay",
    /// `cpsu:julianDate`
    JULIAN_DATE = "julianDate",
});

/// The base IRI of entity IRIs when `--base-iri` is not given.
///
/// It is a w3id.org address reserved for the project: the IRIs are names first, and they
/// stay the same wherever the data is loaded.
pub const DEFAULT_BASE_IRI: &str = "https://w3id.org/cpsu-kg/";

/// The kinds of node that get an IRI under the base: one folder, and one prefix, each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntityKind {
    /// A person, `person/ID`.
    Person,
    /// An office, `office/ID`.
    Office,
    /// An organization, `organization/ID`.
    Organization,
    /// A place, `place/ID`.
    Place,
    /// A tenure, `tenure/ID`.
    Tenure,
    /// A congress or plenum, `congress/ID`.
    Congress,
    /// An event, `event/ID`.
    Event,
    /// A source document, `source/ID`.
    Source,
    /// A citation of a source, `citation/ID`.
    Citation,
    /// A tenure's time interval, `interval/ID`.
    Interval,
    /// A dated or cited claim about one field, `claim/ID`.
    Claim,
}

impl EntityKind {
    /// Every kind, in the order prefixes are listed.
    pub const ALL: [Self; 11] = [
        Self::Person,
        Self::Office,
        Self::Organization,
        Self::Place,
        Self::Tenure,
        Self::Congress,
        Self::Event,
        Self::Source,
        Self::Citation,
        Self::Interval,
        Self::Claim,
    ];

    /// The folder under the base IRI, which is also the Turtle prefix.
    pub fn segment(self) -> &'static str {
        match self {
            Self::Person => "person",
            Self::Office => "office",
            Self::Organization => "organization",
            Self::Place => "place",
            Self::Tenure => "tenure",
            Self::Congress => "congress",
            Self::Event => "event",
            Self::Source => "source",
            Self::Citation => "citation",
            Self::Interval => "interval",
            Self::Claim => "claim",
        }
    }
}

/// The namespaces of the standard vocabularies, as `(prefix, IRI)`, for serializers and
/// queries. The entity namespaces come from [`crate::rdf::BaseIri::prefixes`].
pub const STANDARD_PREFIXES: &[(&str, &str)] = &[
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    (owl::PREFIX, owl::NAMESPACE),
    (schema::PREFIX, schema::NAMESPACE),
    (foaf::PREFIX, foaf::NAMESPACE),
    (org::PREFIX, org::NAMESPACE),
    (time::PREFIX, time::NAMESPACE),
    (prov::PREFIX, prov::NAMESPACE),
    (dcterms::PREFIX, dcterms::NAMESPACE),
    (skos::PREFIX, skos::NAMESPACE),
    (wd::PREFIX, wd::NAMESPACE),
    (cpsu::PREFIX, cpsu::NAMESPACE),
];
