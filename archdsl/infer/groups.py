"""Read what a group stands for (cloud, region, VPC, AZ, subnet and tier, ...) from its id and title."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Final

from archdsl.infer.words import words
from archdsl.model import Diagram, Group, GroupKind, SubnetTier

__all__ = ["GroupReading", "infer_group", "read_group", "settle_groups"]

# ap-northeast-1a, us-east-1b: an availability zone; without the letter: a region.
_AZ_CODE: Final = re.compile(r"\b[a-z]{2}(?:-gov)?-[a-z]+-\d[a-z]\b", re.IGNORECASE)
_REGION_CODE: Final = re.compile(r"\b[a-z]{2}(?:-gov)?-[a-z]+-\d\b", re.IGNORECASE)
_CIDR: Final = re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}(?:/\d{1,2})?\b")
_ACCOUNT_NUMBER: Final = re.compile(r"(?<!\d)\d{12}(?!\d)")
# A title's head is its first stretch: "AWS Cloud - us-east-1", "VPC: app-vpc", "AWS Cloud (via Ansible)".
_SEGMENT_BREAK: Final = re.compile(r"\s[-\u2013\u2014]\s|[:()\[\]|,/\uff1a\uff08\uff09\u3001]")
# Japanese words people write in titles, read as the English words they mean.
_JAPANESE: Final = (
    ("オンプレミス", " on-premises "),
    ("オンプレ", " on-premises "),
    ("データセンター", " data center "),
    ("社内ネットワーク", " corporate network "),
    ("パブリック", " public "),
    ("プライベート", " private "),
    ("サブネット", " subnet "),
    ("アベイラビリティーゾーン", " availability zone "),
    ("アベイラビリティゾーン", " availability zone "),
    ("リージョン", " region "),
    ("アカウント", " account "),
    ("クラウド", " cloud "),
    ("セキュリティグループ", " security group "),
    ("オートスケーリンググループ", " auto scaling group "),
    ("オートスケーリング", " auto scaling "),
    ("온프레미스", " on-premises "),
    ("데이터 센터", " data center "),
    ("데이터센터", " data center "),
    ("퍼블릭", " public "),
    ("프라이빗", " private "),
    ("서브넷", " subnet "),
    ("가용 영역", " availability zone "),
    ("가용영역", " availability zone "),
    ("리전", " region "),
    ("계정", " account "),
    ("클라우드", " cloud "),
    ("보안 그룹", " security group "),
    ("보안그룹", " security group "),
    ("数据中心", " data center "),
    ("公有子网", " public subnet "),
    ("私有子网", " private subnet "),
    ("子网", " subnet "),
    ("可用区", " availability zone "),
    ("安全组", " security group "),
)
_TIERS: Final = {
    "public": SubnetTier.PUBLIC,
    "dmz": SubnetTier.PUBLIC,
    "private": SubnetTier.PRIVATE,
    "protected": SubnetTier.PRIVATE,
    "app": SubnetTier.PRIVATE,
    "application": SubnetTier.PRIVATE,
    "data": SubnetTier.DATA,
    "db": SubnetTier.DATA,
    "database": SubnetTier.DATA,
    "isolated": SubnetTier.DATA,
}
# Words a bare tier names a subnet with ("Private", "Public 1a", "Private App"), and only those.
_BARE_TIER_HEADS: Final = frozenset({"public", "private", "dmz"})
# How deep each boundary sits: when the id and the title name two, the inner one is meant.
_DEPTH: Final = {
    GroupKind.CLOUD: 0,
    GroupKind.ON_PREMISES: 0,
    GroupKind.ACCOUNT: 1,
    GroupKind.REGION: 2,
    GroupKind.VPC: 3,
    GroupKind.AZ: 4,
    GroupKind.SUBNET: 5,
    GroupKind.AUTOSCALING_GROUP: 6,
    GroupKind.SECURITY_GROUP: 7,
}
_CLOUD_VENDORS: Final = frozenset({"aws", "amazon", "azure", "microsoft", "gcp", "google", "oracle", "oci", "alibaba"})
# Words that may follow a boundary word without changing what the box is ("VPC 1a", "AWS Cloud prod").
_QUALIFIERS: Final = frozenset(
    {
        "prod", "production", "staging", "stage", "stg", "dev", "development", "test", "qa", "uat", "sandbox",
        "main", "primary", "secondary", "shared", "default", "dr", "standby", "active", "passive", "blue", "green",
        "infrastructure", "infra", "environment", "env", "network", "boundary", "area", "tier", "cloud", "platform",
        "regioncode", "azcode", "cidr", "account", "number", "id", "east", "west", "north", "south", "central",
        "tokyo", "osaka", "virginia", "ohio", "oregon", "california", "ireland", "frankfurt", "london", "paris",
        "stockholm", "sweden", "singapore", "sydney", "seoul", "mumbai", "canada", "europe", "us", "eu", "asia",
        "japan", "pacific",
    }
)  # fmt: skip
# Nouns that make a boundary word a modifier: "VPC Endpoints", "Subnet Group", "Private DNS", "Cloud Armor".
_COMPOUNDS: Final = frozenset(
    {
        "endpoint", "endpoints", "peering", "flow", "logs", "log", "lattice", "link", "links", "attachment",
        "attachments", "route", "routes", "routing", "table", "tables", "rule", "rules", "structure", "design",
        "mode", "config", "configuration", "settings", "group", "groups", "service", "services", "resources",
        "resource", "members", "association", "associations", "acl", "acls", "nacl", "dns", "resolver", "zone",
        "zones", "hosted", "gateway", "gateways", "sharing", "lambda", "functions", "function", "armor", "run",
        "sql", "storage", "cdn", "console", "cli", "tags", "policy", "policies", "roles", "role", "limits",
        "quotas", "level", "controller", "ip", "ips", "address", "addresses", "connection", "connectivity",
        "integration", "registry", "monitor", "monitoring", "devops", "pipelines", "pipeline", "shell",
        "build", "deploy", "native", "provider", "providers", "cost", "costs", "billing", "map", "watch", "trail",
        "front", "formation", "search", "key", "keys", "manager", "directory", "scheduler",
        "kubernetes", "container", "containers", "workloads",
    }
)  # fmt: skip
# Signs of a Kubernetes box: its "Auto-Scaling" is a pod autoscaler, not an EC2 Auto Scaling group.
_KUBERNETES: Final = frozenset(
    {
        "kubernetes",
        "k8s",
        "pod",
        "pods",
        "hpa",
        "keda",
        "karpenter",
        "deployment",
        "replicaset",
        "namespace",
        "aks",
        "gke",
    }
)


@dataclass(frozen=True, slots=True)
class GroupReading:
    """What a group's id and title say it is, and which words said it (``basis``: "id", "title", "title line 2")."""

    kind: GroupKind
    tier: SubnetTier | None = None
    basis: str = ""
    text: str = ""
    region: str | None = None  # a region code a cloud, account or VPC title carries ("AWS Cloud - us-east-1")


