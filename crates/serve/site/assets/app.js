// kompas: the interactive site. The answers live in the URL (the answers
// given only), so a link shares the exact assessment and back/forward work;
// every change re-assesses through POST /api/v1/assess and repaints the
// results. Only what the first paint needs is loaded at start: the map, the
// comparison, the records and the guided mode are loaded when first opened.

import { ApiError, getJson, postJson } from './api.js';
import { announcement, changedMap, diff, renderChanges } from './changes.js';
import { h, idFor, replace } from './dom.js';
import { withTerms } from './glossary.js';
import { LANGS, lang, setLang, t, tx } from './i18n.js';
import { indexInputs, offersUnknown, renderInput, renderQuestionnaire, syncQuestionnaire, UNKNOWN, valueLabel } from './questionnaire.js';
import { buildAllCards, renderResults } from './results.js';
import * as V from './view.js';

const $ = (id) => document.getElementById(id);
const el = {
  layout: $('layout'),
  groups: $('questionnaire-groups'),
  head: $('page-head'),
  changes: $('changes'),
  results: $('results'),
  status: $('status'),
  resetAll: $('reset-all'),
  org: $('org-name'),
  orgMessage: $('org-name-msg'),
  downloadMd: $('download-md'),
  downloadJson: $('download-json'),
  copyLink: $('copy-link'),
  print: $('print'),
  theme: $('theme-toggle'),
  details: $('details-toggle'),
  footer: $('kb-footer'),
  guided: $('guided'),
  guidedStart: $('guided-start'),
  phoneSwitch: [...document.querySelectorAll('.phone-switch [data-pane]')],
  tabs: [...document.querySelectorAll('[role="tab"]')],
  report: $('print-report'),
};

/** The tabs besides the results, each named in the URL's fragment. */
const TABS = ['map', 'compare', 'records'];

/** The longest organisation name kept (it titles the page and the report). */
const ORG_MAX = 80;

const state = {
  questionnaire: null,
  inputs: new Map(),
  /** The answers given (including "don't know"), by input id: the query string. */
  answers: {},
  org: '',
  /** The other profile of a comparison, as a query string (without `?`), or ''. */
  vs: '',
  assessment: null,
  assessmentText: '',
  /** The assessment before the latest answer, and what that answer changed. */
  change: null,
  /** Whether the next paint follows an answer (not a language switch or a reload). */
  answered: false,
  view: 'results',
  pane: 'results',
  details: false,
  seq: 0,
  controller: null,
  reportStale: true,
  modules: {},
};

// ---------------------------------------------------------------------------
// The URL: ?lang=nl&org=Acme&calico_expertise=true&compliance_requirements=GDPR,PCI-DSS&vs=...#compare
// ---------------------------------------------------------------------------

const RESERVED = new Set(['lang', 'org', 'vs', 'view']);

function encodeAnswer(value) {
  return Array.isArray(value) ? value.join(',') : String(value);
}

function decodeAnswer(input, raw) {
  if (raw.trim() === UNKNOWN) return UNKNOWN;
  switch (input?.type) {
    case 'bool': return raw === 'true' ? true : raw === 'false' ? false : raw;
    case 'integer': return /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw;
    case 'set': return raw.split(',').map((s) => s.trim()).filter(Boolean);
    default: return raw;
  }
}

/** The answers in a query string. */
export function answersFromQuery(query, inputs) {
  const answers = {};
  for (const [key, raw] of new URLSearchParams(query)) {
    if (RESERVED.has(key)) continue;
    answers[key] = decodeAnswer(inputs.get(key), raw);
  }
  return answers;
}

/** A query string of answers (without `?`). */
export function answersQuery(answers) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(answers)) params.set(key, encodeAnswer(value));
  return params.toString();
}

function readUrl() {
  const params = new URLSearchParams(location.search);
  const hash = location.hash.slice(1);
  return {
    lang: params.get('lang'),
    org: (params.get('org') ?? '').slice(0, ORG_MAX),
    vs: params.get('vs') ?? '',
    answers: answersFromQuery(location.search, state.inputs),
    view: TABS.includes(hash) ? hash : null,
  };
}

