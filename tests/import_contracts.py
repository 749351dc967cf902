"""Import-linter contract types of our own (configured in `.importlinter`).

`lint-imports` puts the working directory on the path, so `tests.import_contracts` is
found when `make test` runs it from the repository root.
"""

from grimp import ImportGraph
from importlinter.application import output
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck


def _is_test_module(module: str) -> bool:
    return ".tests." in f"{module}." or module.rsplit(".", 1)[-1].startswith("test_")


class OwnViewsContract(Contract):
    """No app imports another app's views (STYLE.md, principle 1).

    For every child `<container>.<app>` of the containers, the module `<app>.<views>` and
    its descendants may be imported directly only by modules of the same app. Tests are
    exempt: a test may drive any view. A page that higher apps extend offers a helper
    module outside `views` (`apps.cases.pages`) or an extension point (`apps.core.registry`).
    """

    type_name = "own_views"

    containers = fields.ListField(subfield=fields.StringField())
    views = fields.StringField(default="views")

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        violations = []
        for container in self.containers:  # type: ignore[attr-defined]
            for app in sorted(graph.find_children(container)):
                views = f"{app}.{self.views}"
                if views not in graph.modules:
                    continue
                for module in sorted({views, *graph.find_descendants(views)}):
                    for importer in sorted(graph.find_modules_that_directly_import(module)):
                        if importer == app or importer.startswith(f"{app}.") or _is_test_module(importer):
                            continue
                        line_numbers = sorted(
                            detail["line_number"]
                            for detail in graph.get_import_details(importer=importer, imported=module)
                        )
                        violations.append((importer, module, line_numbers))
        return ContractCheck(kept=not violations, metadata={"violations": violations})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for importer, imported, line_numbers in check.metadata["violations"]:
            lines = ", ".join(f"l.{number}" for number in line_numbers)
            output.print_error(f"{importer} -> {imported} ({lines})", bold=False)
            output.new_line()
