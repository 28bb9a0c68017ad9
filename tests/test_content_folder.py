"""Only content is published (issue 23): what else sits in the content folder is reported, never read
from outside it, and never copied into the built site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from minimal_content import VALID_TOPIC, content_folder

from generator import ContentError, load_content
from generator.loading import is_published

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A content folder with the real site settings and one valid topic, and a folder outside it."""
    root = content_folder(tmp_path / "site" / "content")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.txt").write_text("not for the web", encoding="utf-8")
    (outside / "stolen.yaml").write_text(VALID_TOPIC.replace("A topic", "Stolen"), encoding="utf-8")
    return root


def problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_content(root, relative_to=root.parent)
    return [str(d) for d in info.value.diagnostics]


def test_links_that_leave_the_content_folder_are_errors_that_name_them(content: Path) -> None:
    outside = content.parent.parent / "elsewhere"
    (content / "topics" / "stolen.yaml").symlink_to(outside / "stolen.yaml")
    (content / "topics" / "secret.txt").symlink_to(outside / "secret.txt")
    (content / "topics" / "more").symlink_to(outside, target_is_directory=True)
    (content / "passwords").symlink_to("/etc/passwd")
    (content / "gone.png").symlink_to(content / "nothing-here.png")
    lines = problems(content)
    fix = "outside the content folder, expected the file itself: copy it into the content folder, or delete the link"
    assert lines == [
        "content/gone.png:1:1: error: a link to a file that does not exist, expected a file: delete the link",
        f"content/passwords:1:1: error: a link to /etc/passwd, {fix}",
        f"content/topics/more:1:1: error: a link to {outside}, {fix}",
        f"content/topics/secret.txt:1:1: error: a link to {outside / 'secret.txt'}, {fix}",
        f"content/topics/stolen.yaml:1:1: error: a link to {outside / 'stolen.yaml'}, {fix}",
    ]


def test_a_linked_site_yaml_is_not_read(content: Path) -> None:
    moved = content.parent.parent / "elsewhere" / "site.yaml"
    shutil.move(content / "site.yaml", moved)
    (content / "site.yaml").symlink_to(moved)
    assert problems(content) == [
        f"content/site.yaml:1:1: error: a link to {moved}, outside the content folder, expected the file itself: "
        "copy it into the content folder, or delete the link"
    ]


def test_a_link_inside_the_content_folder_is_fine(content: Path) -> None:
    (content / "topics" / "same.yaml").symlink_to(content / "topics" / "good.yaml")
    assert sorted(load_content(content).topics) == ["good", "same"]


def test_anything_but_yaml_in_a_content_kinds_folder_is_reported(content: Path) -> None:
    topics = content / "topics"
    (topics / "notes.txt").write_text("to do", encoding="utf-8")
    (topics / "Upper.YAML").write_text(VALID_TOPIC, encoding="utf-8")
    (topics / "folder.yaml").mkdir()
    (topics / "pictures").mkdir()
    (content / "quizzes").mkdir()
    (content / "quizzes" / "draft.yml.txt").write_text("x", encoding="utf-8")
    assert problems(content) == [
        "content/quizzes/draft.yml.txt:1:1: error: not a content file: only .yaml files in quizzes/ are read, and "
        "nothing else there is published; expected it moved out of the content folder, or deleted",
        "content/topics/Upper.YAML:1:1: error: the name ends in '.YAML', expected lower-case '.yaml': "
        "rename it to upper.yaml",
        "content/topics/folder.yaml:1:1: error: a folder named like a content file, expected a file: 'folder.yaml' "
        "is a folder, so it is not read; put the content in a file of that name instead",
        "content/topics/notes.txt:1:1: error: not a content file: only .yaml files in topics/ are read, and nothing "
        "else there is published; expected it moved out of the content folder, or deleted",
        "content/topics/pictures:1:1: error: a folder inside topics/ is not read, expected each topic as a .yaml "
        "file straight in topics/",
    ]


def test_editor_backups_are_notes_and_the_content_loads(content: Path) -> None:
    topics = content / "topics"
    for name in ("good.yaml~", "draft.yaml.bak", "good.swp", "#good.yaml#", ".good.yaml.swp", ".DS_Store"):
        (topics / name).write_text("title: [broken", encoding="utf-8")
    (content / "site.yaml.orig").write_text("x", encoding="utf-8")
    loaded = load_content(content, relative_to=content.parent)
    assert list(loaded.topics) == ["good"]
    note = "note: an editor's backup copy, not read and not published; delete it when you no longer need it"
    assert loaded.notes == [
        f"content/site.yaml.orig:1:1: {note}",
        f"content/topics/#good.yaml#:1:1: {note}",
        f"content/topics/draft.yaml.bak:1:1: {note}",
        f"content/topics/good.swp:1:1: {note}",
        f"content/topics/good.yaml~:1:1: {note}",
    ]


