"""Deciding a node's kind from its hints, id and label, as words, and saying which words decided it."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Final

from archdsl.catalog import CATALOG, Catalog, Role, ServiceKind, normalise
from archdsl.infer import lexicon
from archdsl.infer.words import Token, tokens
from archdsl.model import Group, GroupKind, KindOrigin, Node

__all__ = ["KindGuess", "guess_kind", "lookup_kind", "near_miss", "role_word", "settle_kinds", "settled_kind"]

_INFERENCE_CHARS: Final = 1000
_ROLE_WORDS: Final = {
    "writer": "writer",
    "reader": "reader",
    "primary": "primary",
    "master": "primary",
    "replica": "replica",
    "replicas": "replica",
    "standby": "standby",
}
# How much a kind of evidence says, lowest first: a category word ("server"), a product someone runs
# ("Redis"), an AWS service, another vendor's product or a remark/step (never an AWS kind).
_CATEGORY, _PRODUCT, _AWS, _FINAL = 0, 1, 2, 3
_NEUTRAL_BY_ROLE: Final = {
    Role.COMPUTE: "server",
    Role.CONTAINER: "container",
    Role.SERVERLESS: "function",
    Role.LOAD_BALANCER: "load-balancer",
    Role.API: "api-gateway",
    Role.DATABASE: "database",
    Role.CACHE: "cache",
    Role.STORAGE: "storage",
    Role.MESSAGING: "queue",
    Role.MONITORING: "monitoring",
    Role.ACTOR: "actor",
}
_LOCATIONS: Final = frozenset({"public-subnet", "private-subnet", "subnet", "az", "vpc"})
# Phrase heads: a word that, ending a name, says what the thing is whatever service words come
# before it ("Lambda Execution Role" is an IAM role).  Value: the kind, or "=" for "the kind of the
# word before it, if that is one of ``_HEAD_AFTER``", or "" for generic.
_HEADS: Final[dict[str, str]] = {
    "role": "iam",
    "roles": "iam",
    "executionrole": "iam",
    "taskrole": "iam",
    "servicerole": "iam",
    "instanceprofile": "iam",
    "policy": "iam",
    "policies": "iam",
    "scalingpolicy": "asg",
    "lifecyclepolicy": "",
    "securitygroup": "security-group",
    "securitygroups": "security-group",
    "sg": "security-group",
    "subnetgroup": "",
    "subnetgroups": "",
    "targetgroup": "target-group",
    "targetgroups": "target-group",
    "listener": "listener",
    "listeners": "listener",
    "launchtemplate": "launch-template",
    "loggroup": "cloudwatch-logs",
    "loggroups": "cloudwatch-logs",
    "logs": "cloudwatch-logs",
    "alarm": "cloudwatch-alarm",
    "alarms": "cloudwatch-alarm",
    "bucket": "s3",
    "buckets": "s3",
    "dlq": "sqs",
    "secret": "secrets-manager",
    "secrets": "secrets-manager",
    "snapshot": "",
    "snapshots": "",
    "client": "",
    "clients": "",
    "operator": "",
    "sdk": "",
    "driver": "",
    "library": "",
    "migration": "",
    "migrations": "",
    "schema": "",
    "rule": "=",
    "rules": "=",
    "dashboard": "=",
    "endpoint": "=",
    "endpoints": "=",
    "interfaceendpoint": "vpc-endpoint",
    "interfaceendpoints": "vpc-endpoint",
    "gatewayendpoint": "vpc-endpoint",
    "gatewayendpoints": "vpc-endpoint",
    "exporter": "monitoring",
    "exporters": "monitoring",
    "invalidation": "",
    "invalidations": "",
    "proxy": "=",
}
# Heads that need a service word before them: "Logs" alone says nothing, "Lambda Logs" does.
_HEADS_AFTER_ONLY: Final = frozenset(
    {
        "logs",
        "secret",
        "secrets",
        "snapshot",
        "snapshots",
        "client",
        "clients",
        "operator",
        "sdk",
        "driver",
        "library",
        "migration",
        "migrations",
        "schema",
        "rule",
        "rules",
        "dashboard",
        "endpoint",
        "endpoints",
    }
)
# Heads that need some word before them, a service or not: "CPU Alarm", "Admin Dashboard".
_HEADS_AFTER_WORD: Final = frozenset({"alarm", "alarms", "listener", "listeners", "dashboard", "bucket", "buckets"})
_RULE_OWNERS: Final = {
    "eventbridge": "eventbridge",
    "waf": "waf",
    "security-group": "security-group",
    "nacl": "nacl",
    "listener": "listener",
    "alb": "listener",
    "nlb": "listener",
    "config": "config",
}
_ENDPOINT_SERVICES: Final = frozenset(
    {"s3", "dynamodb", "sqs", "sns", "ecr", "kms", "secrets-manager", "session-manager", "cloudwatch-logs", "vpc"}
)
_TIERS: Final = {
    "public": "public-subnet",
    "dmz": "public-subnet",
    "private": "private-subnet",
    "app": "private-subnet",
    "application": "private-subnet",
    "data": "private-subnet",
    "db": "private-subnet",
    "database": "private-subnet",
    "isolated": "private-subnet",
}
_SUBNET_NODE: Final = re.compile(r"(public|private)[-_ ]?(?:subnet[-_ ]?)?(?:\d+[a-z]?|[a-z])\Z", re.IGNORECASE)
_AZ_NODE: Final = re.compile(
    r"(?:az|availability[-_ ]?zone)[-_ ]?(?:\d+[a-z]?|[a-z])?\Z|[a-z]{2}(?:-gov)?-[a-z]+-\d[a-z]\Z", re.IGNORECASE
)
# "Multi-AZ Standby", "single AZ", "2 AZ": a setting of something else, not an AZ drawn as a node.
_AZ_SETTINGS: Final = frozenset({"multi", "single", "cross", "2", "3", "two", "three"})
_BULLET: Final = re.compile(r"\s*(?:[-*•・▪►]\s|\d+[.)]\s|[✅❌✔✓✗⚠☑])")
_COLON_HEAD: Final = re.compile(r"\W*([A-Za-z][A-Za-z ]{0,20}?)\s*:")
_FILE_NAME: Final = re.compile(r"\b[\w-]+\.(\w{1,7})\b")
_PUBSUB: Final = re.compile(r"pub\s*/\s*sub", re.IGNORECASE)
# A question ("Cache HIT?"), a flow told in one box ("resolver → root"), a condition ("age > 5 min"):
# a step or decision of a process, not a resource.
_PROSE: Final = re.compile(r"\?\s*\Z|→|⟶|⇒|(?<=\S) ?->(?= ?\S)|(?<=[a-z] )(?:>=?|<=?|==|≥|≤)(?= ?\d)")
_BOUND_WORDS: Final = frozenset(
    {"min", "max", "desired", "capacity", "size", "count", "instances", "tasks", "replicas"}
)
# Words that name an AWS service themselves, so an instance type beside them only sizes it.
_AWS_WORD: Final = re.compile(r"\b(?:ec2|rds|aurora|elasticache|redis|opensearch|emr|ecs|eks|msk|mq|sagemaker)\b", re.I)
# A Terraform module address (``module.db``): code that makes resources, not one.
_MODULE: Final = re.compile(r"\s*module\.\w+", re.IGNORECASE)
# A VPC endpoint's service name: ``com.amazonaws.eu-west-1.ecr.api``.
_ENDPOINT_NAME: Final = re.compile(r"\bcom\.amazonaws\.", re.IGNORECASE)
# An EC2 instance type (``c7g.xlarge``, ``t3.micro``); ``db.`` and ``cache.`` ones are RDS and ElastiCache nodes.
_INSTANCE_TYPE: Final = re.compile(
    r"(?<![\w.])(db\.|cache\.)?[a-z]{1,3}\d[a-z0-9-]*\.(?:nano|micro|small|medium|large|\d*xlarge|metal)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class KindGuess:
    """A node's kind, how it was decided, the deciding words and where they were found."""

    kind: str
    origin: KindOrigin
    text: str
    basis: str
    role: str | None = None