@dataclass(frozen=True, slots=True)
class _Found:
    kind: GroupKind  # GENERIC: the text names something that is not a boundary ("VPC Endpoints")
    tier: SubnetTier | None
    text: str


def infer_group(identifier: str, title: str) -> tuple[GroupKind, SubnetTier | None]:
    """The group kind (and subnet tier) that an id such as ``AZ1`` or a title such as ``Public Subnet`` names.

    >>> infer_group("subGraph0", "private subnet 1c")
    (<GroupKind.SUBNET: 'subnet'>, <SubnetTier.PRIVATE: 'private'>)
    >>> infer_group("AZ1", "AZ1")
    (<GroupKind.AZ: 'az'>, None)
    >>> infer_group("VPC", "AWS VPC")
    (<GroupKind.VPC: 'vpc'>, None)
    """
    reading = read_group(identifier, title)
    return reading.kind, reading.tier


def read_group(identifier: str, title: str) -> GroupReading:
    """Read the id, then the title's first line, then (only when neither decides) its later lines.

    A title's later lines are remarks (``CIDR: 10.0.0.0/16``, ``Single-AZ Mode``); within a line the
    first stretch is the head (``AWS Cloud - us-east-1`` is a cloud). When the id and the first line
    name two boundaries the inner one is meant; a first line that names something else ("Security
    Groups", "VPC Endpoints") makes the box a plain one whatever the id says.

    >>> read_group("AWS", "☁️ AWS Cloud - us-east-1\\n💰 Single-AZ Mode")
    GroupReading(kind=<GroupKind.CLOUD: 'cloud'>, tier=None, basis='title', text='aws cloud', region='us-east-1')
    """
    lines = [line for line in title.split("\n") if line.strip()] if title and title != identifier else []
    first = _read_text(lines[0]) if lines else None
    by_id = None if lines and _abbreviates(identifier, lines[0]) else _read_text(identifier.replace("_", " "))
    chosen: tuple[_Found, str] | None = None
    if first is not None and first.kind is GroupKind.GENERIC:
        chosen = (first, "title")
    elif first is not None and by_id is not None and by_id.kind is not GroupKind.GENERIC:
        chosen = (by_id, "id") if _DEPTH[by_id.kind] > _DEPTH[first.kind] else (first, "title")
    elif first is not None:
        chosen = (first, "title")
    elif by_id is not None:
        chosen = (by_id, "id")
    else:
        for number, line in enumerate(lines[1:], start=2):
            found = _read_text(line)
            if found is not None:
                chosen = (found, f"title line {number}")
                break
    if chosen is None or chosen[0].kind is GroupKind.GENERIC:
        return GroupReading(GroupKind.GENERIC, None, chosen[1] if chosen else "", chosen[0].text if chosen else "")
    found, basis = chosen
    tier = found.tier
    if found.kind is GroupKind.SUBNET and tier is None:
        tier = next((other.tier for other in (by_id, first) if other is not None and other.tier), None)
    region = None
    if found.kind in (GroupKind.CLOUD, GroupKind.ACCOUNT, GroupKind.VPC) and lines:
        code = _REGION_CODE.search(lines[0])
        region = code.group().lower() if code else None
    return GroupReading(found.kind, tier if found.kind is GroupKind.SUBNET else None, basis, found.text, region)


