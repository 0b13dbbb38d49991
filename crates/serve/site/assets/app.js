// kompas: the interactive site. The answers live in the URL (changed answers
// only), so a link shares the exact assessment and back/forward work; every
// change re-assesses through POST /api/v1/assess and repaints the results.

import { ApiError, getJson, postJson } from './api.js';
import { expand } from './assessment.js';
import { h, idFor, replace } from './dom.js';
import { LANGS, lang, setLang, t, tx } from './i18n.js';
import { indexInputs, renderQuestionnaire, sameValue, syncQuestionnaire, valueLabel } from './questionnaire.js';
import { renderResults } from './results.js';
import { renderTrace } from './trace.js';

const $ = (id) => document.getElementById(id);
const el = {
  groups: $('questionnaire-groups'),
  results: $('results'),
  trace: $('trace'),
  status: $('status'),
  resetAll: $('reset-all'),
  answersSummary: $('answers-summary'),
  downloadMd: $('download-md'),
  downloadJson: $('download-json'),
  copyLink: $('copy-link'),
  print: $('print'),
  theme: $('theme-toggle'),
  footer: $('kb-footer'),
  tabs: [...document.querySelectorAll('[role="tab"]')],
};

const state = {
  questionnaire: null,
  inputs: new Map(),
  kb: null,
  /** The answers that differ from the defaults: the query string. */
  answers: {},
  assessment: null,
  assessmentText: '',
  previous: null,
  view: 'results',
  trace: { item: null, choice: null },
  seq: 0,
  controller: null,
};

// ---------------------------------------------------------------------------
// The URL: ?lang=nl&calico_expertise=true&compliance_requirements=GDPR,PCI-DSS#trace
// ---------------------------------------------------------------------------

function encodeAnswer(value) {
  return Array.isArray(value) ? value.join(',') : String(value);
}

function decodeAnswer(input, raw) {
  // "I don't know" is an answer to every input.
  if (raw.trim() === 'unknown') return 'unknown';
  switch (input?.type) {
    case 'bool': return raw === 'true' ? true : raw === 'false' ? false : raw;
    case 'integer': return /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw;
    case 'set': return raw.split(',').map((s) => s.trim()).filter(Boolean);
    default: return raw;
  }
}

function readUrl() {
  const params = new URLSearchParams(location.search);
  const answers = {};
  for (const [key, raw] of params) {
    if (key === 'lang') continue;
    answers[key] = decodeAnswer(state.inputs.get(key), raw);
  }
  return { lang: params.get('lang'), answers, view: location.hash === '#trace' ? 'trace' : 'results' };
}

function queryString(answers, language) {
  const params = new URLSearchParams();
  if (language && language !== 'en') params.set('lang', language);
  for (const [key, value] of Object.entries(answers)) params.set(key, encodeAnswer(value));
  const q = params.toString();
  return q ? `?${q}` : '';
}

function pushUrl() {
  const url = `${location.pathname}${queryString(state.answers, lang())}${state.view === 'trace' ? '#trace' : ''}`;
  if (url !== `${location.pathname}${location.search}${location.hash}`) history.pushState(null, '', url);
}

// ---------------------------------------------------------------------------
// Answers
// ---------------------------------------------------------------------------

/** The values of unanswered inputs whose default follows the other answers. */
function derivedAnswers() {
  return new Map((state.assessment?.answers ?? [])
    .filter((a) => a.source === 'derived')
    .map((a) => [a.input, a.value]));
}

function onAnswer(id, value) {
  const input = state.inputs.get(id);
  const fallback = derivedAnswers().has(id) ? derivedAnswers().get(id) : input?.default;
  if (input && sameValue(value, fallback)) delete state.answers[id];
  else state.answers[id] = value;
  markChanged(id);
  pushUrl();
  assess();
}

function onReset(id) {
  delete state.answers[id];
  syncQuestionnaire(el.groups, state.inputs, state.answers);
  pushUrl();
  assess();
}

function resetAll() {
  state.answers = {};
  syncQuestionnaire(el.groups, state.inputs, state.answers);
  pushUrl();
  assess();
}

