"""Group kinds read from ids and titles as people write them, and the ones that need the whole diagram."""

from __future__ import annotations

import pytest

from archdsl.infer.groups import infer_group, read_group
from archdsl.loader import load_source
from archdsl.model import GroupKind, SubnetTier
from archdsl.sources import SourceText

CLOUD, ACCOUNT, REGION, VPC, AZ = GroupKind.CLOUD, GroupKind.ACCOUNT, GroupKind.REGION, GroupKind.VPC, GroupKind.AZ
SUBNET, SG, ASG = GroupKind.SUBNET, GroupKind.SECURITY_GROUP, GroupKind.AUTOSCALING_GROUP
ONPREM, PLAIN = GroupKind.ON_PREMISES, GroupKind.GENERIC
PUBLIC, PRIVATE, DATA = SubnetTier.PUBLIC, SubnetTier.PRIVATE, SubnetTier.DATA

# (id, title as written, with <br/> already read as a line break) -> (kind, tier)
TITLES = [
    # clouds: the head decides, later stretches and lines are remarks
    ("AWS", "☁️ AWS Cloud - us-east-1\n💰 Single-AZ Mode (cost saving)", CLOUD, None),
    ("aws", "AWS Cloud (Provisioned via Ansible)", CLOUD, None),
    ("AWS_Cloud", "AWS Cloud", CLOUD, None),
    ("cloud", "Amazon Web Services", CLOUD, None),
    ("AWS", "AWS", CLOUD, None),
    ("Regions", "AWS Regions", CLOUD, None),
    ("AZ", "Azure Cloud - Sweden Central", CLOUD, None),
    ("gcp", "Google Cloud Platform", CLOUD, None),
    ("analytics", "GCP project data-platform", CLOUD, None),
    ("awsInfra", "AWS Infrastructure", CLOUD, None),
    # accounts
    ("ACCOUNT", "AWS Account 123456789012", ACCOUNT, None),
    ("Management", "Management Account", ACCOUNT, None),
    ("prod_account", "Production", ACCOUNT, None),
    ("sub", "Azure Subscription", ACCOUNT, None),
    # regions
    ("Tokyo", "Tokyo Region", REGION, None),
    ("R1", "us-east-1", REGION, None),
    ("primary", "Primary Region (us-west-2)", REGION, None),
    ("tokyo", "ap-northeast-1 (Tokyo)", REGION, None),
    ("jp", "東京リージョン", REGION, None),
    ("dr", "DR Region", REGION, None),
    # VPCs
    ("VPC", "VPC: app-vpc\nCIDR: 10.0.0.0/16\nConfig: multi_az = false", VPC, None),
    ("VPC", "VPC", VPC, None),
    ("vpc", "☁️ Virtual Private Cloud", VPC, None),
    ("prodVpc", "Production VPC (10.0.0.0/16)", VPC, None),
    ("v", "VPC 10.10.0.0/16", VPC, None),
    ("hub", "Hub VPC", VPC, None),
    ("VPC", "AWS VPC", VPC, None),
    # availability zones
    ("AZ1", "AZ1", AZ, None),
    ("az_a", "ap-northeast-1a", AZ, None),
    ("zoneA", "Availability Zone A", AZ, None),
    ("AZa", "AZ-a", AZ, None),
    ("z1", "Zone 1", AZ, None),
    ("az1", "Availability Zone 1 (us-east-1a)", AZ, None),
    ("azJ", "アベイラビリティゾーン 1a", AZ, None),
    # subnets and tiers
    ("pub1a", "Public Subnet 1a", SUBNET, PUBLIC),
    ("subGraph0", "private subnet 1c", SUBNET, PRIVATE),
    ("Public", "Public", SUBNET, PUBLIC),
    ("Private", "Private", SUBNET, PRIVATE),
    ("Private_App", "Private Subnet - App", SUBNET, PRIVATE),
    ("Private_DB", "Private Subnet - DB", SUBNET, PRIVATE),
    ("Public_Zone", "Public Subnets", SUBNET, PUBLIC),
    ("data", "Isolated Subnet", SUBNET, DATA),
    ("appSubnet", "App Subnet AZ-c", SUBNET, PRIVATE),
    ("s1", "Subnet A", SUBNET, None),
    ("PrivateSubnet", "ap-northeast-1c", SUBNET, PRIVATE),
    ("pubA", "Public Subnet AZ1", SUBNET, PUBLIC),
    ("dmz", "DMZ", SUBNET, PUBLIC),
    ("DbA", "Private data 10.20.20.0/24", SUBNET, DATA),
    ("AppA", "App 10.20.10.0/24", SUBNET, PRIVATE),
    ("Data1a", "data-1a", SUBNET, DATA),
    ("kr", "퍼블릭 서브넷 10.0.1.0/24 · ap-northeast-2a", SUBNET, PUBLIC),
    ("cn", "私有子网 B", SUBNET, PRIVATE),
    ("snet", "snet-aks 10.40.8.0/21", SUBNET, None),
    ("pe", "snet-private-endpoints", SUBNET, PRIVATE),
    ("vnet", "vnet-portal 10.40.0.0/16", VPC, None),
    ("shared", "VPC shared-services 10.102.0.0/16", VPC, None),
    ("asg", "ASG api 2-12", ASG, None),
    ("ps", "パブリックサブネット", SUBNET, PUBLIC),
    ("shared", "subnet web+db 10.1.4.0/24", SUBNET, None),
    ("VPC_2_AZ", "VPC_2_AZ", VPC, None),
    ("net", "VPC (3 AZs)", VPC, None),
    ("one", "app and database subnet", SUBNET, None),
    # security groups and Auto Scaling groups
    ("web_sg", "Web SG", SG, None),
    ("SG", "SG", SG, None),
    ("ecsSg", "ECS Tasks Security Group", SG, None),
    ("ASG", "Auto Scaling Group", ASG, None),
    ("asg", "ASG (min 2, max 6)", ASG, None),
    ("scaling", "Auto-Scaling", ASG, None),
    # on-premises
    ("onprem", "On-Premises", ONPREM, None),
    ("dc", "Data Center", ONPREM, None),
    ("corp", "Corporate Network", ONPREM, None),
    ("jp_dc", "オンプレミス", ONPREM, None),
    ("OnPrem", "Customer site", ONPREM, None),
    ("hq", "Corporate Data Centre (Osaka)", ONPREM, None),
    ("site_a", "Main DC - Sapporo", ONPREM, None),
    ("DC2", "DC2", ONPREM, None),
    ("dx", "AWS DC", PLAIN, None),
    # plural and compound titles list things or name another thing: plain boxes
    ("SecurityGroups", "🔒 Security Groups", PLAIN, None),
    ("SG", "Security Groups", PLAIN, None),
    ("Endpoints", "VPC Endpoints", PLAIN, None),
    ("dns", "Private DNS", PLAIN, None),
    ("iam", "IAM Roles", PLAIN, None),
    ("mon", "Monitoring", PLAIN, None),
    ("subnets", "Subnets", PLAIN, None),
    ("wl", "Workload Accounts", PLAIN, None),
    ("zones", "Availability Zones", PLAIN, None),
    ("dbsg", "DB Subnet Group", PLAIN, None),
    ("hz", "Hosted Zone", PLAIN, None),
    ("multi", "Multi-AZ", PLAIN, None),
    ("lambda", "AWS Lambda", PLAIN, None),
    ("run", "Cloud Run", PLAIN, None),
    ("rg", "Azure Resource Group", PLAIN, None),
    ("Public_Zone", "Web", PLAIN, None),
    ("sg1", "Frontend", PLAIN, None),
    ("k8s", "Kubernetes Cluster", PLAIN, None),
    ("internet", "Internet", PLAIN, None),
    ("layer", "Data Layer", PLAIN, None),
    ("Data", "Data", PLAIN, None),
    ("lattice", "VPC Lattice", PLAIN, None),
    ("cf", "Cloudflare", PLAIN, None),
]


