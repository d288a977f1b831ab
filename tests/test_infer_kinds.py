"""Node kinds read from hints, ids and labels as an AWS architect reads other people's notes."""

from __future__ import annotations

import pytest

from archdsl.catalog import CATALOG
from archdsl.infer.kinds import guess_kind, lookup_kind, near_miss, role_word, settled_kind
from archdsl.infer.words import tokens, words
from archdsl.loader import load_source
from archdsl.model import KindOrigin
from archdsl.sources import SourceText

# (id, label, kind, deciding words, where they were found); a label equal to the id is read as the id.
LABELS = [
    # AWS services, as written in READMEs
    ("EC2_1", "EC2_1", "ec2", "EC2", "id"),
    ("Aurora_Writer", "Aurora_Writer", "aurora", "Aurora", "id"),
    ("ElasticIP", "ElasticIP", "eip", "ElasticIP", "id"),
    ("Route53", "Route53", "route53", "Route53", "id"),
    ("n1", "Route 53", "route53", "Route 53", "label"),
    ("n1", "Application Load Balancer", "alb", "Application Load Balancer", "label"),
    ("n1", "ALB2", "alb", "ALB", "label"),
    ("n1", "ALBs", "alb", "ALBs", "label"),
    ("n1", "MyEC2Instance", "ec2", "EC2Instance", "label"),
    ("n1", "CloudWatch Logs", "cloudwatch-logs", "CloudWatch Logs", "label"),
    ("n1", "Internet Gateway", "igw", "Internet Gateway", "label"),
    ("n1", "Cognito User Pool", "cognito", "Cognito User Pool", "label"),
    ("n1", "aws_lambda_function", "lambda", "aws_lambda_function", "label"),
    ("n1", "nat-gw", "nat", "nat-gw", "label"),
    ("n1", "NATGateway", "nat", "NATGateway", "label"),
    ("n1", "S3 bucket", "s3", "S3 bucket", "label"),
    ("n1", "S3 Glacier", "glacier", "S3 Glacier", "label"),
    ("n1", "S3 / Glacier", "s3", "S3", "label"),
    ("n1", "<b>Aurora</b>", "aurora", "Aurora", "label"),
    ("n1", "☁️ CloudFront", "cloudfront", "CloudFront", "label"),
    ("n1", "⚖️ ALB", "alb", "ALB", "label"),
    ("n1", "Amazon RDS for PostgreSQL", "rds", "Amazon RDS for PostgreSQL", "label"),
    ("n1", "RDS MySQL", "rds", "RDS MySQL", "label"),
    ("n1", "DynamoDB Table", "dynamodb", "DynamoDB Table", "label"),
    ("n1", "SQS Queue", "sqs", "SQS Queue", "label"),
    ("n1", "SNS Topic", "sns", "SNS Topic", "label"),
    ("n1", "ECS Fargate", "fargate", "ECS Fargate", "label"),
    ("n1", "EKS Cluster", "eks", "EKS Cluster", "label"),
    ("n1", "AWS WAF", "waf", "AWS WAF", "label"),
    ("n1", "Secrets Manager", "secrets-manager", "Secrets Manager", "label"),
    ("n1", "Systems Manager", "session-manager", "Systems Manager", "label"),
    ("n1", "AWS Backup", "backup", "AWS Backup", "label"),
    ("n1", "Amazon MQ", "mq", "Amazon MQ", "label"),
    ("n1", "Lambda to DynamoDB", "lambda", "Lambda", "label"),
    ("n1", "EC2 web server", "ec2", "EC2", "label"),
    ("n1", "EC2 Bastion", "bastion", "Bastion", "label"),
    ("n1", "SQS message queue", "sqs", "SQS", "label"),
    ("n1", "MySQL on RDS", "rds", "RDS", "label"),
    ("n1", "Web Server (EC2)", "ec2", "EC2", "label"),
    ("n1", "NAT Gateway (Public Subnet)", "nat", "NAT Gateway", "label"),
    ("n1", "Lambda Function URL", "lambda", "Lambda Function", "label"),
    # the head of the phrase decides
    ("n1", "Lambda Execution Role", "iam", "Execution Role", "label"),
    ("LambdaRole", "LambdaRole", "iam", "Role", "id"),
    ("n1", "ECS Tasks Security Group", "security-group", "Security Group", "label"),
    ("n1", "Web SG", "security-group", "SG", "label"),
    ("n1", "RDS Subnet Group", "generic", "Subnet Group", "label"),
    ("n1", "CloudWatch Alarm", "cloudwatch-alarm", "CloudWatch Alarm", "label"),
    ("n1", "CPU Alarm", "cloudwatch-alarm", "Alarm", "label"),
    ("n1", "S3 bucket policy", "iam", "policy", "label"),
    ("n1", "ECS Task Role", "iam", "Task Role", "label"),
    ("n1", "Lambda Log Group", "cloudwatch-logs", "Log Group", "label"),
    ("n1", "Lambda Logs", "cloudwatch-logs", "Logs", "label"),
    ("n1", "CloudTrail Logs Bucket", "s3", "Bucket", "label"),
    ("n1", "EventBridge Rule", "eventbridge", "EventBridge Rule", "label"),
    ("n1", "WAF Rule", "waf", "Rule", "label"),
    ("n1", "S3 Gateway Endpoint", "vpc-endpoint", "Gateway Endpoint", "label"),
    ("n1", "DynamoDB Endpoint", "vpc-endpoint", "Endpoint", "label"),
    ("n1", "RDS Endpoint", "rds", "RDS", "label"),
    ("n1", "CloudWatch Dashboard", "cloudwatch", "Dashboard", "label"),
    ("n1", "Admin Dashboard", "generic", "Dashboard", "label"),
    ("n1", "ALB Target Group", "target-group", "Target Group", "label"),
    ("n1", "HTTPS Listener", "listener", "HTTPS Listener", "label"),
    ("n1", "ALB Listener :443", "listener", "ALB Listener", "label"),
    ("n1", "EC2 Launch Template", "launch-template", "EC2 Launch Template", "label"),
    ("n1", "Kafka Client", "generic", "Client", "label"),
    # a client after a people word is people's device, not a library
    ("n1", "Internet Client", "actor", "Client", "label"),
    ("n1", "Mobile clients", "mobile", "Mobile clients", "label"),
    # "Multi-AZ", "single AZ" set something else; only an AZ named alone is an AZ node
    ("n1", "Multi-AZ Standby", "generic", "n1", ""),
    ("n1", "Postgres primary (single AZ)", "postgresql", "Postgres", "label"),
    # the name before " - " says what a node is; what follows describes it
    ("svc", "ECS Fargate Service - Node.js and Express", "fargate", "ECS Fargate", "label"),
    # a literal "\n" is a line break to the reader; "Key: value" lines are settings of the thing named
    ("ALB", "ALB\\nSG: web-alb-sg", "alb", "ALB", "id"),
    ("api", "Order API\\nLambda, Python 3.12", "lambda", "Lambda", "label line 2"),
    # a later line listing several services tells what a box holds, not what it is
    ("prod", "Workload Account\nEKS, Aurora, SQS", "generic", "prod", ""),
    ("n1", "Auto Scaling Policy", "asg", "Scaling Policy", "label"),
    # subnets and zones drawn as nodes
    ("n1", "Private App Subnet - Targets", "private-subnet", "Subnet", "label"),
    ("n1", "Public-1a", "public-subnet", "Public-1a", "label"),
    ("n1", "Private-2", "private-subnet", "Private-2", "label"),
    ("n1", "Public Subnet 1a<br/>10.0.1.0/24".replace("<br/>", "\n"), "public-subnet", "Public Subnet", "label"),
    ("n1", "Data Subnet", "private-subnet", "Subnet", "label"),
    ("n1", "Subnet A", "subnet", "Subnet", "label"),
    ("AZ1", "AZ1", "az", "AZ", "id"),
    ("n1", "us-east-1a", "az", "us-east-1a", "label"),
    ("n1", "Availability Zone 2", "az", "Availability Zone", "label"),
    # remarks and steps are generic
    ("n1", "Rules: allow 443 from the ALB", "generic", "Rules:", "label"),
    ("n1", "Benefits: lower latency, Direct Connect", "generic", "Benefits:", "label"),
    ("n1", "Limitations: one region", "generic", "Limitations:", "label"),
    ("n1", "Note: NAT per AZ", "generic", "Note:", "label"),
    ("n1", "Target: igw-0abc", "generic", "Target:", "label"),
    ("n1", "- t3.micro\n- gp3 20 GB", "generic", "-", "label"),
    ("n1", "✅ Multi-AZ", "generic", "✅", "label"),
    ("n1", "Run Database Migrations", "generic", "Run", "label"),
    ("n1", "Deploy to ECS", "generic", "Deploy", "label"),
    ("n1", "Upload to S3", "generic", "Upload", "label"),
    ("n1", "Build Docker Image", "generic", "Build", "label"),
    ("n1", "terraform apply", "generic", "terraform apply", "label"),
    ("n1", "kubectl rollout", "generic", "kubectl rollout", "label"),
    ("n1", "main.tf", "generic", "main.tf", "label"),
    ("n1", "Flask-SQLAlchemy", "generic", "Flask", "label"),
    ("UserService", "UserService", "generic", "UserService", "id"),
    ("n1", "OrderRepository", "generic", "OrderRepository", "label"),
    ("n1", "Build Server", "server", "Server", "label"),
    ("n1", "Invoke Lambda", "lambda", "Lambda", "label"),
    ("n1", "Config Rules", "config", "Config Rules", "label"),
    # other vendors and self-hosted products never get AWS kinds
    ("n1", "Cloud Armor", "gcp-cloud-armor", "Cloud Armor", "label"),
    ("n1", "myteam.azurecr.io", "generic", "azurecr", "label"),
    ("n1", "Azure Functions", "azure-functions", "Azure Functions", "label"),
    ("n1", "Cloud SQL", "gcp-cloud-sql", "Cloud SQL", "label"),
    ("n1", "Azure SQL Database", "azure-sql", "Azure SQL Database", "label"),
    ("n1", "GKE", "gcp-gke", "GKE", "label"),
    ("n1", "AKS cluster", "azure-aks", "AKS cluster", "label"),
    ("n1", "Memorystore", "gcp-memorystore", "Memorystore", "label"),
    ("n1", "Azure Cache for Redis", "azure-cache-for-redis", "Azure Cache for Redis", "label"),
    ("n1", "Azure Monitor", "azure-monitor", "Azure Monitor", "label"),
    ("n1", "Log Analytics", "azure-log-analytics", "Log Analytics", "label"),
    ("n1", "Stackdriver", "gcp-cloud-monitoring", "Stackdriver", "label"),
    ("n1", "Pub/Sub", "gcp-pubsub", "PubSub", "label"),
    ("n1", "Cloudflare", "cloudflare", "Cloudflare", "label"),
    ("n1", "Vercel", "generic", "Vercel", "label"),
    ("n1", "GitHub Actions", "github-actions", "GitHub Actions", "label"),
    ("n1", "Nginx", "nginx", "Nginx", "label"),
    ("n1", "HAProxy", "haproxy", "HAProxy", "label"),
    ("n1", "Traefik", "traefik", "Traefik", "label"),
    ("n1", "Kong", "kong", "Kong", "label"),
    ("n1", "Redis", "redis", "Redis", "label"),
    ("n1", "Redis on EC2", "redis", "Redis", "label"),
    ("n1", "ElastiCache Redis", "elasticache", "ElastiCache Redis", "label"),
    ("n1", "PostgreSQL", "postgresql", "PostgreSQL", "label"),
    ("n1", "MySQL", "mysql", "MySQL", "label"),
    ("n1", "Kafka", "kafka", "Kafka", "label"),
    ("n1", "RabbitMQ", "rabbitmq", "RabbitMQ", "label"),
    ("n1", "Prometheus", "prometheus", "Prometheus", "label"),
    ("n1", "Grafana", "grafana", "Grafana", "label"),
    ("n1", "Datadog", "datadog", "Datadog", "label"),
    ("n1", "Kubernetes pods", "k8s-pod", "Kubernetes pods", "label"),
    ("n1", "Azure Load Balancer", "azure-load-balancer", "Azure Load Balancer", "label"),
    ("n1", "Google Cloud Storage", "gcp-cloud-storage", "Google Cloud Storage", "label"),
    # people and clients
    ("n1", "👨‍💻 Developer", "actor", "Developer", "label"),
    ("Admin", "Admin", "actor", "Admin", "id"),
    ("n1", "Operator", "actor", "Operator", "label"),
    ("n1", "Customer", "actor", "Customer", "label"),
    ("n1", "Browser", "actor", "Browser", "label"),
    ("n1", "Mobile app", "mobile", "Mobile app", "label"),
    ("n1", "利用者", "actor", "利用者", "label"),
    ("n1", "ユーザー", "actor", "ユーザー", "label"),
    ("n1", "管理者", "actor", "管理者", "label"),
    ("n1", "開発者", "actor", "開発者", "label"),
    ("n1", "사용자", "actor", "사용자", "label"),
    ("n1", "📱 スマホ", "mobile", "スマホ", "label"),
    ("n1", "End Users", "actor", "End Users", "label"),
    ("n1", "Admin Panel", "generic", "n1", ""),
    ("n1", "Users", "actor", "Users", "label"),
    ("Internet", "Internet", "actor", "Internet", "id"),
    # people named by their role or audience, in any language, with counts, names and devices
    ("n1", "Newsroom editors", "actor", "editors", "label"),
    ("n1", "📈 Analysts", "actor", "Analysts", "label"),
    ("n1", "🕹️ Players", "actor", "Players", "label"),
    ("n1", "Helpdesk support agents", "actor", "agents", "label"),
    ("n1", "CloudWatch agent", "cloudwatch", "CloudWatch", "label"),
    ("n1", "Secrets Manager", "secrets-manager", "Secrets Manager", "label"),
    ("n1", "CTO (acting)", "actor", "CTO", "label"),
    ("n1", "QA engineer laptop", "actor", "engineer", "label"),
    ("n1", "👩 me", "actor", "me", "label"),
    ("n1", "Partner systems", "actor", "Partner", "label"),
    ("n1", "🏬 Supplier ERP", "actor", "Supplier", "label"),
    ("n1", "Desarrolladora externa", "generic", "n1", ""),
    ("n1", "Administrador", "actor", "Administrador", "label"),
    ("n1", "Usuarios navegador", "actor", "Usuarios", "label"),
    ("n1", "인프라 엔지니어 4명", "actor", "엔지니어", "label"),
    ("n1", "총괄 리드 박민수", "actor", "리드", "label"),
    ("n1", "従業員 PC", "actor", "従業員", "label"),
    ("n1", "Clinic front desk tablets", "mobile", "tablets", "label"),
    ("n1", "📱 Phone & desktop clients", "actor", "desktop clients", "label"),
    ("customer", "📱 Loyalty app", "mobile", "📱", "label"),
    # kind words written in Japanese or Korean, or as a symbol
    ("n1", "リスナー HTTPS:443", "listener", "リスナー", "label"),
    ("n1", "ターゲットグループ api", "target-group", "ターゲットグループ", "label"),
    ("n1", "プライベートサブネット 1c", "private-subnet", "プライベートサブネット", "label"),
    ("n1", "CloudWatch アラーム", "cloudwatch-alarm", "アラーム", "label"),
    ("n1", "λ resize-image", "lambda", "λ", "label"),
    ("n1", "サーバーレス API", "generic", "n1", ""),
    # steps, questions, conditions and flows told in one box; Terraform module addresses
    ("n1", "Is the object in the CDN cache?", "generic", "?", "label"),
    ("n1", "Browser → DNS → CDN", "generic", "→", "label"),
    ("n1", "ALB -> EC2", "generic", "->", "label"),
    ("n1", "5xx rate > 2 %", "generic", ">", "label"),
    ("n1", "SQS depth >= 100", "generic", ">=", "label"),
    ("n1", "ASG min >= 2", "asg", "ASG", "label"),
    ("n1", "module.cache", "generic", "module.cache", "label"),
    ("n1", "Drain the old AZ", "generic", "Drain", "label"),
    # endpoints, proxies, exporters, buckets, logs and policies: the head of the name decides
    ("ep1", "com.amazonaws.eu-west-1.sqs", "vpc-endpoint", "com.amazonaws.", "label"),
    ("KMS_EP", "KMS interface endpoint", "vpc-endpoint", "interface endpoint", "label"),
    ("n1", "RDS Proxy", "generic", "Proxy", "label"),
    ("n1", "egress proxy", "server", "proxy", "label"),
    ("n1", "Squid", "server", "Squid", "label"),
    ("n1", "redis-exporter", "monitoring", "exporter", "label"),
    ("n1", "Reports bucket", "s3", "bucket", "label"),
    ("n1", "S3 access logs", "s3", "logs", "label"),
    ("n1", "Cloud Armor policy", "gcp-cloud-armor", "policy", "label"),
    ("n1", "CloudFront invalidation", "generic", "invalidation", "label"),
    # other vendors' products, libraries and what runs on what
    ("n1", "Neon Postgres", "postgresql", "Neon Postgres", "label"),
    ("n1", "Upstash Redis", "redis", "Upstash Redis", "label"),
    ("n1", "Azure IoT Hub", "azure-iot-hub", "Azure IoT Hub", "label"),
    ("n1", "Managed Microsoft AD", "directory-service", "Managed Microsoft AD", "label"),
    ("n1", "Axiom logs", "monitoring", "logs", "label"),
    ("n1", "EC2 nginx", "ec2", "EC2", "label"),
    ("n1", "ECS service on Fargate", "fargate", "Fargate", "label"),
    ("n1", "Glue ETL job nightly", "glue", "Glue ETL job", "label"),
    ("n1", "etcd-2", "etcd", "etcd", "label"),
    ("n1", "F5 BIG-IP", "load-balancer", "F5 BIG-IP", "label"),
    ("n1", "Office users", "actor", "users", "label"),
    ("n1", "SNS → ops@example.com", "sns", "SNS", "label"),
    ("n1", "game-host c7g.2xlarge", "ec2", "c7g.2xlarge", "label"),
    ("n1", "reports db.m6g.large", "rds", "db.m6g.large", "label"),
    ("exporter", "Lambda nightly-export", "lambda", "Lambda", "label"),
    ("n1", "📱 회원 앱", "mobile", "앱", "label"),
    ("EP_S3", "S3\ngateway endpoint", "vpc-endpoint", "gateway endpoint", "label line 2"),
    ("svc", "ECS service billing\nFargate, 3 tasks", "fargate", "Fargate", "label line 2"),
    # later lines only decide when nothing earlier does, or to make a category word precise
    ("n1", "App Server\nEC2 t3.micro", "ec2", "EC2", "label line 2"),
    ("n1", "Database\nSubnet: 10.0.3.0/24", "database", "Database", "label"),
    ("n1", "VPC: app-vpc\nConfig: multi_az = false", "vpc", "VPC", "label"),
    ("n1", "Orders\nDynamoDB", "dynamodb", "DynamoDB", "label line 2"),
    ("n1", "Web tier\nPort 443", "generic", "n1", ""),
    ("n1", "Payments\nSecurity Group: pay-sg", "security-group", "Security Group", "label line 2"),
    # the id decides before the label, unless the label says the same thing more precisely
    ("DB", "RDS MySQL", "rds", "RDS MySQL", "label"),
    ("Internet", "Internet Gateway", "igw", "Internet Gateway", "label"),
    ("Lambda", "Lambda Execution Role", "iam", "Execution Role", "label"),
    ("EC2_1", "Web tier", "ec2", "EC2", "id"),
    ("Bastion", "EC2 Bastion", "bastion", "Bastion", "id"),
    ("Server", "Nginx", "nginx", "Nginx", "label"),
    ("WAF", "Cloud Armor", "gcp-cloud-armor", "Cloud Armor", "label"),
    ("ECS", "Deploy to ECS", "generic", "Deploy", "label"),
    ("CW", "CloudWatch Alarm", "cloudwatch-alarm", "CloudWatch Alarm", "label"),
    # nothing to go on
    ("n1", "Worker", "generic", "n1", ""),
    ("n1", "Cluster", "generic", "n1", ""),
    ("n1", "frontend", "generic", "n1", ""),
    ("n1", "S Q S", "generic", "n1", ""),
]


