"""The house style of the course's charts, checked on what the kernel's chart audit recorded.

With NNLAB_CHART_AUDIT=<file>, the nnlab kernel appends one JSON line per chart it draws
(kernel/src/main/java/org/nnlab/kernel/display/ChartAudit.java): the cell's execution count, title,
backgrounds, each series' colour, marker and line, and what the drawing measured (tick labels per axis,
the legend's width). ``problems(chart)`` lists what breaks the style of org.nnlab.plot.Charts.
"""
import json
import re

WHITE = "#ffffffff"
MAX_LOG_LABELS = 8        # a log axis with more labels is hard to read (XChart's own: one per decade, 17+)
MAX_LEGEND_SHARE = 0.25   # Charts.MAX_LEGEND_SHARE: a legend beside or inside the plot takes at most this
BELOW = "OutsideS"        # a legend below the plot takes height, not width: any width is fine

# XChart's own chart builders: a notebook starts its charts from Charts.xy/bars/heatmap instead.
XCHART_BUILDER = re.compile(r"\b(XY|Category|HeatMap|Pie|Bubble|OHLC|Box|Radar|Dial)ChartBuilder\s*\(")

# The least number of cells that draw a chart in each notebook in fast mode: fewer means a chart (or the
# audit) went missing without an error.
MIN_CHART_CELLS = {
    "00-welcome.ipynb": 1,
    "01-perceptron.ipynb": 8,
    "02-xor-and-mlp.ipynb": 5,
    "04-optimization.ipynb": 12,
    "05-regularization.ipynb": 12,
    "06-vanishing-gradients.ipynb": 6,
    "07-text-classification.ipynb": 2,
    "08-rnn-and-bptt.ipynb": 4,
    "09-lstm-and-gru.ipynb": 4,
    "10-sequence-labeling.ipynb": 3,
    "11-language-models.ipynb": 4,
    "12-word-vectors.ipynb": 3,
    "13-attention.ipynb": 5,
}


def read(path):
    """The audit's charts, one dict per chart drawn; [] when the file is missing."""
    try:
        with open(path, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]
    except FileNotFoundError:
        return []


def cell_index(nb):
    """execution count -> index of the cell in the executed notebook."""
    return {c.execution_count: i for i, c in enumerate(nb.cells)
            if c.cell_type == "code" and c.execution_count is not None}


def is_log(axis):
    """XChart's log axis, or nnlab's (Charts.logY: log10 values labelled 10^k by PowersOfTen)."""
    return bool(axis) and (axis.get("log") or axis.get("labelFunction") == "PowersOfTen")


def problems(chart):
    """What in one audited chart breaks the house style (an empty list when nothing does)."""
    out = []
    for key in ("chartBackground", "plotBackground"):
        if chart.get(key) != WHITE:
            out.append(f"{key} {chart.get(key)} is not white (XChart's grey default theme?): start from Charts")
    for name in ("x", "y"):
        axis = chart.get(name)
        if is_log(axis):
            labels = axis.get("labels")
            if labels is None:
                out.append(f"log {name} axis: the audit could not count its labels")
            elif labels > MAX_LOG_LABELS:
                out.append(f"log {name} axis with {labels} labels (at most {MAX_LOG_LABELS}): use Charts.logY/logX")
            if axis.get("log") and not axis.get("decadeOnly"):
                out.append(f"log {name} axis labels every tick, not only decades: use Charts.logX/logY")
    legend = chart.get("legend", {})
    if legend.get("visible") and legend.get("position") != BELOW:
        share = legend.get("share")
        if share is None:
            out.append("the audit could not measure the legend")
        elif share > MAX_LEGEND_SHARE + 0.005:
            out.append(f"legend {legend.get('position')} takes {share:.0%} of the chart's width (at most "
                       f"{MAX_LEGEND_SHARE:.0%}): Charts.fitLegend or Charts.legendBelow")
    seen = {}
    for s in chart.get("series", []):
        if not s.get("inLegend"):
            continue   # parts of a picture (shaded cells, end points) are not series to tell apart
        look = (s.get("colour"), s.get("marker"), s.get("line"))
        if look in seen:
            out.append(f"series '{s['name']}' looks like '{seen[look]}' (colour, marker, line {look})")
        seen.setdefault(look, s["name"])
    return out
