"""Campaign lineage recognised from names: a provincial campaign derived from a national one.

A national campaign names the whole country ("Cả nước chung sức xây dựng nông
thôn mới"); a province puts it into practice under its own name ("Lai Châu
chung sức xây dựng nông thôn mới"). Two names are compared by their identity
keys (``loaders.names.key``: case, tone marks and punctuation folded) with the
country words and the province name replaced by one placeholder, so the words
may sit anywhere in the name and the province may be written with or without
"tỉnh" / "thành phố". A name that differs from the national one by one extra
or missing word (at least six words long) is a near match, kept with a lower
confidence.

The links form their own named graph, derived from the store and replaced on
every load: each ``tdkt:derivedFrom`` link comes with a ``prov:Derivation``
whose entity is the derived graph itself (described as a source document) and
whose ``tdkt:evidence`` states the rule that matched.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox

from tdkt.graph.identity import Identity
from tdkt.graph.namespaces import DCT, PREFIXES, PROV, RDF
from tdkt.graph.store.base import Store
from tdkt.kernel.names import key
from tdkt.kernel.places import register
from tdkt.kernel.vocab import TDKT
from tdkt.ontology import ontology_text

GRAPH_NAME = "derived/campaigns"
COUNTRY_WORDS = ("Cả nước", "Toàn quốc", "Toàn dân")
PROVINCE_HEADS = ("tỉnh", "thành phố")
MIN_WORDS_NEAR = 6
CONFIDENCE_EXACT = "1.000"
CONFIDENCE_NEAR = "0.800"
_PLACEHOLDER = "*"
_INFLUENCER = ox.NamedNode(PREFIXES["prov"] + "influencer")
Words = tuple[str, ...]


@dataclass(frozen=True)
class CampaignLink:
    """One recognised derivation: ``child`` puts ``parent`` into practice in ``province``."""

    child: str
    child_label: str
    parent: str
    parent_label: str
    country: str
    province: str
    extra_word: str | None = None

    @property
    def evidence(self) -> str:
        text = (f"'{self.child_label}' is the national campaign '{self.parent_label}' with "
                f"'{self.country}' replaced by the province name '{self.province}'")
        if self.extra_word is not None:
            text += f", except for one word that only one of the names has ('{self.extra_word}')"
        return text + " (names compared by identity key)."

    @property
    def confidence(self) -> str:
        return CONFIDENCE_NEAR if self.extra_word is not None else CONFIDENCE_EXACT


def _words(text: str) -> Words:
    return tuple(w for w in key(text).split("-") if w)


def _spellings(label: str) -> dict[str, str]:
    """Each key word of a label → the word as the label writes it ("bi" → "bị")."""
    out: dict[str, str] = {}
    for word in label.split():
        for folded in _words(word):
            out.setdefault(folded, word.strip(",.;:"))
    return out


def _find(words: Words, phrase: Words) -> int:
    """The first position of ``phrase`` in ``words``, or -1."""
    n = len(phrase)
    return next((i for i in range(len(words) - n + 1) if words[i:i + n] == phrase), -1)


@lru_cache(maxsize=1)
def _province_phrases() -> dict[str, tuple[tuple[Words, str], ...]]:
    """Province names of both editions as words (also after "tỉnh", "thành phố"), by first word, longest first."""
    reg = register()
    found: dict[Words, str] = {}
    for area in [*reg.provinces.values(), *reg.provinces_2025.values()]:
        found.setdefault(_words(area.short), area.short)
        for head in PROVINCE_HEADS:
            found.setdefault(_words(f"{head} {area.short}"), area.short)
    index: dict[str, list[tuple[Words, str]]] = {}
    for phrase, province in sorted(found.items(), key=lambda item: (-len(item[0]), item[0])):
        index.setdefault(phrase[0], []).append((phrase, province))
    return {first: tuple(phrases) for first, phrases in index.items()}


def _country_template(words: Words) -> tuple[Words, str] | None:
    """The name with its country words replaced by the placeholder, and the words it had."""
    for country in COUNTRY_WORDS:
        phrase = _words(country)
        at = _find(words, phrase)
        if at >= 0:
            return (*words[:at], _PLACEHOLDER, *words[at + len(phrase):]), country
    return None


def _province_templates(words: Words) -> Iterator[tuple[Words, str]]:
    """The name with one province name replaced by the placeholder, for each province name it holds."""
    index = _province_phrases()
    for at, word in enumerate(words):
        for phrase, province in index.get(word, ()):
            if words[at:at + len(phrase)] == phrase:
                yield (*words[:at], _PLACEHOLDER, *words[at + len(phrase):]), province


def _without_one(words: Words) -> Iterator[tuple[Words, str]]:
    """The words with one of them left out, for each word but the placeholder."""
    for i, word in enumerate(words):
        if word != _PLACEHOLDER:
            yield (*words[:i], *words[i + 1:]), word


def derive_links(campaigns: Iterable[tuple[str, str]]) -> list[CampaignLink]:
    """The derivation links among campaigns given as (IRI, label) pairs, sorted by child and parent.

    >>> links = derive_links([("n", "Cả nước chung sức xây dựng nông thôn mới"),
    ...                       ("p", "Lai Châu chung sức xây dựng nông thôn mới")])
    >>> [(link.child, link.parent, link.province, link.confidence) for link in links]
    [('p', 'n', 'Lai Châu', '1.000')]
    """
    labels: dict[str, str] = {}
    for iri, label in sorted(campaigns):
        labels.setdefault(iri, label)  # the smallest label of a campaign that has several
    national: dict[Words, list[tuple[str, str]]] = {}
    national_less_one: dict[Words, list[tuple[str, str, str]]] = {}
    for iri, label in labels.items():
        found = _country_template(_words(label))
        if found is None:
            continue
        template, country = found
        national.setdefault(template, []).append((iri, country))
        if len(template) > MIN_WORDS_NEAR:
            for fewer, dropped in _without_one(template):
                national_less_one.setdefault(fewer, []).append((iri, country, dropped))
    links: dict[tuple[str, str], CampaignLink] = {}
    for iri, label in labels.items():
        for template, province in _province_templates(_words(label)):
            # (parent, country words, the one word only one of the names has)
            matches: list[tuple[str, str, str | None]] = [(p, c, None) for p, c in national.get(template, [])]
            if not matches and len(template) >= MIN_WORDS_NEAR:
                matches = [(p, c, w) for p, c, w in national_less_one.get(template, [])]
                for fewer, missing in _without_one(template):
                    matches += [(p, c, missing) for p, c in national.get(fewer, []) if len(fewer) >= MIN_WORDS_NEAR]
            for parent, country, word in matches:
                if parent == iri:
                    continue
                shown = None if word is None else {**_spellings(labels[parent]), **_spellings(label)}.get(word, word)
                link = CampaignLink(iri, label, parent, labels[parent], country, province, shown)
                known = links.get((iri, parent))
                # an exact match beats a near one ("tỉnh Điện Biên ..." is exact with "tỉnh" read as part of the name)
                if known is None or (known.extra_word is not None and shown is None):
                    links[(iri, parent)] = link
    return [links[k] for k in sorted(links)]


def campaign_quads(links: Iterable[CampaignLink], ids: Identity) -> list[ox.Quad]:
    """The derived graph: each link with a derivation that carries its rule as evidence (empty without links)."""
    links = list(links)
    if not links:
        return []
    graph = ids.graph(GRAPH_NAME)
    quads = [
        ox.Quad(graph, RDF.type, TDKT.SourceDocument, graph),
        ox.Quad(graph, DCT.identifier, ox.Literal(GRAPH_NAME), graph),
        ox.Quad(graph, DCT.title, ox.Literal("Campaign lineage recognised from campaign names (graph.campaigns)",
                                             language="en"), graph),
    ]
    for index, link in enumerate(links):
        child, parent = ox.NamedNode(link.child), ox.NamedNode(link.parent)
        derivation = ids.derivation(child, f"{GRAPH_NAME}/{index}")
        quads += [
            ox.Quad(child, TDKT.derivedFrom, parent, graph),
            ox.Quad(child, PROV.wasDerivedFrom, graph, graph),
            ox.Quad(child, PROV.qualifiedDerivation, derivation, graph),
            ox.Quad(derivation, RDF.type, PROV.Derivation, graph),
            ox.Quad(derivation, PROV.entity, graph, graph),
            ox.Quad(derivation, _INFLUENCER, parent, graph),
            ox.Quad(derivation, TDKT.recordIndex, ox.Literal(str(index), datatype=ox.NamedNode(
                PREFIXES["xsd"] + "integer")), graph),
            ox.Quad(derivation, TDKT.evidence, ox.Literal(link.evidence, language="en"), graph),
            ox.Quad(derivation, TDKT.confidence, ox.Literal(link.confidence, datatype=ox.NamedNode(
                PREFIXES["xsd"] + "decimal")), graph),
        ]
    return quads


@lru_cache(maxsize=1)
def _campaign_names() -> str:
    return ontology_text("campaign-names.rq")


def campaign_graph(store: Store, ids: Identity | None = None) -> dict[ox.NamedNode, list[ox.Quad]]:
    """The derived campaign graph for the campaigns in ``store``, by name, ready for ``replace_graphs``."""
    ids = ids or Identity()
    campaigns = []
    for row in store.select(_campaign_names()):
        iri, label = row.term("campaign"), row.term("label")
        if isinstance(iri, ox.NamedNode) and isinstance(label, ox.Literal):
            campaigns.append((iri.value, label.value))
    return {ids.graph(GRAPH_NAME): campaign_quads(derive_links(campaigns), ids)}
