"""The lint rules, listed explicitly: adding a rule is one module and one line here."""

from __future__ import annotations

from typing import Final

from archdsl.rules._base import Rule
from archdsl.rules.admin_port_open_to_internet import AdminPortOpenToInternet
from archdsl.rules.aurora_no_cross_az_replica import AuroraNoCrossAzReplica
from archdsl.rules.aurora_replica_limit import AuroraReplicaLimit
from archdsl.rules.aws_service_traffic_via_nat import AwsServiceTrafficViaNat
from archdsl.rules.compute_directly_exposed import ComputeDirectlyExposed
from archdsl.rules.compute_tier_single_az import ComputeTierSingleAz
from archdsl.rules.datastore_publicly_accessible import DatastorePubliclyAccessible
from archdsl.rules.db_subnet_group_single_az import DbSubnetGroupSingleAz
from archdsl.rules.disconnected_node import DisconnectedNode
from archdsl.rules.edge_to_group import EdgeToGroup
from archdsl.rules.elasticache_no_failover import ElasticacheNoFailover
from archdsl.rules.fixed_capacity_fleet import FixedCapacityFleet
from archdsl.rules.flat_network import FlatNetwork
from archdsl.rules.internet_facing_without_waf import InternetFacingWithoutWaf
from archdsl.rules.invalid_group_nesting import InvalidGroupNesting
from archdsl.rules.lb_target_without_health_check import LbTargetWithoutHealthCheck
from archdsl.rules.lb_to_datastore_direct import LbToDatastoreDirect
from archdsl.rules.load_balancer_single_az import LoadBalancerSingleAz
from archdsl.rules.missing_load_balancer import MissingLoadBalancer
from archdsl.rules.missing_monitoring import MissingMonitoring
from archdsl.rules.nat_gateway_single_az import NatGatewaySingleAz
from archdsl.rules.parser_checks import PARSER_CHECKS, ParserCheck
from archdsl.rules.plaintext_http_entrypoint import PlaintextHttpEntrypoint
from archdsl.rules.rds_single_az import RdsSingleAz
from archdsl.rules.read_heavy_db_without_cache_or_reader import ReadHeavyDbWithoutCacheOrReader
from archdsl.rules.s3_public_origin import S3PublicOrigin
from archdsl.rules.single_instance_spof import SingleInstanceSpof
from archdsl.rules.static_content_from_compute import StaticContentFromCompute
from archdsl.rules.unattached_elastic_ip import UnattachedElasticIp
from archdsl.rules.unexpected_cycle import UnexpectedCycle
from archdsl.rules.unused_read_replica import UnusedReadReplica

ALL_RULES: Final[tuple[type[Rule], ...]] = (
    DisconnectedNode,
    EdgeToGroup,
    InvalidGroupNesting,
    UnexpectedCycle,
    SingleInstanceSpof,
    ComputeTierSingleAz,
    LoadBalancerSingleAz,
    RdsSingleAz,
    AuroraNoCrossAzReplica,
    DbSubnetGroupSingleAz,
    NatGatewaySingleAz,
    ElasticacheNoFailover,
    LbTargetWithoutHealthCheck,
    MissingLoadBalancer,
    DatastorePubliclyAccessible,
    LbToDatastoreDirect,
    AdminPortOpenToInternet,
    ComputeDirectlyExposed,
    FlatNetwork,
    S3PublicOrigin,
    InternetFacingWithoutWaf,
    PlaintextHttpEntrypoint,
    FixedCapacityFleet,
    AuroraReplicaLimit,
    StaticContentFromCompute,
    ReadHeavyDbWithoutCacheOrReader,
    UnusedReadReplica,
    MissingMonitoring,
    AwsServiceTrafficViaNat,
    UnattachedElasticIp,
)


def every_check() -> list[type[Rule] | ParserCheck]:
    """The lint rules and the checks made while reading, in code order: what `archdsl rules` lists."""
    checks: list[type[Rule] | ParserCheck] = [*ALL_RULES, *PARSER_CHECKS]
    return sorted(checks, key=lambda check: check.code)


def by_code(code: str) -> type[Rule] | ParserCheck | None:
    """The rule or check with this code or name."""
    wanted = code.strip()
    return next((rule for rule in every_check() if wanted.upper() == rule.code or wanted.lower() == rule.name), None)
