/** The reports' only stylesheet, inlined into each page. System fonts: nothing is fetched. */
export const REPORT_CSS = `
:root {
  --ok: #2e7d32; --changed: #1565c0; --failed: #c62828; --unreachable: #ef6c00; --skipped: #8d8d8d;
  --ink: #1d2330; --muted: #5f6b7a; --line: #dde3ea; --panel: #ffffff; --bg: #f3f5f8; --code: #0f1720;
}
* { box-sizing: border-box; }
body { margin: 0; padding: 28px 36px 40px; background: var(--bg); color: var(--ink);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 8px 18px; margin-bottom: 18px; }
header h1 { margin: 0; font-size: 22px; font-weight: 650; }
header .meta { color: var(--muted); font-size: 13px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600;
  color: #fff; vertical-align: 2px; }
.badge.check { background: #455a64; } .badge.interrupted { background: var(--failed); }
.badge.security { background: var(--failed); } .badge.reboot { background: var(--unreachable); }
section { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin: 0 0 16px; }
h2 { margin: 0 0 12px; font-size: 16px; font-weight: 650; }
h2 small { font-weight: 400; color: var(--muted); font-size: 13px; margin-left: 6px; }
.tiles { display: flex; flex-wrap: wrap; gap: 10px; margin-bottom: 16px; }
.tile { flex: 1 1 120px; background: var(--panel); border: 1px solid var(--line); border-left: 6px solid var(--skipped);
  border-radius: 8px; padding: 10px 14px; }
.tile b { display: block; font-size: 24px; font-weight: 700; line-height: 1.2; }
.tile span { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.tile.ok { border-left-color: var(--ok); } .tile.changed { border-left-color: var(--changed); }
.tile.failed { border-left-color: var(--failed); } .tile.unreachable { border-left-color: var(--unreachable); }
.tile.skipped { border-left-color: var(--skipped); } .tile.total { border-left-color: var(--ink); }
.legend { display: flex; flex-wrap: wrap; gap: 14px; margin: 0 0 10px; padding: 0; list-style: none; font-size: 13px; }
.legend li::before { content: ""; display: inline-block; width: 11px; height: 11px; border-radius: 3px; margin-right: 6px;
  vertical-align: -1px; background: currentColor; }
.legend .ok { color: var(--ok); } .legend .changed { color: var(--changed); } .legend .failed { color: var(--failed); }
.legend .unreachable { color: var(--unreachable); } .legend .skipped { color: var(--skipped); }
.legend li span { color: var(--ink); }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(96px, 1fr)); gap: 3px; }
.grid.dense { grid-template-columns: repeat(auto-fill, 12px); gap: 2px; }
.cell { color: #fff; border-radius: 3px; padding: 2px 6px; font-size: 11.5px; white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; background: var(--skipped); }
.grid.dense .cell { width: 12px; height: 12px; padding: 0; border-radius: 2px; }
.cell.ok { background: var(--ok); } .cell.changed { background: var(--changed); } .cell.failed { background: var(--failed); }
.cell.unreachable { background: var(--unreachable); } .cell.skipped { background: var(--skipped); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 5px 10px 5px 0; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 12px; color: var(--muted); font-weight: 600; text-transform: uppercase; letter-spacing: .03em; }
td.num, th.num { text-align: right; padding-right: 14px; font-variant-numeric: tabular-nums; white-space: nowrap; }
code, pre, .v { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
.arrow { color: var(--muted); padding: 0 4px; }
.group { border-top: 1px solid var(--line); padding: 12px 0 4px; }
.group:first-of-type { border-top: 0; padding-top: 0; }
.group h3 { margin: 0 0 6px; font-size: 14px; font-weight: 600; }
.group h3 .count { color: var(--changed); }
.group table { width: auto; min-width: 50%; }
details { margin: 6px 0 4px; color: var(--muted); font-size: 13px; }
details summary { cursor: pointer; }
details p { margin: 6px 0 0; color: var(--ink); }
.failure { border-left: 4px solid var(--failed); padding: 6px 0 6px 12px; margin: 0 0 12px; }
.failure.unreachable { border-left-color: var(--unreachable); }
.failure h3 { margin: 0 0 4px; font-size: 14px; }
.failure .kind { color: var(--muted); font-weight: 400; }
pre { margin: 6px 0 0; padding: 10px 12px; background: var(--code); color: #e6edf3; border-radius: 6px;
  white-space: pre-wrap; word-break: break-word; max-height: 260px; overflow: auto; }
.bar { position: relative; height: 14px; min-width: 160px; background: #eef1f5; border-radius: 3px; }
.bar i { position: absolute; left: 0; top: 0; bottom: 0; border-radius: 3px; background: #90a4ae; }
.bar i.failed { background: var(--failed); } .bar i.unreachable { background: var(--unreachable); }
.bar i.changed { background: var(--changed); } .bar i.ok { background: var(--ok); }
.stack { display: flex; height: 16px; border-radius: 3px; overflow: hidden; background: #eef1f5; margin: 6px 0 8px; max-width: 720px; }
.stack i { display: block; height: 100%; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; }
.muted { color: var(--muted); }
.empty { color: var(--muted); font-style: italic; margin: 0; }
footer { color: var(--muted); font-size: 12px; margin-top: 20px; }
`;