function markChanged(id) {
  const block = el.groups.querySelector(`[data-input="${CSS.escape(id)}"]`);
  block?.classList.toggle('is-changed', Object.prototype.hasOwnProperty.call(state.answers, id));
  updateResetAll();
}

function updateResetAll() {
  el.resetAll.disabled = Object.keys(state.answers).length === 0;
}

// ---------------------------------------------------------------------------
// Assessing and painting
// ---------------------------------------------------------------------------

async function assess() {
  const seq = ++state.seq;
  state.controller?.abort();
  const controller = new AbortController();
  state.controller = controller;
  el.results.setAttribute('aria-busy', 'true');
  updateDownloads();
  try {
    const started = performance.now();
    const { json, text } = await postJson(`/api/v1/assess?lang=${lang()}&view=full`, state.answers, { signal: controller.signal });
    if (seq !== state.seq) return;
    performance.measure('kompas:fetch', { start: started });
    state.previous = state.assessment;
    state.assessment = expand(json);
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

const titleOf = (id) => {
  const d = state.kb?.decisions?.find((x) => x.id === id) ?? state.kb?.capabilities?.find((x) => x.id === id);
  return d ? tx(d.title) : id;
};

const questionOf = (id) => tx(state.inputs.get(id)?.question) || id;

function paint(seq) {
  const a = state.assessment;
  if (!a) return;
  const started = performance.now();
  renderResults(el.results, a, { lang: lang(), inputs: state.inputs, questionOf, previous: state.previous, onTrace: openTrace, reference: a.kb?.reference });
  syncQuestionnaire(el.groups, state.inputs, state.answers, derivedAnswers());
  if (state.view === 'trace') paintTrace();
  paintAnswersSummary();
  const blocking = (a.open_questions ?? []).filter((q) => q.blocking).length;
  el.status.textContent = t('status_updated', a.decisions.length, blocking, (a.summary?.now ?? []).length);
  replace(el.footer, t('footer', a.kb.id, a.kb.version, String(a.kb.digest).slice(0, 12)), ' · ', h('a', { href: '/api/v1/openapi.json' }, t('api_docs')));
  performance.measure('kompas:render', { start: started });
  announceRendered(seq);
}

/** The answers that differ from the defaults, each with a button to undo it (printed too). */
function paintAnswersSummary() {
  const ids = Object.keys(state.answers);
  if (!ids.length) {
    replace(el.answersSummary, h('p', { class: 'muted small' }, t('all_defaults')));
    return;
  }
  replace(el.answersSummary,
    h('h2', { class: 'sr-only' }, t('your_answers')),
    h('ul', { class: 'answer-chips', 'aria-label': t('your_answers') }, ids.map((id) => {
      const input = state.inputs.get(id);
      const undo = h('button', { type: 'button', class: 'chip-remove', 'aria-label': `${t('reset_to_default')}: ${questionOf(id)}` }, '×');
      undo.addEventListener('click', () => onReset(id));
      return h('li', { class: 'answer-chip' }, h('span', { class: 'answer-q' }, questionOf(id)), ' ', h('strong', null, valueLabel(input, state.answers[id])), undo);
    })));
}

/** Tells tests and tools that the results on screen belong to change `seq`. */
function announceRendered(seq) {
  document.documentElement.dataset.rendered = String(seq);
  document.dispatchEvent(new CustomEvent('kompas:rendered', { detail: { seq } }));
}

function paintTrace() {
  if (!state.assessment) return;
  renderTrace(el.trace, state.kb, state.assessment, state.trace, {
    select: (sel) => {
      state.trace = { ...state.trace, ...sel };
      paintTrace();
    },
    openCard: (kind, id) => {
      showView('results', true);
      const card = document.getElementById(idFor(kind, id));
      card?.scrollIntoView({ block: 'start' });
      card?.querySelector('h3, h4')?.setAttribute('tabindex', '-1');
      card?.querySelector('h3, h4')?.focus({ preventScroll: true });
    },
  });
}

function openTrace(layer0Id) {
  state.trace = { ...state.trace, item: layer0Id };
  showView('trace', true);
  el.trace.querySelector(`[data-layer0="${CSS.escape(layer0Id)}"]`)?.focus();
}

function showError(error) {
  const problem = error instanceof ApiError ? error.problem : null;
  const reset = h('button', { type: 'button', class: 'button' }, t('problems_reset'));
  reset.addEventListener('click', resetAll);
  replace(el.results, h('section', { class: 'problem', role: 'alert' },
    h('h2', null, problem ? t('problems_title') : t('error_title')),
    h('p', null, problem?.detail ?? String(error?.message ?? error)),
    problem?.errors?.length ? h('ul', null, problem.errors.map((e) => h('li', null,
      h('code', null, e.pointer || '/'), ': ', e.message, e.expected ? ` (${e.expected})` : null, e.help ? ` — ${e.help}` : null))) : null,
    reset));
  el.status.textContent = problem?.detail ?? t('error_title');
}

// ---------------------------------------------------------------------------
// Views, language, theme, downloads
// ---------------------------------------------------------------------------

function showView(view, push) {
  state.view = view;
  for (const tab of el.tabs) {
    const selected = tab.dataset.view === view;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    $(tab.getAttribute('aria-controls')).hidden = !selected;
  }
  if (view === 'trace') paintTrace();
  if (push) pushUrl();
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

function translateChrome() {
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll('[data-i18n-label]')) node.setAttribute('aria-label', t(node.dataset.i18nLabel));
  for (const b of document.querySelectorAll('[data-lang]')) b.setAttribute('aria-pressed', String(b.dataset.lang === lang()));
  updateThemeButton();
}

function paintQuestionnaire() {
  if (!state.questionnaire) return;
  renderQuestionnaire(el.groups, state.questionnaire, state.answers, titleOf, { onAnswer, onReset });
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
  el.theme.textContent = dark ? t('theme_light') : t('theme_dark');
}

function toggleTheme() {
  const next = currentTheme() === 'dark' ? 'light' : 'dark';
  document.documentElement.dataset.theme = next;
  try { localStorage.setItem('kompas-theme', next); } catch { /* private mode */ }
  updateThemeButton();
}

function updateDownloads() {
  el.downloadMd.setAttribute('href', `/api/v1/report.md${queryString(state.answers, lang())}`);
}

function downloadJson() {
  if (!state.assessmentText) return;
  const url = URL.createObjectURL(new Blob([state.assessmentText], { type: 'application/json' }));
  const a = h('a', { href: url, download: `kompas-${state.assessment?.kb?.id ?? 'assessment'}.json` });
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

// Printing shows everything: open the folded parts while printing.
let reopened = [];
addEventListener('beforeprint', () => {
  reopened = [...document.querySelectorAll('details:not([open])')];
  for (const d of reopened) d.open = true;
});
addEventListener('afterprint', () => {
  for (const d of reopened) d.open = false;
  reopened = [];
});

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
  state.answers = url.answers;
  const language = LANGS.includes(url.lang) ? url.lang : 'en';
  if (language !== lang()) {
    setLang(language);
    translateChrome();
    paintQuestionnaire();
  } else {
    syncQuestionnaire(el.groups, state.inputs, state.answers);
    updateResetAll();
  }
  showView(url.view, false);
  assess();
});

async function start() {
  setLang(initialLang(new URLSearchParams(location.search).get('lang')));
  translateChrome();
  setupTabs();
  el.resetAll.addEventListener('click', resetAll);
  el.downloadJson.addEventListener('click', downloadJson);
  el.copyLink.addEventListener('click', copyLink);
  el.print.addEventListener('click', () => print());
  el.theme.addEventListener('click', toggleTheme);
  for (const b of document.querySelectorAll('[data-lang]')) b.addEventListener('click', () => switchLang(b.dataset.lang));
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', updateThemeButton);

  replace(el.results, h('p', { class: 'muted' }, t('loading')));
  try {
    const [questionnaire, kb] = await Promise.all([getJson('/api/v1/inputs'), getJson('/api/v1/kb')]);
    state.questionnaire = questionnaire;
    state.inputs = indexInputs(questionnaire);
    state.kb = kb;
  } catch (error) {
    showError(error);
    return;
  }
  const url = readUrl();
  state.answers = url.answers;
  const title = tx(state.kb?.kb?.title);
  if (title) document.title = `kompas · ${title}`;
  paintQuestionnaire();
  showView(url.view, false);
  assess();
}

start();
