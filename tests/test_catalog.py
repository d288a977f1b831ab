"""Tests for the service catalogue: kinds, lookup, inference, suggestions and user aliases."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from archdsl.catalog import (
    CATALOG,
    GENERIC,
    Catalog,
    Role,
    ServiceKind,
    normalise,
)

KINDS = CATALOG.kinds()

REQUIRED_AWS_KEYS = (
    "route53",
    "eip",
    "ec2",
    "rds",
    "aurora",
    "alb",
    "nlb",
    "elb",
    "cloudfront",
    "s3",
    "elasticache",
    "apigw",
    "ecs",
    "fargate",
    "eks",
    "lambda",
    "asg",
    "cloudwatch",
    "cloudwatch-logs",
    "session-manager",
    "nat",
    "igw",
    "vpc-endpoint",
    "waf",
    "dynamodb",
    "sqs",
    "sns",
    "nacl",
    "security-group",
    "bastion",
    "ebs",
    "efs",
    "redshift",
    "kinesis",
    "eventbridge",
    "step-functions",
    "cognito",
    "iam",
    "kms",
    "secrets-manager",
    "acm",
    "shield",
    "cloudtrail",
    "xray",
    "codepipeline",
    "codebuild",
    "ecr",
    "opensearch",
    "athena",
    "glue",
    "emr",
    "documentdb",
    "neptune",
    "transit-gateway",
    "direct-connect",
    "vpn-gateway",
    "global-accelerator",
    "backup",
    "ses",
    "appsync",
    "elastic-beanstalk",
    "batch",
    "sagemaker",
    "msk",
    "mq",
    "app-runner",
    "lightsail",
    "cloudformation",
    "config",
    "guardduty",
    "inspector",
    "organizations",
    "vpc",
    "privatelink",
)
REQUIRED_GENERIC_KEYS = ("actor", "server", "database", "queue", GENERIC)


def _names(kind: ServiceKind) -> tuple[str, ...]:
    return (kind.key, kind.title, *kind.aliases)


# --- the kinds themselves ----------------------------------------------------------------------


def test_at_least_sixty_aws_kinds() -> None:
    assert sum(kind.aws for kind in KINDS) >= 60


def test_required_kinds_exist_with_the_right_origin() -> None:
    for key in REQUIRED_AWS_KEYS:
        assert CATALOG.get(key).aws is True, key
    for key in REQUIRED_GENERIC_KEYS:
        assert CATALOG.get(key).aws is False, key


def test_keys_are_unique_lowercase_slugs() -> None:
    keys = [kind.key for kind in KINDS]
    assert len(keys) == len(set(keys))
    for key in keys:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", key), key


def test_generic_constant_names_the_generic_kind() -> None:
    assert GENERIC == "generic"
    generic = CATALOG.get(GENERIC)
    assert generic.role is Role.GENERIC
    assert generic.diagrams_class == "diagrams.generic.blank.Blank"


def test_role_values_are_the_documented_strings() -> None:
    assert str(Role.LOAD_BALANCER) == "load-balancer"
    assert f"{Role.SCALING}" == "scaling"
    assert Role("database") is Role.DATABASE
    assert {role.value for role in Role} >= {
        "actor",
        "compute",
        "container",
        "serverless",
        "load-balancer",
        "api",
        "database",
        "cache",
        "cdn",
        "dns",
        "storage",
        "network",
        "monitoring",
        "messaging",
        "security",
        "analytics",
        "management",
        "scaling",
        "generic",
    }


@pytest.mark.parametrize(
    ("key", "role"),
    [
        ("ec2", Role.COMPUTE),
        ("bastion", Role.COMPUTE),
        ("lightsail", Role.COMPUTE),
        ("asg", Role.SCALING),
        ("ecs", Role.CONTAINER),
        ("eks", Role.CONTAINER),
        ("fargate", Role.CONTAINER),
        ("ecr", Role.CONTAINER),
        ("lambda", Role.SERVERLESS),
        ("alb", Role.LOAD_BALANCER),
        ("nlb", Role.LOAD_BALANCER),
        ("elb", Role.LOAD_BALANCER),
        ("apigw", Role.API),
        ("appsync", Role.API),
        ("rds", Role.DATABASE),
        ("aurora", Role.DATABASE),
        ("dynamodb", Role.DATABASE),
        ("redshift", Role.DATABASE),
        ("documentdb", Role.DATABASE),
        ("neptune", Role.DATABASE),
        ("elasticache", Role.CACHE),
        ("cloudfront", Role.CDN),
        ("route53", Role.DNS),
        ("s3", Role.STORAGE),
        ("ebs", Role.STORAGE),
        ("efs", Role.STORAGE),
        ("vpc", Role.NETWORK),
        ("nat", Role.NETWORK),
        ("igw", Role.NETWORK),
        ("eip", Role.NETWORK),
        ("vpc-endpoint", Role.NETWORK),
        ("transit-gateway", Role.NETWORK),
        ("cloudwatch", Role.MONITORING),
        ("cloudwatch-logs", Role.MONITORING),
        ("xray", Role.MONITORING),
        ("cloudtrail", Role.MONITORING),
        ("sqs", Role.MESSAGING),
        ("sns", Role.MESSAGING),
        ("eventbridge", Role.MESSAGING),
        ("kinesis", Role.MESSAGING),
        ("msk", Role.MESSAGING),
        ("mq", Role.MESSAGING),
        ("waf", Role.SECURITY),
        ("shield", Role.SECURITY),
        ("iam", Role.SECURITY),
        ("kms", Role.SECURITY),
        ("cognito", Role.SECURITY),
        ("nacl", Role.SECURITY),
        ("security-group", Role.SECURITY),
        ("session-manager", Role.MANAGEMENT),
        ("actor", Role.ACTOR),
        ("server", Role.COMPUTE),
        ("database", Role.DATABASE),
        ("queue", Role.MESSAGING),
    ],
)
def test_roles(key: str, role: Role) -> None:
    assert CATALOG.get(key).role is role


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.key)
def test_diagrams_class_exists_in_installed_diagrams(kind: ServiceKind) -> None:
    module_name, _, class_name = kind.diagrams_class.rpartition(".")
    module = importlib.import_module(module_name)
    cls = getattr(module, class_name)
    assert isinstance(cls, type)
    if kind.aws:
        assert module_name.startswith("diagrams.aws."), kind.diagrams_class
    elif not kind.neutral:
        assert module_name.startswith(("diagrams.onprem.", "diagrams.generic.", "diagrams.programming.")), (
            kind.diagrams_class
        )
    else:  # another vendor's product is drawn with that vendor's own icon, never AWS's or a generic one
        assert not module_name.startswith(("diagrams.aws.", "diagrams.generic.")), kind.diagrams_class


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.key)
def test_every_icon_is_a_png_in_the_installed_diagrams_resources(kind: ServiceKind) -> None:
    # The embedded engine inlines icons by path (archdsl/render/resources.py): a class whose file is
    # missing would draw a blank box with one engine and fail with the other.
    module_name, _, class_name = kind.diagrams_class.rpartition(".")
    cls = getattr(importlib.import_module(module_name), class_name)
    if kind.key in ("generic", "junction"):
        return  # drawn as plain boxes and points on purpose, never with an icon
    resources = Path(importlib.import_module("diagrams").__file__ or "").resolve().parent.parent
    icon = resources / cls._icon_dir / cls._icon
    assert icon.is_file(), (kind.key, icon)
    assert icon.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", (kind.key, icon)


@pytest.mark.parametrize(
    ("key", "diagrams_class"),
    [
        ("elb", "diagrams.aws.network.ElasticLoadBalancing"),
        ("alb", "diagrams.aws.network.ElbApplicationLoadBalancer"),
        ("nlb", "diagrams.aws.network.ElbNetworkLoadBalancer"),
        ("eip", "diagrams.aws.compute.EC2ElasticIpAddress"),
        ("vpc-endpoint", "diagrams.aws.network.Endpoint"),
        ("session-manager", "diagrams.aws.management.SystemsManager"),
        ("actor", "diagrams.onprem.client.Users"),
        ("database", "diagrams.generic.database.SQL"),
    ],
)
def test_specific_icons(key: str, diagrams_class: str) -> None:
    assert CATALOG.get(key).diagrams_class == diagrams_class


def test_catalog_module_does_not_import_diagrams_or_archdsl() -> None:
    import archdsl.catalog as module

    source = Path(module.__file__ or "").read_text(encoding="utf-8")
    imports = re.findall(r"^\s*(?:from|import)\s+([\w.]+)", source, re.MULTILINE)
    assert imports, "expected some imports"
    for name in imports:
        assert not name.startswith(("diagrams", "archdsl")), name


# --- lookup ------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.key)
def test_every_key_title_and_alias_resolves_to_its_own_kind(kind: ServiceKind) -> None:
    for name in _names(kind):
        assert CATALOG.lookup(name) is kind, name
        assert CATALOG.lookup(name.upper()) is kind, name
        assert CATALOG.lookup(f"  {name.lower()}  ") is kind, name


def test_no_name_is_shared_by_two_kinds() -> None:
    owners: dict[str, str] = {}
    for kind in KINDS:
        for name in _names(kind):
            compact = normalise(name)
            assert owners.setdefault(compact, kind.key) == kind.key, (
                f"{name!r} of {kind.key!r} clashes with {owners[compact]!r}"
            )


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Route 53", "route53"),
        ("route53", "route53"),
        ("ROUTE-53", "route53"),
        ("Amazon Route 53", "route53"),
        ("Application Load Balancer", "alb"),
        ("application_load_balancer", "alb"),
        ("Application-Load.Balancer", "alb"),
        ("ELB", "elb"),
        ("Elastic Load Balancer", "elb"),
        ("Network Load Balancer", "nlb"),
        ("RDS", "rds"),
        ("RDS MySQL", "rds"),
        ("RDS PostgreSQL", "rds"),
        ("Aurora", "aurora"),
        ("Aurora MySQL", "aurora"),
        ("Aurora PostgreSQL", "aurora"),
        ("Amazon Aurora", "aurora"),
        ("AWS Lambda", "lambda"),
        ("AWS WAF", "waf"),
        ("Elastic IP", "eip"),
        ("EIP", "eip"),
        ("ElastiCache", "elasticache"),
        ("Redis", "redis"),
        ("Memcached", "memcached"),
        ("Amazon API Gateway", "apigw"),
        ("API Gateway", "api-gateway"),
        ("API GW", "apigw"),
        ("Load Balancer", "load-balancer"),
        ("Target Group", "target-group"),
        ("Launch Template", "launch-template"),
        ("Availability Zone", "az"),
        ("Subnet", "subnet"),
        ("Prometheus", "prometheus"),
        ("Kubernetes", "kubernetes"),
        ("Kong", "kong"),
        ("Nginx", "nginx"),
        ("Developer", "actor"),
        ("CloudFront", "cloudfront"),
        ("Simple Storage Service", "s3"),
        ("Auto Scaling Group", "asg"),
        ("Auto Scaling", "asg"),
        ("CloudWatch", "cloudwatch"),
        ("CloudWatch Logs", "cloudwatch-logs"),
        ("NAT Gateway", "nat"),
        ("Internet Gateway", "igw"),
        ("VPCE", "vpc-endpoint"),
        ("Gateway Endpoint", "vpc-endpoint"),
        ("interface endpoint", "vpc-endpoint"),
        ("SSM", "session-manager"),
        ("Systems Manager", "session-manager"),
        ("Session Manager", "session-manager"),
        ("DynamoDB", "dynamodb"),
        ("Kafka", "kafka"),
        ("Amazon Kafka", "msk"),
        ("SG", "security-group"),
        ("MySQL", "mysql"),
        ("PostgreSQL", "postgresql"),
        ("users", "actor"),
        ("Internet", "actor"),
        ("session-manager", "session-manager"),
        ("sessionmanager", "session-manager"),
    ],
)
def test_lookup(name: str, key: str) -> None:
    found = CATALOG.lookup(name)
    assert found is not None, name
    assert found.key == key


@pytest.mark.parametrize("name", ["", "   ", "---", "web", "app", "api", "amazon", "aws", "Route 54", "ec3"])
def test_lookup_unknown(name: str) -> None:
    assert CATALOG.lookup(name) is None


def test_get_accepts_canonical_keys_only() -> None:
    assert CATALOG.get("ec2").title == "Amazon EC2"
    with pytest.raises(KeyError):
        CATALOG.get("EC2")
    with pytest.raises(KeyError):
        CATALOG.get("Elastic Compute Cloud")
    with pytest.raises(KeyError):
        CATALOG.get("nope")


def test_kinds_keep_canonical_order() -> None:
    kinds = [
        ServiceKind("b", "B", Role.COMPUTE, "diagrams.aws.compute.EC2", (), True),
        ServiceKind("a", "A", Role.COMPUTE, "diagrams.aws.compute.EC2", (), True),
    ]
    assert [kind.key for kind in Catalog(kinds).kinds()] == ["b", "a"]


# --- suggestions -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typo", "key"),
    [
        ("ec22", "ec2"),
        ("auroa", "aurora"),
        ("lamda", "lambda"),
        ("cloudfrnt", "cloudfront"),
        ("elasticash", "elasticache"),
        ("Rout 53", "route53"),
        ("dynamo-db", "dynamodb"),
        ("AWS Lamda", "lambda"),
    ],
)
def test_suggest(typo: str, key: str) -> None:
    assert CATALOG.lookup(typo) is None or CATALOG.lookup(typo) == CATALOG.get(key)
    assert CATALOG.suggest(typo) == key


@pytest.mark.parametrize("name", ["zzzzqqq", "", "---", "kubernetes operator controller"])
def test_suggest_nothing_close(name: str) -> None:
    assert CATALOG.suggest(name) is None


def test_suggest_returns_key_for_exact_alias() -> None:
    assert CATALOG.suggest("Elastic IP") == "eip"


# --- user aliases and construction -------------------------------------------------------------


def test_with_aliases_adds_lookup_and_matching() -> None:
    custom = CATALOG.with_aliases({"web": "ec2"})
    assert custom.lookup("web") is CATALOG.get("ec2")
    assert custom.lookup("WEB") is CATALOG.get("ec2")
    assert custom.match("web") is CATALOG.get("ec2")
    assert custom.user_alias("web") is CATALOG.get("ec2")
    assert CATALOG.lookup("web") is None  # the default catalogue is untouched


def test_with_aliases_accumulates() -> None:
    custom = CATALOG.with_aliases({"web": "ec2"}).with_aliases({"orders": "aurora"})
    web, orders = custom.lookup("web"), custom.lookup("orders")
    assert web is not None and web.key == "ec2"
    assert orders is not None and orders.key == "aurora"


def test_with_aliases_overrides_builtin_alias() -> None:
    custom = CATALOG.with_aliases({"App LB": "nlb"})
    found = custom.lookup("app-lb")
    assert found is not None and found.key == "nlb"
    assert custom.match("applb") is CATALOG.get("nlb")
    assert CATALOG.lookup("app lb") == CATALOG.get("alb")


def test_a_written_name_beats_a_name_with_its_prefix_dropped() -> None:
    assert CATALOG.lookup("Amazon API Gateway") == CATALOG.get("apigw")
    assert CATALOG.lookup("AWS Lambda") == CATALOG.get("lambda")
    assert CATALOG.lookup("API Gateway") == CATALOG.get("api-gateway")


def test_new_kinds_have_the_contract_roles() -> None:
    roles = {
        "cache": Role.CACHE,
        "load-balancer": Role.LOAD_BALANCER,
        "api-gateway": Role.API,
        "function": Role.SERVERLESS,
        "container": Role.CONTAINER,
        "monitoring": Role.MONITORING,
    }
    for key, role in roles.items():
        assert (CATALOG.get(key).role, CATALOG.get(key).aws) == (role, False), key
    for key in ("subnet", "az", "target-group", "listener", "launch-template"):
        assert CATALOG.get(key).aws is True, key


def test_user_alias_is_never_weak() -> None:
    assert CATALOG.match("instance") is None
    assert CATALOG.match("instances") is None
    custom = CATALOG.with_aliases({"instance": "lambda"})
    assert custom.match("instance") is CATALOG.get("lambda")


def test_with_aliases_rejects_unknown_key() -> None:
    with pytest.raises(ValueError, match="'nosuchkind'"):
        CATALOG.with_aliases({"web": "nosuchkind"})


def test_with_aliases_suggests_close_key() -> None:
    with pytest.raises(ValueError, match="did you mean 'ec2'"):
        Catalog(KINDS, {"web": "ec22"})


def test_with_aliases_rejects_another_kinds_key() -> None:
    with pytest.raises(ValueError, match="it is the key of 'ec2'"):
        CATALOG.with_aliases({"ec2": "lambda"})
    with pytest.raises(ValueError, match="it is the key of 'elb'"):
        CATALOG.with_aliases({"ELB": "alb"})
    same = CATALOG.with_aliases({"EC-2": "ec2"}).lookup("ec2")
    assert same is not None and same.key == "ec2"


def test_with_aliases_rejects_empty_alias() -> None:
    with pytest.raises(ValueError, match="no letters or digits"):
        CATALOG.with_aliases({"--": "ec2"})


def test_constructor_rejects_shared_alias() -> None:
    kinds = [
        ServiceKind("one", "One", Role.COMPUTE, "diagrams.aws.compute.EC2", ("Box",), True),
        ServiceKind("two", "Two", Role.COMPUTE, "diagrams.aws.compute.EC2", ("b-o-x",), True),
    ]
    with pytest.raises(ValueError, match="'one' and 'two'"):
        Catalog(kinds)


def test_constructor_rejects_duplicate_and_malformed_keys() -> None:
    kind = ServiceKind("one", "One", Role.COMPUTE, "diagrams.aws.compute.EC2", (), True)
    with pytest.raises(ValueError, match="duplicate"):
        Catalog([kind, kind])
    upper = ServiceKind("One", "One", Role.COMPUTE, "diagrams.aws.compute.EC2", (), True)
    with pytest.raises(ValueError, match="lowercase"):
        Catalog([upper])


# --- other vendors' products -------------------------------------------------------------------


def test_products_are_many_and_never_aws() -> None:
    products = [kind for kind in KINDS if kind.neutral]
    assert len(products) >= 80
    assert not any(kind.aws for kind in products)
    assert not any(kind.neutral for kind in KINDS if kind.aws)


@pytest.mark.parametrize("kind", [kind for kind in KINDS if kind.neutral], ids=lambda kind: kind.key)
def test_a_products_neutral_kind_shares_its_role_or_is_generic(kind: ServiceKind) -> None:
    neutral = CATALOG.get(kind.neutral)
    assert not neutral.neutral and not neutral.aws, kind.key
    # lint rules reason about roles: PostgreSQL must be a database to them as "database" is
    assert neutral.key == GENERIC or neutral.role is kind.role, (kind.key, neutral.key)


@pytest.mark.parametrize(
    ("name", "key", "role"),
    [
        ("Postgres", "postgresql", Role.DATABASE),
        ("PG", "postgresql", Role.DATABASE),
        ("MySQL", "mysql", Role.DATABASE),
        ("Mongo", "mongodb", Role.DATABASE),
        ("Redis", "redis", Role.CACHE),
        ("Kafka", "kafka", Role.MESSAGING),
        ("RabbitMQ", "rabbitmq", Role.MESSAGING),
        ("NGINX", "nginx", Role.LOAD_BALANCER),
        ("Prometheus", "prometheus", Role.MONITORING),
        ("Grafana", "grafana", Role.MONITORING),
        ("k8s", "kubernetes", Role.CONTAINER),
        ("Pod", "k8s-pod", Role.CONTAINER),
        ("Ingress", "k8s-ingress", Role.LOAD_BALANCER),
        ("GH Actions", "github-actions", Role.DEVTOOLS),
        ("Terraform", "terraform", Role.DEVTOOLS),
        ("Cloud Run", "gcp-cloud-run", Role.CONTAINER),
        ("Pub/Sub", "gcp-pubsub", Role.MESSAGING),
        ("GCS", "gcp-cloud-storage", Role.STORAGE),
        ("AKS", "azure-aks", Role.CONTAINER),
        ("Azure Functions", "azure-functions", Role.SERVERLESS),
        ("Cosmos DB", "azure-cosmos-db", Role.DATABASE),
        ("Blob Storage", "azure-blob-storage", Role.STORAGE),
        ("Stripe", "stripe", Role.GENERIC),
    ],
)
def test_products_are_found_by_the_names_people_write(name: str, key: str, role: Role) -> None:
    kind = CATALOG.lookup(name)
    assert kind is not None, name
    assert (kind.key, kind.role, kind.aws) == (key, role, False)


def test_products_keep_the_vendor_neutral_kinds_for_what_has_no_product() -> None:
    assert CATALOG.lookup("SQLite") is CATALOG.get("database")
    assert CATALOG.lookup("Valkey") is CATALOG.get("cache")
    assert CATALOG.lookup("Pulsar") is CATALOG.get("queue")
    assert CATALOG.lookup("OpenShift") is CATALOG.get("container")


def test_instances_of_a_neutral_kind() -> None:
    databases = CATALOG.instances_of("database")
    assert {"database", "postgresql", "gcp-cloud-sql", "azure-cosmos-db"} <= databases
    assert not {"rds", "redis", "generic"} & databases
    assert CATALOG.instances_of("cache", "server") >= {"cache", "redis", "server", "gcp-compute-engine"}
