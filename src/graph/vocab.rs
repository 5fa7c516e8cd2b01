//! Every IRI the project writes, declared once, one submodule per namespace.
//!
//! Mapping code uses these constants and never spells an IRI itself. The project's own
//! namespace, [`cpsu`], is checked against `ontology/cpsu.ttl` by a test: a term used here
//! must be declared there.
//!
//! Entity IRIs are not constants: they live under a base IRI that `--base-iri` changes, in
//! one folder per kind (see [`EntityKind`]).

use oxigraph::model::{NamedNode, NamedNodeRef, Term};
use oxigraph::sparql::SparqlEvaluator;

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
    /// `owl:versionInfo`
    VERSION_INFO = "versionInfo",
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
    /// `schema:about`, from a Wikipedia article to the item it is the sitelink of.
    ABOUT = "about",
    /// `schema:isPartOf`, from a sitelink article to its wiki.
    IS_PART_OF = "isPartOf",
    /// `schema:Article`
    ARTICLE = "Article",
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
    /// `schema:version`
    VERSION = "version",
    /// `schema:name`
    NAME = "name",
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
    /// `dcterms:description`
    DESCRIPTION = "description",
    /// `dcterms:conformsTo`
    CONFORMS_TO = "conformsTo",
});

namespace!(
    /// SHACL: the shapes `validate` reads and the reports it writes.
    sh, "sh", "http://www.w3.org/ns/shacl#", {
    /// `sh:NodeShape`
    NODE_SHAPE = "NodeShape",
    /// `sh:PropertyShape`
    PROPERTY_SHAPE = "PropertyShape",
    /// `sh:targetClass`
    TARGET_CLASS = "targetClass",
    /// `sh:targetNode`
    TARGET_NODE = "targetNode",
    /// `sh:targetSubjectsOf`
    TARGET_SUBJECTS_OF = "targetSubjectsOf",
    /// `sh:targetObjectsOf`
    TARGET_OBJECTS_OF = "targetObjectsOf",
    /// `sh:property`
    PROPERTY = "property",
    /// `sh:path`
    PATH = "path",
    /// `sh:inversePath`
    INVERSE_PATH = "inversePath",
    /// `sh:alternativePath`
    ALTERNATIVE_PATH = "alternativePath",
    /// `sh:zeroOrMorePath`
    ZERO_OR_MORE_PATH = "zeroOrMorePath",
    /// `sh:oneOrMorePath`
    ONE_OR_MORE_PATH = "oneOrMorePath",
    /// `sh:zeroOrOnePath`
    ZERO_OR_ONE_PATH = "zeroOrOnePath",
    /// `sh:minCount`
    MIN_COUNT = "minCount",
    /// `sh:maxCount`
    MAX_COUNT = "maxCount",
    /// `sh:datatype`
    DATATYPE = "datatype",
    /// `sh:class`
    CLASS = "class",
    /// `sh:nodeKind`
    NODE_KIND = "nodeKind",
    /// `sh:in`
    IN = "in",
    /// `sh:hasValue`
    HAS_VALUE = "hasValue",
    /// `sh:pattern`
    PATTERN = "pattern",
    /// `sh:flags`
    FLAGS = "flags",
    /// `sh:languageIn`
    LANGUAGE_IN = "languageIn",
    /// `sh:uniqueLang`
    UNIQUE_LANG = "uniqueLang",
    /// `sh:lessThan`
    LESS_THAN = "lessThan",
    /// `sh:lessThanOrEquals`
    LESS_THAN_OR_EQUALS = "lessThanOrEquals",
    /// `sh:or`
    OR = "or",
    /// `sh:node`
    NODE = "node",
    /// `sh:sparql`
    SPARQL = "sparql",
    /// `sh:select`
    SELECT = "select",
    /// `sh:prefixes`
    PREFIXES = "prefixes",
    /// `sh:declare`
    DECLARE = "declare",
    /// `sh:prefix`
    PREFIX_PROPERTY = "prefix",
    /// `sh:namespace`
    NAMESPACE_PROPERTY = "namespace",
    /// `sh:message`
    MESSAGE = "message",
    /// `sh:severity`
    SEVERITY = "severity",
    /// `sh:deactivated`
    DEACTIVATED = "deactivated",
    /// `sh:name`
    NAME = "name",
    /// `sh:description`
    DESCRIPTION = "description",
    /// `sh:order`
    ORDER = "order",
    /// `sh:group`
    GROUP = "group",
    /// `sh:IRI`
    IRI = "IRI",
    /// `sh:BlankNode`
    BLANK_NODE = "BlankNode",
    /// `sh:Literal`
    LITERAL = "Literal",
    /// `sh:BlankNodeOrIRI`
    BLANK_NODE_OR_IRI = "BlankNodeOrIRI",
    /// `sh:BlankNodeOrLiteral`
    BLANK_NODE_OR_LITERAL = "BlankNodeOrLiteral",
    /// `sh:IRIOrLiteral`
    IRI_OR_LITERAL = "IRIOrLiteral",
    /// `sh:Violation`
    VIOLATION = "Violation",
    /// `sh:Warning`
    WARNING = "Warning",
    /// `sh:Info`
    INFO = "Info",
    /// `sh:ValidationReport`
    VALIDATION_REPORT = "ValidationReport",
    /// `sh:ValidationResult`
    VALIDATION_RESULT = "ValidationResult",
    /// `sh:conforms`
    CONFORMS = "conforms",
    /// `sh:result`
    RESULT = "result",
    /// `sh:focusNode`
    FOCUS_NODE = "focusNode",
    /// `sh:resultPath`
    RESULT_PATH = "resultPath",
    /// `sh:value`
    VALUE = "value",
    /// `sh:sourceConstraintComponent`
    SOURCE_CONSTRAINT_COMPONENT = "sourceConstraintComponent",
    /// `sh:sourceShape`
    SOURCE_SHAPE = "sourceShape",
    /// `sh:resultSeverity`
    RESULT_SEVERITY = "resultSeverity",
    /// `sh:resultMessage`
    RESULT_MESSAGE = "resultMessage",
    /// `sh:SPARQLConstraint`
    SPARQL_CONSTRAINT = "SPARQLConstraint",
    /// `sh:SPARQLConstraintComponent`
    SPARQL_CONSTRAINT_COMPONENT = "SPARQLConstraintComponent",
    /// `sh:MinCountConstraintComponent`
    MIN_COUNT_CONSTRAINT_COMPONENT = "MinCountConstraintComponent",
    /// `sh:MaxCountConstraintComponent`
    MAX_COUNT_CONSTRAINT_COMPONENT = "MaxCountConstraintComponent",
    /// `sh:DatatypeConstraintComponent`
    DATATYPE_CONSTRAINT_COMPONENT = "DatatypeConstraintComponent",
    /// `sh:ClassConstraintComponent`
    CLASS_CONSTRAINT_COMPONENT = "ClassConstraintComponent",
    /// `sh:NodeKindConstraintComponent`
    NODE_KIND_CONSTRAINT_COMPONENT = "NodeKindConstraintComponent",
    /// `sh:InConstraintComponent`
    IN_CONSTRAINT_COMPONENT = "InConstraintComponent",
    /// `sh:HasValueConstraintComponent`
    HAS_VALUE_CONSTRAINT_COMPONENT = "HasValueConstraintComponent",
    /// `sh:PatternConstraintComponent`
    PATTERN_CONSTRAINT_COMPONENT = "PatternConstraintComponent",
    /// `sh:LanguageInConstraintComponent`
    LANGUAGE_IN_CONSTRAINT_COMPONENT = "LanguageInConstraintComponent",
    /// `sh:UniqueLangConstraintComponent`
    UNIQUE_LANG_CONSTRAINT_COMPONENT = "UniqueLangConstraintComponent",
    /// `sh:LessThanConstraintComponent`
    LESS_THAN_CONSTRAINT_COMPONENT = "LessThanConstraintComponent",
    /// `sh:LessThanOrEqualsConstraintComponent`
    LESS_THAN_OR_EQUALS_CONSTRAINT_COMPONENT = "LessThanOrEqualsConstraintComponent",
    /// `sh:OrConstraintComponent`
    OR_CONSTRAINT_COMPONENT = "OrConstraintComponent",
    /// `sh:NodeConstraintComponent`
    NODE_CONSTRAINT_COMPONENT = "NodeConstraintComponent",
});

