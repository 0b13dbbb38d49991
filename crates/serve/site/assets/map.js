// A map of the reasoning, drawn by the site as SVG: Layer 0 (goals,
// requirements, principles, constraints) on the left, the Layer 1 choices in
// the middle, the Layer 2 capabilities on the right. Select any node to
// highlight what drives it and what it drives; the panel beside the map says
// the same in words, with links, for readers who do not use the picture.
//
// Loaded when the map is first opened. The Layer 0 items and the
// capabilities' "builds on" links come from GET /api/v1/kb?section=layer0,capabilities.

import { getJson } from './api.js';
import { h, replace } from './dom.js';
import { withTerms } from './glossary.js';
import { t, tx } from './i18n.js';
import * as V from './view.js';

const SVG = 'http://www.w3.org/2000/svg';
const KIND_ORDER = ['goal', 'requirement', 'principle', 'constraint', 'non_goal', 'risk'];

/** Geometry of the drawing, in SVG units (1 unit = 1 CSS pixel at full size). */
const G = {
  colX: [0, 430, 790],
  colW: [330, 280, 250],
  rowH: 30,
  nodeH: 24,
  top: 34,
};

let root;
let host;
let kb = null;
const view = { selected: null, focus: null, graph: null, assessment: null };

/** Sets the map up in `panel`; `h` gives the assessment and opens cards. */
export function init(panel, hostApi) {
  root = panel;
  host = hostApi;
}

/** Draws the map for an assessment (after a change of answers, language or theme). */
export async function update(assessment) {
  if (!assessment) return;
  view.assessment = assessment;
  // The KB's texts come in every language: fetched once.
  if (!kb) {
    replace(root, h('p', { class: 'muted' }, t('loading')));
    try {
      kb = await getJson('/api/v1/kb?section=layer0,capabilities');
    } catch (error) {
      replace(root, h('p', { class: 'problem', role: 'alert' }, String(error?.message ?? error)));
      return;
    }
  }
  view.graph = graph(assessment, kb);
  draw();
  root.dataset.rendered = String(Number(root.dataset.rendered ?? 0) + 1);
}

/** Selects a node (`layer0:ID`, `decision:ID`, `capability:ID`). */
export async function select(key) {
  view.selected = key;
  view.focus = key;
  if (view.graph) {
    draw();
    root.querySelector(`[data-node="${CSS.escape(key)}"]`)?.focus();
  }
}

// ---------------------------------------------------------------------------
// The graph
// ---------------------------------------------------------------------------

/**
 * The nodes (in three columns) and the edges of the reasoning.
 * An edge `from -> to` means "from drives to".
 */
export function graph(assessment, kbFile) {
  const nodes = new Map();
  const edges = [];
  const add = (key, node) => { if (!nodes.has(key)) nodes.set(key, { key, ...node, out: new Set(), in: new Set() }); return nodes.get(key); };
  const link = (from, to, kind) => {
    const a = nodes.get(from);
    const b = nodes.get(to);
    if (!a || !b || a.out.has(to)) return;
    a.out.add(to);
    b.in.add(from);
    edges.push({ from, to, kind });
  };
  const layer0 = new Map((kbFile?.layer0 ?? []).map((i) => [i.id, i]));
  const traced = new Set();
  for (const item of [...V.decisions(assessment), ...V.capabilities(assessment)]) for (const tr of V.tracesOf(assessment, item)) traced.add(tr.id);
  // Goals are drawn when they relate to an item a choice traces to, or are traced themselves.
  const goalsRelated = new Set();
  for (const item of layer0.values()) {
    if (item.kind !== 'goal') continue;
    if (traced.has(item.id) || (item.related ?? []).some((r) => traced.has(r))) goalsRelated.add(item.id);
  }
  const l0 = [...layer0.values()].filter((i) => traced.has(i.id) || goalsRelated.has(i.id));
  for (const tr of [...traced].filter((id) => !layer0.has(id))) l0.push({ id: tr, kind: 'requirement', title: tr });
  for (const i of l0) add(`layer0:${i.id}`, { col: 0, id: i.id, kind: i.kind, title: tx(i.title) || i.id, description: tx(i.description), group: KIND_ORDER.indexOf(i.kind) });
  for (const d of V.decisions(assessment)) add(`decision:${d.id}`, { col: 1, id: d.id, kind: 'decision', title: d.title, answer: d.recommendation?.title ?? '—', status: V.statusOf(d), group: 0 });
  for (const c of V.capabilities(assessment)) add(`capability:${c.id}`, { col: 2, id: c.id, kind: 'capability', title: c.title, answer: c.tool ? `${t(`verdict_${c.verdict}`)}: ${c.tool.title}` : t(`verdict_${c.verdict}`), verdict: c.verdict, group: ['now', 'later', 'skip'].indexOf(c.verdict) });

  for (const goal of l0.filter((i) => i.kind === 'goal')) {
    for (const r of goal.related ?? []) if (layer0.get(r)?.kind !== 'goal') link(`layer0:${goal.id}`, `layer0:${r}`, 'related');
  }
  for (const d of V.decisions(assessment)) for (const tr of V.tracesOf(assessment, d)) link(`layer0:${tr.id}`, `decision:${d.id}`, 'trace');
  for (const c of V.capabilities(assessment)) {
    for (const tr of V.tracesOf(assessment, c)) link(`layer0:${tr.id}`, `capability:${c.id}`, 'trace');
    const kbCap = (kbFile?.capabilities ?? []).find((x) => x.id === c.id);
    for (const decision of decisionsNamed(kbCap)) link(`decision:${decision}`, `capability:${c.id}`, 'builds');
  }
  order(nodes);
  return { nodes, edges };
}

