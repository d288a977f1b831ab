"""ARCH008 invalid-group-nesting: groups and services placed where AWS cannot put them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from archdsl.diagnostics import Severity
from archdsl.graph import Topology
from archdsl.model import GroupKind, Span
from archdsl.rules._base import Context, Finding, Rule, by_phase

# Regional or global services: reached from a VPC, never placed inside a subnet or an AZ.
_OUTSIDE_VPC: Final = frozenset({"route53", "cloudfront", "s3", "dynamodb", "cloudwatch", "waf", "apigw", "sqs", "sns"})


class InvalidGroupNesting(Rule):
    """A group or service is placed where AWS cannot put it.

    ## What it does
    Reports an AZ outside any VPC or region, a VPC inside an AZ or subnet, a subnet outside any AZ
    when the diagram draws AZs, and (as a warning) regional services such as S3, DynamoDB,
    CloudFront, Route 53 or CloudWatch drawn inside a subnet or AZ.

    ## Why is this bad?
    The picture describes a network that cannot exist: readers draw wrong conclusions about what
    is isolated from what, and rules about placement give wrong answers.

    ## Example
        vpc main {
          az a { subnet app private { ec2 web; s3 assets } }
        }

    ## Use instead
        vpc main {
          az a { subnet app private { ec2 web } }
        }
        s3 assets
    """

    code = "ARCH008"
    name = "invalid-group-nesting"
    category = "hygiene"
    severities = by_phase(Severity.ERROR, Severity.ERROR, Severity.ERROR)

    def check(self, topology: Topology, context: Context) -> Iterator[Finding]:
        diagram = topology.diagram
        for group in diagram.groups:
            outer = {ancestor.kind for ancestor in diagram.ancestors(group.parent)}
            if group.kind is GroupKind.AZ and not outer & {GroupKind.VPC, GroupKind.REGION}:
                yield self._finding(group.span, "az", group.id, "no VPC or region", "an AZ belongs to a region")
            elif group.kind is GroupKind.VPC and outer & {GroupKind.AZ, GroupKind.SUBNET}:
                yield self._finding(group.span, "vpc", group.id, "an AZ or subnet", "a VPC spans AZs, not the reverse")
            elif group.kind is GroupKind.SUBNET and topology.has_az_groups and GroupKind.AZ not in outer:
                yield self._finding(group.span, "subnet", group.id, "no AZ", "a subnet lives in exactly one AZ")
        for node in diagram.nodes:
            if node.kind not in _OUTSIDE_VPC:
                continue
            inside = next(
                (g for g in diagram.ancestors(node.group) if g.kind in (GroupKind.SUBNET, GroupKind.AZ)), None
            )
            if inside is not None:
                yield Finding(
                    node.span,
                    f"{node.kind} '{node.id}' is placed inside {inside.kind.value} '{inside.id}', which is not "
                    "possible on AWS (it is a regional service reached from the VPC)",
                    "draw it outside the VPC and connect to it (through a VPC endpoint if private)",
                    Severity.WARNING,
                )

    @staticmethod
    def _finding(span: Span, kind: str, ident: str, where: str, reason: str) -> Finding:
        return Finding(
            span,
            f"{kind} '{ident}' is placed inside {where}, which is not possible on AWS ({reason})",
            "move the group to the right level: region > VPC > AZ > subnet",
        )
