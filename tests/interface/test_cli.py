"""The command line: exit codes, usage errors, every file's problems, author helpers."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from briefgen.content.schema import schema_text
from tests.helpers import EXAMPLE, FIXTURES, ROOT, minimal, pdf_text, run, write_yaml


def test_usage_errors_exit_2(capsys) -> None:
    assert run(capsys, "build")[0] == 2
    assert run(capsys, "build", EXAMPLE, "--format", "two-page")[0] == 2
    assert run(capsys, "frobnicate")[0] == 2


def test_every_file_and_every_problem_at_once(tmp_path: Path, capsys) -> None:
    one = write_yaml(tmp_path, minimal(title=None, summry="x"), "one.yaml")
    two = write_yaml(tmp_path, minimal(date="2024-02-30"), "two.yaml")
    code, _, err = run(capsys, "validate", one, two, EXAMPLE)
    assert code == 1
    assert err.splitlines() == [
        f"{one}:1:1: title: required key is missing",
        f"{one}:13:1: summry: unknown key 'summry'; did you mean 'summary'?",
        f"{two}:2:7: date: '2024-02-30' is not a real date (day is out of range for month)",
        f"{EXAMPLE}: valid brief",
    ]


def test_validate_prints_a_line_for_every_valid_file(tmp_path: Path, capsys) -> None:
    """As the README says: every error and warning, then one line per file; --quiet prints errors alone."""
    flash = write_yaml(tmp_path, {"title": "Launch", "date": "2024-03-18", "classification": "UNCLASSIFIED",
                                  "summary": "A missile flew."}, "flash.yaml")
    code, out, err = run(capsys, "validate", flash, FIXTURES / "minimal.yaml",
                         ROOT / "content" / "packs" / "korea-desk.yaml")
    assert code == 0 and out == ""
    assert err.splitlines() == [
        f"{flash}: valid brief",
        f"{FIXTURES / 'minimal.yaml'}:1:8: title: warning: the brief has no `classification`, `caveats` or `tlp`, "
        "so its pages carry no handling marking; add one (e.g. `classification: UNCLASSIFIED`)",
        f"{FIXTURES / 'minimal.yaml'}:6:5: key_quotes[0]: warning: quote has no source",
        f"{FIXTURES / 'minimal.yaml'}: valid brief (2 warnings)",
        f"{ROOT / 'content' / 'packs' / 'korea-desk.yaml'}: valid pack manifest (4 items)",
    ]
    assert run(capsys, "validate", flash, FIXTURES / "minimal.yaml", "--quiet") == (0, "", "")
    code, out, _ = run(capsys, "validate", flash, "--error-format", "json")
    assert json.loads(out) == {"severity": "result", "message": f"{flash}: valid brief", "file": str(flash),
                               "valid": True, "warnings": 0}


def test_build_reports_problems_once_per_file(tmp_path: Path, capsys) -> None:
    bad = write_yaml(tmp_path, minimal(summary=None), "bad.yaml")
    code, _, err = run(capsys, "build", bad, FIXTURES / "minimal.yaml", "--out", tmp_path / "out")
    assert code == 1
    assert err.count("summary: required key is missing") == 1
    assert (tmp_path / "out" / "minimal-one-page.pdf").exists()  # the good file still builds


def test_layout_by_folder_path(tmp_path: Path, capsys) -> None:
    house = tmp_path / "house"
    house.mkdir()
    (house / "layout.yaml").write_text(f"extends: {ROOT / 'briefgen' / 'layouts' / 'long-form'}\nstyles:\n  h1: {{color: '#7a1f1f'}}\n")
    code, _, err = run(capsys, "build", FIXTURES / "minimal.yaml", "--format", "long-form", "--layout", house,
                       "--out", tmp_path)
    assert code == 0, err
    from pypdf import PdfReader

    assert PdfReader(tmp_path / "minimal-long-form.pdf").metadata["/BriefgenLayout"] == "house"


def test_unknown_layout_is_a_clean_error(capsys) -> None:
    code, _, err = run(capsys, "build", EXAMPLE, "--format", "one-page", "--layout", "nope", "--out", "/tmp/x")
    assert code == 1 and "no layout named 'nope'; available:" in err and "Traceback" not in err


def test_schema_command_matches_shipped_files(capsys) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == 0 and json.loads(out)["title"] == "briefgen brief, content format version 1.2"
    assert (ROOT / "schema" / "brief.schema.json").read_text() == schema_text() + "\n"
    assert (ROOT / "schema" / "pack.schema.json").read_text() == schema_text(pack=True) + "\n"
    assert set(json.loads(out)["required"]) == {"title", "date", "summary"}  # 1.2: a flash note is a brief


def test_new_writes_a_starter_that_builds(tmp_path: Path, capsys) -> None:
    code, out, _ = run(capsys, "new", "Élection brief", "--dir", tmp_path)
    assert code == 0 and out.strip() == str(tmp_path / "election-brief.yaml")
    assert run(capsys, "build", tmp_path / "election-brief.yaml", "--out", tmp_path)[0] == 0
    code, _, err = run(capsys, "new", "Élection brief", "--dir", tmp_path)
    assert code == 1 and "already exists" in err


def test_validate_imports_only_what_it_needs() -> None:
    """Start-up is most of a cold run (timed in bench/, not here): validate loads no ReportLab,
    pikepdf or Jinja2, no package metadata (pydantic's plugin lookup), no urllib (xml.sax.saxutils),
    no image libraries for a brief without images, and no markdown-it for briefs whose only
    brackets are citations and language spans (realistic has citations; scripts, spans)."""
    heavy = ("reportlab", "pikepdf", "pypdf", "importlib.metadata", "urllib.request", "PIL", "lxml", "jinja2",
             "markdown_it")
    for brief in ("minimal.yaml", "realistic.yaml", "scripts.yaml"):
        code = (f"import sys; from briefgen.interface.cli import main; rc = main(['validate', {str(FIXTURES / brief)!r}]); "
                f"print(rc, sorted(m for m, module in sys.modules.items() if (m in {heavy!r} or m.split('.')[0] in "
                f"{heavy!r}) and type(module).__name__ != 'ImportedOnUse'))")  # stand-ins import nothing
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        assert result.stdout.strip() == "0 []", brief


def test_python_m_briefgen() -> None:
    result = subprocess.run([sys.executable, "-m", "briefgen", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("briefgen ")


def test_watch_rebuild_builds_both_formats(tmp_path: Path, capsys) -> None:
    from briefgen.interface.watch import rebuild

    assert rebuild(str(FIXTURES / "minimal.yaml"), str(tmp_path), "a4").ok is True
    err = capsys.readouterr().err
    one_page, long_form = err.index(f"wrote {tmp_path / 'minimal-one-page.pdf'} (1 page)"), err.index("long-form.pdf")
    assert one_page < long_form  # each product written when ready: the one-pager shows first
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == ["minimal-long-form.pdf", "minimal-one-page.pdf"]


def test_watch_reports_a_broken_brief_once(tmp_path: Path, capsys) -> None:
    from briefgen.interface.watch import rebuild

    brief = write_yaml(tmp_path, {**minimal(), "summry": "typo"}, "brief.yaml")
    assert rebuild(str(brief), str(tmp_path), "a4").ok is False
    err = capsys.readouterr().err
    assert err.count("unknown key 'summry'") == 1 and not list(tmp_path.glob("*.pdf"))


def test_two_inputs_with_one_id_fail_naming_both(tmp_path: Path, capsys) -> None:
    first = write_yaml(tmp_path, minimal(id="same"), "first.yaml")
    second = write_yaml(tmp_path, minimal(id="same"), "second.yaml")
    code, _, err = run(capsys, "build", first, second, "--out", tmp_path / "out")
    assert code == 1
    assert err.splitlines() == [f"{second}: id: 'same' is also the id of {first}; their PDFs would overwrite each "
                                "other. Give one of them its own `id:`", "briefgen: nothing was written"]
    assert not (tmp_path / "out").exists()


def test_a_copied_brief_never_replaces_the_original_pdfs(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # a PDF records its source's path relative to the working folder
    original = write_yaml(tmp_path, minimal(), "original.yaml")
    out = tmp_path / "out"
    assert run(capsys, "build", original, "--out", out)[0] == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    copy = write_yaml(tmp_path, minimal(title="A new brief started from a copy"), "copy.yaml")
    copy.write_text(copy.read_text().replace("title:", "id: original\ntitle:", 1))
    code, _, err = run(capsys, "build", copy, "--out", out)
    assert code == 1
    assert f"{copy}: {out / 'original-one-page.pdf'} was built from 'original.yaml', not from this file" in err
    assert err.strip().endswith(f"{copy}: nothing was written for this brief")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert run(capsys, "build", copy, "--out", out, "--force")[0] == 0
    assert "A new brief started from a copy" in pdf_text(out / "original-one-page.pdf")[0]


def test_one_file_name_in_two_folders_is_two_sources(tmp_path: Path, capsys, monkeypatch) -> None:
    """The guard compares paths: b/brief.yaml never silently replaces the PDFs a/brief.yaml made."""
    monkeypatch.chdir(tmp_path)
    for folder, title in (("a", "The first brief"), ("b", "The second brief")):
        (tmp_path / folder).mkdir()
        write_yaml(tmp_path / folder, minimal(title=title), "brief.yaml")
    assert run(capsys, "build", "a/brief.yaml", "--out", "out", "--format", "one-page")[0] == 0
    assert PdfReader(tmp_path / "out" / "brief-one-page.pdf").metadata["/BriefgenSourceName"] == "a/brief.yaml"
    code, _, err = run(capsys, "build", "b/brief.yaml", "--out", "out", "--format", "one-page")
    assert code == 1 and ("b/brief.yaml: out/brief-one-page.pdf was built from 'a/brief.yaml', not from this file; "
                          "two briefs share the id 'brief'") in err
    assert "The first brief" in pdf_text(tmp_path / "out" / "brief-one-page.pdf")[0]
    monkeypatch.chdir(tmp_path / "a")  # the same file, named from another working folder, is no clash
    assert run(capsys, "build", "brief.yaml", "--out", "../out", "--format", "one-page")[0] == 0
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "build", "b/brief.yaml", "--out", "out", "--format", "one-page", "--force")[0] == 0
    assert "The second brief" in pdf_text(tmp_path / "out" / "brief-one-page.pdf")[0]


def test_new_puts_the_name_in_the_title_and_transliterates_the_file_name(tmp_path: Path, capsys) -> None:
    code, out, _ = run(capsys, "new", "Łódź talks: Japan's next step", "--dir", tmp_path)
    path = tmp_path / "lodz-talks-japans-next-step.yaml"
    assert code == 0 and out.strip() == str(path)
    assert 'title: "Łódź talks: Japan\'s next step"' in path.read_text(encoding="utf-8")
    assert run(capsys, "validate", path)[0] == 0


def test_new_with_no_latin_letters_gets_a_dated_name_and_says_so(tmp_path: Path, capsys) -> None:
    import datetime as dt

    code, out, err = run(capsys, "new", "김여정 담화", "--dir", tmp_path)
    expected = tmp_path / f"brief-{dt.date.today().isoformat()}.yaml"
    assert code == 0 and out.strip() == str(expected)
    assert "has no Latin letters or digits" in err and expected.name in err
    assert 'title: "김여정 담화"' in expected.read_text(encoding="utf-8")


def test_new_never_replaces_a_file(tmp_path: Path, capsys) -> None:
    existing = tmp_path / "talks.yaml"
    existing.write_text("mine\n")
    code, _, err = run(capsys, "new", "Talks", "--dir", tmp_path)
    assert code == 1 and err.strip() == f"briefgen: {existing} already exists and was left as it is; choose another name"
    assert existing.read_text() == "mine\n"


def test_a_closed_pipe_is_not_an_internal_error() -> None:
    process = subprocess.Popen([sys.executable, "-m", "briefgen", "schema"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader goes away before briefgen writes, as with `briefgen schema | true`
    err = process.stderr.read().decode()
    assert process.wait() == 141 and err == ""


def _command(*script: str, args: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    """The briefgen command's entry point in a fresh process, after ``script`` (lines of set-up)."""
    code = "\n".join([*script, "import sys", f"sys.argv = ['briefgen', *{list(args)!r}]",
                      "from briefgen.interface.cli import run", "run()"])
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


def test_the_command_leaves_without_tearing_python_down_once_everything_is_written(tmp_path: Path) -> None:
    at_exit = "import atexit; atexit.register(print, 'interpreter torn down')"
    schema = _command(at_exit, args=("schema",))
    assert schema.returncode == 0 and json.loads(schema.stdout)["title"]  # all of it flushed to the pipe
    assert "interpreter torn down" not in schema.stdout
    built = _command(at_exit, args=("build", str(FIXTURES / "minimal.yaml"), "--out", str(tmp_path)))
    assert built.returncode == 0, built.stderr
    assert [len(PdfReader(tmp_path / f"minimal-{p}.pdf").pages) >= 1 for p in ("one-page", "long-form")] == [True] * 2
    assert built.stdout == "" and f"wrote {tmp_path / 'minimal-one-page.pdf'}" in built.stderr
    for args, code, out, err in ((("--version",), 0, "briefgen ", ""), (("build",), 2, "", "usage: briefgen build"),
                                 (("validate", str(tmp_path / "missing.yaml")), 1, "", "missing.yaml")):
        done = _command(at_exit, args=args)
        assert (done.returncode, done.stdout.startswith(out), err in done.stderr) == (code, True, True), done


def test_a_profiled_command_still_writes_its_profile(tmp_path: Path) -> None:
    profile = tmp_path / "briefgen.prof"
    done = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "briefgen", "--version"],
                          capture_output=True, text=True)
    assert done.returncode == 0 and profile.stat().st_size > 0, done.stderr


