"""No module imports itself back at run time: each layer reads from the bottom up.

A cycle makes the order modules load in matter (a name half-defined when the other side
asks for it), and hides which module depends on which. Imports made only for type
checking (``if TYPE_CHECKING:``) run never and do not count; imports inside a function
run when it is called and do.
"""

from __future__ import annotations

import grimp
import networkx as nx

PACKAGES = ("hoshin", "views", "app")


def test_no_module_of_the_app_imports_itself_back_at_run_time() -> None:
    graph = grimp.build_graph(*PACKAGES, exclude_type_checking_imports=True)
    imports = nx.DiGraph()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            if imported.partition(".")[0] in PACKAGES:
                imports.add_edge(module, imported)
    cycles = [" -> ".join([*cycle, cycle[0]]) for cycle in nx.simple_cycles(imports)]
    assert cycles == []
