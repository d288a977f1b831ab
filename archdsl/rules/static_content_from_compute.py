"""ARCH303 static-content-from-compute: instances serve static files."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from archdsl.catalog import Role
from archdsl.diagnostics import Severity
from archdsl.graph import Topology
from archdsl.model import Span
from archdsl.rules._base import Context, Finding, Rule, by_phase

# "Node.js" and friends are runtimes, not files.
STATIC: Final = re.compile(
    r"\b(static|assets?|images?|img|css|(?<!node\.)(?<!next\.)(?<!nuxt\.)(?<!nest\.)js|javascript|media"
    r"|stylesheets?|fonts?|downloads?)\b",
    re.IGNORECASE,
)
# "push image", "docker image": container images, not pictures.
_CONTAINER_IMAGE: Final = re.compile(r"\b(docker|container|oci|push|pull|build|registry|ecr|ami)", re.IGNORECASE)
# A server's own label saying it hosts a static site; "static IP" is an address, not content.
STATIC_SITE: Final = re.compile(
    r"static[\s-]+(?:web[\s-]*)?(?:site|website|content|files?|assets|pages?|html|hosting|front[\s-]?end)"
    r"|\bhtml\s*/\s*css\b|\u9759\u7684(?:\u30b5\u30a4\u30c8|\u30b3\u30f3\u30c6\u30f3\u30c4|\u30d5\u30a1\u30a4\u30eb)",
    re.IGNORECASE,
)
# Compute-role kinds that do not serve requests, or serve static files by design (Amplify Hosting).
_NOT_SERVING: Final = frozenset({"ecr", "batch", "amplify"})


def _static(label: str) -> bool:
    words = {found.lower() for found in STATIC.findall(label)}
    if words and words <= {"image", "images"} and _CONTAINER_IMAGE.search(label):
        return False
    return bool(words)


class StaticContentFromCompute(Rule):
    """Static content is served by compute instead of S3 and CloudFront.

    ## What it does
    Reports request edges into compute nodes (EC2, containers, functions) whose label says they
    carry static content: static, assets, images, CSS, JS, media, fonts or downloads (container
    images pushed or pulled do not count), and servers (EC2, containers) whose own label says they
    host a static site or static files (``Static website``, ``Nginx - static files``, ``HTML/CSS``).
    One finding per sender, at its first such edge, naming every server it sends static requests to.

    ## Why is this bad?
    Every image and script request then costs instance time and bandwidth and competes with the
    dynamic requests, and the fleet must be sized for it. S3 stores the files for a fraction of
    the cost and CloudFront caches them close to users.

    ## Example
        actor users
        alb lb
        ec2 web
        users -> lb
        lb -> web : "static assets"

    ## Use instead
        actor users
        cloudfront cdn
        s3 assets
        alb lb
        ec2 web
        users -> cdn
        cdn -> assets : "static assets"
        cdn -> lb -> web : "dynamic requests"
    """

    code = "ARCH303"
    name = "static-content-from-compute"
    category = "scalability"
    severities = by_phase(None, Severity.INFO, Severity.WARNING)

    def check(self, topology: Topology, context: Context) -> Iterator[Finding]:
        diagram = topology.diagram
        # One finding per sender (``lb -> web1, web2``, or one edge per target), naming every target.
        by_start: dict[str, tuple[Span, list[str]]] = {}
        for edge in topology.request_edges:
            if not _static(edge.label):
                continue
            for target_id in topology.members(edge.target):
                target = diagram.node(target_id)
                if target is None or not topology.is_compute(target) or target.kind in _NOT_SERVING:
                    continue
                _span, targets = by_start.setdefault(edge.source, (edge.span, []))
                if target_id not in targets:
                    targets.append(target_id)
        named = {target for _span, targets in by_start.values() for target in targets}
        for node in diagram.nodes:
            if node.id in named or not STATIC_SITE.search(node.label) or node.kind in _NOT_SERVING:
                continue
            if topology.is_compute(node) and topology.role(node) is not Role.SERVERLESS:
                by_start[f"node {node.id}"] = (node.span, [node.id])
        for span, targets in sorted(by_start.values(), key=lambda found: found[0]):
            names = ", ".join(f"'{target}'" for target in targets)
            yield Finding(
                span,
                f"Static content is served by {names}; offload it to S3 + CloudFront",
                "store static files in a private S3 bucket behind CloudFront (origin access control); keep compute "
                "for dynamic requests",
            )