def _abbreviates(identifier: str, title: str) -> bool:
    """Whether the id is the start of a longer word of the title: ``AZ`` for "Azure Cloud" is no AZ."""
    short = identifier.lower()
    return any(word != short and word.startswith(short) for word in words(title))


def _read_text(text: str) -> _Found | None:
    """The first stretch of one line that decides, or None."""
    for japanese, english in _JAPANESE:
        if japanese in text:
            text = text.replace(japanese, english)
    for segment in _SEGMENT_BREAK.split(_codes_as_words(text)):
        found = _read_segment(segment)
        if found is not None:
            return found
    return None


def _codes_as_words(text: str) -> str:
    # Region and AZ codes, CIDR blocks and account numbers become one word each before splitting.
    text = _AZ_CODE.sub(" azcode ", text)
    text = _REGION_CODE.sub(" regioncode ", text)
    text = _CIDR.sub(" cidr ", text)
    return _ACCOUNT_NUMBER.sub(" accountnumber ", text)


@dataclass(frozen=True, slots=True)
class _Mark:
    kind: GroupKind
    start: int
    end: int  # index after the mark's last word
    plural: bool
    strict: bool  # only qualifiers may follow ("AWS", "Cloud", a bare tier)


def _read_segment(segment: str) -> _Found | None:
    found = [word for word in words(segment) if word.isascii()]
    if not found:
        return None
    marks = _marks(found)
    if not marks:
        return None
    text = " ".join(found)
    last = marks[-1]
    following = found[last.end :]
    if (following and following[0] in _COMPOUNDS) or (last.strict and not all(map(_qualifier, following))):
        return _Found(GroupKind.GENERIC, None, text)
    heads = [mark for mark in marks if _is_head(mark, found)]
    if not heads:
        return None
    head = max(heads, key=lambda mark: _DEPTH[mark.kind])
    if head.plural:
        return _plural(head, found, text)
    return _Found(head.kind, _tier(found) if head.kind is GroupKind.SUBNET else None, text)