namespace!(
    /// VoID, for the description of the dataset.
    void, "void", "http://rdfs.org/ns/void#", {
    /// `void:Dataset`
    DATASET = "Dataset",
    /// `void:triples`
    TRIPLES = "triples",
    /// `void:entities`
    ENTITIES = "entities",
    /// `void:distinctSubjects`
    DISTINCT_SUBJECTS = "distinctSubjects",
    /// `void:properties`
    PROPERTIES = "properties",
    /// `void:uriSpace`
    URI_SPACE = "uriSpace",
    /// `void:sparqlEndpoint`
    SPARQL_ENDPOINT = "sparqlEndpoint",
    /// `void:vocabulary`
    VOCABULARY = "vocabulary",
    /// `void:classPartition`
    CLASS_PARTITION = "classPartition",
    /// `void:class`
    CLASS = "class",
    /// `void:rootResource`
    ROOT_RESOURCE = "rootResource",
});

namespace!(
    /// SPARQL 1.1 Service Description, for what the endpoint offers at `GET /sparql`.
    sd, "sd", "http://www.w3.org/ns/sparql-service-description#", {
    /// `sd:Service`
    SERVICE = "Service",
    /// `sd:endpoint`
    ENDPOINT = "endpoint",
    /// `sd:supportedLanguage`
    SUPPORTED_LANGUAGE = "supportedLanguage",
    /// `sd:SPARQL11Query`
    SPARQL11_QUERY = "SPARQL11Query",
    /// `sd:resultFormat`
    RESULT_FORMAT = "resultFormat",
    /// `sd:defaultDataset`
    DEFAULT_DATASET = "defaultDataset",
    /// `sd:Dataset`
    DATASET = "Dataset",
    /// `sd:defaultGraph`
    DEFAULT_GRAPH = "defaultGraph",
    /// `sd:namedGraph`
    NAMED_GRAPH = "namedGraph",
    /// `sd:NamedGraph`
    NAMED_GRAPH_CLASS = "NamedGraph",
    /// `sd:Graph`
    GRAPH = "Graph",
    /// `sd:name`
    NAME = "name",
    /// `sd:graph`
    GRAPH_PROPERTY = "graph",
});