def test_the_command_waits_for_what_is_still_running() -> None:
    waiting = ("import threading, time",
               "threading.Thread(target=lambda: (time.sleep(0.2), print('thread done', flush=True))).start()")
    done = _command(*waiting, args=("--version",))
    assert done.returncode == 0 and done.stdout.splitlines() == [done.stdout.splitlines()[0], "thread done"]


def test_jobs_must_be_a_count(capsys) -> None:
    code, _, err = run(capsys, "build", EXAMPLE, "--jobs", "-3")
    assert code == 2 and "expected a whole number of 0 or more, got '-3'" in err


# ---------------------------------------------------------------- pipelines: inputs, output, deps, shards


def test_build_from_standard_input(tmp_path: Path) -> None:
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "briefgen", "build", "-", "--out", str(tmp_path)],
                          input="id: from-stdin\n" + text, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == ["from-stdin-long-form.pdf", "from-stdin-one-page.pdf"]


def test_standard_input_without_an_id_is_a_clear_error(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "briefgen", "build", "-", "--out", str(tmp_path)],
                          input=(FIXTURES / "minimal.yaml").read_text(encoding="utf-8"), capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.splitlines() == ["<stdin>:1:1: id: a brief read from standard input needs an `id:` to name "
                                        "its PDFs; add one, e.g. id: my-brief", "briefgen: nothing was written"]
    assert not list(tmp_path.iterdir())


