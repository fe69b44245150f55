"""The standard vocabularies' terms that the mapping uses, as closed classes."""

from __future__ import annotations

from typing import Final

from pyoxigraph import NamedNode

DEFAULT_BASE: Final = "https://w3id.org/tdkt/id/"  # the base of entity IRIs (``graph.identity``), ``--base``
PREFIXES: Final = {
    "tdkt": "https://w3id.org/tdkt/ontology#",
    "award": "https://w3id.org/tdkt/award/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "schema": "https://schema.org/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "dct": "http://purl.org/dc/terms/",
    "time": "http://www.w3.org/2006/time#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "void": "http://rdfs.org/ns/void#",
    "sh": "http://www.w3.org/ns/shacl#",
}


def _n(prefix: str, local: str) -> NamedNode:
    return NamedNode(PREFIXES[prefix] + local)


class RDF:
    type: Final = _n("rdf", "type")


class RDFS:
    label: Final = _n("rdfs", "label")


class XSD:
    integer: Final = _n("xsd", "integer")
    decimal: Final = _n("xsd", "decimal")
    date: Final = _n("xsd", "date")
    gYear: Final = _n("xsd", "gYear")
    string: Final = _n("xsd", "string")
    double: Final = _n("xsd", "double")
    boolean: Final = _n("xsd", "boolean")


class ORG:
    Organization: Final = _n("org", "Organization")
    OrganizationalCollaboration: Final = _n("org", "OrganizationalCollaboration")
    Membership: Final = _n("org", "Membership")
    Post: Final = _n("org", "Post")
    Role: Final = _n("org", "Role")
    member: Final = _n("org", "member")
    organization: Final = _n("org", "organization")
    role: Final = _n("org", "role")
    memberDuring: Final = _n("org", "memberDuring")
    postIn: Final = _n("org", "postIn")
    classification: Final = _n("org", "classification")
    originalOrganization: Final = _n("org", "originalOrganization")
    resultingOrganization: Final = _n("org", "resultingOrganization")


class PROV:
    wasDerivedFrom: Final = _n("prov", "wasDerivedFrom")
    qualifiedDerivation: Final = _n("prov", "qualifiedDerivation")
    Derivation: Final = _n("prov", "Derivation")
    entity: Final = _n("prov", "entity")
    startedAtTime: Final = _n("prov", "startedAtTime")


class SKOS:
    prefLabel: Final = _n("skos", "prefLabel")
    altLabel: Final = _n("skos", "altLabel")
    Concept: Final = _n("skos", "Concept")
    inScheme: Final = _n("skos", "inScheme")
    notation: Final = _n("skos", "notation")


class SCHEMA:
    startDate: Final = _n("schema", "startDate")
    location: Final = _n("schema", "location")
    areaServed: Final = _n("schema", "areaServed")
    containedInPlace: Final = _n("schema", "containedInPlace")
    latitude: Final = _n("schema", "latitude")
    longitude: Final = _n("schema", "longitude")
    url: Final = _n("schema", "url")
    datePublished: Final = _n("schema", "datePublished")
    author: Final = _n("schema", "author")
    name: Final = _n("schema", "name")
    dissolutionDate: Final = _n("schema", "dissolutionDate")
    foundingDate: Final = _n("schema", "foundingDate")


class FOAF:
    Person: Final = _n("foaf", "Person")
    name: Final = _n("foaf", "name")


class DCT:
    title: Final = _n("dct", "title")
    identifier: Final = _n("dct", "identifier")
    publisher: Final = _n("dct", "publisher")
    source: Final = _n("dct", "source")


class TIME:
    Interval: Final = _n("time", "Interval")
    inXSDgYear: Final = _n("time", "inXSDgYear")