namespace!(
    /// The W3C's format IRIs, which a service description names its result formats by.
    formats, "formats", "http://www.w3.org/ns/formats/", {
    /// SPARQL Results in JSON.
    SPARQL_RESULTS_JSON = "SPARQL_Results_JSON",
    /// SPARQL Results in XML.
    SPARQL_RESULTS_XML = "SPARQL_Results_XML",
    /// SPARQL Results in CSV.
    SPARQL_RESULTS_CSV = "SPARQL_Results_CSV",
    /// SPARQL Results in TSV.
    SPARQL_RESULTS_TSV = "SPARQL_Results_TSV",
    /// Turtle.
    TURTLE = "Turtle",
    /// N-Triples.
    N_TRIPLES = "N-Triples",
    /// N-Quads.
    N_QUADS = "N-Quads",
    /// TriG.
    TRIG = "TriG",
    /// RDF/XML.
    RDF_XML = "RDF_XML",
    /// JSON-LD.
    JSON_LD = "JSON-LD",
});

namespace!(
    /// DCAT, for the description of the dataset.
    dcat, "dcat", "http://www.w3.org/ns/dcat#", {
    /// `dcat:Dataset`
    DATASET = "Dataset",
    /// `dcat:accessURL`
    ACCESS_URL = "accessURL",
});

namespace!(
    /// SKOS, for other names of an entity.
    skos, "skos", "http://www.w3.org/2004/02/skos/core#", {
    /// `skos:altLabel`
    ALT_LABEL = "altLabel",
    /// `skos:prefLabel`
    PREF_LABEL = "prefLabel",
});