@pytest.mark.parametrize(("node_id", "label", "kind", "text", "basis"), LABELS, ids=[row[1] for row in LABELS])
def test_label(node_id: str, label: str, kind: str, text: str, basis: str) -> None:
    guess = guess_kind(CATALOG, node_id, label)
    assert (guess.kind, guess.text, guess.basis) == (kind, text, basis)
    assert guess.origin is (KindOrigin.UNKNOWN if basis == "" else KindOrigin.INFERRED)


def test_the_table_is_big_enough() -> None:
    assert len(LABELS) >= 120


# --- hints ------------------------------------------------------------------------------------------


def test_a_service_hint_beats_the_label() -> None:
    guess = guess_kind(CATALOG, "n1", "Orders store", [("dynamodb", "hint")])
    assert (guess.kind, guess.origin, guess.text, guess.basis) == ("dynamodb", KindOrigin.HINT, "dynamodb", "hint")


def test_an_aws_class_beats_the_label() -> None:
    guess = guess_kind(CATALOG, "n1", "Orders handler", [("lambda", "class")])
    assert (guess.kind, guess.basis) == ("lambda", "class")


def test_a_clear_label_beats_a_vague_class() -> None:
    guess = guess_kind(CATALOG, "n1", "RDS PostgreSQL", [("storage", "class")])
    assert (guess.kind, guess.text, guess.basis) == ("rds", "RDS PostgreSQL", "label")