class _Decision:
    __slots__ = ("cls", "kind", "matched", "mentions", "phrase")

    def __init__(
        self, kind: str, cls: int, matched: str, phrase: frozenset[str], mentions: frozenset[str] = frozenset()
    ) -> None:
        self.kind = kind
        self.cls = cls
        self.matched = matched
        self.phrase = phrase  # the compact words of the phrase that decided
        self.mentions = mentions  # every kind the phrase names, the deciding one or not


# How a hit names a person: not at all, by a word, by an emoji (a person whatever follows), or as an
# outside party ("Partner systems": an actor whatever follows).
_NOT_PERSON, _PERSON_WORD, _PERSON_EMOJI, _PARTY = 0, 1, 2, 3


class _Hit:
    __slots__ = ("cls", "first", "head", "kind", "last", "person", "words")

    def __init__(self, kind: str, cls: int, first: int, last: int, head: str | None, person: int = 0) -> None:
        self.kind = kind
        self.cls = cls
        self.first = first
        self.last = last
        self.head = head  # the head word's compact form, when the hit is a phrase head
        self.words = 1  # how many written words it spans: "DynamoDB" is one, "Load Balancer" two
        self.person = person


def lookup_kind(catalog: Catalog, name: str) -> ServiceKind | None:
    """The kind a written kind name, icon or class names: the catalogue's, then other vendors' products."""
    found = catalog.lookup(name)
    if found is None:
        other = lexicon.OTHER_PRODUCTS.get(normalise(name))
        found = catalog.get(other) if other else None
    return found


def role_word(*texts: str) -> str | None:
    """The replication role a name announces (``Aurora_Writer`` -> ``writer``), first text first.

    >>> role_word("Orders DB", "db_replica")
    'replica'
    """
    for text in texts:
        for token in tokens(text[:_INFERENCE_CHARS]):
            if token.text in _ROLE_WORDS:
                return _ROLE_WORDS[token.text]
    return None


# A later label line of the form "Key: value" ("SG: alb-sg", "Engine: aurora-mysql").
_SETTING_LINE: Final = re.compile(r"^\s*[^:\s][^:]{0,24}:\s")


