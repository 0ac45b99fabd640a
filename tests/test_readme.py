"""The README's commands run verbatim: the Quick start's ingest, every line of "What you can do next" and the
Python example, in a temporary folder laid out like a fresh clone.

``.venv/bin/newsgraph`` and ``.venv/bin/python`` there are thin wrappers around the interpreter running the
tests, so each line runs exactly as written.  The inputs the lines name are tiny and written here by the team:
two sample articles, a two-file crawl folder, a one-record WARC, a one-line JSONL export and an HTML page.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
pytestmark = [pytest.mark.slow, pytest.mark.dask]

PAGE = """<html><head><title>Ankara and Brasilia sign a trade pact</title></head><body><article>
<h1>Ankara and Brasilia sign a trade pact</h1>
<p>The foreign ministers of Turkey and Brazil signed a trade agreement in Ankara on Tuesday.</p>
<p>Brazil's minister said the two countries would meet again in the autumn to review progress.</p>
</article></body></html>"""
CRAWL_TEXT = (
    "Turkey and Brazil agree on new flights\n\n"
    "Turkish and Brazilian officials agreed on Monday to open a direct air route between Istanbul and Sao Paulo. "
    "The Turkish transport minister praised Brazil for its support of the plan."
)
JSONL = (
    '{"text": "Germany accused China of spying on its parliament. Berlin summoned the Chinese ambassador on '
    'Wednesday.", "title": "Berlin summons envoy", "date": "2025-04-23", "url": "https://example.org/a"}\n'
)


def blocks(section: str, lang: str) -> list[str]:
    """The fenced ``lang`` blocks of one README section (from its heading to the next ``## ``)."""
    start = README.index(section)
    end = README.find("\n## ", start + 1)
    body = README[start : end if end > 0 else None]
    return re.findall(rf"```{lang}\n(.*?)```", body, re.S)


def command_lines(section: str) -> list[str]:
    lines = []
    for block in blocks(section, "bash"):
        for line in block.splitlines():
            line = re.sub(r"\s+#.*$", "", line).strip()
            if line:
                lines.append(line)
    return lines


def warc_bytes(url: str, html: str) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode()), http_headers=headers)
    )
    return buf.getvalue()


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder laid out like the repository root after scripts/setup.sh, with the inputs the README names."""
    root = tmp_path_factory.mktemp("clone")
    (root / "samples").mkdir()
    for name in ("state-visit-ankara.txt", "xi-brasilia-claims.txt"):
        shutil.copy(ROOT / "samples" / name, root / "samples" / name)
    shutil.copytree(ROOT / "gold", root / "gold")
    (root / "crawl").mkdir()
    (root / "crawl" / "flights.txt").write_text(CRAWL_TEXT, encoding="utf-8")
    (root / "crawl" / "pact.html").write_text(PAGE, encoding="utf-8")
    (root / "article.html").write_text(PAGE, encoding="utf-8")
    (root / "news.warc.gz").write_bytes(warc_bytes("https://example.org/pact", PAGE))
    (root / "export.jsonl").write_text(JSONL, encoding="utf-8")
    bin_dir = root / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    for name, module in (("newsgraph", "-m newsgraph.cli "), ("python", "")):
        script = bin_dir / name
        script.write_text(f'#!/bin/sh\nexec "{sys.executable}" {module}"$@"\n', encoding="utf-8")
        script.chmod(0o755)
    return root


def run(line: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), NO_COLOR="1", COLUMNS="160")
    env.pop("NEWSGRAPH_DB", None)
    return subprocess.run(
        ["bash", "-c", f"set -e; {line}"], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


def port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def serve_check(line: str, cwd: Path) -> None:
    """``serve`` runs until stopped: start it, wait for the summary page, stop it."""
    port = 8000
    if not port_free(port):  # another test or program holds 8000: same command on a free port
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        line += f" --port {port}"
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    proc = subprocess.Popen(
        ["bash", "-c", f"exec {line}"], cwd=cwd, env=env, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else "serve exited"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/summary", timeout=5) as r:
                    assert r.status == 200
                    break
            except OSError:
                assert time.monotonic() < deadline, "serve did not answer"
                time.sleep(0.3)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_readme_names_the_blocks_this_test_runs() -> None:
    lines = command_lines("## What you can do next")
    assert len(lines) >= 8 and all(line.startswith(".venv/bin/") for line in lines)
    assert any("--engine dask" in line for line in lines)
    assert not any("../shared" in line for line in lines)  # a fresh clone has no ../shared folder
    assert len(blocks("## What you can do next", "python")) == 1


def test_readme_commands_run_verbatim(clone: Path) -> None:
    quick = [
        part.strip()
        for line in command_lines("## Quick start")
        for part in line.split("&&")
        if "setup.sh" not in part and "pytest" not in part
    ]
    assert quick == [".venv/bin/newsgraph ingest samples", ".venv/bin/newsgraph summary"]
    for line in quick + command_lines("## What you can do next"):
        if line.endswith("newsgraph serve"):
            serve_check(line, clone)
            continue
        done = run(line, clone)
        assert done.returncode == 0, f"{line}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
        assert "Traceback" not in done.stderr, line
    assert (clone / "out.jsonl").read_text(encoding="utf-8").strip()
    assert (clone / "events.tsv").read_text(encoding="utf-8").startswith("GLOBALEVENTID\tSQLDATE")
    assert (clone / "dyad.png").read_bytes()[:4] == b"\x89PNG"
    assert (clone / "big.duckdb").exists() and list((clone / "shards").iterdir())
    with gzip.open(clone / "news.warc.gz") as fh:
        assert fh.read(8) == b"WARC/1.0"


def test_readme_python_example_runs(clone: Path) -> None:
    code = blocks("## What you can do next", "python")[0]
    if not (clone / "newsgraph.duckdb").exists():
        assert run(".venv/bin/newsgraph ingest samples", clone).returncode == 0
    (clone / "example.py").write_text(code, encoding="utf-8")
    done = run(".venv/bin/python example.py", clone)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "TUR" in done.stdout