function queryString({ answers = state.answers, language = lang(), org = state.org, vs = state.vs } = {}) {
  const params = new URLSearchParams();
  if (language && language !== 'en') params.set('lang', language);
  if (org) params.set('org', org);
  for (const [key, value] of Object.entries(answers)) params.set(key, encodeAnswer(value));
  if (vs) params.set('vs', vs);
  const q = params.toString();
  return q ? `?${q}` : '';
}

function pushUrl() {
  const hash = state.view === 'results' ? '' : `#${state.view}`;
  const url = `${location.pathname}${queryString()}${hash}`;
  if (url !== `${location.pathname}${location.search}${location.hash}`) history.pushState(null, '', url);
  updateDownloads();
}

// ---------------------------------------------------------------------------
// Answers
// ---------------------------------------------------------------------------

const has = (object, key) => Object.prototype.hasOwnProperty.call(object, key);

/** The answer to an input now: given, "don't know", or assumed (from the latest assessment). */
function current(id) {
  if (has(state.answers, id)) {
    const value = state.answers[id];
    return { value, state: value === UNKNOWN ? 'unknown' : 'given' };
  }
  const answer = V.answersById(state.assessment).get(id);
  return { value: answer ? answer.value : state.inputs.get(id)?.default, state: 'assumed' };
}

function onAnswer(id, value) {
  state.answers[id] = value;
  answered();
}

function onReset(id) {
  delete state.answers[id];
  answered();
}

function resetAll() {
  state.answers = {};
  answered();
}

function answered() {
  state.answered = true;
  syncAll();
  updateResetAll();
  pushUrl();
  assess();
}

function updateResetAll() {
  el.resetAll.disabled = Object.keys(state.answers).length === 0;
}

function syncAll() {
  syncQuestionnaire(el.groups, state.inputs, current);
  syncQuestionnaire(el.results, state.inputs, current);
  if (!el.guided.hidden) syncQuestionnaire(el.guided, state.inputs, current);
}

const handlers = {
  onAnswer,
  onReset,
  titleOf: (id) => titleOf(id),
  current,
  unknown: false,
};

// ---------------------------------------------------------------------------
// Assessing and painting
// ---------------------------------------------------------------------------

async function assess() {
  const seq = ++state.seq;
  state.controller?.abort();
  const controller = new AbortController();
  state.controller = controller;
  el.results.setAttribute('aria-busy', 'true');
  try {
    const started = performance.now();
    const { json, text } = await postJson(`/api/v1/assess${V.assessQuery(lang())}`, state.answers, { signal: controller.signal });
    if (seq !== state.seq) return;
    performance.measure('kompas:fetch', { start: started });
    const previous = state.assessment;
    state.change = state.answered && previous ? diff(previous, json) : null;
    state.answered = false;
    state.assessment = json;
    state.assessmentText = text;
    paint(seq);
  } catch (error) {
    if (error?.name === 'AbortError' || seq !== state.seq) return;
    showError(error);
    announceRendered(seq);
  } finally {
    if (seq === state.seq) el.results.removeAttribute('aria-busy');
  }
}

function titleOf(id) {
  const a = state.assessment;
  return V.decision(a, id)?.title ?? V.capability(a, id)?.title ?? id;
}

const questionOf = (id) => tx(state.inputs.get(id)?.question) || id;

/** The context the results are drawn with. */
function context() {
  return {
    lang: lang(),
    inputs: state.inputs,
    questionOf,
    details: state.details,
    changed: state.change ? changedMap(state.change) : new Map(),
    onMap: (kind, id) => openMap(kind, id),
    askHere: (input, prefix) => {
      const question = state.inputs.get(input);
      return question ? renderInput(question, handlers, prefix) : null;
    },
    onGuided: () => startGuided(),
    answerState: (id) => current(id).state,
  };
}

