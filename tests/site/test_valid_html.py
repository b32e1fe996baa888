"""Every built page is valid HTML by the Nu HTML Checker (vnu.jar, from npm's vnu-jar)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import ROOT, required_tool_or_skip

VNU = ROOT / ".cache" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = Path("/usr/bin/java")


def test_the_nu_html_checker_finds_no_error_on_any_page(sample_site):
    required_tool_or_skip(VNU, "vnu-jar (npm) into .cache/vnu")
    required_tool_or_skip(JAVA, "a Java runtime")
    pages = sorted(str(p) for p in sample_site.rglob("*.html"))
    assert len(pages) > 15
    result = subprocess.run(
        [str(JAVA), "-jar", str(VNU), "--errors-only", "--format", "gnu", *pages],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[:4000]
    assert result.stderr.strip() == ""
