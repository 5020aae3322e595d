"""The X-matrix as plain data: which stored link a corner cell stands for."""

from __future__ import annotations

from hoshin.reads.xmatrix.model import Corner


def test_link_ends_follow_the_stored_direction() -> None:
    assert Corner.NW.link_ends("IP-1", "AO-1") == ("IP-1", "AO-1")  # priority supports annual
    assert Corner.SW.link_ends("BT-3", "AO-1") == ("AO-1", "BT-3")  # annual supports bt
    assert Corner.NE.link_ends("IP-1", "KPI-1") == ("KPI-1", "IP-1")  # target measures
    assert Corner.SE.link_ends("BT-1", "KPI-3") == ("KPI-3", "BT-1")