function paint(seq) {
  const a = state.assessment;
  if (!a) return;
  const started = performance.now();
  const focused = document.activeElement?.id;
  paintHead();
  renderChanges(el.changes, state.change, {
    questionOf,
    answerText: (id) => `→ ${valueLabel(state.inputs.get(id), current(id).value)}`,
    open: (kind, id) => reveal(document.getElementById(idFor(kind, id))),
    dismiss: () => { state.change = null; renderChanges(el.changes, null); },
  });
  renderResults(el.results, a, context());
  syncAll();
  if (state.view === 'map') state.modules.map?.update(a);
  if (state.view === 'compare') state.modules.compare?.update();
  if (!el.guided.hidden) state.modules.guided?.update();
  el.status.textContent = state.change ? announcement(state.change) : t('status_ready', V.decisions(a).length, V.openQuestions(a).filter((q) => q.blocking).length);
  replace(el.footer, t('footer', tx(a.kb.title) || a.kb.id, a.kb.version), ' · ', h('a', { href: '/api/v1/openapi.json' }, t('api_docs')),
    state.details ? ` · ${a.kb.id} · ${String(a.kb.digest).slice(0, 19)}` : null);
  if (focused && !document.activeElement?.id) document.getElementById(focused)?.focus({ preventScroll: true });
  state.reportStale = true;
  scheduleReport();
  performance.measure('kompas:render', { start: started });
  announceRendered(seq);
}

/** The title, one paragraph of what this is and whose answers are shown, and the answers given. */
function paintHead() {
  const a = state.assessment;
  const given = Object.keys(state.answers).filter((id) => state.answers[id] !== UNKNOWN);
  const unknown = Object.keys(state.answers).filter((id) => state.answers[id] === UNKNOWN);
  const assumed = (a.answers ?? []).filter((x) => V.isAssumed(x)).length;
  const reference = a.kb?.reference || t('the_kb');
  const title = state.org ? t('title_org', state.org) : t('title');
  document.title = `${title} · kompas`;
  const whose = given.length || unknown.length
    ? t('whose_given', state.org || null, given.length, assumed, reference)
    : t('whose_none', reference);
  replace(el.head,
    h('h1', { id: 'page-title' }, title),
    h('p', { class: 'lede' }, withTerms(t('lede', V.decisions(a).length, V.capabilities(a).length))),
    h('p', { class: 'whose' }, withTerms(whose), unknown.length ? [' ', withTerms(t('whose_unknown', unknown.length))] : null),
    h('p', { class: 'kb-line small muted' }, t('kb_line', tx(a.kb.title) || a.kb.id, a.kb.version, today())),
    given.length || unknown.length ? answerChips([...given, ...unknown]) : null);
}

function answerChips(ids) {
  return h('ul', { class: 'answer-chips', 'aria-label': t('your_answers') }, ids.map((id) => {
    const input = state.inputs.get(id);
    const undo = h('button', { type: 'button', class: 'chip-remove', 'aria-label': `${t('reset_to_assumption')}: ${questionOf(id)}` }, '×');
    undo.addEventListener('click', () => onReset(id));
    return h('li', { class: 'answer-chip' }, h('span', { class: 'answer-q' }, questionOf(id)), ' ', h('strong', null, valueLabel(input, state.answers[id])), undo);
  }));
}

/** Today's date, YYYY-MM-DD. */
function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Tells tests and tools that the results on screen belong to change `seq`. */
function announceRendered(seq) {
  document.documentElement.dataset.rendered = String(seq);
  document.dispatchEvent(new CustomEvent('kompas:rendered', { detail: { seq } }));
}

