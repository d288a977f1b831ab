"""Infer what a Mermaid subgraph stands for (region, VPC, AZ, subnet and tier, ...) from its id and title."""

from __future__ import annotations

import re
from typing import Final

from archdsl.model import GroupKind, SubnetTier

_WORD: Final = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+[a-z]?|[^\x00-\x7f]+")
# ap-northeast-1a, us-east-1b: an availability zone; without the letter: a region.
_AZ_CODE: Final = re.compile(r"\b[a-z]{2}(?:-gov)?-[a-z]+-\d[a-z]\b", re.IGNORECASE)
_REGION_CODE: Final = re.compile(r"\b[a-z]{2}(?:-gov)?-[a-z]+-\d\b", re.IGNORECASE)
_AZ_TOKEN: Final = re.compile(r"^(?:az|availability ?zone)[-_ ]?(?:\d+[a-z]?|[a-z])?$", re.IGNORECASE)
_TIERS: Final = {
    "public": SubnetTier.PUBLIC,
    "dmz": SubnetTier.PUBLIC,
    "private": SubnetTier.PRIVATE,
    "app": SubnetTier.PRIVATE,
    "application": SubnetTier.PRIVATE,
    "data": SubnetTier.DATA,
    "db": SubnetTier.DATA,
    "database": SubnetTier.DATA,
    "isolated": SubnetTier.DATA,
}


def words(text: str) -> list[str]:
    """Lower-case words of an id or title: ``privateSubnet1c`` -> ``private subnet 1c``."""
    return [word.lower() for word in _WORD.findall(text)]


def infer_group(identifier: str, title: str) -> tuple[GroupKind, SubnetTier | None]:
    """The group kind (and subnet tier) that an id such as ``AZ1`` or a title such as ``Public Subnet`` names.

    >>> infer_group("subGraph0", "private subnet 1c")
    (<GroupKind.SUBNET: 'subnet'>, <SubnetTier.PRIVATE: 'private'>)
    >>> infer_group("AZ1", "AZ1")
    (<GroupKind.AZ: 'az'>, None)
    >>> infer_group("VPC", "AWS VPC")
    (<GroupKind.VPC: 'vpc'>, None)
    """
    texts = [title, identifier] if title else [identifier]
    for text in texts:
        found = _kind_of(text)
        if found is not None:
            return found
    return GroupKind.GENERIC, None


def _kind_of(text: str) -> tuple[GroupKind, SubnetTier | None] | None:
    found = words(text)
    joined = " ".join(found)
    tier = next((_TIERS[word] for word in found if word in _TIERS), None)
    if "subnet" in found or "subnets" in found:
        return GroupKind.SUBNET, tier
    if _AZ_CODE.search(text) or "availability zone" in joined or any(_AZ_TOKEN.match(word) for word in found):
        return GroupKind.AZ, None
    if re.search(r"\baz[-_ ]?(?:\d+[a-z]?|[a-z])\b", text, re.IGNORECASE) or "zone" in found:
        return GroupKind.AZ, None
    if "security group" in joined or found == ["sg"] or (found and found[0] == "sg"):
        return GroupKind.SECURITY_GROUP, None
    if "auto scaling" in joined or "autoscaling" in found or "asg" in found:
        return GroupKind.AUTOSCALING_GROUP, None
    if "vpc" in found or "virtual private cloud" in joined:
        return GroupKind.VPC, None
    if "region" in found or _REGION_CODE.search(text):
        return GroupKind.REGION, None
    if "account" in found:
        return GroupKind.ACCOUNT, None
    if joined in ("aws", "aws cloud", "cloud", "amazon web services") or joined.endswith("aws cloud"):
        return GroupKind.CLOUD, None
    if found and found[0] in ("public", "private") and len(found) <= 2:
        return GroupKind.SUBNET, tier
    return None