def test_a_folder_means_every_brief_in_it_yaml_and_json(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "briefs"
    folder.mkdir()
    write_yaml(folder, minimal(title="From YAML"), "b-yaml.yaml")
    (folder / "a-json.json").write_text(json.dumps(minimal(title="From JSON", date="2025-01-01")), encoding="utf-8")
    write_yaml(folder, "title: A pack\ndate: 2025-01-01\nitems:\n  - {brief: b-yaml.yaml, format: one-page}\n",
               "pack.yaml")
    (folder / "notes.txt").write_text("not a brief")
    code, _, err = run(capsys, "build", folder, "--format", "one-page", "--out", tmp_path / "out")
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a-json-one-page.pdf", "b-yaml-one-page.pdf"]
    results = [line for line in err.splitlines() if ": wrote " in line]
    assert [line.split(":")[0] for line in results] == [str(folder / "a-json.json"), str(folder / "b-yaml.yaml")]


def test_default_output_is_one_line_per_brief_and_quiet_is_silent(tmp_path: Path, capsys) -> None:
    from tests.dense import dense_brief

    path = write_yaml(tmp_path, dense_brief(paragraphs=6), "long.yaml")
    code, _, err = run(capsys, "build", path, "--format", "one-page", "--out", tmp_path)
    assert code == 0
    lines = [line for line in err.splitlines() if "warning:" not in line]
    assert len(lines) == 1 and re.fullmatch(
        rf"{re.escape(str(path))}: wrote {re.escape(str(tmp_path / 'long-one-page.pdf'))} \(1 page; \d+ items omitted "
        r"to fit, --verbose lists them\)", lines[0])
    code, out, err = run(capsys, "build", path, "--format", "one-page", "--out", tmp_path, "--quiet")
    assert code == 0 and out == "" and err == ""
    code, _, err = run(capsys, "build", path, "--format", "one-page", "--out", tmp_path, "--verbose")
    assert err.count(": one-page: omitted ") > 10


def test_github_error_format_annotates_the_line(tmp_path: Path, capsys) -> None:
    path = write_yaml(tmp_path, minimal(summry="typo"), "typo.yaml")
    code, out, err = run(capsys, "build", path, "--error-format", "github", "--out", tmp_path)
    assert code == 1 and err == ""
    assert f"::error file={path},line=14,col=1::summry: unknown key 'summry'; did you mean 'summary'?" in out.splitlines()
    code, out, _ = run(capsys, "validate", FIXTURES / "minimal.yaml", "--error-format", "github")
    assert code == 0 and f"::warning file={FIXTURES / 'minimal.yaml'},line=6,col=5::key_quotes[0]: quote has no " \
                         "source" in out.splitlines()


def test_json_error_format_is_one_object_a_line(tmp_path: Path, capsys) -> None:
    path = write_yaml(tmp_path, minimal(summry="typo"), "typo.yaml")
    code, out, _ = run(capsys, "build", path, "--error-format", "json", "--out", tmp_path)
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 1 and {"severity": "error", "file": str(path), "line": 14, "column": 1, "field": "summry",
                          "message": "unknown key 'summry'; did you mean 'summary'?"} in records
    code, out, _ = run(capsys, "build", FIXTURES / "minimal.yaml", "--error-format", "json", "--out", tmp_path)
    result = [json.loads(line) for line in out.splitlines() if '"result"' in line][0]
    assert result["pages"]["one-page"] == 1 and result["outputs"]["long-form"].endswith("minimal-long-form.pdf")


def test_deps_names_the_brief_every_item_and_the_layout_files(tmp_path: Path, capsys) -> None:
    deps = tmp_path / "build.d"
    assert run(capsys, "build", FIXTURES / "minimal.yaml", "--out", tmp_path, "--deps", deps)[0] == 0
    rule = deps.read_text().splitlines()[0]
    targets, prerequisites = rule.split(": ", 1)
    assert targets.split() == [str(tmp_path / "minimal-one-page.pdf"), str(tmp_path / "minimal-long-form.pdf")]
    assert "tests/fixtures/minimal.yaml" in prerequisites.split()
    assert {"briefgen/layouts/one-page/layout.yaml", "briefgen/layouts/long-form/templates/brief.xml.j2",
            "briefgen/layouts/base/fonts/NotoSerif-Regular.ttf"} <= set(prerequisites.split())
    assert any(p.endswith("/NotoSerifKR-Regular.ttf") for p in prerequisites.split())  # fetched: in the user folder
    assert "tests/fixtures/minimal.yaml:" in deps.read_text().splitlines()  # an empty rule: deleting it breaks no make
    pack_deps = tmp_path / "pack.d"
    code, _, err = run(capsys, "pack", ROOT / "content" / "packs" / "korea-desk.yaml", "--out", tmp_path / "p.pdf",
                       "--deps", pack_deps)
    assert code == 0, err
    prerequisites = pack_deps.read_text().splitlines()[0].split(": ", 1)[1].split()
    assert {"content/packs/korea-desk.yaml", "content/dprk-japan-overture.yaml", "content/us-dprk-talks-outlook.yaml",
            "briefgen/layouts/pack/layout.yaml", "briefgen/layouts/pack/templates/pack.xml.j2"} <= set(prerequisites)


def test_shards_split_the_inputs_deterministically(tmp_path: Path, capsys) -> None:
    names = [f"b{i}" for i in range(5)]
    for name in names:
        write_yaml(tmp_path, minimal(id=name), f"{name}.yaml")
    built = []
    for k in (1, 2):
        out = tmp_path / f"out{k}"
        assert run(capsys, "build", tmp_path, "--format", "one-page", "--shard", f"{k}/2", "--out", out)[0] == 0
        built.append(sorted(p.name for p in out.iterdir()))
    assert built == [["b0-one-page.pdf", "b2-one-page.pdf", "b4-one-page.pdf"], ["b1-one-page.pdf", "b3-one-page.pdf"]]
    assert run(capsys, "build", tmp_path, "--shard", "3/2")[0] == 2
    assert run(capsys, "build", tmp_path, "--paper", "a5")[0] == 2


def test_skip_unchanged_keeps_what_is_up_to_date(tmp_path: Path, capsys) -> None:
    first = write_yaml(tmp_path, minimal(id="first"), "first.yaml")
    second = write_yaml(tmp_path, minimal(id="second"), "second.yaml")
    out = tmp_path / "out"
    assert run(capsys, "build", first, second, "--format", "one-page", "--out", out)[0] == 0
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    write_yaml(tmp_path, minimal(id="second", title="Changed"), "second.yaml")
    code, _, err = run(capsys, "build", first, second, "--format", "one-page", "--out", out, "--skip-unchanged")
    assert code == 0 and str(first) not in err and str(second) in err
    assert (out / "first-one-page.pdf").stat().st_mtime_ns == stamps["first-one-page.pdf"]
    assert (out / "second-one-page.pdf").stat().st_mtime_ns != stamps["second-one-page.pdf"]


def test_watch_stays_warm_and_forgets_layouts_that_changed(tmp_path: Path, capsys) -> None:
    from briefgen.layouts.layout import load_layout
    from briefgen.interface.watch import react, rebuild, watched

    from briefgen.text.styles import sheet_for

    brief = write_yaml(tmp_path, minimal(), "brief.yaml")
    assert rebuild(str(brief), str(tmp_path), "a4", ("one-page",)).ok
    sheet = sheet_for(load_layout("one-page"))
    write_yaml(tmp_path, minimal(title="Edited and saved"), "brief.yaml")
    assert rebuild(str(brief), str(tmp_path), "a4", ("one-page",)).ok  # timed in bench/ (watch latency)
    assert sheet_for(load_layout("one-page")) is sheet  # layout, fonts and styles kept warm
    assert "Edited and saved" in pdf_text(tmp_path / "brief-one-page.pdf")[0]
    before = load_layout("one-page")
    state = watched(brief, ("one-page",))
    react([before.folders[0] / "layout.yaml"], state, str(brief), str(tmp_path), "a4", ("one-page",))
    assert load_layout("one-page") is not before


def test_deps_still_names_what_skip_unchanged_kept(tmp_path: Path, capsys) -> None:
    brief = write_yaml(tmp_path, minimal(), "kept.yaml")
    out, deps = tmp_path / "out", tmp_path / "build.d"
    assert run(capsys, "build", brief, "--format", "one-page", "--out", out)[0] == 0
    assert run(capsys, "build", brief, "--format", "one-page", "--out", out, "--skip-unchanged", "--deps", deps)[0] == 0
    assert deps.read_text().splitlines()[0].startswith(f"{out / 'kept-one-page.pdf'}: ")


def test_a_module_imported_on_first_use_is_imported_once() -> None:
    """briefgen puts stand-ins for HarfBuzz and Pillow's Image in sys.modules; asking a stand-in for an
    attribute the module lacks must not import the module a second time (two Image classes)."""
    code = ("import sys, briefgen.startup; briefgen.startup.import_lazily('fractions'); import fractions; "
            "first = fractions.Fraction; hasattr(fractions, 'no_such_name'); "
            "print(sys.modules['fractions'].Fraction is first, fractions.Fraction is first)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["True", "True"]
