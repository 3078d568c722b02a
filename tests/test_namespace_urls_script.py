"""scripts/namespace_urls.py: the one-off tool that qualified URL names with their app's namespace."""

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location(
    "namespace_urls", ROOT / "scripts" / "namespace_urls.py"
)
assert _spec is not None and _spec.loader is not None
namespace_urls = importlib.util.module_from_spec(_spec)
sys.modules["namespace_urls"] = namespace_urls  # dataclasses look their module up
_spec.loader.exec_module(namespace_urls)


def _tree(tmp_path: Path) -> Path:
    (tmp_path / "horizons" / "shop" / "views").mkdir(parents=True)
    (tmp_path / "horizons" / "templates" / "shop").mkdir(parents=True)
    (tmp_path / "horizons" / "legacy").mkdir(parents=True)
    (tmp_path / "tests" / "shop").mkdir(parents=True)
    (tmp_path / "bench").mkdir()
    (tmp_path / "horizons" / "urls.py").write_text('urlpatterns = [path("", home, name="home")]\n')
    (tmp_path / "horizons" / "shop" / "urls.py").write_text(
        'app_name = "shop"\n'
        "urlpatterns = [\n"
        '    path("", views.home, name="shop_home"),\n'
        '    path("basket/", views.basket, name="basket"),\n'
        "]\n"
    )
    (tmp_path / "horizons" / "legacy" / "urls.py").write_text(
        'urlpatterns = [path("old/", old, name="old_page")]\n'
    )
    (tmp_path / "horizons" / "shop" / "views" / "pages.py").write_text(
        "def view(request, ok):\n"
        '    back = "basket" if ok else "shop_home"\n'
        '    register_nav("Shop", "shop_home", {"admin"}, 10)\n'
        '    context = {"basket": 1, "shop_home": "home"}  # dict keys are not URLs\n'
        '    if request.resolver_match.url_name == "basket":\n'
        '        return redirect("home")\n'
        '    return redirect(reverse("basket") + "?x=1", "old_page")\n'
    )
    (tmp_path / "horizons" / "templates" / "shop" / "page.html").write_text(
        "<a href=\"{% url 'shop_home' %}\">basket</a> {% url \"basket\" as b %} {% url 'home' %}\n"
    )
    (tmp_path / "tests" / "shop" / "test_pages.py").write_text(
        'PAGES = [("basket", []), ("shop_home", [1])]\nWORDS = ("basket", "shop_home")\n'
    )
    return tmp_path


def test_the_map_comes_from_urls_modules_with_an_app_name(tmp_path: Path) -> None:
    names = namespace_urls.build_name_map(_tree(tmp_path))
    assert names.namespaces == {"shop_home": ["shop"], "basket": ["shop"]}
    assert names.without_app_name == [Path("horizons/legacy/urls.py")]


def test_only_url_contexts_are_rewritten_and_a_second_run_changes_nothing(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    assert namespace_urls.run(root, check=True) == 1  # work to do; --check writes nothing
    assert "shop:" not in (root / "horizons/shop/views/pages.py").read_text()

    assert namespace_urls.run(root, check=False) == 0
    view = (root / "horizons/shop/views/pages.py").read_text()
    assert 'back = "shop:basket" if ok else "shop:shop_home"' in view
    assert 'register_nav("Shop", "shop:shop_home"' in view
    assert '{"basket": 1, "shop_home": "home"}' in view
    assert 'url_name == "shop:basket"' in view
    assert 'redirect("home")' in view  # a global name stays global
    assert 'reverse("shop:basket")' in view
    assert '"old_page")' in view  # second argument of redirect: not a URL name context
    template = (root / "horizons/templates/shop/page.html").read_text()
    assert template == (
        "<a href=\"{% url 'shop:shop_home' %}\">basket</a> "
        "{% url \"shop:basket\" as b %} {% url 'home' %}\n"
    )
    tests = (root / "tests/shop/test_pages.py").read_text()
    assert 'PAGES = [("shop:basket", []), ("shop:shop_home", [1])]' in tests
    assert 'WORDS = ("basket", "shop_home")' in tests

    before = {p: p.read_text() for p in root.rglob("*") if p.is_file()}
    assert namespace_urls.run(root, check=True) == 0
    namespace_urls.run(root, check=False)
    assert {p: p.read_text() for p in root.rglob("*") if p.is_file()} == before


def test_a_name_two_apps_define_goes_to_the_app_the_file_belongs_to() -> None:
    names = namespace_urls.NameMap(namespaces={"detail": ["shop", "till"]})
    assert names.qualify("detail", "till") == "till:detail"
    assert names.qualify("detail", "core") is None
    assert names.qualify("unknown", "shop") is None