/** Every decision a capability builds on or whose outcome its conditions read. */
function decisionsNamed(value, out = new Set()) {
  if (Array.isArray(value)) for (const v of value) decisionsNamed(v, out);
  else if (value && typeof value === 'object') {
    if (typeof value.decision === 'string') out.add(value.decision);
    for (const v of Object.values(value)) decisionsNamed(v, out);
  }
  return out;
}

/**
 * Orders each column to keep lines short and few crossings: groups stay
 * together (kinds, verdicts); within a group, a few sweeps of the
 * barycentre of the neighbours' positions.
 */
function order(nodes) {
  const columns = [0, 1, 2].map((col) => [...nodes.values()].filter((n) => n.col === col));
  columns.forEach((list) => list.forEach((n, i) => { n.pos = i; }));
  const sweep = (col, neighbours) => {
    const list = columns[col];
    for (const n of list) {
      const around = [...neighbours(n)].map((k) => nodes.get(k)).filter((m) => m && m.col !== col);
      n.bary = around.length ? around.reduce((s, m) => s + m.pos / Math.max(1, columns[m.col].length), 0) / around.length : n.pos / list.length;
    }
    list.sort((a, b) => a.group - b.group || a.bary - b.bary || a.title.localeCompare(b.title));
    list.forEach((n, i) => { n.pos = i; });
  };
  for (let i = 0; i < 4; i++) {
    sweep(1, (n) => new Set([...n.in, ...n.out]));
    sweep(0, (n) => n.out);
    sweep(2, (n) => n.in);
    sweep(1, (n) => new Set([...n.in, ...n.out]));
  }
  // Spread the shorter columns over the height of the longest.
  const rows = Math.max(...columns.map((l) => l.length));
  for (const list of columns) {
    const gap = list.length > 1 ? (rows - 1) / (list.length - 1) : 0;
    list.forEach((n, i) => { n.row = list.length === rows ? i : i * gap; });
  }
}

/** Everything `key` drives (downstream) and everything that drives it (upstream), transitively. */
export function reach(graphData, key) {
  const walk = (start, next) => {
    const seen = new Set();
    const stack = [start];
    while (stack.length) {
      const k = stack.pop();
      for (const n of next(graphData.nodes.get(k)) ?? []) if (!seen.has(n)) { seen.add(n); stack.push(n); }
    }
    return seen;
  };
  return { down: walk(key, (n) => n?.out), up: walk(key, (n) => n?.in) };
}

// ---------------------------------------------------------------------------
// Drawing
// ---------------------------------------------------------------------------

function s(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined && v !== false) node.setAttribute(k, String(v));
  for (const c of children) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

const y = (n) => G.top + n.row * G.rowH;

function kindWord(n) {
  if (n.col === 0) return t(`kind1_${n.kind}`);
  return n.col === 1 ? t('layer1_word') : t('layer2_word');
}