def test_a_vague_class_beats_a_category_word_or_nothing() -> None:
    guess = guess_kind(CATALOG, "n1", "Uploads", [("storage", "class")])
    assert (guess.kind, guess.origin, guess.basis) == ("storage", KindOrigin.HINT, "class")


def test_a_class_that_names_no_kind_is_ignored() -> None:
    guess = guess_kind(CATALOG, "n1", "ALB", [("natStyle", "class")])
    assert (guess.kind, guess.basis) == ("alb", "label")


def test_cylinder_shape_is_the_last_resort() -> None:
    assert guess_kind(CATALOG, "n1", "Orders", cylinder=True).kind == "database"
    assert guess_kind(CATALOG, "n1", "Orders", cylinder=True).basis == "shape"
    assert guess_kind(CATALOG, "n1", "Redis", cylinder=True).kind == "redis"


# --- roles --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("node_id", "label", "role"),
    [
        ("Aurora_Writer", "Aurora_Writer", "writer"),
        ("db", "Aurora reader", "reader"),
        ("db", "Aurora (master)", "primary"),
        ("db", "RDS standby", "standby"),
        ("db", "ReadReplica Aurora", "replica"),
        ("web", "EC2 primary", None),  # only databases and caches carry a replication role
    ],
)
def test_role_word_on_databases(node_id: str, label: str, role: str | None) -> None:
    assert guess_kind(CATALOG, node_id, label).role == role