namespace!(
    /// Wikidata entities: items for `owl:sameAs` and the Wikidata profile, and the
    /// property entities themselves.
    wd, "wd", "http://www.wikidata.org/entity/", {
    /// `wd:Q5`, human.
    HUMAN = "Q5",
    /// `wd:Q328`, English Wikipedia.
    ENGLISH_WIKIPEDIA = "Q328",
    /// `wd:Q1985727`, the proleptic Gregorian calendar.
    GREGORIAN = "Q1985727",
    /// `wd:Q4676846`, acting (a value of P5102).
    ACTING = "Q4676846",
    /// `wd:Q712144`, de facto (a value of P5102).
    DE_FACTO = "Q712144",
    /// `wd:Q4164871`, position: the class of an office item.
    POSITION = "Q4164871",
});

namespace!(
    /// The Wikibase ontology, as the Wikidata RDF dumps use it.
    wikibase, "wikibase", "http://wikiba.se/ontology#", {
    /// `wikibase:Item`
    ITEM = "Item",
    /// `wikibase:Statement`
    STATEMENT = "Statement",
    /// `wikibase:BestRank`
    BEST_RANK = "BestRank",
    /// `wikibase:Reference`
    REFERENCE = "Reference",
    /// `wikibase:TimeValue`
    TIME_VALUE = "TimeValue",
    /// `wikibase:Property`
    PROPERTY = "Property",
    /// `wikibase:propertyType`
    PROPERTY_TYPE = "propertyType",
    /// `wikibase:directClaim`
    DIRECT_CLAIM = "directClaim",
    /// `wikibase:claim`
    CLAIM = "claim",
    /// `wikibase:statementProperty`
    STATEMENT_PROPERTY = "statementProperty",
    /// `wikibase:statementValue`
    STATEMENT_VALUE = "statementValue",
    /// `wikibase:qualifier`
    QUALIFIER = "qualifier",
    /// `wikibase:qualifierValue`
    QUALIFIER_VALUE = "qualifierValue",
    /// `wikibase:reference`
    REFERENCE_PROPERTY = "reference",
    /// `wikibase:referenceValue`
    REFERENCE_VALUE = "referenceValue",
    /// `wikibase:novalue`
    NOVALUE = "novalue",
    /// `wikibase:WikibaseItem`, a property type.
    WIKIBASE_ITEM = "WikibaseItem",
    /// `wikibase:Time`, a property type.
    TIME = "Time",
    /// `wikibase:String`, a property type.
    STRING = "String",
    /// `wikibase:Monolingualtext`, a property type.
    MONOLINGUALTEXT = "Monolingualtext",
    /// `wikibase:Url`, a property type.
    URL = "Url",
    /// `wikibase:sitelinks`, how many sitelinks an item has.
    SITELINKS = "sitelinks",
    /// `wikibase:rank`
    RANK = "rank",
    /// `wikibase:NormalRank`
    NORMAL_RANK = "NormalRank",
    /// `wikibase:PreferredRank`
    PREFERRED_RANK = "PreferredRank",
    /// `wikibase:DeprecatedRank`
    DEPRECATED_RANK = "DeprecatedRank",
    /// `wikibase:timeValue`
    TIME_VALUE_PROPERTY = "timeValue",
    /// `wikibase:timePrecision`
    TIME_PRECISION = "timePrecision",
    /// `wikibase:timeTimezone`
    TIME_TIMEZONE = "timeTimezone",
    /// `wikibase:timeCalendarModel`
    TIME_CALENDAR_MODEL = "timeCalendarModel",
});

/// The ways the Wikibase RDF model uses a property, each with its own namespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PropertyUse {
    /// `wdt:`, the truthy subject–value triple of a best-rank statement.
    Direct,
    /// `p:`, from a subject to its statement node.
    Claim,
    /// `ps:`, from a statement node to its simple value.
    Statement,
    /// `psv:`, from a statement node to its full value node.
    StatementValue,
    /// `pq:`, a qualifier's simple value.
    Qualifier,
    /// `pqv:`, a qualifier's full value node.
    QualifierValue,
    /// `pr:`, a reference's simple value.
    Reference,
    /// `prv:`, a reference's full value node.
    ReferenceValue,
}