def guess_kind(
    catalog: Catalog,
    node_id: str,
    label: str,
    hints: Sequence[tuple[str, str]] = (),
    *,
    cylinder: bool = False,
) -> KindGuess:
    """The kind of a node from explicit hints ``(text, basis)`` (an ``archdsl:`` comment, an icon, a
    class name), its id, and its label's first line, then the rest of the label.

    A hint that names a kind decides, except a class naming a vendor-neutral kind (``class X
    storage``), which a label or id that names something more specific overrides.  The id decides
    before the label, unless the label names the same thing more precisely (``Internet`` with
    ``Internet Gateway``, ``DB`` with ``RDS MySQL``) or is a remark, a step or another vendor's product.
    Later label lines decide only when nothing before them does, or to make a category word precise
    (``App Server`` then ``EC2 t3.micro``).
    """
    vague: tuple[ServiceKind, str, str] | None = None
    for text, basis in hints:
        service = lookup_kind(catalog, text)
        if service is None:
            continue
        if basis in ("class", "icon") and not service.aws:
            vague = vague or (service, text, basis)
            continue
        return KindGuess(service.key, KindOrigin.HINT, text, basis)
    # Many notes write a literal "\n" for a line break (Mermaid draws it as text): read it as one.
    lines = label.replace("\\n", "\n").split("\n") if label else []
    first = lines[0] if lines and label != node_id else ""
    by_id = _decide(catalog, node_id)
    by_first = _decide(catalog, first) if first.strip() else None
    name, dash, _ = first.partition(" - ")
    if dash and name.strip():
        # "ECS Fargate Service - Node.js and Express": the name before the dash says what it is
        by_first = _decide(catalog, name) or by_first
    chosen, basis = _choose(catalog, by_id, by_first, node_id)
    later = [(_decide(catalog, line), f"label line {number}") for number, line in enumerate(lines[1:], start=2)]
    for (decision, where), line in zip(later, lines[1:], strict=True):
        if decision is None or (chosen is not None and _SETTING_LINE.match(line)):
            continue  # "SG: alb-sg", "Target: igw-0abc" under a name are settings of the thing named
        if chosen is None and _lists_services(catalog, line):
            continue  # "Production Account" over "ECS, RDS, ElastiCache": what a box holds, not what it is
        if chosen is None:
            chosen, basis = decision, where
            break
        if chosen.cls in (_CATEGORY, _PRODUCT) and decision.cls == _AWS and _same_role(catalog, chosen, decision):
            chosen, basis = decision, where
            break
        if _REFINEMENTS.get(chosen.kind) == decision.kind:
            chosen, basis = decision, where  # "ECS service" then "Fargate, 2 tasks"
            break
        if decision.matched.lower().replace(" ", "") in _HEADS and chosen.kind in decision.mentions | {chosen.kind}:
            joined = _decide(catalog, f"{first} {lines[int(where.rsplit(' ', 1)[1]) - 1]}")
            if joined is not None and joined.kind == decision.kind:
                chosen, basis = decision, where  # "DynamoDB" then "gateway endpoint"
                break
    if vague is not None and (chosen is None or chosen.cls == _CATEGORY):
        return KindGuess(vague[0].key, KindOrigin.HINT, vague[1], vague[2])
    if chosen is not None:
        role = role_word(label, node_id) if catalog.get(chosen.kind).role in (Role.DATABASE, Role.CACHE) else None
        return KindGuess(chosen.kind, KindOrigin.INFERRED, chosen.matched, basis, role)
    if cylinder:
        return KindGuess("database", KindOrigin.INFERRED, "cylinder shape", "shape", role_word(label, node_id))
    return KindGuess("generic", KindOrigin.UNKNOWN, node_id, "")


def _lists_services(catalog: Catalog, line: str) -> bool:
    """Whether a line names two or more different kinds in a comma list."""
    if "," not in line and "\u3001" not in line:
        return False
    kinds = {decision.kind for part in re.split(r"[,\u3001]", line) if (decision := _decide(catalog, part))}
    return len(kinds) >= 2


def _choose(
    catalog: Catalog, by_id: _Decision | None, by_first: _Decision | None, node_id: str
) -> tuple[_Decision | None, str]:
    if by_first is None:
        return by_id, "id"
    if by_id is None or by_first.cls == _FINAL:
        return by_first, "label"
    if by_id.cls == _FINAL or by_id.kind == by_first.kind:
        return by_id, "id"
    if by_first.cls >= by_id.cls and (_same_role(catalog, by_first, by_id) or by_id.kind in by_first.mentions):
        # "user" drawn as "📱 Mobile app", "EP_DDB" as "DynamoDB gateway endpoint": the label says it precisely
        return by_first, "label"
    id_words = {token.text for token in tokens(node_id)} - {"", "_"}
    if id_words and all(any(word in phrase for phrase in by_first.phrase) for word in id_words):
        return by_first, "label"  # "Internet" -> "Internet Gateway", "Lambda" -> "Lambda Execution Role"
    if by_id.cls < by_first.cls:
        return by_first, "label"
    return by_id, "id"


def _same_role(catalog: Catalog, one: _Decision, other: _Decision) -> bool:
    return catalog.get(one.kind).role is catalog.get(other.kind).role