def test_role_word_first_text_first() -> None:
    assert role_word("Aurora reader", "aurora_writer") == "reader"
    assert role_word("Orders", "x") is None


# --- the diagram decides a few words --------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "text", "label", "aws", "settled"),
    [
        ("load-balancer", "Load Balancer", "Load Balancer", True, "alb"),
        ("load-balancer", "Load Balancer", "Load Balancer", False, "load-balancer"),
        ("api-gateway", "API Gateway", "API Gateway", True, "apigw"),
        ("api-gateway", "API Gateway", "API Gateway / Microservices Layer", False, "api-gateway"),
        ("redis", "Redis", "Redis", True, "elasticache"),
        ("redis", "Redis", "Redis on EC2", True, "redis"),
        ("redis", "Redis", "Redis", False, "redis"),
        ("elasticache", "ElastiCache", "ElastiCache Redis", False, "elasticache"),
        ("ecr", "Container Registry", "Container Registry", False, "generic"),
        ("alb", "ALB", "ALB", False, "alb"),
    ],
)
def test_settled_kind(kind: str, text: str, label: str, aws: bool, settled: str) -> None:
    assert settled_kind(kind, text, label, aws) == settled


def _kinds(mermaid: str) -> dict[str, tuple[str, str]]:
    document = load_source(SourceText("n.md", "```mermaid\n" + mermaid + "```\n"), markdown=True)
    (diagram,) = document.diagrams
    return {node.id: (node.kind, node.kind_basis) for node in diagram.nodes}