def test_what_the_content_folder_may_publish(content: Path) -> None:
    (content / "topics" / "secret.txt").symlink_to(content.parent.parent / "elsewhere" / "secret.txt")
    (content / "images").mkdir()
    published = {
        "images/photo.png": True,  # an author's picture beside the content: copied as before
        "CNAME": True,
        "site.yaml": False,
        "topics/good.yaml": False,
        "topics/notes.txt": False,
        "topics/secret.txt": False,
        "good.yaml~": False,
        "images/photo.png.bak": False,
        ".git/config": False,
    }
    assert {rel: is_published(content, content / rel) for rel in published} == published


def test_a_build_publishes_no_backup_and_nothing_from_a_content_kinds_folder(build_project) -> None:  # type: ignore[no-untyped-def]
    def leave_things(project: Path) -> None:
        topics = project / "content" / "topics"
        for name in ("anxiety.yaml~", "draft.yaml.bak", "#anxiety.yaml#", "old.swp"):
            (topics / name).write_text("title: x\n", encoding="utf-8")
        (project / "content" / "site.yaml~").write_text("x\n", encoding="utf-8")
        (project / "content" / "robots.txt").write_text("User-agent: *\n", encoding="utf-8")

    result, site = build_project(edit=leave_things)
    assert result.returncode == 0, result.stderr
    built = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    leftovers = [p for p in built if p.endswith(("~", ".bak", "#", ".swp")) or p.startswith("topics/") and "." in p
                 and not p.endswith((".html", ".pdf"))]
    assert not leftovers, leftovers
    assert "robots.txt" in built, "a file of the author's own beside the content is still published"
    assert "an editor's backup copy" in result.stderr