@pytest.mark.parametrize(("identifier", "title", "kind", "tier"), TITLES, ids=[row[1] for row in TITLES])
def test_group_titles(identifier: str, title: str, kind: GroupKind, tier: SubnetTier | None) -> None:
    assert infer_group(identifier, title) == (kind, tier)


def test_the_table_is_large_and_covers_every_kind() -> None:
    assert len(TITLES) >= 60
    assert {row[2] for row in TITLES} == set(GroupKind)


def test_the_reading_says_which_words_decided_and_where() -> None:
    assert read_group("AWS", "☁️ AWS Cloud - us-east-1\n💰 Single-AZ Mode") == read_group(
        "AWS", "☁️ AWS Cloud - us-east-1\n💰 Single-AZ Mode"
    )
    cloud = read_group("AWS", "☁️ AWS Cloud - us-east-1\n💰 Single-AZ Mode")
    assert (cloud.kind, cloud.basis, cloud.text, cloud.region) == (CLOUD, "title", "aws cloud", "us-east-1")
    by_id = read_group("PublicSubnet1", "Web servers")
    assert (by_id.kind, by_id.tier, by_id.basis) == (SUBNET, PUBLIC, "id")
    later = read_group("box", "Web tier\nPublic Subnet")
    assert (later.kind, later.tier, later.basis) == (SUBNET, PUBLIC, "title line 2")