def test_mermaid_nodes_carry_kind_and_basis() -> None:
    kinds = _kinds(
        "flowchart LR\n"
        "  U[👥 Users] --> LB[Load Balancer] --> App[App Server<br/>EC2 t3.micro]\n"
        "  App --> R[(Redis)]\n"
        "  App --> N[Note: one AZ only]\n"
        "  class App storage\n"
    )
    assert kinds == {
        "U": ("actor", "label"),
        "LB": ("alb", "id"),
        "App": ("ec2", "label line 2"),
        "R": ("elasticache", "label"),
        "N": ("generic", "label"),
    }


def test_a_diagram_with_no_aws_keeps_neutral_kinds() -> None:
    kinds = _kinds("flowchart LR\n  C[Client] --> GW[API Gateway] --> S[Orders Pod] --> R[(Redis)]\n")
    assert kinds == {
        "C": ("actor", "label"),
        "GW": ("api-gateway", "label"),
        "S": ("k8s-pod", "label"),
        "R": ("redis", "label"),
    }


def test_mermaid_class_hint_and_kind_comment() -> None:
    kinds = _kinds("flowchart LR\n  %% archdsl: kind A=sqs\n  A[Jobs] --> B[Worker]\n  class B lambda\n")
    assert kinds == {"A": ("sqs", "hint"), "B": ("lambda", "class")}


