// Number formatting shared by the Markdown table and the SVG plot.

export const seconds = (ms) => (ms === null || ms === undefined ? '–' : (ms / 1000).toFixed(ms < 10000 ? 2 : 1));
export const megabytes = (kb) => (kb === null || kb === undefined ? '–' : String(Math.round(kb / 1024)));
export const times = (r) => (r === null || r === undefined ? '–' : `${r.toFixed(2)}×`);

/** Stable colours per tool id, so every plot reads the same. */
export const TOOL_COLORS = {
  pkgfleet: '#d62728',
  'bare-ssh2': '#2ca02c',
  'ansible-shell': '#1f77b4',
  'ansible-raw': '#17becf',
  pssh: '#9467bd',
  'ssh-loop': '#ff7f0e',
};
export const colorFor = (tool) => TOOL_COLORS[tool] ?? '#7f7f7f';