def settled_kind(kind: str, kind_text: str, label: str, aws_diagram: bool) -> str:
    """A kind read from a word that means the AWS service among AWS services and the neutral kind
    elsewhere (``Load Balancer``, ``API Gateway``, ``Redis``), given whether the diagram draws AWS;
    a label that says the thing runs on the team's own machines (``Redis on EC2``) keeps it neutral."""
    pair = lexicon.AMBIGUOUS_TERMS.get(normalise(kind_text))
    if pair is None or kind not in pair:
        return kind
    written: dict[int, str] = {}
    for token in tokens(label[:_INFERENCE_CHARS]):
        written[token.word] = written.get(token.word, "") + token.text
    if aws_diagram and not any(word in lexicon.SELF_HOSTING_WORDS for word in written.values()):
        return pair[1]
    return pair[0]


def is_aws_evidence(catalog: Catalog, kind: str, kind_text: str) -> bool:
    """Whether a node of ``kind``, decided by ``kind_text``, shows that its diagram draws AWS."""
    service = catalog.lookup(kind)
    return service is not None and service.aws and normalise(kind_text) not in lexicon.AMBIGUOUS_TERMS


# Groups that hold machines, never people: an inferred person inside one is a service named after its users.
_NETWORK_GROUPS: Final = frozenset({GroupKind.VPC, GroupKind.SUBNET, GroupKind.AZ})


def settle_kinds(nodes: list[Node], groups: Sequence[Group], catalog: Catalog) -> list[Node]:
    """Inferred kinds settled by the diagram around them: a kind word that means an AWS service only among AWS
    services (``Load Balancer``, ``API Gateway``, ``Queue``) gets the AWS kind when the diagram draws AWS, the
    neutral one otherwise; a person inferred inside a VPC, zone or subnet (a ``users`` service) is a generic
    service."""
    title_words = words_of(group.label for group in groups)
    aws = (
        "aws" in title_words
        or "amazon" in title_words
        or any(
            node.kind_origin is not KindOrigin.UNKNOWN and is_aws_evidence(catalog, node.kind, node.kind_text)
            for node in nodes
        )
    )
    by_id = {group.id: group for group in groups}

    def in_network(group_id: str | None) -> bool:
        seen: set[str] = set()
        while group_id is not None and group_id in by_id and group_id not in seen:
            if by_id[group_id].kind in _NETWORK_GROUPS:
                return True
            seen.add(group_id)
            group_id = by_id[group_id].parent
        return False

    settled_nodes = []
    for node in nodes:
        if node.kind_origin is not KindOrigin.INFERRED:
            settled_nodes.append(node)
            continue
        settled = settled_kind(node.kind, node.kind_text, node.label, aws)
        if settled == "actor" and in_network(node.group):
            settled = "generic"
        settled_nodes.append(replace(node, kind=settled) if settled != node.kind else node)
    return settled_nodes


# --- one text -------------------------------------------------------------------------------------


def _decide(catalog: Catalog, text: str) -> _Decision | None:
    return _decide_cached(catalog, text[:_INFERENCE_CHARS]) if text else None


@functools.lru_cache(maxsize=16384)
def _decide_cached(catalog: Catalog, text: str) -> _Decision | None:
    remark = _remark(catalog, text)
    if remark is not None:
        return _Decision("generic", _FINAL, remark, frozenset())
    endpoint = _ENDPOINT_NAME.search(text)
    if endpoint is not None:
        return _Decision("vpc-endpoint", _AWS, endpoint.group(0), frozenset())
    instance = _INSTANCE_TYPE.search(text)
    if instance is not None and not _AWS_WORD.search(text):
        family = (instance.group(1) or "").lower()
        kind = "rds" if family == "db." else "elasticache" if family == "cache." else "ec2"
        return _Decision(kind, _AWS, instance.group(0), frozenset())  # "match-server c7g.xlarge"
    if "/" in text:
        text = _PUBSUB.sub("PubSub", text)
    found = tokens(text)
    if not found:
        return None
    hits = _hits(catalog, found)
    step = _step(text, found, hits)
    if step is not None:
        return _Decision("generic", _FINAL, step, frozenset())
    phrases = _phrases(found, hits)
    chosen: _Decision | None = None
    for phrase_hits, phrase_tokens in phrases:
        decision = _phrase_decision(catalog, text, found, phrase_hits, phrase_tokens)
        if decision is None:
            continue
        if chosen is None:
            chosen = decision
        elif chosen.cls in (_CATEGORY, _PRODUCT) and decision.cls == _AWS and _same_role(catalog, chosen, decision):
            return decision  # "MySQL on RDS": the engine runs on the managed service
        elif chosen.cls == _CATEGORY and decision.cls == _PRODUCT and _same_role(catalog, chosen, decision):
            chosen = decision  # "orders-db (PostgreSQL 16)": the product says which database
        elif _REFINEMENTS.get(chosen.kind) == decision.kind:
            return decision  # "ECS service on Fargate"
        elif chosen.kind == "mobile" and decision.kind == "actor":
            return decision  # "Mobile & web clients": clients of every sort
    return chosen