impl PropertyUse {
    /// Every use, in prefix order.
    pub const ALL: [Self; 8] = [
        Self::Direct,
        Self::Claim,
        Self::Statement,
        Self::StatementValue,
        Self::Qualifier,
        Self::QualifierValue,
        Self::Reference,
        Self::ReferenceValue,
    ];

    /// The prefix Wikidata writes for this use.
    pub const fn prefix(self) -> &'static str {
        match self {
            Self::Direct => "wdt",
            Self::Claim => "p",
            Self::Statement => "ps",
            Self::StatementValue => "psv",
            Self::Qualifier => "pq",
            Self::QualifierValue => "pqv",
            Self::Reference => "pr",
            Self::ReferenceValue => "prv",
        }
    }

    /// The namespace IRI of this use.
    pub const fn namespace(self) -> &'static str {
        match self {
            Self::Direct => "http://www.wikidata.org/prop/direct/",
            Self::Claim => "http://www.wikidata.org/prop/",
            Self::Statement => "http://www.wikidata.org/prop/statement/",
            Self::StatementValue => "http://www.wikidata.org/prop/statement/value/",
            Self::Qualifier => "http://www.wikidata.org/prop/qualifier/",
            Self::QualifierValue => "http://www.wikidata.org/prop/qualifier/value/",
            Self::Reference => "http://www.wikidata.org/prop/reference/",
            Self::ReferenceValue => "http://www.wikidata.org/prop/reference/value/",
        }
    }

    /// The IRI of property `P{number}` in this use.
    pub fn iri(self, number: u32) -> NamedNode {
        NamedNode::new_unchecked(format!("{}P{number}", self.namespace()))
    }
}

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
    /// `cpsu:russianLabelAuthor`
    RUSSIAN_LABEL_AUTHOR = "russianLabelAuthor",
    /// `cpsu:namesOffice`
    NAMES_OFFICE = "namesOffice",
    /// `cpsu:heldOn`
    HELD_ON = "heldOn",
    /// `cpsu:deFactoOf`
    DE_FACTO_OF = "deFactoOf",
    /// `cpsu:identifierMatchedBy`
    IDENTIFIER_MATCHED_BY = "identifierMatchedBy",
    /// `cpsu:valueAuthor`
    VALUE_AUTHOR = "valueAuthor",
    /// `cpsu:refinedBy`
    REFINED_BY = "refinedBy",
    /// `cpsu:startsTenure`
    STARTS_TENURE = "startsTenure",
    /// `cpsu:endsTenure`
    ENDS_TENURE = "endsTenure",
    /// `cpsu:referenceFootnote`
    REFERENCE_FOOTNOTE = "referenceFootnote",
    /// `cpsu:referenceSection`
    REFERENCE_SECTION = "referenceSection",
    /// `cpsu:referenceSupports`
    REFERENCE_SUPPORTS = "referenceSupports",
});

/// The project's classes that `stats` and the VoID description count entities of.
pub const COUNTED_CLASSES: [NamedNodeRef<'static>; 11] = [
    cpsu::PERSON,
    cpsu::OFFICE,
    cpsu::ORGANIZATION,
    cpsu::PLACE,
    cpsu::TENURE,
    cpsu::CONGRESS,
    cpsu::PLENUM,
    cpsu::HISTORICAL_EVENT,
    cpsu::SOURCE,
    cpsu::CITATION,
    cpsu::CLAIM,
];

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
    /// A Wikibase statement node, `statement/ID`.
    Statement,
    /// A Wikibase value node, `value/ID`.
    Value,
    /// A Wikibase reference node, `reference/ID`.
    Reference,
    /// A named graph of one export profile, `graph/ID`.
    Graph,
    /// A node of a SHACL validation report, `validation/ID`.
    Validation,
}

impl EntityKind {
    /// Every kind, in the order prefixes are listed.
    pub const ALL: [Self; 16] = [
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
        Self::Statement,
        Self::Value,
        Self::Reference,
        Self::Graph,
        Self::Validation,
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
            Self::Statement => "statement",
            Self::Value => "value",
            Self::Reference => "reference",
            Self::Graph => "graph",
            Self::Validation => "validation",
        }
    }
}

