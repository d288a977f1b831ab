"""Decide what a diagram draws (AWS runtime, another cloud's, a delivery or data pipeline, other) and say why."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final

from archdsl.catalog import Catalog, Role
from archdsl.infer.words import words
from archdsl.model import Diagram, Dialect, GroupKind, Node, Scope

__all__ = ["guess_scope"]

# Phrases as lower-case word tuples. "Strong" phrases decide a node on their own; "weak" ones only
# lean (a "Deploy" edge in a runtime drawing says little; "GitHub Actions" says a lot).
_DELIVERY_STRONG: Final = (
    "GitHub Actions", "GitHub", "GitLab", "GitLab CI", "Jenkins", "ArgoCD", "Argo CD", "CircleCI", "workflow",
    "workflows", "pipeline", "pipelines", "Terraform", "tfstate", "tfvars", "Terragrunt", "CodePipeline",
    "CodeBuild", "CodeDeploy", "CodeCommit", "CI", "CD", "CI/CD", "spinnaker", "flux", "runner", "runners",
    "commit", "pull request", "merge", "artifact", "artifacts", "Helm", "cdk synth", "cdk deploy",
    "change set", "changeset", "manual approval", "git push", "git", "repo", "dockerfile", "docker build",
    "tflint", "checkov", "tfsec", "atlantis", "opentofu", "pulumi", "ansible", "playbook",
)  # fmt: skip
_DELIVERY_WEAK: Final = (
    "build", "deploy", "deploys", "deployed", "job", "jobs", "release", "test", "tests", "lint", "plan", "apply",
    "module", "modules", "variable", "variables", "outputs", "push", "trigger", "approval", "rollback", "stage",
    "image", "scan", "checkout", "provision", "provisioning", "developer", "developers", "engineer", "engineers",
)  # fmt: skip
_DATA_STRONG: Final = (
    # Pipeline words; AWS analytics services (Athena, EMR, Glue, QuickSight) weigh through their role instead.
    "ingest", "ingestion", "etl", "elt", "raw", "curated", "warehouse", "data warehouse", "lakehouse", "data lake",
    "datalake", "bronze", "silver", "airflow", "dbt", "spark", "crawler", "snowflake", "bigquery", "big query",
    "databricks", "tableau", "looker", "power bi", "bi", "parquet", "data catalog", "dataflow", "dataproc",
    "kafka connect", "flink", "cleansed", "refined", "data mart", "cdc", "landing",
)  # fmt: skip
_DATA_WEAK: Final = ("transform", "aggregate", "analytics", "dashboard", "batch", "stream", "streaming", "report")
_CODE: Final = (
    "controller", "controllers", "service layer", "handler", "handlers", "usecase", "use case", "use cases",
    "interactor", "domain", "entity", "entities", "repository", "repositories", "dto", "dao", "middleware",
    "router", "presenter", "adapter",
    "adapters", "business logic", "data access", "presentation layer", "application layer", "domain layer",
    "infrastructure layer", "view model", "viewmodel", "component", "components", "hook", "hooks", "props",
    "class", "interface", "struct", "package", "library", "orm",
)  # fmt: skip
_VENDOR: Final = (
    "azure", "microsoft azure", "gcp", "google cloud", "cloud run", "cloud sql", "cloud storage", "cloud functions",
    "app service", "cosmos", "cosmos db", "cosmosdb", "blob storage", "key vault", "front door", "log analytics",
    "aks", "gke", "pub sub", "pubsub", "firestore", "spanner", "vertex", "alibaba", "oracle cloud", "oci",
    "digital ocean", "digitalocean", "heroku", "vercel", "netlify", "cloudflare", "entra", "app engine",
    "compute engine", "cloud armor", "memorystore", "event hub", "event hubs", "service bus", "sweden central",
    "droplet", "droplets", "hetzner", "linode", "vultr", "fly io", "railway", "supabase", "firebase",
)  # fmt: skip
_KUBERNETES: Final = (
    "kubernetes", "k8s", "pod", "pods", "namespace", "ingress", "helm", "istio", "envoy", "deployment",
    "replicaset", "daemonset", "statefulset", "kubelet", "hpa", "keda", "nginx", "docker", "compose",
    "prometheus", "grafana", "minikube", "k3s", "openshift", "rancher", "service mesh",
)  # fmt: skip
_VERBS: Final = frozenset(
    {
        "create", "check", "validate", "send", "receive", "run", "start", "stop", "wait", "update", "delete",
        "get", "fetch", "read", "write", "save", "load", "parse", "process", "call", "return", "login", "register",
        "submit", "approve", "review", "notify", "generate", "calculate", "verify", "install", "configure", "set",
        "open", "close", "choose", "select", "decide", "learn", "study", "define", "add", "remove", "prepare",
        "collect", "store", "upload", "download", "clean", "split", "merge", "sign", "handle", "retry", "is",
        "does", "has", "display", "show", "enter", "click", "confirm", "accept", "reject", "pay", "order",
    }
)  # fmt: skip
# Words in the heading above a fence or the diagram's title: what the author says the drawing is.
_HEADING: Final = {
    "delivery": ("delivery", "deploy", "deployment", "deployments", "release", "ci", "cd", "ci/cd", "gitops",
                 "pipeline", "workflow", "module layout", "modules"),
    "data": ("data pipeline", "data platform", "analytics pipeline", "etl", "elt", "data lake", "ingestion"),
    "code": ("code", "code structure", "layers", "class diagram", "module structure"),
    "process": ("runbook", "process", "procedure", "cheat sheet", "concept", "concepts", "glossary", "org chart",
                "organization chart", "team", "how it works", "what happens", "refresher", "building blocks",
                "pattern", "patterns", "study notes"),
}  # fmt: skip
# A label that is a command line or a file name is a step or a piece of code, not a running resource.
_COMMAND: Final = re.compile(r"^\s*(?:aws|kubectl|terraform|tofu|docker|helm|git|npm|make|az|gcloud|cdk|sam)\s+[a-z-]+")
_FILE: Final = re.compile(r"[\w-]+\.(py|js|ts|tsx|go|java|rb|rs|cs|php|kt|swift|tf|tfvars|ya?ml|json|hcl)\b")
_DELIVERY_FILES: Final = frozenset({"tf", "tfvars", "yml", "yaml", "json", "hcl"})
# AWS kinds that build or describe rather than run: CI/CD services, identity and account structure.
_DELIVERY_KINDS: Final = frozenset({"codepipeline", "codebuild", "codedeploy", "codecommit", "cloudformation"})
_IDENTITY_KINDS: Final = frozenset({"iam", "identity-center", "organizations", "control-tower", "directory-service"})
_CONCEPT_KINDS: Final = frozenset({"az", "region"})
_RUNTIME_ROLES: Final = frozenset(
    {
        Role.COMPUTE, Role.CONTAINER, Role.SERVERLESS, Role.LOAD_BALANCER, Role.API, Role.DATABASE, Role.CACHE,
        Role.CDN, Role.DNS, Role.STORAGE, Role.NETWORK, Role.MONITORING, Role.MESSAGING, Role.SECURITY,
        Role.SCALING,
    }
)  # fmt: skip
_AWS_BOUNDARIES: Final = {
    GroupKind.VPC: ("VPC", "VPCs"),
    GroupKind.SUBNET: ("subnet", "subnets"),
    GroupKind.AZ: ("AZ", "AZs"),
    GroupKind.REGION: ("region", "regions"),
    GroupKind.SECURITY_GROUP: ("security group", "security groups"),
    GroupKind.AUTOSCALING_GROUP: ("Auto Scaling group", "Auto Scaling groups"),
}
_BOUNDARY_ORDER: Final = ("region", "vpc", "az", "subnet", "auto scaling group", "security group")
_GROUP_WEIGHT: Final = 2.0  # a boundary or a titled box says more than one node
_HEADING_WEIGHT: Final = 1.5
_LABEL_CHARS: Final = 1000


_LONGEST_PHRASE: Final = 4
_KEY_DROPS: Final = re.compile(r"[^0-9a-z]")


def _phrases(entries: Iterable[str]) -> dict[str, str]:
    # Keyed without spaces, so "GitHub" (read as "git hub"), "CodePipeline" and "Code Pipeline" all match.
    return {_KEY_DROPS.sub("", entry.lower()): entry for entry in entries}


_TABLES: Final = {
    "delivery": _phrases(_DELIVERY_STRONG),
    "delivery-weak": _phrases(_DELIVERY_WEAK),
    "data": _phrases(_DATA_STRONG),
    "data-weak": _phrases(_DATA_WEAK),
    "code": _phrases(_CODE),
    "vendor": _phrases(_VENDOR),
    "kubernetes": _phrases(_KUBERNETES),
    **{f"heading-{reading}": _phrases(entries) for reading, entries in _HEADING.items()},
}


def _found(table: str, said: tuple[str, ...]) -> list[str]:
    """The phrases of ``table`` in a run of words, each once, the longest match at each place first."""
    hits: list[str] = []
    phrases = _TABLES[table]
    index = 0
    while index < len(said):
        for length in range(min(_LONGEST_PHRASE, len(said) - index), 0, -1):
            phrase = phrases.get("".join(said[index : index + length]))
            if phrase is not None:
                if phrase not in hits:
                    hits.append(phrase)
                index += length
                break
        else:
            index += 1
    return hits


@dataclass
class _Tally:
    """Weighted evidence per reading of the diagram, and the words that gave it."""

    score: dict[str, float] = field(default_factory=dict)
    said: dict[str, list[str]] = field(default_factory=dict)

    def add(self, reading: str, weight: float, evidence: Iterable[str] = ()) -> None:
        self.score[reading] = self.score.get(reading, 0.0) + weight
        kept = self.said.setdefault(reading, [])
        kept.extend(word for word in evidence if word not in kept)

    def __getitem__(self, reading: str) -> float:
        return self.score.get(reading, 0.0)


def guess_scope(diagram: Diagram, catalog: Catalog) -> tuple[Scope, str]:
    """The scope the diagram's words and kinds point to, and why in words a user understands.

    DSL diagrams are AWS architectures unless they say otherwise; a Mermaid diagram is weighed:
    AWS services and AWS boundaries (VPC, subnets, AZs) against CI/CD words, data-pipeline words,
    code-structure words, process steps, and other vendors' or vendor-neutral runtime parts.
    """
    if diagram.source.dialect is Dialect.ARCHDSL:
        return Scope.AWS, "an archdsl diagram (AWS unless it states a scope)"
    tally = _Tally()
    aws_services: list[str] = []
    for node in diagram.nodes:
        _node_evidence(node, catalog, tally, aws_services)
    boundaries: list[str] = []
    other_vendor = tally["vendor"] > tally["aws"]  # a DigitalOcean or GCP VPC is not an AWS one
    for group in diagram.groups:
        _group_evidence(group.label if group.label != group.id else group.id, tally)
        if group.kind in _AWS_BOUNDARIES and other_vendor:
            tally.add("neutral", _GROUP_WEIGHT)
        elif group.kind in _AWS_BOUNDARIES:
            tally.add("aws", _GROUP_WEIGHT)
            boundaries.append(_plural_name(group.kind, diagram))
        elif group.kind is GroupKind.CLOUD and "aws" in words(group.label[:_LABEL_CHARS]):
            tally.add("aws", 1.0)
    for edge in diagram.edges:
        said = words(edge.label[:_LABEL_CHARS]) if edge.label else ()
        tally.add("delivery", 0.5 * len(_found("delivery", said)), _found("delivery", said))
        tally.add("data", 0.5 * len(_found("data", said)), _found("data", said))
    heading = " ".join(text for text in (diagram.title, diagram.source.heading or "") if text)
    if heading:
        said = words(heading[:_LABEL_CHARS])
        for reading, table in (("delivery", "heading-delivery"), ("data", "heading-data"), ("code", "heading-code"),
                               ("process", "heading-process"), ("vendor", "vendor")):  # fmt: skip
            hits = _found(table, said)
            if hits:
                tally.add(reading, _HEADING_WEIGHT, [f"heading '{heading.strip()[:40]}'"])
    outer_first = sorted(dict.fromkeys(boundaries), key=lambda name: _BOUNDARY_ORDER.index(name.lower().rstrip("s")))
    return _decide(tally, aws_services, outer_first)


def _node_evidence(node: Node, catalog: Catalog, tally: _Tally, aws_services: list[str]) -> None:
    # What a node is is said in its first words; a megabyte label must not cost a regex pass per word.
    label = (node.label or node.id)[:_LABEL_CHARS]
    said = words(label)
    first_line = words(label.split("\n", 1)[0])
    service = catalog.lookup(node.kind)
    aws = service is not None and service.aws and node.kind != "generic"
    first_text = label.split("\n", 1)[0]
    file = _FILE.search(first_text)
    if _COMMAND.match(first_text) or (file and file[1] in _DELIVERY_FILES) or node.kind in _DELIVERY_KINDS:
        tally.add("delivery", 1.0, [first_text.strip()[:40]])
    elif file:
        tally.add("code", 1.0, [file.group()])
    elif hits := _found("delivery", said):
        tally.add("delivery", 1.0, hits)
    elif hits := _found("data", said):
        tally.add("data", 1.0, hits)
    elif aws and service is not None and service.role is Role.ANALYTICS:
        tally.add("data", 0.5, [service.title])
        tally.add("aws", 0.5)
        aws_services.append(node.kind)
    elif hits := _found("vendor", said):
        tally.add("vendor", 1.0, hits)
    elif node.kind in _CONCEPT_KINDS:  # an AZ or a region drawn as a node: a sketch of how AWS is built
        tally.add("process", 1.0, [first_text.strip()])
    elif aws and node.kind in _IDENTITY_KINDS:
        tally.add("identity", 1.0, [first_text.strip()])
    elif aws:  # before code words: an "Order handler" Lambda is a running service
        tally.add("aws", 1.0)
        aws_services.append(node.kind)
    elif hits := _found("code", said):
        tally.add("code", 1.0, hits)
    elif hits := _found("kubernetes", said):
        tally.add("neutral", 1.0, hits)
    elif service is not None and service.role in _RUNTIME_ROLES:
        tally.add("neutral", 1.0, [node.kind])
    elif hits := _found("delivery-weak", said):
        tally.add("delivery", 0.5, hits)
    elif hits := _found("data-weak", said):
        tally.add("data", 0.5, hits)
    elif (first_line and first_line[0] in _VERBS) or label.rstrip().endswith("?") or node.attr("shape") == "diamond":
        tally.add("process", 1.0, [label.split("\n", 1)[0].strip()])


def _group_evidence(title: str, tally: _Tally) -> None:
    said = words(title[:_LABEL_CHARS])
    for reading, table in (
        ("delivery", "delivery"),
        ("data", "data"),
        ("code", "code"),
        ("vendor", "vendor"),
        ("neutral", "kubernetes"),
    ):
        hits = _found(table, said)
        if hits:
            tally.add(reading, _GROUP_WEIGHT, hits)
            return


def _plural_name(kind: GroupKind, diagram: Diagram) -> str:
    one, many = _AWS_BOUNDARIES[kind]
    return many if sum(group.kind is kind for group in diagram.groups) > 1 else one


def _decide(tally: _Tally, aws_services: list[str], boundaries: list[str]) -> tuple[Scope, str]:
    runtime_aws = tally["aws"] + (0.5 * tally["identity"] if tally["aws"] else 0.0)
    runtime_other = tally["vendor"] + tally["neutral"]
    other = tally["code"] + tally["process"]
    candidates = [(tally["delivery"], Scope.DELIVERY), (tally["data"], Scope.DATA), (other, Scope.OTHER)]
    best, best_scope = max(candidates, key=lambda candidate: candidate[0])
    runtime = runtime_aws + runtime_other
    if best > runtime:
        return best_scope, _non_runtime_reason(best_scope, tally)
    if runtime == 0 and tally["identity"]:
        return Scope.OTHER, f"only identity and account concepts: {_listed(tally.said['identity'], 3)}"
    if runtime == 0:
        return Scope.OTHER, "no AWS services, cloud services or runtime parts drawn"
    if runtime_aws == 0 or tally["vendor"] > runtime_aws or runtime_aws * 2 < tally["neutral"]:
        return Scope.CLOUD, _cloud_reason(tally)
    return Scope.AWS, _aws_reason(aws_services, boundaries)


def _listed(evidence: list[str], limit: int = 4) -> str:
    shown = ", ".join(evidence[:limit])
    return f"{shown}, ..." if len(evidence) > limit else shown


def _non_runtime_reason(scope: Scope, tally: _Tally) -> str:
    if scope is Scope.DELIVERY:
        return f"CI/CD words: {_listed(tally.said.get('delivery', []))}"
    if scope is Scope.DATA:
        return f"data-pipeline words: {_listed(tally.said.get('data', []))}"
    if tally["code"] > tally["process"]:
        return f"code-structure words: {_listed(tally.said.get('code', []))}"
    return f"process steps: {_listed(tally.said.get('process', []), 3)}"


def _cloud_reason(tally: _Tally) -> str:
    vendor = tally.said.get("vendor", [])
    neutral = tally.said.get("neutral", [])
    if vendor:
        return f"other clouds' services: {_listed(vendor)}"
    return f"runtime parts with no AWS service: {_listed(neutral)}"


def _aws_reason(aws_services: list[str], boundaries: list[str]) -> str:
    count = len(aws_services)
    parts = [f"{count} AWS service{'s' if count != 1 else ''}"] if count else []
    if boundaries:
        joined = boundaries[0] if len(boundaries) == 1 else ", ".join(boundaries[:-1]) + " and " + boundaries[-1]
        parts.append(joined)
    return ", ".join(parts) if parts else "AWS words"
