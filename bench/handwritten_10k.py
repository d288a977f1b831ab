"""What a user writes instead of archdsl: the 10k-user diagram as a mingrammer diagrams script (SVG + PNG)."""

import sys
from pathlib import Path

from diagrams import Cluster, Diagram, Edge
from diagrams.aws.compute import EC2
from diagrams.aws.database import Aurora
from diagrams.aws.management import Cloudwatch
from diagrams.aws.network import ELB, Route53
from diagrams.onprem.client import Users

out = Path(sys.argv[1] if len(sys.argv) > 1 else ".") / "handwritten-10k"
with Diagram("", filename=str(out), outformat=["svg", "png"], show=False, direction="TB"):
    user = Users("User")
    dns = Route53("Route53")
    with Cluster("VPC"):
        alb = ELB("ALB")
        with Cluster("AZ1"):
            web1 = EC2("EC2_1")
            writer = Aurora("Aurora_Writer")
        with Cluster("AZ2"):
            web2 = EC2("EC2_2")
            reader = Aurora("Aurora_Reader")
    watch = Cloudwatch("CloudWatch")
    user >> Edge(label="Request") >> dns >> Edge(label="DNS Resolution") >> alb
    alb >> Edge(label="Load Balance") >> [web1, web2]
    web1 >> writer
    web2 >> writer
    writer >> reader
    [web1, web2] >> watch
