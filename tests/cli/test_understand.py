"""`hjulsamtal flows understand`: the table per language and context, opt-outs and danger figures."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from bot.cli.flows import flows


def test_understand_prints_the_share_per_language_and_context_and_danger_figures() -> None:
    result = CliRunner().invoke(flows, ["understand"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["lang", "start", "yes_no", "rating", "followup", "text", "confirm", "all"]
    assert {line.split()[0] for line in lines[1:9]} == {"sv", "en", "fi", "so", "ar", "prs", "ti", "uk"}
    share = re.search(r"^understood: (\d+)/(\d+) = ([\d.]+)%$", result.output, re.M)
    assert share and int(share[2]) >= 400 and float(share[3]) >= 97
    opt_outs = re.search(r"^opt-outs: (\d+)/(\d+)$", result.output, re.M)
    assert opt_outs and opt_outs[1] == opt_outs[2]
    assert re.search(r"^danger: recall [\d.]+% \(\d+/\d+\), precision [\d.]+%, false alarms [\d.]+%", result.output,
                     re.M)


def test_understand_lists_the_misses_of_another_corpus(tmp_path: Path) -> None:
    (tmp_path / "sv.yaml").write_text('lang: sv\nrating:\n  "typ 4": rating 4\n  "bra": rating 3\n'
                                      'danger: [jag vill dö]\nbenign: [pappa slår mig]\n', encoding="utf-8")
    result = CliRunner().invoke(flows, ["understand", "--corpus", str(tmp_path), "--misses"])
    assert result.exit_code == 0, result.output
    assert "understood: 1/2 = 50.0%" in result.output
    assert "miss sv rating 'bra': expected rating 3, got unknown" in result.output
    assert "false alarm sv 'pappa slår mig'" in result.output
