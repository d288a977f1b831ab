"""The service catalogue: canonical AWS and generic node kinds, their roles, icons and aliases."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

__all__ = [
    "CATALOG",
    "GENERIC",
    "Catalog",
    "Role",
    "ServiceKind",
    "normalise",
]

GENERIC: Final[str] = "generic"


class Role(StrEnum):
    """What a kind of node does in an architecture; lint rules reason about roles, not services."""

    ACTOR = "actor"
    COMPUTE = "compute"
    CONTAINER = "container"
    SERVERLESS = "serverless"
    LOAD_BALANCER = "load-balancer"
    API = "api"
    DATABASE = "database"
    CACHE = "cache"
    CDN = "cdn"
    DNS = "dns"
    STORAGE = "storage"
    NETWORK = "network"
    MONITORING = "monitoring"
    MESSAGING = "messaging"
    SECURITY = "security"
    ANALYTICS = "analytics"
    ML = "ml"
    DEVTOOLS = "devtools"
    MANAGEMENT = "management"
    SCALING = "scaling"
    GENERIC = "generic"


@dataclass(frozen=True, slots=True)
class ServiceKind:
    """One kind of node: an AWS service or a generic, vendor-neutral thing."""

    key: str
    title: str
    role: Role
    diagrams_class: str
    aliases: tuple[str, ...]
    aws: bool


_NON_ALNUM: Final = re.compile(r"[^0-9a-z]+")
_PREFIXES: Final = ("amazon", "aws")
# Everyday words that are aliases for ``lookup`` (a user may write ``kind=backup``) but that are
# too common in free text to turn a label into an AWS service on their own: "Backup server" is a
# server, "DB instance" is not EC2.  Prefixed or multi-word forms ("AWS Backup", "Amazon MQ",
# "EC2 instance") still match.  User-configured aliases are never weak.
_WEAK: Final = frozenset(
    {
        "instance",
        "instances",
        "backup",
        "batch",
        "config",
        "glue",
        "shield",
        "inspector",
        "organizations",
        "mq",
        "logs",
        "secrets",
        "dns",
        "cdn",
        "vpn",
        "bucket",
        "certificate",
        "pipeline",
        "email",
        "alarm",
        "listener",
    }
)


def normalise(name: str) -> str:
    """The compact form names are compared on: lowercase ASCII letters and digits only."""
    return _NON_ALNUM.sub("", name.lower())


def strip_prefix(compact: str) -> str | None:
    """``compact`` without a leading ``amazon`` or ``aws``, or None when it has neither."""
    for prefix in _PREFIXES:
        if compact.startswith(prefix) and len(compact) > len(prefix):
            return compact[len(prefix) :]
    return None


class Catalog:
    """An immutable set of node kinds with case- and punctuation-insensitive lookup by name."""

    __slots__ = ("_by_key", "_extra", "_extra_forms", "_kinds", "_table", "longest_name")

    def __init__(
        self,
        kinds: Iterable[ServiceKind],
        extra_aliases: Mapping[str, str] | None = None,
    ) -> None:
        self._kinds: tuple[ServiceKind, ...] = tuple(kinds)
        self._by_key: dict[str, ServiceKind] = {}
        table: dict[str, ServiceKind] = {}
        for kind in self._kinds:
            if kind.key in self._by_key:
                raise ValueError(f"duplicate service kind {kind.key!r}")
            if not kind.key or kind.key != kind.key.strip().lower():
                raise ValueError(f"service kind key {kind.key!r} must be non-empty lowercase")
            self._by_key[kind.key] = kind
            for name in (kind.key, kind.title, *kind.aliases):
                compact = normalise(name)
                if not compact:
                    raise ValueError(f"alias {name!r} of {kind.key!r} has no letters or digits")
                other = table.setdefault(compact, kind)
                if other is not kind:
                    raise ValueError(f"name {name!r} is claimed by both {other.key!r} and {kind.key!r}")
        for kind in self._kinds:
            # "Amazon API Gateway" is also found as "API Gateway", unless that names another kind
            # (the self-hosted api-gateway): a name as written beats a name with its prefix dropped.
            for name in (kind.title, *kind.aliases):
                stripped = strip_prefix(normalise(name))
                if stripped:
                    table.setdefault(stripped, kind)
        self._table: dict[str, ServiceKind] = table
        self._extra: dict[str, str] = {}
        keys = {normalise(kind.key): kind for kind in self._kinds}
        for alias, key in (extra_aliases or {}).items():
            target = self._by_key.get(key.strip().lower())
            if target is None:
                hint = self.suggest(key)
                also = f" (did you mean {hint!r}?)" if hint else ""
                raise ValueError(f"alias {alias!r} refers to unknown kind {key!r}{also}")
            compact = normalise(alias)
            if not compact:
                raise ValueError(f"alias {alias!r} has no letters or digits")
            owner = keys.get(compact)
            if owner is not None and owner is not target:
                raise ValueError(f"alias {alias!r} cannot point at {target.key!r}: it is the key of {owner.key!r}")
            # User aliases override built-in aliases ("Load Balancer" may mean an NLB to one team),
            # but never another kind's canonical key ("ELB" stays the classic ELB).
            table[compact] = target
            self._extra[alias] = target.key
        self._extra_forms: frozenset[str] = frozenset(normalise(alias) for alias in self._extra)
        self.longest_name: int = max((len(form) for form in table), default=0)
        """The length of the longest compact name: a reader stops extending a run of words past it."""

    def with_aliases(self, extra_aliases: Mapping[str, str]) -> Catalog:
        """A copy of this catalogue with more user aliases (``alias -> canonical key``) on top."""
        return Catalog(self._kinds, {**self._extra, **extra_aliases})

    def kinds(self) -> tuple[ServiceKind, ...]:
        """Every kind, in canonical order."""
        return self._kinds

    def get(self, key: str) -> ServiceKind:
        """The kind with canonical key ``key``; ``KeyError`` for anything else, aliases included."""
        return self._by_key[key]

    def lookup(self, name: str) -> ServiceKind | None:
        """The kind whose key, title or alias is ``name``, ignoring case, spacing, punctuation and an
        ``Amazon``/``AWS`` prefix."""
        compact = normalise(name)
        found = self._table.get(compact)
        if found is None:
            stripped = strip_prefix(compact)
            if stripped is not None:
                found = self._table.get(stripped)
        return found

    def user_alias(self, compact: str) -> ServiceKind | None:
        """The kind a user-configured alias (in compact form) points at, if ``compact`` is one."""
        return self._table[compact] if compact in self._extra_forms else None

    def names(self) -> Mapping[str, ServiceKind]:
        """Every compact name (keys, titles, aliases, user aliases) and its kind."""
        return self._table

    def match(self, compact: str) -> ServiceKind | None:
        """The kind a run of words in free text names (``compact`` as ``normalise`` gives it), if any.

        Unlike ``lookup``, a plural ``s`` is dropped when that helps, and the everyday words of
        ``_WEAK`` (``backup``, ``instance``, ...) name nothing on their own.
        """
        if len(compact) < 2 or compact.isdigit():
            return None
        for form in (
            compact,
            compact[:-1] if compact.endswith("s") and len(compact) > 3 else "",
        ):
            if not form or (form in _WEAK and form not in self._extra_forms):
                continue
            found = self._table.get(form)
            if found is None:
                stripped = strip_prefix(form)
                if stripped is not None and stripped not in _WEAK:
                    found = self._table.get(stripped)
            if found is not None:
                return found
        return None

    def suggest(self, name: str) -> str | None:
        """The canonical key of the closest known name, for "did you mean" messages; None if nothing is close."""
        import difflib  # deferred: only error paths need it, and it is slow to import

        compact = normalise(name)
        if not compact:
            return None
        exact = self.lookup(name)
        if exact is not None:
            return exact.key
        candidates = [compact]
        stripped = strip_prefix(compact)
        if stripped is not None:
            candidates.append(stripped)
        best: tuple[float, str] | None = None
        for candidate in candidates:
            cutoff = 0.75 if len(candidate) > 3 else 0.66
            for form in difflib.get_close_matches(candidate, self._table, n=1, cutoff=cutoff):
                score = difflib.SequenceMatcher(None, candidate, form).ratio()
                if best is None or score > best[0]:
                    best = (score, form)
        return None if best is None else self._table[best[1]].key


def _aws(key: str, title: str, role: Role, cls: str, *aliases: str) -> ServiceKind:
    return ServiceKind(key, title, role, f"diagrams.aws.{cls}", aliases, aws=True)


def _generic(key: str, title: str, role: Role, cls: str, *aliases: str) -> ServiceKind:
    return ServiceKind(key, title, role, f"diagrams.{cls}", aliases, aws=False)


_KINDS: Final[tuple[ServiceKind, ...]] = (
    # --- generic, vendor-neutral kinds -------------------------------------------------------
    _generic(
        "actor",
        "User",
        Role.ACTOR,
        "onprem.client.Users",
        "User",
        "Users",
        "Client",
        "Clients",
        "Internet",
        "Browser",
        "Web Browser",
        "Customer",
        "Customers",
        "End User",
        "End Users",
        "Visitor",
        "Visitors",
        "Person",
        "People",
        "Developer",
        "Developers",
        "Admin",
        "Admins",
        "Administrator",
        "Administrators",
        "Operator",
        "Operators",
        "Engineer",
        "Engineers",
        "Employee",
        "Employees",
        "Staff",
        "Student",
        "Students",
        "Guest",
        "Guests",
        "Web Client",
        "Desktop Client",
    ),
    _generic(
        "mobile",
        "Mobile client",
        Role.ACTOR,
        "generic.device.Mobile",
        "Mobile",
        "Mobile App",
        "Mobile Apps",
        "Mobile Client",
        "iOS App",
        "Android App",
        "iPhone",
        "Mobile Device",
        "Phone",
        "Smartphone",
        "Tablet",
    ),
    _generic(
        "server",
        "Server",
        Role.COMPUTE,
        "onprem.compute.Server",
        "Servers",
        "Host",
        "Hosts",
        "VM",
        "VMs",
        "Virtual Machine",
        "Machine",
        "Squid",
        "Squid Proxy",
        "Forward Proxy",
    ),
    _generic(
        "database",
        "Database",
        Role.DATABASE,
        "generic.database.SQL",
        "Databases",
        "DB",
        "DBs",
        "SQL",
        "Data Store",
        "MySQL",
        "PostgreSQL",
        "Postgres",
        "MariaDB",
        "SQL Server",
        "MSSQL",
        "MongoDB",
        "Mongo",
        "Cassandra",
        "CockroachDB",
        "SQLite",
        "Oracle DB",
        "Neo4j",
        "CouchDB",
        "InfluxDB",
        "ClickHouse",
        "Elasticsearch",
        "etcd",
        "ZooKeeper",
    ),
    _generic(
        "queue",
        "Message queue",
        Role.MESSAGING,
        "onprem.queue.Rabbitmq",
        "Queues",
        "Message Queue",
        "Message Broker",
        "Broker",
        "RabbitMQ",
        "ActiveMQ",
        "ZeroMQ",
        "Kafka",
        "Apache Kafka",
        "NATS",
        "Pulsar",
        "Message Bus",
    ),
    _generic(
        "storage",
        "Storage",
        Role.STORAGE,
        "generic.storage.Storage",
        "NAS",
        "SAN",
        "Disk",
        "File Share",
        "Object Storage",
        "MinIO",
        "Ceph",
        "NFS",
    ),
    _generic("firewall", "Firewall", Role.SECURITY, "generic.network.Firewall"),
    _generic(
        "datacenter",
        "Data centre",
        Role.NETWORK,
        "generic.place.Datacenter",
        "Data Center",
        "Data Centre",
        "On-Prem",
        "On-Premises",
        "On Premise",
        "Corporate Network",
        "Office",
    ),
    _generic(
        "cache",
        "Cache",
        Role.CACHE,
        "onprem.inmemory.Redis",
        "Caches",
        "In-Memory Cache",
        "Redis",
        "Memcached",
        "Valkey",
        "Hazelcast",
        "KeyDB",
    ),
    _generic(
        "load-balancer",
        "Load balancer (self-hosted)",
        Role.LOAD_BALANCER,
        "onprem.network.Nginx",
        "Nginx",
        "HAProxy",
        "Traefik",
        "Envoy",
        "Caddy",
        "Ingress",
        "Ingress Controller",
        "Reverse Proxy",
        "LB",
        "Load Balancers",
    ),
    _generic(
        "api-gateway",
        "API gateway (self-hosted)",
        Role.API,
        "onprem.network.Kong",
        "Kong",
        "Tyk",
        "KrakenD",
        "API Gateways",
    ),
    _generic(
        "function",
        "Function",
        Role.SERVERLESS,
        "programming.flowchart.PredefinedProcess",
        "Functions",
        "FaaS",
        "OpenFaaS",
        "Knative",
    ),
    _generic(
        "container",
        "Container",
        Role.CONTAINER,
        "onprem.container.Docker",
        "Containers",
        "Docker",
        "Docker Container",
        "Docker Compose",
        "Podman",
        "Kubernetes",
        "K8s",
        "K3s",
        "Kubernetes Cluster",
        "OpenShift",
        "Pod",
        "Pods",
        "StatefulSet",
        "DaemonSet",
        "ReplicaSet",
    ),
    _generic(
        "monitoring",
        "Monitoring",
        Role.MONITORING,
        "onprem.monitoring.Prometheus",
        "Prometheus",
        "Grafana",
        "Datadog",
        "New Relic",
        "Splunk",
        "ELK",
        "ELK Stack",
        "Kibana",
        "Loki",
        "Jaeger",
        "Zipkin",
        "Sentry",
        "Dynatrace",
        "Nagios",
        "Zabbix",
        "OpenTelemetry",
        "OTel Collector",
        "Alertmanager",
        "Fluentd",
        "Fluent Bit",
        "Logstash",
        "Observability",
        "Metrics",
        "APM",
    ),
    _generic("junction", "Junction", Role.NETWORK, "generic.blank.Blank"),
    _generic(GENERIC, "Generic", Role.GENERIC, "generic.blank.Blank", "Blank", "Other"),
    # --- AWS: networking and content delivery ------------------------------------------------
    _aws(
        "route53",
        "Amazon Route 53",
        Role.DNS,
        "network.Route53",
        "Route 53",
        "R53",
        "Hosted Zone",
        "DNS",
    ),
    _aws(
        "cloudfront",
        "Amazon CloudFront",
        Role.CDN,
        "network.CloudFront",
        "Cloud Front",
        "CloudFront Distribution",
        "CDN",
    ),
    _aws(
        "global-accelerator",
        "AWS Global Accelerator",
        Role.NETWORK,
        "network.GlobalAccelerator",
        "Global Accelerator",
    ),
    _aws(
        "alb",
        "Application Load Balancer",
        Role.LOAD_BALANCER,
        "network.ElbApplicationLoadBalancer",
        "ALB",
        "App Load Balancer",
        "Application ELB",
        "Application LB",
        "App LB",
    ),
    _aws(
        "nlb",
        "Network Load Balancer",
        Role.LOAD_BALANCER,
        "network.ElbNetworkLoadBalancer",
        "NLB",
        "Network ELB",
        "Network LB",
    ),
    _aws(
        "elb",
        "Elastic Load Balancer (Classic)",
        Role.LOAD_BALANCER,
        "network.ElasticLoadBalancing",
        "ELB",
        "Elastic Load Balancer",
        "Elastic Load Balancing",
        "Classic Load Balancer",
        "Classic ELB",
        "Classic LB",
        "CLB",
    ),
    _aws(
        "target-group",
        "ELB target group",
        Role.LOAD_BALANCER,
        "network.ElasticLoadBalancing",
        "Target Group",
        "Target Groups",
        "TG",
    ),
    _aws(
        "listener",
        "ELB listener",
        Role.LOAD_BALANCER,
        "network.ElasticLoadBalancing",
        "Listener",
        "Listeners",
        "ALB Listener",
        "HTTPS Listener",
        "HTTP Listener",
    ),
    _aws(
        "apigw",
        "Amazon API Gateway",
        Role.API,
        "network.APIGateway",
        "REST API Gateway",
        "HTTP API Gateway",
    ),
    _aws("vpc", "Amazon VPC", Role.NETWORK, "network.VPC", "VPC", "Virtual Private Cloud"),
    _aws(
        "public-subnet",
        "Public subnet",
        Role.NETWORK,
        "network.PublicSubnet",
        "Public Subnet",
        "Public Subnets",
    ),
    _aws(
        "private-subnet",
        "Private subnet",
        Role.NETWORK,
        "network.PrivateSubnet",
        "Private Subnet",
        "Private Subnets",
    ),
    _aws("subnet", "Subnet", Role.NETWORK, "network.PrivateSubnet", "Subnets"),
    _aws(
        "az",
        "Availability Zone",
        Role.NETWORK,
        "compute.LocalZones",
        "AZ",
        "AZs",
        "Availability Zones",
    ),
    _aws(
        "route-table",
        "Route table",
        Role.NETWORK,
        "network.RouteTable",
        "Route Table",
        "RTB",
    ),
    _aws(
        "nat",
        "NAT Gateway",
        Role.NETWORK,
        "network.NATGateway",
        "NAT",
        "NAT GW",
        "NATGW",
        "NAT Instance",
    ),
    _aws(
        "igw",
        "Internet Gateway",
        Role.NETWORK,
        "network.InternetGateway",
        "IGW",
        "Internet GW",
    ),
    _aws(
        "eip",
        "Elastic IP address",
        Role.NETWORK,
        "compute.EC2ElasticIpAddress",
        "EIP",
        "Elastic IP",
        "Elastic IPs",
    ),
    _aws(
        "vpc-endpoint",
        "VPC Endpoint",
        Role.NETWORK,
        "network.Endpoint",
        "VPCE",
        "Gateway Endpoint",
        "Interface Endpoint",
        "VPC Gateway Endpoint",
        "VPC Interface Endpoint",
    ),
    _aws(
        "privatelink",
        "AWS PrivateLink",
        Role.NETWORK,
        "network.Privatelink",
        "Private Link",
    ),
    _aws(
        "vpc-peering",
        "VPC peering connection",
        Role.NETWORK,
        "network.VPCPeering",
        "VPC Peering",
        "Peering Connection",
    ),
    _aws(
        "transit-gateway",
        "AWS Transit Gateway",
        Role.NETWORK,
        "network.TransitGateway",
        "TGW",
        "Transit GW",
    ),
    _aws(
        "direct-connect",
        "AWS Direct Connect",
        Role.NETWORK,
        "network.DirectConnect",
        "DX",
    ),
    _aws(
        "vpn-gateway",
        "Virtual private gateway",
        Role.NETWORK,
        "network.VpnGateway",
        "VGW",
        "VPN Gateway",
        "VPN GW",
    ),
    _aws(
        "customer-gateway",
        "Customer gateway",
        Role.NETWORK,
        "network.VPCCustomerGateway",
        "CGW",
        "Customer GW",
    ),
    _aws(
        "site-to-site-vpn",
        "AWS Site-to-Site VPN",
        Role.NETWORK,
        "network.SiteToSiteVpn",
        "Site to Site VPN",
        "S2S VPN",
        "VPN Connection",
        "VPN",
    ),
    _aws("client-vpn", "AWS Client VPN", Role.NETWORK, "network.ClientVpn"),
    _aws(
        "eni",
        "Elastic network interface",
        Role.NETWORK,
        "network.VPCElasticNetworkInterface",
        "ENI",
    ),
    _aws(
        "nacl",
        "Network ACL",
        Role.SECURITY,
        "network.Nacl",
        "NACL",
        "Network Access Control List",
    ),
    _aws(
        "security-group",
        "Security group",
        Role.SECURITY,
        "general.GenericFirewall",
        "SG",
        "Security Groups",
        "SecGroup",
    ),
    _aws(
        "network-firewall",
        "AWS Network Firewall",
        Role.SECURITY,
        "network.NetworkFirewall",
    ),
    _aws(
        "cloud-map",
        "AWS Cloud Map",
        Role.NETWORK,
        "network.CloudMap",
        "Service Discovery",
    ),
    _aws("app-mesh", "AWS App Mesh", Role.NETWORK, "network.AppMesh"),
    _aws(
        "vpc-flow-logs",
        "VPC Flow Logs",
        Role.MONITORING,
        "network.VPCFlowLogs",
        "Flow Logs",
    ),
    # --- AWS: compute and containers ---------------------------------------------------------
    _aws(
        "ec2",
        "Amazon EC2",
        Role.COMPUTE,
        "compute.EC2",
        "Elastic Compute Cloud",
        "EC2 Instance",
        "EC2 Instances",
        "Instance",
        "Instances",
    ),
    _aws(
        "asg",
        "EC2 Auto Scaling group",
        Role.SCALING,
        "compute.EC2AutoScaling",
        "Auto Scaling Group",
        "Auto Scaling",
        "Autoscaling Group",
        "EC2 Auto Scaling",
    ),
    _aws(
        "launch-template",
        "EC2 launch template",
        Role.SCALING,
        "compute.EC2Ami",
        "Launch Template",
        "Launch Templates",
        "Launch Configuration",
        "Launch Config",
    ),
    _aws(
        "bastion",
        "Bastion host",
        Role.COMPUTE,
        "compute.EC2",
        "Bastion Host",
        "Bastion Server",
        "Jump Host",
        "Jump Box",
        "Jump Server",
    ),
    _aws("lightsail", "Amazon Lightsail", Role.COMPUTE, "compute.Lightsail"),
    _aws(
        "elastic-beanstalk",
        "AWS Elastic Beanstalk",
        Role.COMPUTE,
        "compute.ElasticBeanstalk",
        "Beanstalk",
    ),
    _aws("batch", "AWS Batch", Role.COMPUTE, "compute.Batch"),
    _aws("outposts", "AWS Outposts", Role.COMPUTE, "compute.Outposts", "Outpost"),
    _aws(
        "lambda",
        "AWS Lambda",
        Role.SERVERLESS,
        "compute.Lambda",
        "Lambda Function",
        "Lambda Functions",
        "Serverless Function",
    ),
    _aws(
        "ecs",
        "Amazon ECS",
        Role.CONTAINER,
        "compute.ECS",
        "Elastic Container Service",
        "ECS Cluster",
        "ECS Service",
        "ECS Task",
    ),
    _aws(
        "fargate",
        "AWS Fargate",
        Role.CONTAINER,
        "compute.Fargate",
        "ECS Fargate",
        "Fargate Task",
    ),
    _aws(
        "eks",
        "Amazon EKS",
        Role.CONTAINER,
        "compute.EKS",
        "Elastic Kubernetes Service",
        "EKS Cluster",
    ),
    _aws(
        "ecr",
        "Amazon ECR",
        Role.CONTAINER,
        "compute.ECR",
        "Elastic Container Registry",
        "Container Registry",
    ),
    _aws("app-runner", "AWS App Runner", Role.CONTAINER, "compute.AppRunner"),
    # --- AWS: databases and caches -----------------------------------------------------------
    _aws(
        "rds",
        "Amazon RDS",
        Role.DATABASE,
        "database.RDS",
        "Relational Database Service",
        "RDS Instance",
        "RDS MySQL",
        "RDS for MySQL",
        "RDS PostgreSQL",
        "RDS Postgres",
        "RDS for PostgreSQL",
        "RDS MariaDB",
        "RDS Oracle",
        "RDS SQL Server",
        "RDS DB",
    ),
    _aws(
        "aurora",
        "Amazon Aurora",
        Role.DATABASE,
        "database.Aurora",
        "Aurora MySQL",
        "Aurora PostgreSQL",
        "Aurora Postgres",
        "Aurora Serverless",
        "Aurora Cluster",
        "Aurora DB",
    ),
    _aws(
        "dynamodb",
        "Amazon DynamoDB",
        Role.DATABASE,
        "database.Dynamodb",
        "Dynamo",
        "DDB",
        "DynamoDB Table",
    ),
    _aws(
        "dax",
        "DynamoDB Accelerator (DAX)",
        Role.CACHE,
        "database.DynamodbDax",
        "DynamoDB Accelerator",
    ),
    _aws(
        "elasticache",
        "Amazon ElastiCache",
        Role.CACHE,
        "database.Elasticache",
        "Elastic Cache",
        "ElastiCache Redis",
        "ElastiCache for Redis",
        "ElastiCache Memcached",
        "ElastiCache for Memcached",
    ),
    _aws(
        "redshift",
        "Amazon Redshift",
        Role.DATABASE,
        "database.Redshift",
        "Redshift Cluster",
    ),
    _aws(
        "documentdb",
        "Amazon DocumentDB",
        Role.DATABASE,
        "database.DocumentDB",
        "DocDB",
        "Document DB",
    ),
    _aws("neptune", "Amazon Neptune", Role.DATABASE, "database.Neptune"),
    _aws(
        "keyspaces",
        "Amazon Keyspaces",
        Role.DATABASE,
        "database.KeyspacesManagedApacheCassandraService",
    ),
    _aws("timestream", "Amazon Timestream", Role.DATABASE, "database.Timestream"),
    _aws("qldb", "Amazon QLDB", Role.DATABASE, "database.QLDB", "Quantum Ledger Database"),
    _aws(
        "dms",
        "AWS Database Migration Service",
        Role.MANAGEMENT,
        "database.DMS",
        "Database Migration Service",
    ),
    # --- AWS: storage ------------------------------------------------------------------------
    _aws(
        "s3",
        "Amazon S3",
        Role.STORAGE,
        "storage.S3",
        "Simple Storage Service",
        "S3 Bucket",
        "S3 Buckets",
        "Bucket",
    ),
    _aws("glacier", "Amazon S3 Glacier", Role.STORAGE, "storage.S3Glacier", "S3 Glacier"),
    _aws(
        "ebs",
        "Amazon EBS",
        Role.STORAGE,
        "storage.EBS",
        "Elastic Block Store",
        "EBS Volume",
    ),
    _aws("efs", "Amazon EFS", Role.STORAGE, "storage.EFS", "Elastic File System"),
    _aws("fsx", "Amazon FSx", Role.STORAGE, "storage.FSx"),
    _aws("backup", "AWS Backup", Role.STORAGE, "storage.Backup"),
    _aws("storage-gateway", "AWS Storage Gateway", Role.STORAGE, "storage.StorageGateway"),
    _aws("datasync", "AWS DataSync", Role.STORAGE, "migration.Datasync", "Data Sync"),
    _aws(
        "transfer-family",
        "AWS Transfer Family",
        Role.STORAGE,
        "migration.TransferForSftp",
        "Transfer for SFTP",
        "SFTP",
    ),
    # --- AWS: application integration and messaging ------------------------------------------
    _aws(
        "sqs",
        "Amazon SQS",
        Role.MESSAGING,
        "integration.SQS",
        "Simple Queue Service",
        "SQS Queue",
    ),
    _aws(
        "sns",
        "Amazon SNS",
        Role.MESSAGING,
        "integration.SNS",
        "Simple Notification Service",
        "SNS Topic",
    ),
    _aws(
        "eventbridge",
        "Amazon EventBridge",
        Role.MESSAGING,
        "integration.Eventbridge",
        "Event Bus",
        "CloudWatch Events",
        "EventBridge Rule",
    ),
    _aws(
        "step-functions",
        "AWS Step Functions",
        Role.MESSAGING,
        "integration.StepFunctions",
        "SFN",
        "State Machine",
    ),
    _aws("mq", "Amazon MQ", Role.MESSAGING, "integration.MQ"),
    _aws(
        "msk",
        "Amazon MSK",
        Role.MESSAGING,
        "analytics.ManagedStreamingForKafka",
        "Managed Streaming for Kafka",
        "Managed Streaming for Apache Kafka",
        "Amazon Kafka",
    ),
    _aws(
        "kinesis",
        "Amazon Kinesis",
        Role.MESSAGING,
        "analytics.Kinesis",
        "Kinesis Data Streams",
        "Kinesis Stream",
        "KDS",
    ),
    _aws(
        "firehose",
        "Amazon Data Firehose",
        Role.MESSAGING,
        "analytics.KinesisDataFirehose",
        "Kinesis Firehose",
        "Kinesis Data Firehose",
    ),
    _aws(
        "appsync",
        "AWS AppSync",
        Role.API,
        "integration.Appsync",
        "App Sync",
        "GraphQL API",
    ),
    _aws(
        "ses",
        "Amazon SES",
        Role.MESSAGING,
        "engagement.SES",
        "Simple Email Service",
        "Email",
    ),
    # --- AWS: security, identity and compliance ----------------------------------------------
    _aws("waf", "AWS WAF", Role.SECURITY, "security.WAF", "Web Application Firewall"),
    _aws("shield", "AWS Shield", Role.SECURITY, "security.Shield", "Shield Advanced"),
    _aws(
        "iam",
        "AWS IAM",
        Role.SECURITY,
        "security.IAM",
        "Identity and Access Management",
        "IAM Role",
        "IAM Policy",
    ),
    _aws(
        "kms",
        "AWS KMS",
        Role.SECURITY,
        "security.KMS",
        "Key Management Service",
        "KMS Key",
    ),
    _aws(
        "secrets-manager",
        "AWS Secrets Manager",
        Role.SECURITY,
        "security.SecretsManager",
        "Secrets",
    ),
    _aws(
        "acm",
        "AWS Certificate Manager",
        Role.SECURITY,
        "security.ACM",
        "Certificate",
        "TLS Certificate",
        "SSL Certificate",
    ),
    _aws(
        "cognito",
        "Amazon Cognito",
        Role.SECURITY,
        "security.Cognito",
        "User Pool",
        "Cognito User Pool",
    ),
    _aws(
        "guardduty",
        "Amazon GuardDuty",
        Role.SECURITY,
        "security.Guardduty",
        "Guard Duty",
    ),
    _aws("inspector", "Amazon Inspector", Role.SECURITY, "security.Inspector"),
    _aws("security-hub", "AWS Security Hub", Role.SECURITY, "security.SecurityHub"),
    _aws("macie", "Amazon Macie", Role.SECURITY, "security.Macie"),
    _aws(
        "firewall-manager",
        "AWS Firewall Manager",
        Role.SECURITY,
        "security.FirewallManager",
    ),
    _aws("cloudhsm", "AWS CloudHSM", Role.SECURITY, "security.CloudHSM", "HSM"),
    _aws(
        "identity-center",
        "AWS IAM Identity Center",
        Role.SECURITY,
        "security.SingleSignOn",
        "Identity Center",
        "AWS SSO",
        "SSO",
        "Single Sign-On",
    ),
    _aws(
        "directory-service",
        "AWS Directory Service",
        Role.SECURITY,
        "security.DirectoryService",
        "Managed Microsoft AD",
    ),
    # --- AWS: management, governance and monitoring ------------------------------------------
    _aws(
        "cloudwatch",
        "Amazon CloudWatch",
        Role.MONITORING,
        "management.Cloudwatch",
        "CloudWatch Metrics",
    ),
    _aws(
        "cloudwatch-alarm",
        "CloudWatch alarm",
        Role.MONITORING,
        "management.CloudwatchAlarm",
        "CloudWatch Alarm",
        "CloudWatch Alarms",
        "Alarm",
    ),
    _aws(
        "cloudwatch-logs",
        "Amazon CloudWatch Logs",
        Role.MONITORING,
        "management.CloudwatchLogs",
        "CW Logs",
        "Log Group",
        "Logs",
    ),
    _aws(
        "cloudtrail",
        "AWS CloudTrail",
        Role.MONITORING,
        "management.Cloudtrail",
        "Cloud Trail",
    ),
    _aws("xray", "AWS X-Ray", Role.MONITORING, "devtools.XRay"),
    _aws(
        "managed-grafana",
        "Amazon Managed Grafana",
        Role.MONITORING,
        "management.AmazonManagedGrafana",
        "Managed Grafana",
    ),
    _aws(
        "managed-prometheus",
        "Amazon Managed Service for Prometheus",
        Role.MONITORING,
        "management.AmazonManagedPrometheus",
        "Managed Prometheus",
    ),
    _aws(
        "session-manager",
        "AWS Systems Manager Session Manager",
        Role.MANAGEMENT,
        "management.SystemsManager",
        "Session Manager",
        "SSM",
        "SSM Session Manager",
        "Systems Manager",
    ),
    _aws(
        "parameter-store",
        "SSM Parameter Store",
        Role.MANAGEMENT,
        "management.ParameterStore",
        "Parameter Store",
    ),
    _aws(
        "cloudformation",
        "AWS CloudFormation",
        Role.MANAGEMENT,
        "management.Cloudformation",
        "CFN",
        "CloudFormation Stack",
    ),
    _aws("config", "AWS Config", Role.MANAGEMENT, "management.Config", "Config Rules", "Config Rule"),
    _aws(
        "organizations",
        "AWS Organizations",
        Role.MANAGEMENT,
        "management.Organizations",
    ),
    _aws("control-tower", "AWS Control Tower", Role.MANAGEMENT, "management.ControlTower"),
    _aws(
        "trusted-advisor",
        "AWS Trusted Advisor",
        Role.MANAGEMENT,
        "management.TrustedAdvisor",
    ),
    # --- AWS: developer tools ----------------------------------------------------------------
    _aws(
        "codepipeline",
        "AWS CodePipeline",
        Role.DEVTOOLS,
        "devtools.Codepipeline",
        "Code Pipeline",
        "Pipeline",
    ),
    _aws("codebuild", "AWS CodeBuild", Role.DEVTOOLS, "devtools.Codebuild", "Code Build"),
    _aws(
        "codedeploy",
        "AWS CodeDeploy",
        Role.DEVTOOLS,
        "devtools.Codedeploy",
        "Code Deploy",
    ),
    _aws(
        "codecommit",
        "AWS CodeCommit",
        Role.DEVTOOLS,
        "devtools.Codecommit",
        "Code Commit",
    ),
    # --- AWS: analytics and machine learning -------------------------------------------------
    _aws("athena", "Amazon Athena", Role.ANALYTICS, "analytics.Athena"),
    _aws(
        "glue",
        "AWS Glue",
        Role.ANALYTICS,
        "analytics.Glue",
        "Glue Job",
        "Glue Jobs",
        "Glue ETL",
        "Glue ETL Job",
        "Glue Crawler",
        "Glue Data Catalog",
    ),
    _aws(
        "emr",
        "Amazon EMR",
        Role.ANALYTICS,
        "analytics.EMR",
        "Elastic MapReduce",
        "EMR Cluster",
    ),
    _aws(
        "opensearch",
        "Amazon OpenSearch Service",
        Role.ANALYTICS,
        "analytics.AmazonOpensearchService",
        "OpenSearch",
        "Elasticsearch Service",
    ),
    _aws(
        "quicksight",
        "Amazon QuickSight",
        Role.ANALYTICS,
        "analytics.Quicksight",
        "Quick Sight",
    ),
    _aws(
        "lake-formation",
        "AWS Lake Formation",
        Role.ANALYTICS,
        "analytics.LakeFormation",
    ),
    _aws("sagemaker", "Amazon SageMaker", Role.ML, "ml.Sagemaker", "Sage Maker"),
    _aws("bedrock", "Amazon Bedrock", Role.ML, "ml.Bedrock"),
    _aws("rekognition", "Amazon Rekognition", Role.ML, "ml.Rekognition"),
    _aws("textract", "Amazon Textract", Role.ML, "ml.Textract"),
    _aws("comprehend", "Amazon Comprehend", Role.ML, "ml.Comprehend"),
    # --- AWS: front-end and mobile -----------------------------------------------------------
    _aws("amplify", "AWS Amplify", Role.COMPUTE, "mobile.Amplify", "Amplify Hosting"),
)

CATALOG: Final[Catalog] = Catalog(_KINDS)
