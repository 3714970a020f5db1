"""Result charts as PNG (matplotlib, headless Agg backend): one bar chart per shown question."""

from __future__ import annotations

import io

from flows.survey.results import Figures, RunResult


def render_png(title: str, result: RunResult) -> bytes | None:
    """The chart of a run's result, or None when nothing may be shown (withheld)."""
    shown = [(q.text, q.figures) for q in result.questions
             if not q.withheld and q.figures is not None]
    if result.withheld or not shown:
        return None
    import matplotlib  # here, not at the top: importing it costs every command 0.4 s at start

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(len(shown), 1, figsize=(8, 1.2 + 1.9 * len(shown)), squeeze=False)
    for ax, (text, f) in zip(axes[:, 0], shown, strict=True):
        labels = [str(d.label) for d in f.distribution]
        counts = [d.count for d in f.distribution]
        ax.barh(range(len(labels)), counts, color="#2f6f9f")
        ax.set_yticks(range(len(labels)), labels=[lbl[:40] for lbl in labels], fontsize=7)
        ax.invert_yaxis()
        ax.set_title(f"{text[:90]}  (n = {f.n}{_figure(f)})",
                     fontsize=8, loc="left")
        ax.tick_params(axis="x", labelsize=7)
    fig.suptitle(title[:100], fontsize=10)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    plt.close(fig)
    return buf.getvalue()


def _figure(f: Figures) -> str:
    return (f", eNPS {f.enps}" if f.enps is not None
            else f", \u00d8 {f.mean}" if f.mean is not None else "")