function showError(error) {
  const problem = error instanceof ApiError ? error.problem : null;
  const reset = h('button', { type: 'button', class: 'button' }, t('problems_reset'));
  reset.addEventListener('click', resetAll);
  replace(el.results, h('section', { class: 'problem', role: 'alert' },
    h('h2', null, problem ? t('problems_title') : t('error_title')),
    h('p', null, problem ? t('problems_intro') : String(error?.message ?? error)),
    problem?.errors?.length ? h('ul', null, problem.errors.map((e) => {
      const id = String(e.pointer ?? '').replace(/^\//, '');
      const input = state.inputs.get(id);
      return h('li', null, input ? h('strong', null, questionOf(id)) : h('code', null, e.pointer || '/'), ': ', e.message, e.expected ? ` (${e.expected})` : null);
    })) : null,
    reset));
  if (!state.assessment) replace(el.head, h('h1', { id: 'page-title' }, t('title')));
  el.status.textContent = problem ? t('problems_title') : t('error_title');
}

// ---------------------------------------------------------------------------
// Going to a place in the page: a folded card opens, a hidden tab shows
// ---------------------------------------------------------------------------

function reveal(target) {
  if (!target) return;
  const panel = target.closest('[role="tabpanel"]');
  if (panel?.hidden) showView(panel.id.replace('panel-', ''), true);
  if (target.closest('.questionnaire')) setPane('questions');
  else if (target.closest('main')) setPane('results');
  const card = target.closest('article.card');
  if (card) {
    card.buildBody?.();
    const fold = card.querySelector('details.card-fold');
    if (fold) fold.open = true;
  }
  for (let d = target.parentElement?.closest('details'); d; d = d.parentElement?.closest('details')) d.open = true;
  const focusable = card?.querySelector('summary') ?? target;
  if (!focusable.matches('a, button, input, select, summary, [tabindex]')) focusable.setAttribute('tabindex', '-1');
  focusable.scrollIntoView({ block: 'start' });
  focusable.focus({ preventScroll: true });
}

document.addEventListener('click', (e) => {
  const link = e.target.closest?.('a[href^="#"]');
  if (!link || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey) return;
  const id = decodeURIComponent(link.getAttribute('href').slice(1));
  if (TABS.includes(id) || id === '') return;
  const target = document.getElementById(id);
  if (!target) return;
  e.preventDefault();
  reveal(target);
});

// ---------------------------------------------------------------------------
// Views (tabs), the phone's questions/results switch, language, theme
// ---------------------------------------------------------------------------

function showView(view, push) {
  state.view = view;
  el.layout.dataset.view = view;
  for (const tab of el.tabs) {
    const selected = tab.dataset.view === view;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    $(tab.getAttribute('aria-controls')).hidden = !selected;
  }
  if (view === 'map') loadModule('map', () => import('./map.js'), (m) => m.init($('panel-map'), mapHost())).then((m) => m?.update(state.assessment));
  if (view === 'compare') loadModule('compare', () => import('./compare.js'), (m) => m.init($('panel-compare'), compareHost())).then((m) => m?.update());
  if (view === 'records') loadModule('records', () => import('./records.js'), () => {});
  if (push) pushUrl();
}

/** Loads a module once; `init` runs on first load. */
async function loadModule(name, load, init) {
  if (!state.modules[name]) {
    const module = await load();
    init(module);
    state.modules[name] = module;
  }
  return state.modules[name];
}

function setupTabs() {
  el.tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => showView(tab.dataset.view, true));
    tab.addEventListener('keydown', (e) => {
      const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
      if (!step) return;
      const next = el.tabs[(i + step + el.tabs.length) % el.tabs.length];
      next.focus();
      showView(next.dataset.view, true);
    });
  });
}

/** On a narrow screen one pane shows at a time: the questions or the results. */
function setPane(pane) {
  state.pane = pane;
  el.layout.dataset.pane = pane;
  for (const b of el.phoneSwitch) b.setAttribute('aria-pressed', String(b.dataset.pane === pane));
}

function translateChrome() {
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll('[data-i18n-label]')) node.setAttribute('aria-label', t(node.dataset.i18nLabel));
  for (const b of document.querySelectorAll('[data-lang]')) b.setAttribute('aria-pressed', String(b.dataset.lang === lang()));
  replace($('questionnaire-intro'), withTerms(t('questionnaire_intro')));
  updateThemeButton();
}

function paintQuestionnaire() {
  if (!state.questionnaire) return;
  renderQuestionnaire(el.groups, state.questionnaire, handlers);
  updateResetAll();
}

function switchLang(language) {
  if (language === lang()) return;
  setLang(language);
  try { localStorage.setItem('kompas-lang', language); } catch { /* private mode */ }
  translateChrome();
  paintQuestionnaire();
  pushUrl();
  assess();
}