def _remark(catalog: Catalog, text: str) -> str | None:
    """A remark box (``Rules: ...``, a bullet list) or code (``main.tf``): the words that say so."""
    if _BULLET.match(text):
        return text.strip()[:1]
    module = _MODULE.match(text)
    if module is not None:
        return module.group(0).strip()
    for prose in _PROSE.finditer(text):
        if prose.group(0)[0] in "<>=≥≤" and text[: prose.start()].split()[-1].lower() in _BOUND_WORDS:
            continue  # "min >= 2" sizes a fleet
        if prose.group(0) in ("→", "->") and text.count(prose.group(0)) == 1:
            source = _decide(catalog, text[: prose.start()])
            if source is not None and source.cls == _AWS:
                continue  # "SNS → finance@": a topic and where it sends
        return prose.group(0).strip()
    colon = _COLON_HEAD.match(text)
    if colon is not None and colon.group(1).strip().lower() in lexicon.ANNOTATION_WORDS:
        return colon.group(0).strip()
    for match in _FILE_NAME.finditer(text):
        if match.group(1).lower() in lexicon.CODE_FILE_SUFFIXES:
            return match.group(0)
    return None


def _hits(catalog: Catalog, found: tuple[Token, ...]) -> list[_Hit]:
    hits: list[_Hit] = []
    limit = catalog.longest_name + 1
    for i, first in enumerate(found):
        if first.text[0] >= "\x80":
            hit = _non_ascii_hit(catalog, first.text, i)
            if hit is not None:
                hits.append(hit)
            continue
        compact = ""
        has_letter_word = False
        for j in range(i, len(found)):
            token = found[j]
            if token.segment != first.segment or token.text[0] >= "\x80":
                break
            has_letter_word = has_letter_word or token.letter_word
            if has_letter_word and token.word != first.word:
                break  # "a_lb" or "S Q S" is not a name across single-letter words
            compact += token.text
            if len(compact) > limit:
                break
            hit = _hit(catalog, compact, i, j)
            if hit is not None and hit.kind == "az" and i and found[i - 1].text in _AZ_SETTINGS:
                hit = None  # "Multi-AZ Standby", "single AZ": a setting of something else
            if hit is not None:
                hit.words = token.word - first.word + 1
                hits.append(hit)
    # A name inside a longer name is part of it: "CloudWatch" in "CloudWatch Logs".
    kept = [
        hit
        for hit in hits
        if not any(
            other is not hit
            and other.first <= hit.first
            and hit.last <= other.last
            and (other.last - other.first) > (hit.last - hit.first)
            for other in hits
        )
    ]
    kept.sort(key=lambda hit: (hit.first, hit.last))
    return kept


def _non_ascii_hit(catalog: Catalog, text: str, index: int) -> _Hit | None:
    """A person (``開発者``, ``👥``) or a kind word (``サブネット``, ``λ``) inside a run of non-ASCII characters."""
    for word, kind in lexicon.NON_ASCII_PEOPLE.items():
        if word in text:
            emoji = _PERSON_EMOJI if text[0] > "\u2fff" and not text[0].isalpha() else _PERSON_WORD
            return _Hit(kind, _AWS - 1, index, index, None, emoji)
    for word, compact in lexicon.NON_ASCII_TERMS:
        if word in text:
            return _hit(catalog, compact, index, index) if compact else None
    return None


def _hit(catalog: Catalog, compact: str, first: int, last: int) -> _Hit | None:
    user = catalog.user_alias(compact)
    if user is not None:
        return _Hit(user.key, _AWS if user.aws else _PRODUCT, first, last, None)
    if compact in lexicon.PARTY_NOUNS:
        return _Hit("actor", _CATEGORY, first, last, None, _PARTY)
    if compact in lexicon.PEOPLE_NOUNS:
        return _Hit("actor", _CATEGORY, first, last, None, _PERSON_WORD)
    head = compact if compact in _HEADS else None
    other = lexicon.OTHER_PRODUCTS.get(compact)
    if other is not None:
        return _Hit(other, _FINAL, first, last, None)
    service = catalog.match(compact)
    if service is None:
        return _Hit("", _CATEGORY, first, last, head) if head else None
    if service.aws:
        cls = _AWS
    elif service.neutral or compact in lexicon.SELF_HOSTED or compact.rstrip("s") in lexicon.SELF_HOSTED:
        cls = _PRODUCT
    else:
        cls = _CATEGORY
    person = _PERSON_WORD if service.role is Role.ACTOR else _NOT_PERSON
    return _Hit(service.key, cls, first, last, head, person)


def _phrases(found: tuple[Token, ...], hits: list[_Hit]) -> list[tuple[list[_Hit], list[Token]]]:
    covered: set[int] = set()
    for hit in hits:
        covered.update(range(hit.first, hit.last + 1))
    phrase_of: list[int] = []
    phrase = 0
    for index, token in enumerate(found):
        if index and token.segment != found[index - 1].segment:
            phrase += 1
        alone = (index == 0 or found[index - 1].word != token.word) and (
            index + 1 == len(found) or found[index + 1].word != token.word
        )
        if alone and token.text in lexicon.PREPOSITIONS and index not in covered:
            phrase += 1
            phrase_of.append(-1)
            continue
        phrase_of.append(phrase)
    count = max(phrase_of, default=-1) + 1
    result: list[tuple[list[_Hit], list[Token]]] = [([], []) for _ in range(count)]
    for index, token in enumerate(found):
        if phrase_of[index] >= 0:
            result[phrase_of[index]][1].append(token)
    for hit in hits:
        owner = phrase_of[hit.first]
        if owner >= 0:
            result[owner][0].append(hit)
    return [entry for entry in result if entry[1]]


