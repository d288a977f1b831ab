"""Colours and group styles after AWS's architecture-icon guidelines, in a light and a dark theme."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from archdsl.model import Group, GroupKind, SubnetTier
from archdsl.render.resources import ICONS_ROOT

# Light variants of the icons too dark to see on the dark background, by their path under resources/
# (written by tools/make_dark_icons.py).
_LIGHT_ICONS: Final = ICONS_ROOT / "icons" / "dark"


@dataclass(frozen=True, slots=True)
class GroupStyle:
    """How one kind of group is drawn: border, fill, label colour and its corner icon."""

    border: str
    fill: str
    font: str
    dashed: bool
    icon: str  # a path under site-packages/resources/ (mingrammer) or "render/icons/<name>.png"


@dataclass(frozen=True, slots=True)
class Theme:
    """The colours of a whole picture."""

    name: str
    background: str
    text: str
    edge: str
    groups: dict[str, GroupStyle]
    dark: bool = False

    def icon(self, reference: str) -> str:
        """The icon to draw for ``reference`` (a path under resources/): its light variant on a dark theme."""
        relative = reference.removeprefix("resources/")
        if self.dark and relative != reference and (_LIGHT_ICONS / relative).is_file():
            return f"render/icons/dark/{relative}"
        return reference

    def group(self, group: Group) -> GroupStyle:
        """The style of ``group`` (subnets by tier)."""
        if group.kind is GroupKind.SUBNET:
            tier = group.tier or SubnetTier.PRIVATE
            return self.groups[f"subnet-{'public' if tier is SubnetTier.PUBLIC else 'private'}"]
        return self.groups[group.kind.value]


def _groups(dark: bool) -> dict[str, GroupStyle]:
    def fill(light: str, dim: str) -> str:
        return dim if dark else light

    text = "#D5DBDB" if dark else "#232F3E"
    return {
        "cloud": GroupStyle(
            "#AAB7B8" if dark else "#232F3E", fill("#FFFFFF", "#16191F"), text, False, "render/icons/cloud.png"
        ),
        "account": GroupStyle("#E7157B", fill("#FFFFFF", "#16191F"), "#E7157B", False, "render/icons/account.png"),
        "region": GroupStyle("#00A4A6", fill("#FFFFFF", "#16191F"), "#00A4A6", True, "render/icons/region.png"),
        "vpc": GroupStyle(
            "#8C4FFF",
            fill("#FFFFFF", "#16191F"),
            "#8C4FFF" if not dark else "#B692FF",
            False,
            "resources/aws/network/vpc.png",
        ),
        "az": GroupStyle("#00A4A6", fill("#FFFFFF", "#16191F"), "#00A4A6", True, "render/icons/zone.png"),
        "subnet-public": GroupStyle(
            "#7AA116",
            fill("#F2F6E8", "#1E2A12"),
            "#248814" if not dark else "#9BC53D",
            False,
            "resources/aws/network/public-subnet.png",
        ),
        "subnet-private": GroupStyle(
            "#00A4A6",
            fill("#E6F6F7", "#0F2A2B"),
            "#147EBA" if not dark else "#4DC3C5",
            False,
            "resources/aws/network/private-subnet.png",
        ),
        "security-group": GroupStyle(
            "#DD344C", fill("#FFFFFF", "#16191F"), "#DD344C", False, "resources/aws/general/generic-firewall.png"
        ),
        "autoscaling-group": GroupStyle(
            "#ED7100", fill("#FFFFFF", "#16191F"), "#ED7100", True, "resources/aws/compute/ec2-auto-scaling.png"
        ),
        # AWS draws a corporate data centre as a solid grey box with an office-building icon.
        "on-premises": GroupStyle(
            "#7D8998", fill("#FFFFFF", "#16191F"), text, False, "resources/aws/general/office-building.png"
        ),
        "generic": GroupStyle("#7D8998", fill("#FFFFFF", "#16191F"), text, True, "render/icons/group.png"),
    }


THEMES: Final = {
    "light": Theme("light", "#FFFFFF", "#232F3E", "#545B64", _groups(dark=False)),
    "dark": Theme("dark", "#0F1419", "#D5DBDB", "#AAB7B8", _groups(dark=True), dark=True),
}