/// The namespaces of the standard vocabularies, as `(prefix, IRI)`, for serializers and
/// queries. The entity namespaces come from [`BaseIri::prefixes`].
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
    (wikibase::PREFIX, wikibase::NAMESPACE),
    (
        PropertyUse::Direct.prefix(),
        PropertyUse::Direct.namespace(),
    ),
    (PropertyUse::Claim.prefix(), PropertyUse::Claim.namespace()),
    (
        PropertyUse::Statement.prefix(),
        PropertyUse::Statement.namespace(),
    ),
    (
        PropertyUse::StatementValue.prefix(),
        PropertyUse::StatementValue.namespace(),
    ),
    (
        PropertyUse::Qualifier.prefix(),
        PropertyUse::Qualifier.namespace(),
    ),
    (
        PropertyUse::QualifierValue.prefix(),
        PropertyUse::QualifierValue.namespace(),
    ),
    (
        PropertyUse::Reference.prefix(),
        PropertyUse::Reference.namespace(),
    ),
    (
        PropertyUse::ReferenceValue.prefix(),
        PropertyUse::ReferenceValue.namespace(),
    ),
    ("wdno", "http://www.wikidata.org/prop/novalue/"),
    ("wds", "http://www.wikidata.org/entity/statement/"),
    ("wdv", "http://www.wikidata.org/value/"),
    ("wdref", "http://www.wikidata.org/reference/"),
    ("bd", "http://www.bigdata.com/rdf#"),
    (cpsu::PREFIX, cpsu::NAMESPACE),
    (sh::PREFIX, sh::NAMESPACE),
    (void::PREFIX, void::NAMESPACE),
    (dcat::PREFIX, dcat::NAMESPACE),
];

/// The IRI that entity IRIs are minted under, ending in `/` or `#`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseIri(String);

/// Why a text cannot be a base IRI.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid base IRI `{iri}`: {reason}")]
pub struct BaseIriError {
    iri: String,
    reason: String,
}

impl Default for BaseIri {
    fn default() -> Self {
        Self(DEFAULT_BASE_IRI.to_owned())
    }
}

impl BaseIri {
    /// Checks that `iri` is an absolute IRI ending in `/` or `#`.
    pub fn new(iri: &str) -> Result<Self, BaseIriError> {
        let error = |reason: &str| BaseIriError {
            iri: iri.to_owned(),
            reason: reason.to_owned(),
        };
        NamedNode::new(iri).map_err(|e| error(&e.to_string()))?;
        if !iri.ends_with('/') && !iri.ends_with('#') {
            return Err(error(
                "it must end with `/` or `#`, such as `https://example.org/cpsu/`",
            ));
        }
        Ok(Self(iri.to_owned()))
    }

    /// The base IRI as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The namespace of one kind of entity, such as `…/person/`.
    pub fn namespace(&self, kind: EntityKind) -> String {
        format!("{}{}/", self.0, kind.segment())
    }

    /// The IRI of one entity.
    pub fn entity(&self, kind: EntityKind, id: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("{}{}/{id}", self.0, kind.segment()))
    }

    /// Every prefix the project writes, `(prefix, namespace)`, standard ones first; use
    /// them through [`Prefixes`].
    fn prefixes(&self) -> Vec<(String, String)> {
        STANDARD_PREFIXES
            .iter()
            .map(|(p, n)| ((*p).to_owned(), (*n).to_owned()))
            .chain(
                EntityKind::ALL
                    .iter()
                    .map(|k| (k.segment().to_owned(), self.namespace(*k))),
            )
            .collect()
    }
}

/// Every prefix the project writes under one base IRI, and the one way to use them: to show
/// an IRI to a person as a prefixed name, to declare them in SPARQL (as text, or in an
/// evaluator), and to tell which entity an IRI under the base names.
#[derive(Debug, Clone)]
pub struct Prefixes {
    base: BaseIri,
    pairs: Vec<(String, String)>,
}

impl Prefixes {
    /// The standard prefixes and the entity folders under `base`.
    pub fn new(base: &BaseIri) -> Self {
        Self {
            base: base.clone(),
            pairs: base.prefixes(),
        }
    }