def _step(text: str, found: tuple[Token, ...], hits: list[_Hit]) -> str | None:
    """``Run Database Migrations``, ``Deploy to ECS``, ``terraform apply``, ``UserService``: the deciding words."""
    ascii_tokens = [token for token in found if token.text[0] < "\x80"]
    if not ascii_tokens:
        return None
    head = ascii_tokens[0]
    words = {token.word for token in ascii_tokens}
    alone = all(token.word == head.word for token in ascii_tokens)
    if alone:
        # one written word: a PascalCase code name ending in Service, Handler, Repository, ...
        parts = [token for token in ascii_tokens if token.word == head.word]
        written = text[parts[0].start : parts[-1].end]
        if (
            len(parts) >= 2
            and written[:1].isupper()
            and not written.isupper()
            and parts[-1].text in lexicon.CODE_SUFFIXES
            and not any(hit.cls == _AWS for hit in hits)
        ):
            return written
        return None
    if len(words) < 2:
        return None
    first_written = text[head.start : head.end]
    nxt = ascii_tokens[1]
    if (
        head.text in lexicon.CLI_COMMANDS
        and first_written.islower()
        and text[nxt.start : nxt.end].islower()
        and text[head.end : head.end + 1] == " "
    ):
        return text[head.start : nxt.end]
    if head.text not in lexicon.STEP_VERBS or any(token.word == head.word for token in ascii_tokens[1:]):
        return None
    if any(hit.first == 0 for hit in hits):
        return None  # the verb is part of a name ("Run" in "Cloud Run" never starts one; "Config Rules" has no verb)
    last = ascii_tokens[-1]
    has_preposition = any(token.text in lexicon.PREPOSITIONS for token in ascii_tokens[1:] if token.word != head.word)
    ends_in_name = any(hit.last == len(found) - 1 and hit.kind for hit in hits)
    if last.text in lexicon.AGENT_NOUNS and not has_preposition:
        return None  # "Build Server"
    if ends_in_name and not has_preposition:
        return None  # "Invoke Lambda" stays Lambda
    return text[head.start : head.end]


def _phrase_decision(
    catalog: Catalog, text: str, found: tuple[Token, ...], hits: list[_Hit], phrase_tokens: list[Token]
) -> _Decision | None:
    words = frozenset(token.text for token in phrase_tokens)
    last_index = found.index(phrase_tokens[-1])
    usable: list[_Hit] = []
    first_index = found.index(phrase_tokens[0])
    for hit in hits:
        if (
            hit.person == _PARTY
            and all(token.text[0] >= "\x80" for token in found[first_index : hit.first])
            and not any(other.cls == _AWS for other in hits)
        ):
            return _Decision("actor", _FINAL, _span(text, found, hit), words)  # "Partner systems"
        if hit.person in (_PERSON_WORD, _PARTY) and not _still_a_person(found, hit, first_index, last_index):
            continue  # "UserService", "Admin Panel", "CloudWatch agent": not a person
        usable.append(hit)
    if any(hit.person == _PERSON_EMOJI for hit in usable) and any(hit.person == _PERSON_WORD for hit in usable):
        usable = [hit for hit in usable if hit.person != _PERSON_EMOJI]  # the words say more than the emoji
    if (
        len(usable) > 1
        and usable[-1].person == _PERSON_WORD
        and usable[-1].head is None
        and usable[-1].last == last_index
        and not any(hit.cls == _AWS for hit in usable)
    ):
        usable = [usable[-1]]  # "Office users", "Marketing editors": the people the phrase ends with
    if len(usable) > 1 and usable[-1].kind == "mobile" and usable[-1].last == last_index:
        usable = [hit for hit in usable if hit.kind != "actor"]  # "Store staff tablets": the device
    if not usable:
        return _location(text, phrase_tokens, words)
    mentions = frozenset(hit.kind for hit in usable if hit.kind)
    ordered = sorted(usable, key=lambda hit: (hit.last, hit.last - hit.first))
    last = ordered[-1]
    before = [hit for hit in usable if hit.last < last.first]
    # a word before, or a head written in Japanese or Korean (リスナー is never an everyday word)
    has_word_before = phrase_tokens[0] is not found[last.first] or found[last.first].text[0] >= "\x80"
    if last.head is not None and (
        before
        or (last.head in _HEADS_AFTER_WORD and has_word_before)
        or (last.head not in _HEADS_AFTER_ONLY and last.head not in _HEADS_AFTER_WORD)
    ):
        kind = _resolve_head(last.head, before[-1] if before else None, words)
        if kind is not None:
            cls = _FINAL if not kind else _AWS if catalog.get(kind).aws else _PRODUCT
            return _Decision(kind or "generic", cls, _span(text, found, last), words, mentions)
    candidates = [hit for hit in usable if hit.kind]
    if not candidates:
        return _location(text, phrase_tokens, words)
    best = _best(catalog, candidates)
    kind, cls = best.kind, best.cls
    matched = _span(text, found, best)
    vendor = any(
        token.text in lexicon.VENDOR_WORDS and not best.first <= index <= best.last
        for index, token in enumerate(found[first_index : last_index + 1], start=first_index)
    )
    if vendor and cls == _AWS:
        kind, cls = _NEUTRAL_BY_ROLE.get(catalog.get(kind).role, "generic"), _FINAL
    if cls == _FINAL and kind == "generic" and best.last < last_index:
        # "Supabase Postgres", "Upstash Redis": a hosting vendor's database is a database
        product = next((hit for hit in candidates if hit.first > best.last and hit.cls in (_CATEGORY, _PRODUCT)), None)
        if product is not None and catalog.get(product.kind).role is not Role.ACTOR:
            kind, matched = product.kind, text[found[best.first].start : found[product.last].end]
    if kind in ("public-subnet", "private-subnet", "subnet"):
        kind = next((_TIERS[word] for word in words if word in _TIERS), kind)
    return _Decision(kind, cls, matched, words, mentions)