def test_architecture_beta_icon_and_label() -> None:
    document = load_source(
        SourceText(
            "n.md",
            "```mermaid\narchitecture-beta\n"
            "  service db(database)[Cloud SQL]\n"
            "  service fn(logos:aws-lambda)[Resize]\n```\n",
        ),
        markdown=True,
    )
    (diagram,) = document.diagrams
    db, fn = diagram.node("db"), diagram.node("fn")
    assert db is not None and fn is not None
    assert (db.kind, db.kind_basis) == ("gcp-cloud-sql", "label")
    assert (fn.kind, fn.kind_basis) == ("lambda", "icon")


def test_dsl_node_keyword_infers_with_basis() -> None:
    document = load_source(SourceText("a.arch", 'node orders "Orders on RDS"\nredis sessions\n'), markdown=False)
    (diagram,) = document.diagrams
    orders, sessions = diagram.node("orders"), diagram.node("sessions")
    assert orders is not None and sessions is not None
    assert (orders.kind, orders.kind_text, orders.kind_basis) == ("rds", "RDS", "label")
    assert (sessions.kind, sessions.kind_origin, sessions.kind_basis) == ("redis", KindOrigin.EXPLICIT, "")


# --- near misses (ARCH018) --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "written", "key"),
    [
        ("CloudWach", "CloudWach", "cloudwatch"),
        ("Cloud Wach metrics", "Cloud Wach", "cloudwatch"),
        ("Aurura", "Aurura", "aurora"),
        ("Dynamo Dbb", "Dynamo Dbb", "dynamodb"),
        ("CloudFornt CDN", "CloudFornt", "cloudfront"),
        ("Elasticahce", "Elasticahce", "elasticache"),
    ],
)
def test_near_miss(text: str, written: str, key: str) -> None:
    assert near_miss(CATALOG, text) == (written, key)


