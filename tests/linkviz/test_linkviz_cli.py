"""`crimekg viz` and `linkviz.site.build_pages`: the pages people open."""

from __future__ import annotations

import pytest

from crimekg.cli import main
from linkviz import site, views
from queries.store import GraphStore


@pytest.fixture(autouse=True)
def no_extensions(tmp_path, monkeypatch):
    monkeypatch.setenv("CRIMEKG_DATA", str(tmp_path / "no-extensions"))


def test_viz_writes_every_view_and_an_index_into_a_directory(tmp_path, capsys):
    out = tmp_path / "explorer"
    assert main(["viz", "-o", str(out)]) == 0
    expected = ["index.html"] + [v.file_name for v in views.VIEWS]
    assert sorted(p.name for p in out.iterdir()) == sorted(expected)
    assert "index.html" in capsys.readouterr().err
    assert "Crime-linkage network" in (out / "index.html").read_text(encoding="utf-8")


def test_viz_writes_one_view_into_one_file(tmp_path):
    out = tmp_path / "links.html"
    assert main(["viz", "--view", "linkages", "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and 'data-view="linkages"' in html


def test_viz_unknown_view_exits_2_and_names_the_views(capsys):
    assert main(["viz", "--view", "nope", "-o", "x.html"]) == 2
    assert "linkages" in capsys.readouterr().err


def test_viz_without_view_refuses_an_html_file_as_output(tmp_path, capsys):
    assert main(["viz", "-o", str(tmp_path / "all.html")]) == 2
    assert "--view" in capsys.readouterr().err


def test_viz_lists_the_views(capsys):
    assert main(["viz", "--list"]) == 0
    assert [line.split()[0] for line in capsys.readouterr().out.splitlines()] == [v.name for v in views.VIEWS]


def test_build_pages_gives_the_server_index_and_one_page_per_view():
    with GraphStore.embedded() as store:
        pages = site.build_pages(store)
    assert set(pages) == {"index.html"} | {v.file_name for v in views.VIEWS}
    assert all(isinstance(body, bytes) and body.startswith(b"<!DOCTYPE html>") for body in pages.values())
