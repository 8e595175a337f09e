"""The HTML report's look: its colour palette and its one inline stylesheet.

Kept apart from the page markup (`html.py`) and the charts (`svg.py`) because
it is data, not logic: the palette is shared by the stylesheet (level badges,
phase swatches and tags) and the SVG charts (bars, timeline segments), and the
stylesheet is a long string that drowned the page assembly it was part of.
Everything is inline (the report makes no requests), so this is the only CSS.
"""

from __future__ import annotations

BAR_COLOUR = "#4338ca"
TRACK_COLOUR = "#e6e9f2"
PHASE_COLOURS = {
    "clarify": "#8e44ad",
    "framing": "#2e86de",
    "data": "#0097a7",
    "training": "#27ae60",
    "inference": "#9acd32",
    "offline_metrics": "#f1c40f",
    "online_metrics": "#e67e22",
    "deploy": "#e74c3c",
    "monitoring": "#e84393",
}
OTHER_COLOUR = "#a0a7b4"
LIGHT_PHASES = ("inference", "offline_metrics")  # dark text on these tags
LEVEL_COLOURS = {"no_hire": "#b42318", "lean_no_hire": "#c4570c", "lean_hire": "#0b7a75", "strong_hire": "#1b7f3b"}

CSS = """
:root{--fg:#1f2430;--muted:#5a6272;--bg:#fff;--line:#dde2ea;--card:#f5f7fb;--accent:%(bar)s}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%%;text-size-adjust:100%%}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif}
main{max-width:980px;margin:0 auto;padding:28px 24px 56px}
h1{font-size:1.7rem;line-height:1.25;margin:0 0 .3rem}
h2{font-size:1.25rem;margin:2.2rem 0 .8rem;padding-bottom:.3rem;border-bottom:2px solid var(--line)}
h3{font-size:1.02rem;margin:1.3rem 0 .4rem}
p{margin:.4rem 0}
a{color:var(--accent)}
.sub{color:var(--muted);margin:0;overflow-wrap:anywhere}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:.9em;overflow-wrap:anywhere}
.toc{display:flex;flex-wrap:wrap;gap:.3rem .9rem;margin:1rem 0 0;padding:0;list-style:none;font-size:.92rem}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:12px;margin:1.2rem 0 0}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:10px 14px}
.card .k{font-size:.78rem;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
.card .v{font-size:1.7rem;font-weight:700;line-height:1.2}
.card .v small{font-size:.95rem;font-weight:500;color:var(--muted)}
.level{display:inline-block;margin-top:.2rem;padding:1px 10px;border-radius:999px;color:#fff;font-weight:600;font-size:.88rem}
%(levels)s
.chart{display:block;width:100%%;max-width:700px;margin:.6rem 0 1rem;overflow:visible}
.chart text{font-family:inherit;fill:var(--fg)}
.chart .lbl{font-size:13px}
.chart .val{font-size:13px;font-weight:700}
.chart .axis{font-size:11px;fill:var(--muted)}
.timeline{max-width:none}
.chart .lbl{font-size:13.5px}
.table-wrap{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%%;font-size:.94rem}
th,td{padding:6px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.over{color:#b42318;font-weight:600}
.na{color:var(--muted)}
.legend{display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:.2rem 0 .6rem;padding:0;list-style:none;font-size:.86rem}
.sw{display:inline-block;width:.85em;height:.85em;border-radius:2px;margin-right:.35em;vertical-align:-.08em}
%(swatches)s
ul.items{padding-left:1.1rem;margin:.3rem 0}
ul.items li{margin:.35rem 0}
blockquote{margin:.25rem 0 .3rem;padding:.3rem .8rem;border-left:4px solid var(--accent);background:var(--card);
border-radius:0 6px 6px 0;overflow-wrap:anywhere}
.badge{display:inline-block;font-size:.74rem;padding:0 7px;border-radius:999px;border:1px solid var(--line);color:var(--muted);vertical-align:.1em}
.badge.deep{border-color:#1b7f3b;color:#1b7f3b}
.probe{color:var(--muted)}
.probe q{color:var(--fg);font-style:italic}
.turnlink{font-size:.86rem;white-space:nowrap}
.grade{font-variant-numeric:tabular-nums;white-space:nowrap}
.transcript{list-style:none;margin:0;padding:0}
.turn{margin:10px 0;padding:10px 14px;border:1px solid var(--line);border-radius:10px;scroll-margin-top:12px}
.turn.candidate{background:#f7f8ff}
.turn:target{outline:3px solid var(--accent);outline-offset:1px}
.turn-head{display:flex;flex-wrap:wrap;gap:.2rem .7rem;align-items:baseline;font-size:.86rem;color:var(--muted)}
.turn-head .who{font-weight:700;color:var(--fg)}
.turn-text{margin-top:.25rem;white-space:pre-wrap;overflow-wrap:anywhere}
.tag{display:inline-block;padding:0 8px;border-radius:999px;color:#fff;font-size:.76rem;font-weight:600}
mark{background:#fff1a8;color:inherit;padding:0 1px;border-radius:2px}
mark.flag{background:#ffd9d6}
mark.ignored{background:#e7e9ee;text-decoration:line-through}
footer{margin-top:2.5rem;color:var(--muted);font-size:.82rem;border-top:1px solid var(--line);padding-top:.6rem}
@media (max-width:640px){
  body{font-size:15px}
  main{padding:16px 12px 36px}
  h1{font-size:1.3rem}
  h2{font-size:1.12rem;margin-top:1.8rem}
  .cards{grid-template-columns:repeat(2,minmax(0,1fr));gap:8px}
  .card .v{font-size:1.35rem}
  .narrow-hide{display:none}
  table{font-size:.84rem}
  th{letter-spacing:0;font-size:.68rem}
  th,td{padding:5px 3px}
  td:first-child,th:first-child{padding-left:0}
  .dots{display:none}
}
@media print{
  *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  body{font-size:10.5pt}
  main{max-width:none;padding:0}
  a{color:inherit;text-decoration:none}
  .toc{display:none}
  h2{break-after:avoid;page-break-after:avoid}
  .card,.turn,li,tr,blockquote,svg{break-inside:avoid;page-break-inside:avoid}
  .turn:target{outline:none}
  #transcript{break-before:page;page-break-before:always}
}
@page{margin:14mm}
"""


def css() -> str:
    """The stylesheet with the palette filled in: level badges, phase swatches, dark text on light tags."""
    levels = "\n".join(f".lv-{k}{{background:{v}}}" for k, v in LEVEL_COLOURS.items())
    swatches = "\n".join(f".ph-{k}{{background:{v}}}" for k, v in PHASE_COLOURS.items()) + f"\n.ph-other{{background:{OTHER_COLOUR}}}"
    swatches += "\n" + ",".join(f".tag.ph-{k}" for k in LIGHT_PHASES) + "{color:#1f2430}"
    return CSS % {"bar": BAR_COLOUR, "levels": levels, "swatches": swatches}