def test_a_remark_line_never_outvotes_the_head() -> None:
    # The second line's "multi_az" and "Single-AZ" used to make these AZs.
    assert infer_group("VPC", "VPC: app-vpc\nConfig: multi_az = false")[0] is VPC
    assert infer_group("x", "Web tier\nSingle-AZ Mode")[0] is PLAIN


def test_an_id_abbreviating_a_title_word_is_not_read_alone() -> None:
    assert infer_group("AZ", "Azure")[0] is CLOUD
    assert infer_group("AZ", "")[0] is AZ


def _groups(text: str) -> dict[str, tuple[str, str | None]]:
    document = load_source(SourceText("note.md", text), markdown=True)
    (diagram,) = document.diagrams
    return {group.id: (group.kind.value, group.tier.value if group.tier else None) for group in diagram.groups}


def test_an_auto_scaling_box_among_pods_is_a_plain_box() -> None:
    text = (
        "```mermaid\nflowchart LR\n"
        "  subgraph cluster[Kubernetes Cluster]\n"
        "    subgraph scaling[Auto-Scaling]\n      hpa[HPA] --> pods[API Pods]\n    end\n"
        "  end\n```\n"
    )
    assert _groups(text) == {"cluster": ("generic", None), "scaling": ("generic", None)}


def test_an_auto_scaling_group_stays_one_beside_kubernetes() -> None:
    text = (
        "```mermaid\nflowchart LR\n"
        "  subgraph nodes[EC2 Auto Scaling Group]\n    w1[Worker node] --> pods[Pods]\n  end\n"
        "  subgraph plain[Auto Scaling]\n    w2[EC2]\n  end\n"
        "```\n"
    )
    assert _groups(text) == {"nodes": ("autoscaling-group", None), "plain": ("generic", None)}


def test_an_auto_scaling_box_without_kubernetes_is_an_auto_scaling_group() -> None:
    text = "```mermaid\nflowchart LR\n  subgraph scaling[Auto Scaling]\n    a[EC2] --> b[EC2]\n  end\n```\n"
    assert _groups(text) == {"scaling": ("autoscaling-group", None)}


def test_mermaid_reads_the_seed_idioms() -> None:
    text = (
        "```mermaid\nflowchart TB\n"
        '  subgraph AWS["☁️ AWS Cloud - us-east-1<br/>💰 Single-AZ Mode"]\n'
        '    subgraph VPC["VPC: app-vpc<br/>CIDR: 10.0.0.0/16<br/>Config: multi_az = false"]\n'
        '      subgraph pub["Public Subnet 1a"]\n        alb[ALB]\n      end\n'
        '      subgraph SGs["🔒 Security Groups"]\n        sg1[ALB SG]\n      end\n'
        "    end\n  end\n"
        '  subgraph onprem["On-Premises"]\n    ad[Active Directory]\n  end\n'
        "```\n"
    )
    assert _groups(text) == {
        "AWS": ("cloud", None),
        "VPC": ("vpc", None),
        "pub": ("subnet", "public"),
        "SGs": ("generic", None),
        "onprem": ("on-premises", None),
    }