def test_a_build_stops_at_a_link_out_of_the_content_folder(build_project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the web", encoding="utf-8")

    def link(project: Path) -> None:
        (project / "content" / "topics" / "secret.txt").symlink_to(secret)

    result, site = build_project(edit=link)
    assert result.returncode != 0
    assert f"content/topics/secret.txt:1:1: error: a link to {secret}, outside the content folder" in result.stderr
    assert "Traceback" not in result.stderr
    assert not any(p.name == "secret.txt" for p in site.rglob("*"))


# --------------------------------------------------------------------------- no page replaces another


@pytest.fixture
def whole_site(tmp_path: Path) -> Path:
    """A copy of the bundled site's content, in a project folder."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "content", project / "content")
    return project


def claims(project: Path) -> list[str]:
    from generator.settings import SiteConfig
    from generator.site import Site

    site = Site(SiteConfig(content_dir=project / "content", project_dir=project, worksheet_pdfs=False))
    with pytest.raises(ContentError) as info:
        site.lints  # noqa: B018 - what guidecraft check asks for
    with pytest.raises(ContentError):
        Site(SiteConfig(content_dir=project / "content", project_dir=project, worksheet_pdfs=False)).pages  # noqa: B018
    return [str(d) for d in info.value.diagnostics]


EXPECTED = "expected each page at an address of its own: rename this file"


def test_a_quiz_or_worksheet_named_index_would_replace_its_list_page(whole_site: Path) -> None:
    content = whole_site / "content"
    shutil.copy(content / "quizzes" / "how-am-i-coping.yaml", content / "quizzes" / "index.yaml")
    shutil.copy(content / "worksheets" / "small-steps-to-reconnect.yaml", content / "worksheets" / "index.yaml")
    assert claims(whole_site) == [
        "content/quizzes/index.yaml:1:1: error: the page of content/quizzes/index.yaml would be at quizzes/, "
        f"the address of the list of quizzes (made from content/site.yaml), {EXPECTED}",
        "content/worksheets/index.yaml:1:1: error: the page of content/worksheets/index.yaml would be at "
        f"worksheets/, the address of the list of worksheets (made from content/site.yaml), {EXPECTED}",
    ]


def test_a_topic_named_like_a_category_would_replace_its_page(whole_site: Path) -> None:
    content = whole_site / "content"
    site = content / "site.yaml"
    site.write_text(
        site.read_text(encoding="utf-8") + "categories:\n  - id: pushing-people-away\n    title: Pushing away\n",
        encoding="utf-8",
    )
    topic = content / "topics" / "when-someone-pushes-you-away.yaml"
    topic.write_text(topic.read_text(encoding="utf-8") + "category: pushing-people-away\n", encoding="utf-8")
    assert claims(whole_site) == [
        "content/topics/pushing-people-away.yaml:1:1: error: the page of content/topics/pushing-people-away.yaml "
        "would be at topics/pushing-people-away/, the address of the page of category 'pushing-people-away' in "
        f"content/site.yaml, {EXPECTED} or change the category's id",
    ]


def test_a_file_of_ones_own_at_one_of_guidecrafts_addresses_is_refused(whole_site: Path) -> None:
    content = whole_site / "content"
    (content / "about.md").write_text("# Mine\n", encoding="utf-8")
    (content / "get-help").mkdir()
    (content / "get-help" / "index.md").write_text("# Mine\n", encoding="utf-8")
    (content / "assets" / "guidecraft").mkdir(parents=True)
    (content / "assets" / "guidecraft" / "quick-exit.js").write_text("alert(1)\n", encoding="utf-8")
    (content / "tags.md").write_text("# Tags\n", encoding="utf-8")  # the bundled site has tags
    assert claims(whole_site) == [
        "content/about.md:1:1: error: the file content/about.md would be at about/, the address of the About page "
        f"(made from content/site.yaml), {EXPECTED}",
        "content/assets/guidecraft/quick-exit.js:1:1: error: the file content/assets/guidecraft/quick-exit.js would "
        f"be at assets/guidecraft/quick-exit.js, the address of guidecraft's own file assets/guidecraft/quick-exit.js, "
        f"{EXPECTED}",
        "content/get-help/index.md:1:1: error: the file content/get-help/index.md would be at get-help/, the address "
        f"of the Get help page (made from content/site.yaml), {EXPECTED}",
        "content/tags.md:1:1: error: the file content/tags.md would be at tags/, the address of the page tags.md "
        f"(made from content/site.yaml), {EXPECTED}",
    ]


def test_a_topic_named_index_or_a_z_would_replace_all_topics_or_the_a_to_z(whole_site: Path) -> None:
    """The All topics page (/topics/) and, past NAV_SECTION_MAX topics, the A to Z (/topics/a-z/...) are
    guidecraft's addresses (issue 24): a topic named ``index`` or ``a-z`` is refused, naming both."""
    from generator.navigation import NAV_SECTION_MAX

    topics = whole_site / "content" / "topics"
    original = topics / "pushing-people-away.yaml"
    for n in range(NAV_SECTION_MAX):  # enough topics for an A to Z
        text = original.read_text(encoding="utf-8").replace("title: ", f"title: Extra {n} ", 1)
        (topics / f"extra-{n}.yaml").write_text(text, encoding="utf-8")
    shutil.copy(original, topics / "index.yaml")
    shutil.copy(original, topics / "a-z.yaml")
    assert claims(whole_site) == [
        "content/topics/a-z.yaml:1:1: error: the page of content/topics/a-z.yaml would be at topics/a-z/, the "
        f"address of the A to Z of topics (made from content/site.yaml), {EXPECTED}",
        "content/topics/index.yaml:1:1: error: the page of content/topics/index.yaml would be at topics/, the "
        f"address of the All topics page (made from content/site.yaml), {EXPECTED}",
    ]


def test_the_bundled_site_claims_each_address_once(whole_site: Path) -> None:
    from generator.settings import SiteConfig
    from generator.site import Site

    site = Site(SiteConfig(content_dir=whole_site / "content", project_dir=whole_site, worksheet_pdfs=False))
    addresses = site.addresses
    assert addresses["quizzes/"] == "content/site.yaml" and addresses[""] == "content/site.yaml"
    assert addresses["topics/pushing-people-away/"] == "content/topics/pushing-people-away.yaml"
    assert len(addresses) == len(site.pages) + len(site.assets)


def test_a_build_stops_when_a_quiz_is_named_index(build_project) -> None:  # type: ignore[no-untyped-def]
    def name_it_index(project: Path) -> None:
        quizzes = project / "content" / "quizzes"
        shutil.copy(quizzes / "how-am-i-coping.yaml", quizzes / "index.yaml")

    result, site = build_project(edit=name_it_index)
    assert result.returncode != 0
    assert (
        "content/quizzes/index.yaml:1:1: error: the page of content/quizzes/index.yaml would be at quizzes/, "
        "the address of the list of quizzes (made from content/site.yaml)" in result.stderr
    )
    assert not (site / "quizzes" / "index.html").exists()


def test_a_link_that_loops_inside_the_content_folder_is_not_followed_for_ever(content: Path) -> None:
    (content / "images").mkdir()
    (content / "images" / "again").symlink_to(content / "images", target_is_directory=True)
    assert list(load_content(content).topics) == ["good"]