@pytest.mark.parametrize(
    "text",
    [
        "Worker",
        "Cluster",
        "Client",
        "Cloud",
        "Clouds",
        "Orders",
        "Service",
        "Frontend",
        "Backend",
        "Payments",
        "Storage",
        "Router",
        "Console",
        "Gateway",
        "Scheduler",
        "Reports",
        "Checkout",
        "Inventory",
        "Search",
        "Notifications",
        "Analytics",
        "Identity",
        "Elasticache",
        "Dynamo DB",
        "Web App",
        "Mobile Users",
        "Batch jobs",
        "Cron",
        "Health check",
        "Traffic",
    ],
)
def test_no_near_miss_on_ordinary_words(text: str) -> None:
    assert near_miss(CATALOG, text) is None


# --- words -------------------------------------------------------------------------------------------


def test_words_keep_an_az_letter_on_its_number() -> None:
    assert words("privateSubnet1c") == ("private", "subnet", "1c")
    assert words("☁️ AWS Cloud - us-east-1a") == ("☁️", "aws", "cloud", "us", "east", "1a")
    assert words("s3bucket") == ("s", "3", "bucket")


def test_tokens_know_written_words_and_stretches() -> None:
    found = tokens("ElasticIP, S3")
    assert [(t.text, t.word, t.segment) for t in found] == [("elastic", 0, 0), ("ip", 0, 0), ("s", 1, 1), ("3", 1, 1)]