function currentTheme() {
  const set = document.documentElement.dataset.theme;
  if (set === 'dark' || set === 'light') return set;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function updateThemeButton() {
  const dark = currentTheme() === 'dark';
  el.theme.setAttribute('aria-pressed', String(dark));
  el.theme.textContent = t('theme_dark');
}

function toggleTheme() {
  const next = currentTheme() === 'dark' ? 'light' : 'dark';
  document.documentElement.dataset.theme = next;
  try { localStorage.setItem('kompas-theme', next); } catch { /* private mode */ }
  updateThemeButton();
  state.modules.map?.update(state.assessment);
}

function toggleDetails() {
  state.details = el.details.checked;
  try { localStorage.setItem('kompas-details', state.details ? '1' : '0'); } catch { /* private mode */ }
  document.documentElement.classList.toggle('engineer-view', state.details);
  paint(state.seq);
}

// ---------------------------------------------------------------------------
// The organisation's name, downloads, printing
// ---------------------------------------------------------------------------

function setupOrg() {
  el.org.maxLength = ORG_MAX + 20;
  let timer = 0;
  const commit = () => {
    clearTimeout(timer);
    const value = el.org.value.trim();
    if (value.length > ORG_MAX) {
      el.org.setAttribute('aria-invalid', 'true');
      el.orgMessage.textContent = t('org_too_long', ORG_MAX, value.length, state.org || t('org_none'));
      el.orgMessage.classList.add('is-error');
      return;
    }
    el.org.removeAttribute('aria-invalid');
    el.orgMessage.textContent = '';
    el.orgMessage.classList.remove('is-error');
    if (value === state.org) return;
    state.org = value;
    pushUrl();
    if (state.assessment) {
      paintHead();
      state.reportStale = true;
      scheduleReport();
    }
  };
  el.org.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(commit, 300); });
  el.org.addEventListener('change', commit);
}

/** A file name part for the organisation: letters and digits, words joined by `-`. */
function slug(name) {
  return name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
}

/** The canonical JSON of the answers (keys sorted), as the server hashes it. */
function canonical(answers) {
  const sorted = {};
  for (const key of Object.keys(answers).sort()) sorted[key] = answers[key];
  return JSON.stringify(sorted);
}

/** The name of a download: after the organisation, else after the profile, then the date. */
async function downloadName(extension) {
  const named = slug(state.org);
  if (named) return `kompas-${named}-${today()}.${extension}`;
  let short = 'assessment';
  try {
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonical(state.answers)));
    short = [...new Uint8Array(digest).slice(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join('');
  } catch { /* not a secure context: the generic name */ }
  return `kompas-${state.assessment?.kb?.id ?? 'kb'}-${short}-${today()}.${extension}`;
}

function updateDownloads() {
  el.downloadMd.setAttribute('href', `/api/v1/report.md${queryString({ vs: '' })}`);
}