def _plural(head: _Mark, found: list[str], text: str) -> _Found:
    # "AWS Regions" holds regions: a cloud-level box; "Public Subnets" is the public tier; "Security
    # Groups", "Subnets", "Workload Accounts" list things and are plain boxes.
    if head.kind is GroupKind.REGION:
        return _Found(GroupKind.CLOUD, None, text)
    tier = _tier(found)
    if head.kind is GroupKind.SUBNET and tier is not None:
        return _Found(GroupKind.SUBNET, tier, text)
    return _Found(GroupKind.GENERIC, None, text)


def _is_head(mark: _Mark, found: list[str]) -> bool:
    """A mark followed by a noun that is not a qualifier or another mark is a modifier ("VPC Endpoint Subnet")."""
    after = found[mark.end : mark.end + 1]
    return not after or after[0] not in _COMPOUNDS


def _qualifier(word: str) -> bool:
    return (
        word in _QUALIFIERS
        or word in _TIERS
        or word[:1].isdigit()
        or len(word) == 1
        or word in ("accountnumber", "az", "vpc", "subnet", "region", "aws")
    )


def _tier(found: list[str]) -> SubnetTier | None:
    """The first tier word's tier, except that "private data" and "Private Subnet - DB" are the data tier."""
    tiers = [_TIERS[word] for word in found if word in _TIERS]
    if {"app", "application", "web"} & set(found) and {"data", "db", "database"} & set(found):
        return None  # "app-and-db": one subnet for both tiers says no tier
    if not tiers or tiers[0] is SubnetTier.PUBLIC:
        return tiers[0] if tiers else None
    return SubnetTier.DATA if SubnetTier.DATA in tiers else tiers[0]


def _marks(found: list[str]) -> list[_Mark]:  # one branch per way a boundary is written
    marks: list[_Mark] = []
    index = 0
    count = len(found)
    while index < count:
        word = found[index]
        after = found[index + 1] if index + 1 < count else ""
        before = found[index - 1] if index else ""
        if word in ("on", "onprem", "onpremise", "onpremises") and (word != "on" or after.startswith("prem")):
            end = index + (1 if word != "on" else 2)
            marks.append(_Mark(GroupKind.ON_PREMISES, index, end, False, False))
            index = end
            continue
        if word in ("data", "datacenter", "datacentre", "colo", "colocation") and (
            word != "data" or after in ("center", "centre", "centers", "centres")
        ):
            end = index + (2 if word == "data" else 1)
            marks.append(_Mark(GroupKind.ON_PREMISES, index, end, False, False))
            index = end
            continue
        if word in ("dc", "dcs") and before != "aws":  # "Primary DC", "DC1": a data centre, not Direct Connect
            marks.append(_Mark(GroupKind.ON_PREMISES, index, index + 1, False, False))
            index += 1
            continue
        if word == "project" and before in ("gcp", "google", "cloud"):  # a GCP project: the cloud box
            marks.append(_Mark(GroupKind.CLOUD, index, index + 1, False, False))
            index += 1
            continue
        if word in ("corporate", "office", "enterprise", "campus") and after == "network":
            marks.append(_Mark(GroupKind.ON_PREMISES, index, index + 2, False, False))
            index += 2
            continue
        if word in ("subnet", "subnets"):
            marks.append(_Mark(GroupKind.SUBNET, index, index + 1, word == "subnets", False))
        elif word == "availability" and after in ("zone", "zones"):
            marks.append(_Mark(GroupKind.AZ, index, index + 2, after == "zones", False))
            index += 2
            continue
        elif (
            word in ("az", "azs", "azcode")
            and before not in ("single", "multi", "multiple", "cross", "two", "three")
            and not (before.isdigit() and word != "azcode")  # "VPC_2_AZ", "3 AZs": a count of zones
        ):
            marks.append(_Mark(GroupKind.AZ, index, index + 1, word == "azs", False))
        elif word == "zone" and (after[:1].isdigit() or len(after) == 1) and before not in ("hosted", "private"):
            marks.append(_Mark(GroupKind.AZ, index, index + 1, False, False))
        elif word in ("vpc", "vpcs", "vnet", "vnets"):  # an Azure VNet is the same boundary
            marks.append(_Mark(GroupKind.VPC, index, index + 1, word.endswith("s"), False))
        elif word == "virtual" and after == "network":
            marks.append(_Mark(GroupKind.VPC, index, index + 2, False, False))
            index += 2
            continue
        elif word == "snet":
            marks.append(_Mark(GroupKind.SUBNET, index, index + 1, False, False))
        elif word == "virtual" and found[index + 1 : index + 3] == ["private", "cloud"]:
            marks.append(_Mark(GroupKind.VPC, index, index + 3, False, False))
            index += 3
            continue
        elif word in ("region", "regions", "regioncode") and before not in ("multi", "cross"):
            marks.append(_Mark(GroupKind.REGION, index, index + 1, word == "regions", False))
        elif word in ("account", "accounts", "accountnumber", "subscription"):
            marks.append(_Mark(GroupKind.ACCOUNT, index, index + 1, word == "accounts", False))
        elif word == "security" and after in ("group", "groups"):
            marks.append(_Mark(GroupKind.SECURITY_GROUP, index, index + 2, after == "groups", False))
            index += 2
            continue
        elif word == "sg" and (not after or not after.isdigit()):
            marks.append(_Mark(GroupKind.SECURITY_GROUP, index, index + 1, False, False))
        elif word in ("auto", "autoscaling", "asg", "asgs"):
            end = index + (2 if word == "auto" else 1)
            if word == "auto" and after != "scaling":
                index += 1
                continue
            plural = word == "asgs"
            if end < count and found[end] in ("group", "groups"):
                plural = found[end] == "groups"
                end += 1
            marks.append(_Mark(GroupKind.AUTOSCALING_GROUP, index, end, plural, False))
            index = end
            continue
        elif word in ("cloud", "aws", "azure", "gcp") or (word == "amazon" and after == "web"):
            # "AWS Cloud", "Azure Cloud", "Google Cloud", "Cloud": a cloud; "AWS Lambda", "Cloud Armor": not.
            if word == "cloud" and before and before not in _CLOUD_VENDORS and not _qualifier(before):
                index += 1
                continue
            end = index + (3 if word == "amazon" else 1)
            marks.append(_Mark(GroupKind.CLOUD, index, end, False, True))
            index = end
            continue
        elif word in _BARE_TIER_HEADS and not any(_mark_word(other) for other in found):
            marks.append(_Mark(GroupKind.SUBNET, index, index + 1, False, True))
        elif word in _TIERS and index == 0 and _numbered(found[1:]) and not any(map(_mark_word, found)):
            # "App 10.20.10.0/24", "data-1a": a tier with an address or a zone is a subnet; "Data Layer" is not.
            marks.append(_Mark(GroupKind.SUBNET, index, index + 1, False, True))
        index += 1
    return marks