def test_lookup_kind_knows_other_vendors() -> None:
    found = lookup_kind(CATALOG, "Cloud SQL")
    assert found is not None and found.key == "gcp-cloud-sql"
    assert lookup_kind(CATALOG, "nothing-like-this") is None


# --- other vendors' products --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("Postgres primary", "postgresql"),
        ("orders-db (PostgreSQL 16)", "postgresql"),
        ("Kafka cluster", "kafka"),
        ("ingress-nginx", "k8s-ingress"),
        ("Prometheus + Alertmanager", "prometheus"),
        ("Grafana dashboards", "grafana"),
        ("GitHub Actions workflow", "github-actions"),
        ("Terraform Cloud", "terraform"),
        ("Cloud Run: checkout-api", "gcp-cloud-run"),
        ("Azure Functions (consumption)", "azure-functions"),
        ("Cosmos DB orders", "azure-cosmos-db"),
        ("api Deployment 3 pods", "k8s-pod"),
        ("Deployment web HPA 2-6 pods", "k8s-pod"),
        ("HorizontalPodAutoscaler cpu 80%", "k8s-hpa"),
        ("HashiCorp Vault", "hashicorp-vault"),
        ("Stripe", "stripe"),
    ],
)
def test_labels_that_name_another_vendors_product_get_its_kind(label: str, kind: str) -> None:
    assert guess_kind(CATALOG, "n1", label).kind == kind


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("ElastiCache Redis", "elasticache"),  # AWS's Redis stays AWS's
        ("Redis on EC2", "redis"),
        ("Amazon RDS for PostgreSQL", "rds"),  # the engine runs on the managed service
        ("Aurora PostgreSQL writer", "aurora"),
        ("Card vault", "generic"),  # a vault is HashiCorp's only when named so
        ("Vault", "generic"),
        ("Lambda stripe-webhook", "lambda"),  # a function that Stripe calls
        ("terraform.tfstate", "generic"),  # a state file, not Terraform
        ("IAM role gha-deploy", "iam"),
    ],
)
def test_aws_services_and_plain_words_keep_their_kind(label: str, kind: str) -> None:
    assert guess_kind(CATALOG, "n1", label).kind == kind


def test_redis_is_elasticache_among_aws_services_and_redis_elsewhere() -> None:
    among_aws = _kinds("flowchart LR\n  A[ECS service] --> R[(Redis)]\n")
    elsewhere = _kinds("flowchart LR\n  A[orders pod] --> R[(Redis)]\n")
    assert (among_aws["R"][0], elsewhere["R"][0]) == ("elasticache", "redis")


def test_products_are_no_evidence_of_aws() -> None:
    kinds = _kinds(
        "flowchart LR\n  I[Ingress] --> S[API pods] --> P[(Postgres)]\n  S --> K[Kafka]\n  S --> LB[Load Balancer]\n"
    )
    # no AWS service is drawn, so the load balancer is not an ALB
    assert kinds == {
        "I": ("k8s-ingress", "label"),
        "S": ("k8s-pod", "label"),
        "P": ("postgresql", "label"),
        "K": ("kafka", "label"),
        "LB": ("load-balancer", "id"),
    }


def test_a_person_inferred_inside_a_subnet_is_a_service_named_after_its_users() -> None:
    # A microservice called "users" in the app subnet, and the people who use the shop outside the account.
    mermaid = (
        "flowchart LR\n"
        '  subgraph App["Private subnet (app)"]\n'
        '    users["👤 users service"]\n'
        "  end\n"
        '  shoppers["👤 Users"] --> users\n'
        '  users --> pg[("PostgreSQL")]\n'
    )
    document = load_source(SourceText("n.md", "```mermaid\n" + mermaid + "```\n"), markdown=True)
    kinds = {node.id: node.kind for node in document.diagrams[0].nodes}
    assert kinds == {"users": "generic", "shoppers": "actor", "pg": "postgresql"}