async function downloadJson() {
  if (!state.assessmentText) return;
  const url = URL.createObjectURL(new Blob([state.assessmentText], { type: 'application/json' }));
  const a = h('a', { href: url, download: await downloadName('json') });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

async function copyLink() {
  try {
    await navigator.clipboard.writeText(location.href);
    el.status.textContent = t('link_copied');
  } catch {
    el.status.textContent = location.href;
  }
}

/** The printed report is built apart from the screen, when the browser is idle after a paint. */
function scheduleReport() {
  const run = () => { if (state.reportStale) buildReport(); };
  if ('requestIdleCallback' in window) requestIdleCallback(run, { timeout: 2000 });
  else setTimeout(run, 200);
}

async function buildReport() {
  if (!state.assessment) return;
  state.reportStale = false;
  const report = await loadModule('report', () => import('./report.js'), () => {});
  report.renderReport(el.report, state.assessment, {
    org: state.org, date: today(), inputs: state.inputs, questionOf, answers: state.answers,
  });
  document.documentElement.dataset.report = String(state.seq);
}

addEventListener('beforeprint', () => {
  if (state.reportStale && state.modules.report) {
    state.reportStale = false;
    state.modules.report.renderReport(el.report, state.assessment, { org: state.org, date: today(), inputs: state.inputs, questionOf, answers: state.answers });
  }
  buildAllCards(el.results);
});

// ---------------------------------------------------------------------------
// The map, the comparison and the guided mode (loaded on first use)
// ---------------------------------------------------------------------------

function mapHost() {
  return {
    assessment: () => state.assessment,
    openCard: (kind, id) => reveal(document.getElementById(idFor(kind === 'capability' ? 'c' : 'd', id))),
  };
}

function openMap(kind, id) {
  showView('map', true);
  loadModule('map', () => import('./map.js'), (m) => m.init($('panel-map'), mapHost())).then((m) => m.select(`${kind}:${id}`));
}

function compareHost() {
  return {
    assessment: () => state.assessment,
    answers: () => state.answers,
    answersQuery: () => answersQuery(state.answers),
    vs: () => state.vs,
    setVs: (vs) => { state.vs = vs; pushUrl(); state.modules.compare?.update(); },
    swap: () => {
      const other = answersFromQuery(state.vs === '-' ? '' : state.vs, state.inputs);
      state.vs = answersQuery(state.answers) || '-';
      state.answers = other;
      answered();
    },
    inputs: state.inputs,
    questionOf,
    answersFromQuery: (q) => answersFromQuery(q, state.inputs),
    lang: () => lang(),
    reveal: (kind, id) => reveal(document.getElementById(idFor(kind, id))),
  };
}

async function startGuided() {
  const guided = await loadModule('guided', () => import('./guided.js'), (m) => m.init(el.guided, {
    assessment: () => state.assessment,
    inputs: state.inputs,
    handlers,
    close: () => { el.guided.hidden = true; el.guidedStart.focus(); },
  }));
  setPane('results');
  guided.start();
}

// ---------------------------------------------------------------------------
// Start
// ---------------------------------------------------------------------------

function initialLang(fromUrl) {
  if (LANGS.includes(fromUrl)) return fromUrl;
  try {
    const saved = localStorage.getItem('kompas-lang');
    if (LANGS.includes(saved)) return saved;
  } catch { /* private mode */ }
  return navigator.language?.toLowerCase().startsWith('nl') ? 'nl' : 'en';
}

addEventListener('popstate', () => {
  const url = readUrl();
  const sameQuery = queryString() === queryString({ answers: url.answers, language: LANGS.includes(url.lang) ? url.lang : 'en', org: url.org, vs: url.vs });
  showView(url.view ?? 'results', false);
  if (sameQuery) return;
  state.answers = url.answers;
  state.org = url.org;
  state.vs = url.vs;
  el.org.value = state.org;
  const language = LANGS.includes(url.lang) ? url.lang : 'en';
  if (language !== lang()) {
    setLang(language);
    translateChrome();
    paintQuestionnaire();
  }
  state.answered = true;
  syncAll();
  updateResetAll();
  assess();
});

async function start() {
  setLang(initialLang(new URLSearchParams(location.search).get('lang')));
  try { state.details = localStorage.getItem('kompas-details') === '1'; } catch { /* private mode */ }
  el.details.checked = state.details;
  document.documentElement.classList.toggle('engineer-view', state.details);
  translateChrome();
  setupTabs();
  setupOrg();
  el.resetAll.addEventListener('click', resetAll);
  el.downloadJson.addEventListener('click', downloadJson);
  el.copyLink.addEventListener('click', copyLink);
  el.print.addEventListener('click', async () => { if (state.reportStale) await buildReport(); print(); });
  el.theme.addEventListener('click', toggleTheme);
  el.details.addEventListener('change', toggleDetails);
  el.guidedStart.addEventListener('click', startGuided);
  for (const b of el.phoneSwitch) b.addEventListener('click', () => setPane(b.dataset.pane));
  for (const b of document.querySelectorAll('[data-lang]')) b.addEventListener('click', () => switchLang(b.dataset.lang));
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', updateThemeButton);
  setPane('results');

  replace(el.results, h('p', { class: 'muted' }, t('loading')));
  try {
    state.questionnaire = await getJson('/api/v1/inputs');
    state.inputs = indexInputs(state.questionnaire);
    handlers.unknown = offersUnknown(state.questionnaire);
    el.guidedStart.hidden = !handlers.unknown;
  } catch (error) {
    showError(error);
    return;
  }
  const url = readUrl();
  state.answers = url.answers;
  state.org = url.org;
  state.vs = url.vs;
  el.org.value = state.org;
  showView(url.view ?? 'results', false);
  updateDownloads();
  await assess();
  paintQuestionnaire();
  syncAll();
  if (location.hash && !TABS.includes(location.hash.slice(1))) reveal(document.getElementById(decodeURIComponent(location.hash.slice(1))));
}

start();