def _numbered(words_after: list[str]) -> bool:
    """Qualifiers only, and one of them an address or a zone: "10.0.1.0/24", "1a", "a"."""
    return (
        bool(words_after)
        and all(map(_qualifier, words_after))
        and any(word in ("cidr", "azcode") or word[:1].isdigit() or len(word) == 1 for word in words_after)
    )


def _mark_word(word: str) -> bool:
    return word in ("subnet", "subnets", "snet", "vpc", "vnet", "az", "zone", "region", "cloud", "aws")


def settle_groups(diagram: Diagram) -> Diagram:
    """Group kinds that need the whole diagram: a bare "Auto-Scaling" box among pods is a plain box.

    A box titled only "Auto Scaling" (no "group", no "ASG") in a Kubernetes drawing holds a pod
    autoscaler, not an EC2 Auto Scaling group.
    """
    if not any(group.kind is GroupKind.AUTOSCALING_GROUP for group in diagram.groups):
        return diagram
    drawing_words = {
        word
        for text in (
            *(node.label for node in diagram.nodes),
            *(node.id for node in diagram.nodes),
            *(group.label for group in diagram.groups),
        )
        for word in words(text)
    }
    if not drawing_words & _KUBERNETES:
        return diagram
    groups = tuple(
        replace(group, kind=GroupKind.GENERIC)
        if group.kind is GroupKind.AUTOSCALING_GROUP and not _names_a_group(group)
        else group
        for group in diagram.groups
    )
    return replace(diagram, groups=groups)


def _names_a_group(group: Group) -> bool:
    said = set(words(group.label)) | set(words(group.id))
    return bool(said & {"group", "groups", "asg", "asgs", "ec"})
