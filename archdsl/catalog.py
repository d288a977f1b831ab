"""The service catalogue: canonical AWS, other vendors' and generic node kinds, their roles, icons and aliases."""

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
    neutral: str = ""
    """For another vendor's product, the vendor-neutral kind it is one of (``database`` for PostgreSQL,
    ``generic`` when none fits); empty for AWS services and the vendor-neutral kinds themselves."""


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

    def instances_of(self, *neutral: str) -> frozenset[str]:
        """The keys of the vendor-neutral kinds ``neutral`` and of every product that is one of them:
        ``instances_of("database")`` holds ``database``, ``postgresql`` and ``gcp-cloud-sql``."""
        return frozenset(kind.key for kind in self._kinds if kind.key in neutral or kind.neutral in neutral)

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


# One row a product: (key, title, role, neutral kind, diagrams class under ``diagrams.``, aliases).
# The role is a ``catalog.Role`` value; the neutral kind is the vendor-neutral kind the product is one of
# ("generic" when none fits), so a rule about databases sees PostgreSQL and a rule about servers sees a
# Compute Engine VM.  Keys of self-hosted software are plain (``postgresql``); cloud and Kubernetes
# objects carry their vendor (``gcp-cloud-run``, ``azure-functions``, ``k8s-pod``).
# Names that are everyday words on their own ("Deployment", "Service", "Namespace", "Node") are only
# aliases with their vendor in front: "Blue/green deployment" is a step, not a Kubernetes object.
_PRODUCTS: Final[tuple[tuple[str, str, str, str, str, tuple[str, ...]], ...]] = (
    # --- self-hosted databases --------------------------------------------------------------------
    (
        "postgresql",
        "PostgreSQL",
        "database",
        "database",
        "onprem.database.Postgresql",
        ("Postgres", "PG", "PostgreSQL DB", "Postgres DB", "pgsql"),
    ),
    ("mysql", "MySQL", "database", "database", "onprem.database.Mysql", ("MySQL DB", "MySQL Server")),
    ("mariadb", "MariaDB", "database", "database", "onprem.database.Mariadb", ("Maria DB",)),
    ("mongodb", "MongoDB", "database", "database", "onprem.database.Mongodb", ("Mongo", "Mongo DB", "MongoDB Atlas")),
    ("cassandra", "Apache Cassandra", "database", "database", "onprem.database.Cassandra", ("Cassandra",)),
    (
        "sql-server",
        "Microsoft SQL Server",
        "database",
        "database",
        "onprem.database.Mssql",
        ("SQL Server", "MSSQL", "MS SQL"),
    ),
    ("oracle-db", "Oracle Database", "database", "database", "onprem.database.Oracle", ("Oracle DB",)),
    ("cockroachdb", "CockroachDB", "database", "database", "onprem.database.Cockroachdb", ("Cockroach DB",)),
    ("neo4j", "Neo4j", "database", "database", "onprem.database.Neo4J", ()),
    ("couchdb", "CouchDB", "database", "database", "onprem.database.Couchdb", ("Couch DB",)),
    ("influxdb", "InfluxDB", "database", "database", "onprem.database.Influxdb", ("Influx DB",)),
    ("clickhouse", "ClickHouse", "database", "database", "onprem.database.Clickhouse", ()),
    (
        "elasticsearch",
        "Elasticsearch",
        "database",
        "database",
        "elastic.elasticsearch.Elasticsearch",
        ("Elastic Search",),
    ),
    ("etcd", "etcd", "database", "database", "onprem.network.Etcd", ()),
    ("zookeeper", "Apache ZooKeeper", "database", "database", "onprem.network.Zookeeper", ("ZooKeeper",)),
    # --- self-hosted caches and messaging ---------------------------------------------------------
    ("redis", "Redis", "cache", "cache", "onprem.inmemory.Redis", ("Redis Cache", "Redis Cluster", "Redis Server")),
    ("memcached", "Memcached", "cache", "cache", "onprem.inmemory.Memcached", ()),
    ("hazelcast", "Hazelcast", "cache", "cache", "onprem.inmemory.Hazelcast", ()),
    (
        "kafka",
        "Apache Kafka",
        "messaging",
        "queue",
        "onprem.queue.Kafka",
        ("Kafka", "Kafka Cluster", "Kafka Broker", "Kafka Brokers"),
    ),
    ("rabbitmq", "RabbitMQ", "messaging", "queue", "onprem.queue.Rabbitmq", ("Rabbit MQ",)),
    ("activemq", "Apache ActiveMQ", "messaging", "queue", "onprem.queue.Activemq", ("ActiveMQ",)),
    ("nats", "NATS", "messaging", "queue", "onprem.queue.Nats", ("NATS JetStream",)),
    ("zeromq", "ZeroMQ", "messaging", "queue", "onprem.queue.Zeromq", ()),
    # --- proxies, gateways and service meshes -----------------------------------------------------
    (
        "nginx",
        "NGINX",
        "load-balancer",
        "load-balancer",
        "onprem.network.Nginx",
        ("Nginx Proxy", "Nginx Server", "Nginx Reverse Proxy"),
    ),
    ("haproxy", "HAProxy", "load-balancer", "load-balancer", "onprem.network.Haproxy", ("HA Proxy",)),
    ("traefik", "Traefik", "load-balancer", "load-balancer", "onprem.network.Traefik", ()),
    ("envoy", "Envoy", "load-balancer", "load-balancer", "onprem.network.Envoy", ("Envoy Proxy",)),
    ("caddy", "Caddy", "load-balancer", "load-balancer", "onprem.network.Caddy", ()),
    ("kong", "Kong", "api", "api-gateway", "onprem.network.Kong", ("Kong Gateway", "Kong API Gateway")),
    ("tyk", "Tyk", "api", "api-gateway", "onprem.network.Tyk", ()),
    ("istio", "Istio", "network", "generic", "onprem.network.Istio", ("Istio Service Mesh",)),
    ("linkerd", "Linkerd", "network", "generic", "onprem.network.Linkerd", ()),
    ("consul", "HashiCorp Consul", "network", "generic", "onprem.network.Consul", ("Consul",)),
    ("tomcat", "Apache Tomcat", "compute", "server", "onprem.network.Tomcat", ("Tomcat",)),
    # --- monitoring, logging and tracing ----------------------------------------------------------
    ("prometheus", "Prometheus", "monitoring", "monitoring", "onprem.monitoring.Prometheus", ("Prometheus Server",)),
    (
        "grafana",
        "Grafana",
        "monitoring",
        "monitoring",
        "onprem.monitoring.Grafana",
        ("Grafana Dashboard", "Grafana Dashboards"),
    ),
    ("thanos", "Thanos", "monitoring", "monitoring", "onprem.monitoring.Thanos", ()),
    ("datadog", "Datadog", "monitoring", "monitoring", "onprem.monitoring.Datadog", ("Datadog Agent",)),
    ("new-relic", "New Relic", "monitoring", "monitoring", "onprem.monitoring.Newrelic", ()),
    ("splunk", "Splunk", "monitoring", "monitoring", "onprem.monitoring.Splunk", ()),
    ("sentry", "Sentry", "monitoring", "monitoring", "onprem.monitoring.Sentry", ()),
    ("dynatrace", "Dynatrace", "monitoring", "monitoring", "onprem.monitoring.Dynatrace", ()),
    ("nagios", "Nagios", "monitoring", "monitoring", "onprem.monitoring.Nagios", ()),
    ("zabbix", "Zabbix", "monitoring", "monitoring", "onprem.monitoring.Zabbix", ()),
    (
        "elk-stack",
        "Elastic (ELK) Stack",
        "monitoring",
        "monitoring",
        "elastic.elasticsearch.Stack",
        ("ELK", "ELK Stack", "Elastic Stack"),
    ),
    ("kibana", "Kibana", "monitoring", "monitoring", "elastic.elasticsearch.Kibana", ()),
    ("logstash", "Logstash", "monitoring", "monitoring", "elastic.elasticsearch.Logstash", ()),
    ("loki", "Grafana Loki", "monitoring", "monitoring", "onprem.logging.Loki", ("Loki",)),
    ("fluentd", "Fluentd", "monitoring", "monitoring", "onprem.aggregator.Fluentd", ()),
    ("fluent-bit", "Fluent Bit", "monitoring", "monitoring", "onprem.logging.Fluentbit", ("FluentBit",)),
    ("jaeger", "Jaeger", "monitoring", "monitoring", "onprem.tracing.Jaeger", ()),
    ("pagerduty", "PagerDuty", "monitoring", "generic", "saas.alerting.Pagerduty", ("Pager Duty",)),
    ("opsgenie", "Opsgenie", "monitoring", "generic", "saas.alerting.Opsgenie", ()),
    # --- containers and Kubernetes ----------------------------------------------------------------
    (
        "docker",
        "Docker",
        "container",
        "container",
        "onprem.container.Docker",
        ("Docker Container", "Docker Engine", "Docker Host", "Docker Compose"),
    ),
    ("kubernetes", "Kubernetes", "container", "container", "k8s.K8S", ("K8s", "Kubernetes Cluster", "K8s Cluster")),
    ("k3s", "K3s", "container", "container", "onprem.container.K3S", ()),
    ("k8s-pod", "Kubernetes pod", "container", "container", "k8s.compute.Pod", ("Pod", "Pods", "K8s Pod", "K8s Pods")),
    (
        "k8s-deployment",
        "Kubernetes deployment",
        "container",
        "container",
        "k8s.compute.Deploy",
        ("K8s Deployment", "Kubernetes Deployment"),
    ),
    (
        "k8s-statefulset",
        "Kubernetes StatefulSet",
        "container",
        "container",
        "k8s.compute.STS",
        ("StatefulSet", "StatefulSets"),
    ),
    ("k8s-daemonset", "Kubernetes DaemonSet", "container", "container", "k8s.compute.DS", ("DaemonSet", "DaemonSets")),
    (
        "k8s-replicaset",
        "Kubernetes ReplicaSet",
        "container",
        "container",
        "k8s.compute.RS",
        ("ReplicaSet", "ReplicaSets"),
    ),
    ("k8s-job", "Kubernetes job", "container", "container", "k8s.compute.Job", ("K8s Job", "Kubernetes Job")),
    ("k8s-cronjob", "Kubernetes CronJob", "container", "container", "k8s.compute.Cronjob", ("CronJob", "K8s CronJob")),
    (
        "k8s-service",
        "Kubernetes service",
        "network",
        "generic",
        "k8s.network.SVC",
        ("K8s Service", "K8s Svc", "ClusterIP Service", "NodePort Service"),
    ),
    (
        "k8s-ingress",
        "Kubernetes ingress",
        "load-balancer",
        "load-balancer",
        "k8s.network.Ing",
        ("Ingress", "Ingress Controller", "K8s Ingress", "Kubernetes Ingress"),
    ),
    ("k8s-configmap", "Kubernetes ConfigMap", "management", "generic", "k8s.podconfig.CM", ("ConfigMap", "ConfigMaps")),
    (
        "k8s-secret",
        "Kubernetes secret",
        "security",
        "generic",
        "k8s.podconfig.Secret",
        ("K8s Secret", "K8s Secrets", "Kubernetes Secrets"),
    ),
    (
        "k8s-hpa",
        "Kubernetes HorizontalPodAutoscaler",
        "management",
        "generic",
        "k8s.clusterconfig.HPA",
        ("HPA", "Horizontal Pod Autoscaler"),
    ),
    ("k8s-namespace", "Kubernetes namespace", "management", "generic", "k8s.group.NS", ("K8s Namespace",)),
    (
        "k8s-node",
        "Kubernetes node",
        "compute",
        "server",
        "k8s.infra.Node",
        ("K8s Node", "K8s Nodes", "Kubernetes Nodes"),
    ),
    (
        "k8s-control-plane",
        "K8s control plane",
        "management",
        "generic",
        "k8s.infra.Master",
        ("K8s Master", "Kubernetes Master"),
    ),
    (
        "k8s-persistent-volume",
        "Kubernetes PersistentVolume",
        "storage",
        "storage",
        "k8s.storage.PV",
        ("PersistentVolume", "Persistent Volume", "PersistentVolumeClaim", "PVC"),
    ),
    ("helm", "Helm", "devtools", "generic", "k8s.ecosystem.Helm", ("Helm Chart", "Helm Charts")),
    ("argocd", "Argo CD", "devtools", "generic", "onprem.gitops.Argocd", ("ArgoCD",)),
    # --- delivery: source control, CI/CD, infrastructure as code ----------------------------------
    ("github", "GitHub", "devtools", "generic", "onprem.vcs.Github", ("GitHub Repo", "GitHub Repository")),
    ("gitlab", "GitLab", "devtools", "generic", "onprem.vcs.Gitlab", ()),
    (
        "github-actions",
        "GitHub Actions",
        "devtools",
        "generic",
        "onprem.ci.GithubActions",
        ("GH Actions", "GitHub Actions Workflow"),
    ),
    (
        "gitlab-ci",
        "GitLab CI/CD",
        "devtools",
        "generic",
        "onprem.ci.Gitlabci",
        ("GitLab CI", "GitLab Pipeline", "GitLab Runner"),
    ),
    ("jenkins", "Jenkins", "devtools", "generic", "onprem.ci.Jenkins", ("Jenkins Pipeline",)),
    ("circleci", "CircleCI", "devtools", "generic", "onprem.ci.Circleci", ("Circle CI",)),
    (
        "terraform",
        "Terraform",
        "devtools",
        "generic",
        "onprem.iac.Terraform",
        ("HashiCorp Terraform", "Terraform Cloud"),
    ),
    ("ansible", "Ansible", "devtools", "generic", "onprem.iac.Ansible", ()),
    ("pulumi", "Pulumi", "devtools", "generic", "onprem.iac.Pulumi", ()),
    ("sonarqube", "SonarQube", "devtools", "generic", "saas.security.Sonarqube", ()),
    # --- identity, secrets and software as a service ----------------------------------------------
    (
        "hashicorp-vault",
        "HashiCorp Vault",
        "security",
        "generic",
        "onprem.security.Vault",
        ("Vault Server", "Vault Cluster"),
    ),
    ("auth0", "Auth0", "security", "generic", "saas.identity.Auth0", ()),
    ("okta", "Okta", "security", "generic", "saas.identity.Okta", ()),
    ("cloudflare", "Cloudflare", "cdn", "generic", "saas.cdn.Cloudflare", ("Cloudflare CDN",)),
    ("fastly", "Fastly", "cdn", "generic", "saas.cdn.Fastly", ()),
    ("akamai", "Akamai", "cdn", "generic", "saas.cdn.Akamai", ()),
    ("stripe", "Stripe", "generic", "generic", "saas.payment.Stripe", ("Stripe API",)),
    ("paypal", "PayPal", "generic", "generic", "saas.payment.Paypal", ()),
    ("twilio", "Twilio", "generic", "generic", "saas.communication.Twilio", ()),
    ("slack", "Slack", "generic", "generic", "saas.chat.Slack", ()),
    ("firebase", "Firebase", "generic", "generic", "firebase.Firebase", ()),
    ("snowflake", "Snowflake", "analytics", "generic", "saas.analytics.Snowflake", ()),
    # --- data processing --------------------------------------------------------------------------
    ("spark", "Apache Spark", "analytics", "generic", "onprem.analytics.Spark", ("Spark",)),
    ("flink", "Apache Flink", "analytics", "generic", "onprem.analytics.Flink", ("Flink",)),
    ("hadoop", "Apache Hadoop", "analytics", "generic", "onprem.analytics.Hadoop", ("Hadoop",)),
    ("airflow", "Apache Airflow", "analytics", "generic", "onprem.workflow.Airflow", ("Airflow",)),
    ("dbt", "dbt", "analytics", "generic", "onprem.analytics.Dbt", ()),
    ("databricks", "Databricks", "analytics", "generic", "onprem.analytics.Databricks", ()),
    ("tableau", "Tableau", "analytics", "generic", "onprem.analytics.Tableau", ()),
    ("ceph", "Ceph", "storage", "storage", "onprem.storage.Ceph", ()),
    # --- Google Cloud -----------------------------------------------------------------------------
    ("gcp-cloud-run", "Google Cloud Run", "container", "container", "gcp.compute.Run", ("Cloud Run",)),
    (
        "gcp-gke",
        "Google Kubernetes Engine",
        "container",
        "container",
        "gcp.compute.KubernetesEngine",
        ("GKE", "GKE Cluster", "GKE Autopilot"),
    ),
    (
        "gcp-cloud-functions",
        "Google Cloud Functions",
        "serverless",
        "function",
        "gcp.compute.Functions",
        ("Cloud Functions", "Cloud Function"),
    ),
    (
        "gcp-compute-engine",
        "Google Compute Engine",
        "compute",
        "server",
        "gcp.compute.ComputeEngine",
        ("Compute Engine", "GCE"),
    ),
    ("gcp-app-engine", "Google App Engine", "compute", "server", "gcp.compute.AppEngine", ("App Engine",)),
    ("gcp-cloud-sql", "Google Cloud SQL", "database", "database", "gcp.database.SQL", ("Cloud SQL",)),
    (
        "gcp-spanner",
        "Google Cloud Spanner",
        "database",
        "database",
        "gcp.database.Spanner",
        ("Cloud Spanner", "Spanner"),
    ),
    ("gcp-firestore", "Google Cloud Firestore", "database", "database", "gcp.database.Firestore", ("Firestore",)),
    (
        "gcp-bigtable",
        "Google Cloud Bigtable",
        "database",
        "database",
        "gcp.database.Bigtable",
        ("Cloud Bigtable", "Bigtable"),
    ),
    ("gcp-bigquery", "Google BigQuery", "database", "database", "gcp.analytics.Bigquery", ("BigQuery",)),
    ("gcp-memorystore", "Google Cloud Memorystore", "cache", "cache", "gcp.database.Memorystore", ("Memorystore",)),
    ("gcp-pubsub", "Google Cloud Pub/Sub", "messaging", "queue", "gcp.analytics.Pubsub", ("Pub/Sub", "Cloud Pub/Sub")),
    ("gcp-cloud-tasks", "Google Cloud Tasks", "messaging", "queue", "gcp.devtools.Tasks", ("Cloud Tasks",)),
    (
        "gcp-cloud-storage",
        "Google Cloud Storage",
        "storage",
        "storage",
        "gcp.storage.Storage",
        ("Cloud Storage", "GCS", "GCS Bucket"),
    ),
    (
        "gcp-load-balancing",
        "Google Cloud Load Balancing",
        "load-balancer",
        "load-balancer",
        "gcp.network.LoadBalancing",
        ("Cloud Load Balancing", "Cloud Load Balancer", "GCLB"),
    ),
    ("gcp-cloud-armor", "Google Cloud Armor", "security", "firewall", "gcp.network.Armor", ("Cloud Armor",)),
    ("gcp-cloud-cdn", "Google Cloud CDN", "cdn", "generic", "gcp.network.CDN", ("Cloud CDN",)),
    ("gcp-cloud-dns", "Google Cloud DNS", "dns", "generic", "gcp.network.DNS", ("Cloud DNS",)),
    ("gcp-cloud-nat", "Google Cloud NAT", "network", "generic", "gcp.network.NAT", ("Cloud NAT",)),
    ("gcp-vpc", "Google Cloud VPC", "network", "generic", "gcp.network.VirtualPrivateCloud", ("GCP VPC",)),
    (
        "gcp-cloud-monitoring",
        "Google Cloud Monitoring",
        "monitoring",
        "monitoring",
        "gcp.operations.Monitoring",
        ("Cloud Monitoring", "Stackdriver"),
    ),
    (
        "gcp-cloud-logging",
        "Google Cloud Logging",
        "monitoring",
        "monitoring",
        "gcp.operations.Logging",
        ("Cloud Logging",),
    ),
    ("gcp-cloud-build", "Google Cloud Build", "devtools", "generic", "gcp.devtools.Build", ("Cloud Build",)),
    (
        "gcp-artifact-registry",
        "Google Artifact Registry",
        "devtools",
        "generic",
        "gcp.devtools.ContainerRegistry",
        ("Artifact Registry", "GCR"),
    ),
    ("gcp-dataflow", "Google Cloud Dataflow", "analytics", "generic", "gcp.analytics.Dataflow", ("Dataflow",)),
    ("gcp-dataproc", "Google Cloud Dataproc", "analytics", "generic", "gcp.analytics.Dataproc", ("Dataproc",)),
    ("gcp-vertex-ai", "Google Vertex AI", "ml", "generic", "gcp.ml.VertexAI", ("Vertex AI",)),
    ("gcp-apigee", "Google Apigee", "api", "api-gateway", "gcp.api.Apigee", ("Apigee",)),
    ("gcp-cloud-endpoints", "Google Cloud Endpoints", "api", "api-gateway", "gcp.api.Endpoints", ("Cloud Endpoints",)),
    (
        "gcp-secret-manager",
        "Google Secret Manager",
        "security",
        "generic",
        "gcp.security.SecretManager",
        ("Secret Manager",),
    ),
    (
        "gcp-iap",
        "Google Identity-Aware Proxy",
        "security",
        "generic",
        "gcp.security.IAP",
        ("IAP", "Identity-Aware Proxy"),
    ),
    (
        "gcp-cloud-scheduler",
        "Google Cloud Scheduler",
        "management",
        "generic",
        "gcp.devtools.Scheduler",
        ("Cloud Scheduler",),
    ),
    # --- Microsoft Azure --------------------------------------------------------------------------
    (
        "azure-functions",
        "Azure Functions",
        "serverless",
        "function",
        "azure.compute.FunctionApps",
        ("Azure Function", "Function App", "Function Apps"),
    ),
    (
        "azure-aks",
        "Azure Kubernetes Service",
        "container",
        "container",
        "azure.compute.KubernetesServices",
        ("AKS", "AKS Cluster"),
    ),
    (
        "azure-container-apps",
        "Azure Container Apps",
        "container",
        "container",
        "azure.compute.ContainerApps",
        ("Container Apps", "Container App"),
    ),
    (
        "azure-container-instances",
        "Azure Container Instances",
        "container",
        "container",
        "azure.compute.ContainerInstances",
        ("Container Instances", "ACI"),
    ),
    (
        "azure-app-service",
        "Azure App Service",
        "compute",
        "server",
        "azure.compute.AppServices",
        ("App Service", "App Services"),
    ),
    ("azure-vm", "Azure virtual machine", "compute", "server", "azure.compute.VM", ("Azure VM", "Azure VMs")),
    (
        "azure-vmss",
        "Azure VM scale set",
        "compute",
        "server",
        "azure.compute.VMScaleSets",
        ("VMSS", "VM Scale Set", "VM Scale Sets"),
    ),
    (
        "azure-sql",
        "Azure SQL Database",
        "database",
        "database",
        "azure.database.SQLDatabases",
        ("Azure SQL", "SQL Database"),
    ),
    (
        "azure-cosmos-db",
        "Azure Cosmos DB",
        "database",
        "database",
        "azure.database.CosmosDb",
        ("Cosmos DB", "CosmosDB"),
    ),
    (
        "azure-cache-for-redis",
        "Azure Cache for Redis",
        "cache",
        "cache",
        "azure.database.CacheForRedis",
        ("Azure Cache", "Azure Redis"),
    ),
    (
        "azure-blob-storage",
        "Azure Blob Storage",
        "storage",
        "storage",
        "azure.storage.BlobStorage",
        ("Blob Storage", "Azure Blob"),
    ),
    (
        "azure-storage-account",
        "Azure Storage account",
        "storage",
        "storage",
        "azure.storage.StorageAccounts",
        ("Storage Account", "Storage Accounts"),
    ),
    (
        "azure-data-lake",
        "Azure Data Lake Storage",
        "storage",
        "storage",
        "azure.storage.DataLakeStorage",
        ("ADLS", "Data Lake Storage"),
    ),
    ("azure-service-bus", "Azure Service Bus", "messaging", "queue", "azure.integration.ServiceBus", ("Service Bus",)),
    (
        "azure-event-hubs",
        "Azure Event Hubs",
        "messaging",
        "queue",
        "azure.analytics.EventHubs",
        ("Event Hubs", "Event Hub"),
    ),
    (
        "azure-event-grid",
        "Azure Event Grid",
        "messaging",
        "queue",
        "azure.integration.EventGridTopics",
        ("Event Grid",),
    ),
    ("azure-iot-hub", "Azure IoT Hub", "messaging", "queue", "azure.iot.IotHub", ("IoT Hub",)),
    (
        "azure-front-door",
        "Azure Front Door",
        "load-balancer",
        "load-balancer",
        "azure.network.FrontDoors",
        ("Front Door",),
    ),
    (
        "azure-application-gateway",
        "Azure Application Gateway",
        "load-balancer",
        "load-balancer",
        "azure.network.ApplicationGateway",
        ("Application Gateway", "App Gateway"),
    ),
    ("azure-load-balancer", "Azure Load Balancer", "load-balancer", "load-balancer", "azure.network.LoadBalancers", ()),
    ("azure-firewall", "Azure Firewall", "security", "firewall", "azure.network.Firewall", ()),
    (
        "azure-nsg",
        "Azure network security group",
        "security",
        "firewall",
        "azure.networking.NetworkSecurityGroups",
        ("NSG", "Network Security Group"),
    ),
    (
        "azure-vnet",
        "Azure virtual network",
        "network",
        "generic",
        "azure.network.VirtualNetworks",
        ("VNet", "Virtual Network"),
    ),
    (
        "azure-api-management",
        "Azure API Management",
        "api",
        "api-gateway",
        "azure.integration.APIManagement",
        ("API Management", "APIM"),
    ),
    ("azure-key-vault", "Azure Key Vault", "security", "generic", "azure.security.KeyVaults", ("Key Vault",)),
    (
        "azure-entra-id",
        "Microsoft Entra ID",
        "security",
        "generic",
        "azure.identity.ActiveDirectory",
        ("Entra ID", "Azure AD", "Azure Active Directory"),
    ),
    ("azure-monitor", "Azure Monitor", "monitoring", "monitoring", "azure.monitor.Monitor", ()),
    (
        "azure-log-analytics",
        "Azure Log Analytics",
        "monitoring",
        "monitoring",
        "azure.monitor.LogAnalyticsWorkspaces",
        ("Log Analytics", "Log Analytics Workspace"),
    ),
    (
        "azure-application-insights",
        "Azure Application Insights",
        "monitoring",
        "monitoring",
        "azure.monitor.ApplicationInsights",
        ("Application Insights", "App Insights"),
    ),
    (
        "azure-container-registry",
        "Azure Container Registry",
        "devtools",
        "generic",
        "azure.compute.ContainerRegistries",
        ("ACR",),
    ),
    ("azure-devops", "Azure DevOps", "devtools", "generic", "azure.devops.AzureDevops", ("Azure Pipelines",)),
    (
        "azure-data-factory",
        "Azure Data Factory",
        "analytics",
        "generic",
        "azure.analytics.DataFactories",
        ("Data Factory",),
    ),
    (
        "azure-synapse",
        "Azure Synapse Analytics",
        "analytics",
        "generic",
        "azure.analytics.SynapseAnalytics",
        ("Synapse", "Synapse Analytics"),
    ),
)


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
        "SQLite",
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
        "Valkey",
        "KeyDB",
    ),
    _generic(
        "load-balancer",
        "Load balancer (self-hosted)",
        Role.LOAD_BALANCER,
        "onprem.network.Nginx",
        "Reverse Proxy",
        "LB",
        "Load Balancers",
    ),
    _generic(
        "api-gateway",
        "API gateway (self-hosted)",
        Role.API,
        "onprem.network.Kong",
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
        "Podman",
        "OpenShift",
    ),
    _generic(
        "monitoring",
        "Monitoring",
        Role.MONITORING,
        "onprem.monitoring.Prometheus",
        "Zipkin",
        "OpenTelemetry",
        "OTel Collector",
        "Alertmanager",
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
    # --- other vendors' products: Kubernetes, GCP, Azure, self-hosted software, SaaS -----------
    *(
        ServiceKind(key, title, Role(role), f"diagrams.{cls}", aliases, aws=False, neutral=neutral)
        for key, title, role, neutral, cls, aliases in _PRODUCTS
    ),
)

CATALOG: Final[Catalog] = Catalog(_KINDS)
