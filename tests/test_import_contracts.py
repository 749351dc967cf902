"""The contract type of tests/import_contracts.py finds imports of another app's views.

The layer, cycle and views contracts themselves run in `make test` (`lint-imports`,
configured in `.importlinter`); these tests prove that the home-made one can fail.
"""

import sys
import textwrap

import grimp
import pytest

from tests.import_contracts import OwnViewsContract

MODULES = {
    "__init__.py": "",
    "low/__init__.py": "",
    "low/views.py": "",
    "low/pages.py": "",
    "low/urls.py": "from shop.low import views\n",
    "low/tests/__init__.py": "",
    "low/tests/test_views.py": "from shop.low import views\nfrom shop.high import views as high\n",
    "high/__init__.py": "",
    "high/views/__init__.py": "",
    "high/views/detail.py": "from shop.low.pages import x\n",
}


@pytest.fixture
def make_package(tmp_path, monkeypatch):
    def make(extra: dict[str, str]) -> grimp.ImportGraph:
        for name, text in {**MODULES, **extra}.items():
            path = tmp_path / "shop" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text))
        monkeypatch.syspath_prepend(str(tmp_path))
        return grimp.build_graph("shop", cache_dir=None)

    yield make
    sys.modules.pop("shop", None)


def check(graph):
    contract = OwnViewsContract("views", session_options={}, contract_options={"containers": ["shop"]})
    return contract.check(graph, verbose=False)


def test_own_views_helper_modules_and_tests_are_allowed(make_package):
    result = check(make_package({}))
    assert result.kept


def test_importing_another_apps_views_breaks_the_contract(make_package):
    graph = make_package({"high/views/detail.py": "from shop.low.pages import x\nfrom shop.low.views import y\n"})
    result = check(graph)
    assert not result.kept
    assert result.metadata["violations"] == [("shop.high.views.detail", "shop.low.views", [2])]


def test_a_lazy_import_of_a_nested_views_module_counts_too(make_package):
    graph = make_package({"low/models.py": "def f():\n    from shop.high.views import detail\n"})
    result = check(graph)
    assert [(importer, imported) for importer, imported, _ in result.metadata["violations"]] == [
        ("shop.low.models", "shop.high.views.detail")]
