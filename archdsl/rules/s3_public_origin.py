"""ARCH206 s3-public-origin: an S3 bucket that users read directly or that is public."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from archdsl.diagnostics import Severity
from archdsl.graph import Topology
from archdsl.model import Node
from archdsl.rules._base import Context, Finding, Rule, by_phase

_TRUE: Final = frozenset({"true", "yes", "1"})
_PUBLIC_ACLS: Final = frozenset({"public-read", "public-read-write"})
# Clients uploading or downloading with pre-signed URLs go to S3 directly, by design.
_PRESIGNED: Final = re.compile(r"pre-?signed|signed[ -]?url", re.IGNORECASE)


class S3PublicOrigin(Rule):
    """An S3 bucket is public or read by users directly instead of through CloudFront.

    ## What it does
    Reports ``s3`` nodes that users reach directly (through nothing but DNS, addresses, gateways
    and firewalls), that are marked ``public``, or whose ``acl`` is ``public-read`` or
    ``public-read-write`` (an error in every phase: anyone can write). Edges labelled as pre-signed
    URL traffic are not counted.

    ## Why is this bad?
    A public bucket leaks whatever lands in it, cannot be protected by WAF, serves every request
    at S3 prices and from one Region, and a public-write ACL lets anyone store content at your
    cost. Keep Block Public Access on and let CloudFront, with origin access control, be the only
    reader.

    ## Example
        actor users
        s3 assets
        users -> assets : "images"

    ## Use instead
        actor users
        cloudfront cdn
        s3 assets [oac]
        users -> cdn -> assets : "images"
    """

    code = "ARCH206"
    name = "s3-public-origin"
    category = "security"
    severities = by_phase(Severity.WARNING, Severity.WARNING, Severity.WARNING)

    def check(self, topology: Topology, context: Context) -> Iterator[Finding]:
        direct: dict[str, str] = {}
        for entry, node, path in topology.internet_paths():
            if node.kind == "s3" and node.id not in direct:
                previous = path[-1].id if path else entry.id
                if not self._presigned_only(topology, previous, node):
                    direct[node.id] = entry.id
        for node in topology.diagram.nodes:
            if node.kind != "s3":
                continue
            reasons = []
            acl = (node.attr("acl") or "").lower()
            if acl in _PUBLIC_ACLS:
                reasons.append(f"acl={acl}")
            if (node.attr("public") or "").lower() in _TRUE:
                reasons.append("marked public")
            if node.id in direct:
                reasons.append(f"'{direct[node.id]}' reach it directly")
            if not reasons:
                continue
            writable = acl == "public-read-write"
            access = "readable and writable" if writable else "readable"
            yield Finding(
                node.span,
                f"S3 bucket '{node.id}' is publicly {access} ({', '.join(reasons)}); serve it through CloudFront "
                "with origin access control",
                "keep Block Public Access on and put CloudFront with origin access control (OAC) in front",
                Severity.ERROR if writable else None,
            )

    @staticmethod
    def _presigned_only(topology: Topology, source: str, bucket: Node) -> bool:
        labels = [
            edge.label
            for edge in topology.request_edges
            if edge.source == source and bucket.id in topology.members(edge.target)
        ]
        return bool(labels) and all(_PRESIGNED.search(label) for label in labels)
