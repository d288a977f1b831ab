"""Checks the readers and the lint engine make themselves (syntax, names, Mermaid traps, suppressions)."""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from archdsl.diagnostics import Severity
from archdsl.model import ALL_SCOPES, RUNTIME_SCOPES, Scope


@dataclass(frozen=True, slots=True)
class ParserCheck:
    """A diagnostic the DSL or Mermaid reader reports itself, because only the text shows the problem."""

    code: str
    name: str
    category: str
    severity: Severity
    text: str
    configurable: bool = True
    stage: str = "read"  # "render": found while drawing, so no reader fixture can show it
    scopes: frozenset[Scope] = ALL_SCOPES  # the diagram scopes it is reported on
    # Reported by ``archdsl lint`` only with -v or when --select names it: news, not a problem.
    opt_in: bool = False

    @property
    def severities(self) -> Mapping[str, Severity]:
        """The same severity in every phase."""
        return MappingProxyType(dict.fromkeys(("prototype", "10k", "1m"), self.severity))

    def summary(self) -> str:
        return self.docs().split("\n", 1)[0]

    def docs(self) -> str:
        return inspect.cleandoc(self.text)


PARSER_CHECKS: Final = (
    ParserCheck(
        "ARCH001",
        "parse-error",
        "hygiene",
        Severity.ERROR,
        """
        The DSL or a Mermaid diagram cannot be read, or a setting has a bad value.

        ## What it does
        Reports syntax errors at the place the parser (for Mermaid: Mermaid itself) stops.

        ## Why is this bad?
        Nothing after the error can be checked or drawn; on GitHub a broken Mermaid block shows an error box.

        ## Example
            web ->

        ## Use instead
            web -> db
        """,
        configurable=False,
    ),
    ParserCheck(
        "ARCH002",
        "duplicate-id",
        "hygiene",
        Severity.ERROR,
        """
        Two nodes or groups share an id.

        ## What it does
        Reports the second declaration of an id in the DSL, and a Mermaid subgraph id written for a second
        block (a copied AZ block), which Mermaid silently draws as one box holding both blocks' nodes.

        ## Why is this bad?
        Edges to that id become ambiguous and one of the elements silently disappears from the picture.

        ## Example
            ec2 web
            rds web

        ## Use instead
            ec2 web
            rds db
        """,
    ),
    ParserCheck(
        "ARCH003",
        "unknown-service-kind",
        "hygiene",
        Severity.WARNING,
        """
        A node's kind is not in the service catalogue.

        ## What it does
        Reports DSL kinds the catalogue does not know (with the nearest kind), and `node` declarations
        whose id and label name no service.

        ## Why is this bad?
        The node gets a generic box instead of an AWS icon, and no rule can reason about it.

        ## Example
            ec22 web

        ## Use instead
            ec2 web
        """,
    ),
    ParserCheck(
        "ARCH004",
        "undefined-edge-endpoint",
        "hygiene",
        Severity.ERROR,
        """
        An edge names an id that is never declared.

        ## What it does
        Reports each undeclared edge end in the DSL, naming the nearest declared id.

        ## Why is this bad?
        A typo hides a real dependency; the edge cannot be drawn.

        ## Example
            aurora writer
            ec2 web
            web -> writter

        ## Use instead
            web -> writer
        """,
    ),
    ParserCheck(
        "ARCH007",
        "ambiguous-group-membership",
        "hygiene",
        Severity.WARNING,
        """
        A node is written inside two groups that would put it in two AZs or two subnets.

        ## What it does
        Reports a Mermaid node referenced inside two AZs, two subnets, or a subnet of one AZ and another
        AZ (for example `EC2_2 --> DB` written inside AZ2 when `DB` is declared in AZ1), at the second
        place it is written. Each place is where the writer wrote it, read as Mermaid reads the text: a
        statement right after a subgraph's `end` is outside it, and a copied block that reuses another
        block's id (Mermaid draws the two as one) still sits in its own AZ. A node written in a subnet
        and in an Auto Scaling group, a security group or a plain box is fine, as are load balancers
        and regional services drawn in each AZ (they span AZs).

        ## Why is this bad?
        Mermaid keeps the node only in the first subgraph to close; a resource lives in exactly one AZ or
        subnet, so the picture says something the writer did not mean.

        ## Example
            subgraph AZ1
              EC2_1 --> DB
            end
            subgraph AZ2
              EC2_2 --> DB
            end

        ## Use instead
            subgraph AZ1
              DB
            end
            EC2_1 & EC2_2 --> DB
        """,
        scopes=RUNTIME_SCOPES,
    ),
    ParserCheck(
        "ARCH010",
        "mermaid-reserved-token",
        "hygiene",
        Severity.ERROR,
        """
        An `o` or `x` right after `--` is read as an arrowhead.

        ## What it does
        Reports Mermaid edges such as `A --oauth`, which Mermaid draws as a circle-headed edge to `auth`.

        ## Why is this bad?
        The node gets the wrong name and the edge the wrong shape, silently.

        ## Example
            Client --oauth

        ## Use instead
            Client --> oauth
        """,
    ),
    ParserCheck(
        "ARCH011",
        "unused-suppression",
        "hygiene",
        Severity.INFO,
        """
        A suppression silenced nothing.

        ## What it does
        Off by default; with `--select ARCH011` it reports `archdsl: disable` directives that matched no
        finding.

        ## Why is this bad?
        Stale suppressions hide future problems on that line and mislead reviewers.

        ## Example
            alb lb  # archdsl: disable=ARCH201 -- load balancers hold no data

        ## Use instead
            alb lb
        """,
        configurable=False,
    ),
    ParserCheck(
        "ARCH012",
        "malformed-suppression",
        "hygiene",
        Severity.ERROR,
        """
        An `archdsl:` comment is not a valid directive.

        ## What it does
        Reports directive comments with an unknown action or a malformed rule code.

        ## Why is this bad?
        The suppression the writer meant does not happen, or suppresses something else.

        ## Example
            # archdsl: disabel=ARCH201

        ## Use instead
            # archdsl: disable=ARCH201 -- reason
        """,
        configurable=False,
    ),
    ParserCheck(
        "ARCH013",
        "skipped-diagram",
        "hygiene",
        Severity.INFO,
        """
        A Mermaid diagram that is not a flowchart or architecture diagram was skipped.

        ## What it does
        Notes sequence, ER, pie and other Mermaid diagrams, which archdsl does not read.

        `archdsl lint` reports it only with `-v`, or when `--select` names it (`ARCH013`,
        `skipped-diagram`): a note that mixes a flowchart with a sequence diagram is normal, and a
        finding on every such fence is noise nobody asked for. `archdsl model` and the reading API
        keep it, so a tool can still tell which fences were read.

        ## Why is this bad?
        It is not; the note only tells you archdsl looked at the fence.

        ## Example
            sequenceDiagram

        ## Use instead
            flowchart LR
        """,
        opt_in=True,
    ),
    ParserCheck(
        "ARCH014",
        "multiline-edge-label",
        "hygiene",
        Severity.WARNING,
        """
        An edge label is not closed on its line and swallows the following lines.

        ## What it does
        Reports Mermaid labels such as `EC2 -->| RDS` that run on to the next `|`.

        ## Why is this bad?
        Mermaid draws one edge with the following lines as its label; the edges written there vanish.

        ## Example
            EC2 -->| RDS
            RDS -->| EC2

        ## Use instead
            EC2 --> RDS
            RDS --> EC2
        """,
    ),
    ParserCheck(
        "ARCH015",
        "direction-swallows-line",
        "hygiene",
        Severity.WARNING,
        """
        A line containing `direction LR` is read as a direction statement.

        ## What it does
        Reports Mermaid lines where the words `direction TB|BT|LR|RL` appear with other content.

        ## Why is this bad?
        Mermaid drops everything else on the line, nodes and edges included.

        ## Example
            A[Set direction LR here] --> B

        ## Use instead
            A[Set the flow left to right] --> B
        """,
    ),
    ParserCheck(
        "ARCH016",
        "nesting-too-deep",
        "hygiene",
        Severity.ERROR,
        """
        Groups nest more than 64 levels deep.

        ## What it does
        Reports the first group (a `{` block or a Mermaid `subgraph`) past 64 levels of nesting, and
        reads no diagram from that file or fence.

        ## Why is this bad?
        A real cloud, account, region, VPC, AZ, subnet stack is under ten levels; thousands of levels
        are generated or hostile input that no layout engine can draw.

        ## Example
            group g1 { group g2 { group g3 { ... 70 levels ... } } }

        ## Use instead
            region eu { vpc main { az a { subnet app private { ec2 web } } } }
        """,
    ),
    ParserCheck(
        "ARCH017",
        "render-failed",
        "hygiene",
        Severity.ERROR,
        """
        A diagram could not be drawn or its image could not be written.

        ## What it does
        `archdsl render` (and the MkDocs plugin) reports, at the fence, a diagram Graphviz fails on or
        takes too long to lay out, or an image file the system refuses to write. The other diagrams are
        drawn all the same, and this fence keeps its last image and link.

        ## Why is this bad?
        The picture in the note no longer shows what the fence says.

        ## Example
            a dense chart on which Graphviz reports "trouble in init_rank" or "lost edge"

        ## Use instead
            split the diagram, or remove the edges Graphviz names
        """,
        configurable=False,
        stage="render",
    ),
    ParserCheck(
        "ARCH018",
        "unknown-service-name",
        "hygiene",
        Severity.INFO,
        """
        A node's label is one or two letters away from an AWS service name.

        ## What it does
        Reports a Mermaid node whose kind could not be read when a word of its label (or its id) is
        a near miss of a service name, such as `CloudWach` or `Aurura`, and says which service it
        looks like. Ordinary words (`Worker`, `Cluster`, `Client`, `Cloud`) are never reported.

        ## Why is this bad?
        The node is read as a generic box, so every rule about that service stays silent, and the
        picture shows no icon.

        ## Example
            flowchart LR
              App --> CW[CloudWach]

        ## Use instead
            flowchart LR
              App --> CW[CloudWatch]
        """,
    ),
)