def _person_word(token: Token) -> bool:
    text = token.text
    return (
        text in lexicon.PEOPLE_WORDS
        or text in lexicon.PEOPLE_NOUNS
        or text in lexicon.DEVICE_WORDS
        or text.isdigit()
        or text[0] >= "\x80"
    )


def _still_a_person(found: tuple[Token, ...], hit: _Hit, first_index: int, last_index: int) -> bool:
    """Whether a people word names a person here: only people words, devices, counts or non-ASCII
    words (a name, ``5명``) follow it; a word that is software as often (``agent``) needs that of
    the whole name."""
    written = "".join(token.text for token in found[hit.first : hit.last + 1])
    if hit.person == _PARTY or written in lexicon.PEOPLE_ONLY_ALONE:
        others = found[first_index : hit.first] + found[hit.last + 1 : last_index + 1]
    else:
        others = found[hit.last + 1 : last_index + 1]
    return all(_person_word(token) or (token.text in ("tablet", "tablets", "phone", "phones")) for token in others)


def _best(catalog: Catalog, hits: list[_Hit]) -> _Hit:
    top = max(hit.cls for hit in hits)
    if top == _PRODUCT:
        products = [hit for hit in hits if hit.cls == _PRODUCT]
        # "Deployment web HPA 3-30 pods": a cluster object (an autoscaler, a ConfigMap) says how the pods
        # run; the pods are the thing drawn
        running = [hit for hit in products if catalog.get(hit.kind).role is not Role.MANAGEMENT]
        return (running or products)[0]
    if top == _AWS:
        aws = [hit for hit in hits if hit.cls == _AWS]
        products = [hit for hit in hits if hit.cls == _PRODUCT]
        if (
            products
            and catalog.get(products[0].kind).role is not Role.LOAD_BALANCER
            and not any(catalog.get(hit.kind).role is catalog.get(products[0].kind).role for hit in aws)
        ):
            return products[0]  # "Redis EC2 node": Redis, running on EC2; "EC2 nginx" is a web server on EC2
        refined = [hit for hit in aws if hit.kind in _REFINEMENTS.values()]
        if refined and any(_REFINEMENTS.get(hit.kind) == refined[0].kind for hit in aws):
            return refined[0]  # "ECS service on Fargate": the launch type says more
        services = [hit for hit in aws if hit.kind not in _LOCATIONS] or aws
        widest = max(_width(hit) for hit in services)
        services = [hit for hit in services if _width(hit) == widest]
        roles = {catalog.get(hit.kind).role for hit in services}
        return services[-1] if len(roles) == 1 else services[0]  # "EC2 Bastion" is a bastion
    final = next(hit for hit in hits if hit.cls == top)
    service = catalog.get(final.kind)
    named_first = [hit for hit in hits if hit.cls == _AWS and hit.last < final.first]
    if named_first and service.neutral and service.role is Role.GENERIC:
        return named_first[0]  # "Lambda stripe-webhook": a Lambda function that Stripe calls
    return final


# Kinds whose dashboards are drawn as part of them: "Grafana dashboard" is Grafana.
_DASHBOARD_OWNERS: Final = frozenset({"cloudwatch", "managed-grafana"}) | CATALOG.instances_of("monitoring")

# A kind that says more than another named beside it: an ECS service that names Fargate runs on Fargate.
_REFINEMENTS: Final = {"ecs": "fargate"}


def _width(hit: _Hit) -> int:
    return hit.words