function draw() {
  const { nodes, edges } = view.graph;
  const selected = view.selected && nodes.has(view.selected) ? view.selected : null;
  const lit = selected ? reach(view.graph, selected) : null;
  const isLit = (k) => !lit || k === selected || lit.up.has(k) || lit.down.has(k);
  const rows = Math.max(...[...nodes.values()].map((n) => n.row)) + 1;
  const width = G.colX[2] + G.colW[2] + 4;
  const height = G.top + rows * G.rowH + 8;

  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, width, height, class: 'map-svg', role: 'group', 'aria-labelledby': 'map-title', 'aria-describedby': 'map-help' });
  [[0, t('map_col0')], [1, t('map_col1')], [2, t('map_col2')]].forEach(([col, label]) =>
    svg.append(s('text', { x: G.colX[col], y: 16, class: 'map-col-title' }, label)));

  const edgeLayer = s('g', { class: 'map-edges', 'aria-hidden': 'true' });
  for (const e of edges) {
    const a = nodes.get(e.from);
    const b = nodes.get(e.to);
    const on = lit && (e.from === selected || e.to === selected || (lit.up.has(e.from) && (lit.up.has(e.to) || e.to === selected)) || (lit.down.has(e.to) && (lit.down.has(e.from) || e.from === selected)));
    // Long links (Layer 0 to Layer 2) and goal links are drawn only for a selection: the picture stays readable.
    if (!on && (e.kind === 'related' || (a.col === 0 && b.col === 2))) continue;
    let d;
    if (a.col === b.col) {
      const x = G.colX[a.col] - 2;
      d = `M ${x} ${y(a) + G.nodeH / 2} C ${x - 26} ${y(a) + G.nodeH / 2}, ${x - 26} ${y(b) + G.nodeH / 2}, ${x} ${y(b) + G.nodeH / 2}`;
    } else {
      const x1 = G.colX[a.col] + G.colW[a.col];
      const x2 = G.colX[b.col];
      const mid = (x1 + x2) / 2;
      d = `M ${x1} ${y(a) + G.nodeH / 2} C ${mid} ${y(a) + G.nodeH / 2}, ${mid} ${y(b) + G.nodeH / 2}, ${x2} ${y(b) + G.nodeH / 2}`;
    }
    edgeLayer.append(s('path', { d, class: ['map-edge', `edge-${e.kind}`, on ? 'is-lit' : (lit ? 'is-dim' : '')].join(' ') }));
  }
  svg.append(edgeLayer);

  const focusKey = view.focus && nodes.has(view.focus) ? view.focus : [...nodes.keys()][0];
  const nodeLayer = s('g', { class: 'map-nodes' });
  for (const n of nodes.values()) {
    const w = G.colW[n.col];
    // The whole label is the accessible name; the box clips what does not fit (the full text is the tooltip).
    const label = n.col === 0 ? `${kindWord(n)}: ${n.title}` : `${n.title}: ${n.answer}`;
    const name = label;
    const g = s('g', {
      class: ['map-node', `col-${n.col}`, `kind-${n.kind}`, n.verdict ? `verdict-${n.verdict}` : '', n.status === 'open' ? 'is-open' : '', n.key === selected ? 'is-selected' : '', isLit(n.key) ? '' : 'is-dim', lit && isLit(n.key) && n.key !== selected ? 'is-lit' : ''].join(' '),
      transform: `translate(${G.colX[n.col]} ${y(n)})`,
      role: 'button',
      tabindex: n.key === focusKey ? 0 : -1,
      'aria-pressed': String(n.key === selected),
      'aria-label': name,
      'data-node': n.key,
    },
    s('title', {}, name),
    s('rect', { width: w, height: G.nodeH, rx: 5, class: 'map-box' }),
    n.col === 0 ? s('rect', { width: 5, height: G.nodeH, rx: 2, class: 'map-kind' }) : null,
    s('svg', { x: n.col === 0 ? 11 : 8, y: 0, width: w - (n.col === 0 ? 15 : 12), height: G.nodeH, class: 'map-clip' },
      s('text', { x: 0, y: G.nodeH / 2 + 4, class: 'map-label' }, label)));
    g.addEventListener('click', () => choose(n.key));
    g.addEventListener('keydown', (e) => keys(e, n));
    nodeLayer.append(g);
  }
  svg.append(nodeLayer);

  const clear = h('button', { type: 'button', class: 'button ghost small', disabled: !selected }, t('map_clear'));
  clear.addEventListener('click', () => { view.selected = null; draw(); });
  replace(root,
    h('div', { class: 'map-head' },
      h('h2', { id: 'map-title' }, t('map')),
      clear),
    h('p', { id: 'map-help', class: 'muted' }, withTerms(t('map_intro'))),
    h('div', { class: 'map-layout' },
      h('div', { class: 'map-scroll' }, svg),
      h('aside', { class: 'map-detail', 'aria-live': 'polite', 'aria-labelledby': 'map-detail-title' }, detail(selected, lit))),
    unconnected());
}

