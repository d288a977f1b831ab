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
    else:
        assert module_name.startswith(("diagrams.onprem.", "diagrams.generic.")), kind.diagrams_class


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
        ("Redis", "elasticache"),
        ("Memcached", "elasticache"),
        ("API Gateway", "apigw"),
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
        ("Kafka", "msk"),
        ("SG", "security-group"),
        ("MySQL", "database"),
        ("PostgreSQL", "database"),
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


# --- inference ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key", "role", "matched"),
    [
        ("EC2_1", "ec2", None, "EC2"),
        ("EC2_2", "ec2", None, "EC2"),
        ("Aurora_Writer", "aurora", "writer", "Aurora"),
        ("Aurora_Reader", "aurora", "reader", "Aurora"),
        ("ElasticIP", "eip", None, "ElasticIP"),
        ("User", "actor", None, "User"),
        ("Users", "actor", None, "Users"),
        ("Route53", "route53", None, "Route53"),
        ("ALB", "alb", None, "ALB"),
        ("RDS", "rds", None, "RDS"),
        ("DB", "database", None, "DB"),
        ("Database", "database", None, "Database"),
        ("RDS MySQL", "rds", None, "RDS MySQL"),
        ("CloudWatch", "cloudwatch", None, "CloudWatch"),
        ("VPC", "vpc", None, "VPC"),
        ("web-server", "server", None, "server"),
        ("S3 bucket", "s3", None, "S3 bucket"),
        ("CloudFront", "cloudfront", None, "CloudFront"),
        ("ElastiCache", "elasticache", None, "ElastiCache"),
        ("API Gateway", "apigw", None, "API Gateway"),
        ("APIGateway", "apigw", None, "APIGateway"),
        ("apigw", "apigw", None, "apigw"),
        ("NAT", "nat", None, "NAT"),
        ("NATGateway", "nat", None, "NATGateway"),
        ("nat-gw", "nat", None, "nat-gw"),
        ("IGW", "igw", None, "IGW"),
        ("Fargate", "fargate", None, "Fargate"),
        ("ECS", "ecs", None, "ECS"),
        ("Lambda", "lambda", None, "Lambda"),
        ("Session Manager", "session-manager", None, "Session Manager"),
        # longer runs win over the words inside them
        ("CloudWatch Logs", "cloudwatch-logs", None, "CloudWatch Logs"),
        ("Application Load Balancer", "alb", None, "Application Load Balancer"),
        ("Internet Gateway", "igw", None, "Internet Gateway"),
        ("Cognito User Pool", "cognito", None, "Cognito User Pool"),
        ("Amazon Aurora", "aurora", None, "Amazon Aurora"),
        ("aws_lambda_function", "lambda", None, "aws_lambda_function"),
        # digits attached or not, ids with suffixes, plurals and markup
        ("Route 53", "route53", None, "Route 53"),
        ("route53_zone", "route53", None, "route53"),
        ("ALB2", "alb", None, "ALB"),
        ("ALBs", "alb", None, "ALBs"),
        ("MyEC2Instance", "ec2", None, "EC2Instance"),
        ("<b>Aurora</b><br/>primary", "aurora", "primary", "Aurora"),
        ("ReadReplica Aurora", "aurora", "replica", "Aurora"),
        ("Aurora (master)", "aurora", "primary", "Aurora"),
        ("RDS standby", "rds", "standby", "RDS"),
        # an AWS service beats a generic kind in the same text
        ("EC2 web server", "ec2", None, "EC2"),
        ("SQS message queue", "sqs", None, "SQS"),
        ("MySQL on RDS", "rds", None, "RDS"),
        # generic words that are not AWS services on their own
        ("Backup server", "server", None, "server"),
        ("RabbitMQ", "queue", None, "RabbitMQ"),
        ("DB instance", "database", None, "DB"),
        ("AWS Backup", "backup", None, "AWS Backup"),
        ("Amazon MQ", "mq", None, "Amazon MQ"),
        # multi-word matches do not cross hard punctuation
        ("S3 Glacier", "glacier", None, "S3 Glacier"),
        ("S3 / Glacier", "s3", None, "S3"),
        # ties go to the leftmost match
        ("Lambda to DynamoDB", "lambda", None, "Lambda"),
    ],
)
def test_infer(text: str, key: str, role: str | None, matched: str) -> None:
    inference = CATALOG.infer(text)
    assert inference is not None, text
    assert (inference.kind.key, inference.role, inference.matched) == (key, role, matched)


@pytest.mark.parametrize(
    "text", ["", "1", "42", "a", "S", "web", "app", "api", "frontend", "Reader", "x-1", "S Q S", "e_c_s"]
)
def test_infer_finds_nothing(text: str) -> None:
    assert CATALOG.infer(text) is None


def test_infer_without_texts() -> None:
    assert CATALOG.infer() is None


def test_infer_aws_match_in_any_text_beats_generic_match() -> None:
    inference = CATALOG.infer("Orders database", "orders_rds")
    assert inference is not None
    assert inference.kind.key == "rds"
    assert inference.matched == "rds"


def test_infer_earlier_text_wins_among_equals() -> None:
    first = CATALOG.infer("Lambda", "EC2_1")
    assert first is not None and first.kind.key == "lambda"
    generic_first = CATALOG.infer("Users", "db")
    assert generic_first is not None and generic_first.kind.key == "actor"


def test_infer_falls_back_to_later_text() -> None:
    inference = CATALOG.infer("Web tier", "EC2_1")
    assert inference is not None
    assert (inference.kind.key, inference.matched) == ("ec2", "EC2")


def test_infer_role_from_any_text_first_text_first() -> None:
    from_second = CATALOG.infer("Orders cluster", "Aurora_Writer")
    assert from_second is not None
    assert (from_second.kind.key, from_second.role) == ("aurora", "writer")
    both = CATALOG.infer("Aurora reader", "aurora_writer")
    assert both is not None and both.role == "reader"


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


def test_with_aliases_adds_lookup_and_inference() -> None:
    custom = CATALOG.with_aliases({"web": "ec2"})
    assert custom.lookup("web") is CATALOG.get("ec2")
    assert custom.lookup("WEB") is CATALOG.get("ec2")
    inference = custom.infer("web-1")
    assert inference is not None and inference.kind.key == "ec2"
    assert CATALOG.lookup("web") is None  # the default catalogue is untouched


def test_with_aliases_accumulates() -> None:
    custom = CATALOG.with_aliases({"web": "ec2"}).with_aliases({"orders": "aurora"})
    web, orders = custom.lookup("web"), custom.lookup("orders")
    assert web is not None and web.key == "ec2"
    assert orders is not None and orders.key == "aurora"


def test_with_aliases_overrides_builtin_alias() -> None:
    custom = CATALOG.with_aliases({"Load Balancer": "nlb"})
    found = custom.lookup("load-balancer")
    assert found is not None and found.key == "nlb"
    inference = custom.infer("Public Load Balancer")
    assert inference is not None and inference.kind.key == "nlb"
    assert CATALOG.lookup("load balancer") == CATALOG.get("alb")


def test_user_alias_is_never_weak() -> None:
    assert CATALOG.infer("instance") is None
    custom = CATALOG.with_aliases({"instance": "lambda"})
    inference = custom.infer("instance")
    assert inference is not None and inference.kind.key == "lambda"


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