def _resolve_head(head: str, before: _Hit | None, words: frozenset[str]) -> str | None:
    kind = _HEADS[head]
    previous = before.kind if before is not None else ""
    if head in ("client", "clients") and previous in ("actor", "mobile"):
        return previous  # "Internet Client", "Mobile clients": people's devices, not a library
    if kind == "=":
        if head == "proxy":
            if before is None:
                return "server"  # "egress proxy"
            return "" if before.cls == _AWS else before.kind  # "RDS Proxy" is a feature, "Envoy proxy" Envoy
        if head.startswith("rule"):
            return _RULE_OWNERS.get(previous, "")
        if head.startswith("endpoint"):
            return "vpc-endpoint" if previous in _ENDPOINT_SERVICES else None
        return previous if before is not None and previous in _DASHBOARD_OWNERS else ""
    if kind in ("iam",) and "scaling" in words:
        return "asg"
    if kind and before is not None and before.cls == _FINAL:
        return before.kind  # "Cloud Armor policy" belongs to Cloud Armor, "Axiom logs" to Axiom
    if head in ("logs", "loggroup") and previous == "s3":
        return "s3"  # "S3 session logs": logs kept in a bucket
    return kind


def _location(text: str, phrase_tokens: list[Token], words: frozenset[str]) -> _Decision | None:
    """A subnet or an AZ drawn as a node: ``Public-1a``, ``AZ1``, ``us-east-1a``."""
    written = text[phrase_tokens[0].start : phrase_tokens[-1].end].strip()
    subnet = _SUBNET_NODE.match(written)
    if subnet is not None:
        return _Decision(_TIERS[subnet.group(1).lower()], _AWS, written, words)
    if _AZ_NODE.match(written):
        return _Decision("az", _AWS, written, words)
    return None


def _span(text: str, found: tuple[Token, ...], hit: _Hit) -> str:
    return text[found[hit.first].start : found[hit.last].end]


# --- near misses ----------------------------------------------------------------------------------

_ORDINARY: Final = frozenset(
    {
        "cloud",
        "clouds",
        "worker",
        "workers",
        "cluster",
        "clusters",
        "client",
        "clients",
        "service",
        "services",
        "server",
        "storage",
        "stream",
        "streams",
        "router",
        "routes",
        "config",
        "console",
        "gateway",
        "gateways",
        "athens",
        "orders",
        "order",
        "source",
        "sources",
        "secret",
        "shields",
        "matches",
        "watch",
        "watcher",
        "health",
        "healthy",
        "backend",
        "frontend",
        "network",
        "networks",
        "balance",
        "balancer",
        "balancers",
        "pipelines",
        "identity",
        "analytics",
        "events",
        "eventbus",
        "payment",
        "payments",
        "traffic",
    }
)


@functools.lru_cache(maxsize=1)
def _near_miss_names(catalog: Catalog) -> dict[str, list[tuple[str, str]]]:
    """Distinctive AWS names (compact form, at least 5 letters) by first letter: what a typo is near."""
    by_letter: dict[str, list[tuple[str, str]]] = {}
    for compact, kind in catalog.names().items():
        if kind.aws and len(compact) >= 5 and compact not in _ORDINARY and not compact.isdigit():
            by_letter.setdefault(compact[0], []).append((compact, kind.key))
    return by_letter


def near_miss(catalog: Catalog, text: str) -> tuple[str, str] | None:
    """A written word (or two) of ``text`` one or two letters away from an AWS service name:
    ``(the words as written, the kind's key)``, e.g. ``CloudWach`` -> ``cloudwatch``."""
    text = text[:_INFERENCE_CHARS]
    found = [token for token in tokens(text) if token.text[0] < "\x80"]
    written: dict[int, list[Token]] = {}
    for token in found:
        written.setdefault(token.word, []).append(token)
    groups = list(written.values())
    candidates: list[tuple[str, str]] = []
    for index, group in enumerate(groups):
        candidates.append((text[group[0].start : group[-1].end], "".join(token.text for token in group)))
        if index + 1 < len(groups) and groups[index + 1][0].segment == group[0].segment:
            following = groups[index + 1]
            candidates.append(
                (
                    text[group[0].start : following[-1].end],
                    "".join(token.text for token in (*group, *following)),
                )
            )
    names = _near_miss_names(catalog)
    for shown, compact in candidates:
        if len(compact) < 5 or compact in _ORDINARY or compact.rstrip("s") in _ORDINARY:
            continue
        if compact in catalog.names() or catalog.match(compact) is not None or compact in lexicon.OTHER_PRODUCTS:
            continue
        allowed = 1 if len(compact) < 8 else 2
        for name, key in names.get(compact[0], ()):
            if name.startswith(compact):
                continue  # the first words of a longer name ("Application" of Application Load Balancer): no typo
            if abs(len(name) - len(compact)) <= allowed and _distance(compact, name, allowed) <= allowed:
                return shown, key
    return None


def _distance(one: str, other: str, cap: int) -> int:
    """Levenshtein distance with adjacent swaps, stopping early once it is over ``cap``."""
    previous2: list[int] = []
    previous = list(range(len(other) + 1))
    for i, a in enumerate(one, start=1):
        current = [i] + [0] * len(other)
        for j, b in enumerate(other, start=1):
            cost = 0 if a == b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a == other[j - 2] and one[i - 2] == b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > cap:
            return cap + 1
        previous2, previous = previous, current
    return previous[-1]


def words_of(texts: Iterable[str]) -> frozenset[str]:
    """Every lower-case token of ``texts`` (for diagram-wide evidence such as ``aws`` in a title)."""
    return frozenset(token.text for text in texts for token in tokens(text[:_INFERENCE_CHARS]))