function choose(key) {
  view.selected = view.selected === key ? null : key;
  view.focus = key;
  draw();
  root.querySelector(`[data-node="${CSS.escape(key)}"]`)?.focus();
}

/** Arrow keys move between nodes (up/down in a column, left/right across); Enter or Space selects. */
function keys(e, n) {
  const { nodes } = view.graph;
  let next = null;
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    choose(n.key);
    return;
  }
  const column = [...nodes.values()].filter((m) => m.col === n.col).sort((a, b) => a.row - b.row);
  const i = column.indexOf(n);
  if (e.key === 'ArrowDown') next = column[Math.min(column.length - 1, i + 1)];
  if (e.key === 'ArrowUp') next = column[Math.max(0, i - 1)];
  if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
    const col = n.col + (e.key === 'ArrowRight' ? 1 : -1);
    const other = [...nodes.values()].filter((m) => m.col === col);
    next = other.sort((a, b) => Math.abs(a.row - n.row) - Math.abs(b.row - n.row))[0] ?? null;
  }
  if (e.key === 'Home') next = column[0];
  if (e.key === 'End') next = column.at(-1);
  if (!next) return;
  e.preventDefault();
  const current = root.querySelector(`[data-node="${CSS.escape(n.key)}"]`);
  const target = root.querySelector(`[data-node="${CSS.escape(next.key)}"]`);
  current?.setAttribute('tabindex', '-1');
  target?.setAttribute('tabindex', '0');
  view.focus = next.key;
  target?.focus();
}

/** The selection in words: what it is, what drives it, what it drives. */
function detail(selected, lit) {
  if (!selected) return [h('h3', { id: 'map-detail-title' }, t('map_pick')), h('p', { class: 'muted' }, t('map_pick_help'))];
  const { nodes } = view.graph;
  const n = nodes.get(selected);
  const list = (keys) => {
    const items = [...keys].map((k) => nodes.get(k)).filter(Boolean).sort((a, b) => a.col - b.col || a.row - b.row);
    if (!items.length) return h('p', { class: 'muted' }, t('none_word'));
    return h('ul', null, items.map((m) => {
      const b = h('button', { type: 'button', class: 'linkish' }, m.col === 0 ? `${kindWord(m)}: ${m.title}` : m.title);
      b.addEventListener('click', () => choose(m.key));
      return h('li', null, b, m.col > 0 ? h('span', { class: 'muted' }, ` — ${m.answer}`) : null);
    }));
  };
  const open = n.col > 0 ? h('button', { type: 'button', class: 'button small' }, t('open_card')) : null;
  open?.addEventListener('click', () => host.openCard(n.col === 1 ? 'decision' : 'capability', n.id));
  return [
    h('p', { class: 'small muted' }, kindWord(n)),
    h('h3', { id: 'map-detail-title' }, n.title),
    n.col > 0 ? h('p', null, h('strong', null, n.answer)) : null,
    n.description ? h('p', { class: 'small' }, n.description) : null,
    open,
    h('h4', null, t('map_driven_by')), list(lit.up),
    h('h4', null, t('map_drives')), list(lit.down),
  ];
}

/** Layer 0 items no choice traces to, named below the picture. */
function unconnected() {
  const drawn = new Set([...view.graph.nodes.values()].filter((n) => n.col === 0).map((n) => n.id));
  const rest = (kb?.layer0 ?? []).filter((i) => !drawn.has(i.id));
  if (!rest.length) return null;
  return h('details', { class: 'map-rest' },
    h('summary', null, t('map_rest', rest.length)),
    h('ul', null, rest.map((i) => h('li', null, `${t(`kind1_${i.kind}`)}: ${tx(i.title) || i.id}`))));
}

