"""Result charts as PNG (matplotlib, headless Agg backend): one bar chart per shown question."""

from __future__ import annotations

import io
from typing import Any


def render_png(title: str, result: dict[str, Any]) -> bytes | None:
    """The chart of a run's result, or None when nothing may be shown (withheld)."""
    shown = [q for q in result.get("questions", []) if not q.get("withheld") and "distribution" in q]
    if result.get("withheld") or not shown:
        return None
    import matplotlib  # here, not at the top: importing it costs every command 0.4 s at start

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(len(shown), 1, figsize=(8, 1.2 + 1.9 * len(shown)), squeeze=False)
    for ax, q in zip(axes[:, 0], shown, strict=True):
        labels = [str(d["label"]) for d in q["distribution"]]
        counts = [d["count"] for d in q["distribution"]]
        ax.barh(range(len(labels)), counts, color="#2f6f9f")
        ax.set_yticks(range(len(labels)), labels=[lbl[:40] for lbl in labels], fontsize=7)
        ax.invert_yaxis()
        figure = (f"eNPS {q['enps']}" if "enps" in q
                  else f"Ø {q['mean']}" if "mean" in q else "")
        ax.set_title(f"{q['text'][:90]}  (n = {q['n']}{', ' + figure if figure else ''})",
                     fontsize=8, loc="left")
        ax.tick_params(axis="x", labelsize=7)
    fig.suptitle(title[:100], fontsize=10)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    plt.close(fig)
    return buf.getvalue()