    /// Every `(prefix, namespace)`, standard ones first.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// The prefix whose namespace is the longest start of `iri`, leaving a local part.
    pub fn longest(&self, iri: &str) -> Option<&(String, String)> {
        self.pairs
            .iter()
            .filter(|(_, ns)| iri.starts_with(ns.as_str()) && iri.len() > ns.len())
            .max_by_key(|(_, ns)| ns.len())
    }

    /// `iri` as a prefixed name, such as `person:stalin`, where a prefix fits.
    pub fn compact(&self, iri: &str) -> Option<String> {
        self.longest(iri)
            .map(|(p, ns)| format!("{p}:{}", &iri[ns.len()..]))
    }

    /// A term as a person reads it: literals by their text, IRIs by their prefixed name
    /// (or in angle brackets where no prefix fits).
    pub fn display(&self, term: &Term) -> String {
        match term {
            Term::Literal(literal) => literal.value().to_owned(),
            Term::NamedNode(node) => self
                .compact(node.as_str())
                .unwrap_or_else(|| format!("<{}>", node.as_str())),
            other => other.to_string(),
        }
    }

    /// The `PREFIX` lines that declare every prefix, for a query run elsewhere.
    pub fn sparql_prologue(&self) -> String {
        self.pairs
            .iter()
            .map(|(p, ns)| format!("PREFIX {p}: <{ns}>\n"))
            .collect()
    }

    /// A SPARQL evaluator that knows every prefix.
    pub fn evaluator(&self) -> SparqlEvaluator {
        let mut evaluator = SparqlEvaluator::new();
        for (prefix, namespace) in &self.pairs {
            // Every pair is a valid prefix and an absolute IRI (a test checks it), so
            // declaring one cannot fail.
            if let Ok(with) = evaluator.clone().with_prefix(prefix, namespace) {
                evaluator = with;
            }
        }
        evaluator
    }

    /// The kind and id of the entity `iri` names, when it is an entity IRI under the base.
    pub fn entity<'a>(&self, iri: &'a str) -> Option<(EntityKind, &'a str)> {
        let rest = iri.strip_prefix(self.base.as_str())?;
        let (segment, id) = rest.split_once('/')?;
        let kind = EntityKind::ALL.iter().find(|k| k.segment() == segment)?;
        (!id.is_empty() && !id.contains('/')).then_some((*kind, id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_compact_declare_and_resolve() {
        let base = BaseIri::new("http://127.0.0.1:7878/").expect("a base");
        let prefixes = Prefixes::new(&base);
        assert_eq!(
            prefixes
                .compact("http://127.0.0.1:7878/person/stalin")
                .as_deref(),
            Some("person:stalin")
        );
        assert_eq!(
            prefixes.compact(cpsu::TENURE.as_str()).as_deref(),
            Some("cpsu:Tenure")
        );
        assert_eq!(prefixes.compact("http://example.org/x"), None);
        assert_eq!(
            prefixes.display(&NamedNode::new_unchecked("http://example.org/x").into()),
            "<http://example.org/x>"
        );
        assert!(
            prefixes
                .sparql_prologue()
                .contains("PREFIX person: <http://127.0.0.1:7878/person/>\n")
        );
        assert_eq!(
            prefixes.entity("http://127.0.0.1:7878/person/stalin"),
            Some((EntityKind::Person, "stalin"))
        );
        assert_eq!(prefixes.entity("http://127.0.0.1:7878/nowhere/x"), None);
        assert_eq!(prefixes.entity("http://127.0.0.1:7878/person/"), None);
        // Every pair declares cleanly, so the evaluator knows them all.
        let mut evaluator = SparqlEvaluator::new();
        for (prefix, namespace) in prefixes.pairs() {
            evaluator = evaluator
                .with_prefix(prefix, namespace)
                .expect("a valid prefix");
        }
        assert!(
            prefixes
                .evaluator()
                .parse_query("ASK { person:stalin a cpsu:Person ; sh:x wdt:P39 }")
                .is_ok()
        );
    }
}
