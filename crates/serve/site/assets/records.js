// Decision records in the site: save the current answers as a record, list
// the records, open one (its choices, overrides, sign-offs and whether it
// drifted under the knowledge base being served), compare it with the current
// answers, propose, sign, accept, and download its ADRs as a zip.
//
// Self-contained: it reads the current answers from the URL (where the
// questionnaire keeps them) and the language from i18n.js, and talks only to
// /api/v1/records (see /api/v1/openapi.json).

import { h, replace } from './dom.js';
import { lang } from './i18n.js';

const STRINGS = {
  en: {
    tab: 'Records',
    title: 'Decision records',
    intro: 'Save the current answers with their assessment as a record the decision board can propose, sign and accept. Every change is kept.',
    save_legend: 'Save the current answers',
    record_title: 'Title',
    organisation: 'Organisation (optional)',
    save: 'Save as a record',
    saved: (id) => `Saved as record ${id}.`,
    list: 'Records',
    none: 'No records yet.',
    id: 'Id',
    status: 'Status',
    date: 'Date',
    open: 'Open',
    open_named: (title) => `Open ${title}`,
    back: 'Back to the list',
    status_draft: 'Draft',
    status_proposed: 'Proposed',
    status_accepted: 'Accepted',
    status_superseded: 'Superseded',
    revision: (n) => `revision ${n}`,
    saved_by: (at, by) => `Saved ${at} by ${by}`,
    accepted_by: (at, by) => `Accepted ${at} by ${by}`,
    kb: 'Knowledge base',
    choices: 'Choices',
    decision: 'Decision',
    choice: 'Choice',
    override: (rec) => `override; kompas recommends ${rec}`,
    signoffs: 'Sign-offs',
    no_signoffs: 'Nobody has signed yet.',
    propose: 'Propose',
    accept: 'Accept',
    changed: (status) => `The record is now: ${status}.`,
    sign_legend: 'Sign this record',
    name: 'Name',
    role: 'Role',
    comment: 'Comment (optional)',
    sign: 'Sign',
    signed: 'Signed.',
    export: 'Download the ADRs (zip)',
    compare: 'Compare with the current answers',
    same: 'The current answers give the same assessment as this record.',
    differences: 'Differences with the current answers',
    answers_changed: 'Answers',
    recommendations_changed: 'Recommendations',
    findings_added: 'New findings',
    blocking_added: 'New blocking questions',
    blocking_removed: 'No longer blocking',
    kb_changed: 'The knowledge base is a different version.',
    drift_title: 'This record drifted',
    drift_intro: 'The knowledge base being served says something else now:',
    no_drift: 'The knowledge base being served still supports this record.',
    d_recommendation: (t, from, to) => `${t}: the recommendation changed from ${from} to ${to}.`,
    d_finding_added: (code, msg) => `New finding ${code}: ${msg}`,
    d_finding_removed: (code, msg) => `Finding ${code} no longer applies: ${msg}`,
    d_blocking_added: (id, q) => `New blocking question ${id}: ${q}`,
    d_blocking_removed: (id, q) => `Question ${id} no longer blocks: ${q}`,
    d_lifecycle: (name, now) => `${name}, a tool of your choice, is now ${now}.`,
    d_licence: (name, then, now) => `The licence of ${name}, a tool of your choice, changed from ${then} to ${now}.`,
    d_option_removed: (opt) => `The option ${opt} is no longer in the knowledge base.`,
    d_answers_invalid: 'The answers no longer fit the knowledge base.',
    nothing: 'none',
    token_legend: 'This server needs a token',
    token_intro: 'Paste an API token or an access token of your organisation. It is kept in this tab only.',
    token: 'Token',
    use_token: 'Use the token',
    error: 'Something went wrong',
  },
  nl: {
    tab: 'Besluiten',
    title: 'Besluitvastleggingen',
    intro: 'Sla de huidige antwoorden met hun advies op als vastlegging die de beslisgroep kan voorstellen, ondertekenen en aanvaarden. Elke wijziging blijft bewaard.',
    save_legend: 'De huidige antwoorden opslaan',
    record_title: 'Titel',
    organisation: 'Organisatie (optioneel)',
    save: 'Opslaan als vastlegging',
    saved: (id) => `Opgeslagen als vastlegging ${id}.`,
    list: 'Vastleggingen',
    none: 'Nog geen vastleggingen.',
    id: 'Id',
    status: 'Status',
    date: 'Datum',
    open: 'Openen',
    open_named: (title) => `${title} openen`,
    back: 'Terug naar de lijst',
    status_draft: 'Concept',
    status_proposed: 'Voorgesteld',
    status_accepted: 'Aanvaard',
    status_superseded: 'Vervangen',
    revision: (n) => `versie ${n}`,
    saved_by: (at, by) => `Opgeslagen ${at} door ${by}`,
    accepted_by: (at, by) => `Aanvaard ${at} door ${by}`,
    kb: 'Kennisbank',
    choices: 'Keuzes',
    decision: 'Beslissing',
    choice: 'Keuze',
    override: (rec) => `eigen keuze; kompas adviseert ${rec}`,
    signoffs: 'Ondertekeningen',
    no_signoffs: 'Nog niemand heeft getekend.',
    propose: 'Voorstellen',
    accept: 'Aanvaarden',
    changed: (status) => `De vastlegging is nu: ${status}.`,
    sign_legend: 'Deze vastlegging ondertekenen',
    name: 'Naam',
    role: 'Rol',
    comment: 'Opmerking (optioneel)',
    sign: 'Ondertekenen',
    signed: 'Ondertekend.',
    export: 'De ADR’s downloaden (zip)',
    compare: 'Vergelijken met de huidige antwoorden',
    same: 'De huidige antwoorden geven hetzelfde advies als deze vastlegging.',
    differences: 'Verschillen met de huidige antwoorden',
    answers_changed: 'Antwoorden',
    recommendations_changed: 'Adviezen',
    findings_added: 'Nieuwe bevindingen',
    blocking_added: 'Nieuwe blokkerende vragen',
    blocking_removed: 'Niet meer blokkerend',
    kb_changed: 'De kennisbank is een andere versie.',
    drift_title: 'Deze vastlegging is verouderd',
    drift_intro: 'De kennisbank die nu geldt, zegt iets anders:',
    no_drift: 'De kennisbank die nu geldt, ondersteunt deze vastlegging nog.',
    d_recommendation: (t, from, to) => `${t}: het advies is veranderd van ${from} naar ${to}.`,
    d_finding_added: (code, msg) => `Nieuwe bevinding ${code}: ${msg}`,
    d_finding_removed: (code, msg) => `Bevinding ${code} geldt niet meer: ${msg}`,
    d_blocking_added: (id, q) => `Nieuwe blokkerende vraag ${id}: ${q}`,
    d_blocking_removed: (id, q) => `Vraag ${id} blokkeert niet meer: ${q}`,
    d_lifecycle: (name, now) => `${name}, een tool van jouw keuze, is nu ${now}.`,
    d_licence: (name, then, now) => `De licentie van ${name}, een tool van jouw keuze, is veranderd van ${then} naar ${now}.`,
    d_option_removed: (opt) => `De optie ${opt} staat niet meer in de kennisbank.`,
    d_answers_invalid: 'De antwoorden passen niet meer bij de kennisbank.',
    nothing: 'geen',
    token_legend: 'Deze server vraagt om een token',
    token_intro: 'Plak een API-token of een toegangstoken van jouw organisatie. Het blijft alleen in dit tabblad bewaard.',
    token: 'Token',
    use_token: 'Token gebruiken',
    error: 'Er ging iets mis',
  },
};

function s(key, ...args) {
  const entry = STRINGS[lang()]?.[key] ?? STRINGS.en[key];
  return typeof entry === 'function' ? entry(...args) : entry ?? key;
}

const panel = document.getElementById('panel-records');
const tab = document.getElementById('tab-records');
const view = { open: null, inputs: null, message: null };

// ---------------------------------------------------------------------------
// Talking to the API (with the token of this tab, when the server needs one)
// ---------------------------------------------------------------------------

class Problem extends Error {
  constructor(status, body) {
    super(body?.detail || body?.title || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

function token() {
  try { return sessionStorage.getItem('kompas-token'); } catch { return null; }
}

async function call(path, { method = 'GET', body, ifMatch } = {}) {
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (ifMatch) headers['if-match'] = ifMatch;
  const t = token();
  if (t) headers.authorization = `Bearer ${t}`;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const type = response.headers.get('content-type') || '';
  const json = type.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) throw new Problem(response.status, json);
  return { json, etag: response.headers.get('etag') };
}

// ---------------------------------------------------------------------------
// The current answers, as the questionnaire keeps them in the URL
// ---------------------------------------------------------------------------

async function currentAnswers() {
  if (!view.inputs) {
    const { json } = await call('/api/v1/inputs');
    view.inputs = new Map(json.groups.flatMap((g) => g.inputs ?? []).map((q) => [q.id, q]));
  }
  const answers = {};
  for (const [key, raw] of new URLSearchParams(location.search)) {
    // Not answers: the language, the organisation's name, the other profile of a comparison.
    if (['lang', 'org', 'vs', 'view'].includes(key)) continue;
    const type = view.inputs.get(key)?.type;
    if (type === 'bool') answers[key] = raw === 'true' ? true : raw === 'false' ? false : raw;
    else if (type === 'integer') answers[key] = /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw;
    else if (type === 'set') answers[key] = raw.split(',').map((v) => v.trim()).filter(Boolean);
    else answers[key] = raw;
  }
  return answers;
}

// ---------------------------------------------------------------------------
// Painting
// ---------------------------------------------------------------------------

const statusText = (status) => s(`status_${status}`);
const day = (at) => String(at ?? '').slice(0, 10);

function say(text, kind = 'ok') {
  view.message = { text, kind };
  const node = panel.querySelector('#records-message');
  if (node) {
    node.className = `records-message ${kind}`;
    node.textContent = text;
  }
}

function problemBlock(error) {
  const body = error instanceof Problem ? error.body : null;
  return h('div', { class: 'problem', role: 'alert' },
    h('p', null, h('strong', null, s('error')), ': ', body?.detail ?? String(error?.message ?? error)),
    body?.errors?.length ? h('ul', null, body.errors.map((e) => h('li', null, h('code', null, e.pointer || '/'), ': ', e.message))) : null);
}

function tokenForm() {
  const input = h('input', { id: 'records-token', type: 'password', autocomplete: 'off', required: true });
  const form = h('form', { class: 'records-form', action: '#' },
    h('fieldset', null,
      h('legend', null, s('token_legend')),
      h('p', { class: 'muted small' }, s('token_intro')),
      h('label', { for: 'records-token' }, s('token')), input,
      h('button', { type: 'submit', class: 'button' }, s('use_token'))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    try { sessionStorage.setItem('kompas-token', input.value.trim()); } catch { /* private mode */ }
    render();
  });
  return form;
}

function shell(...children) {
  replace(panel,
    h('section', { class: 'records', 'aria-labelledby': 'records-title' },
      h('h2', { id: 'records-title' }, s('title')),
      h('p', { class: 'muted small' }, s('intro')),
      h('p', { id: 'records-message', class: `records-message ${view.message?.kind ?? ''}`, role: 'status', 'aria-live': 'polite' }, view.message?.text ?? ''),
      ...children));
}

function saveForm() {
  const title = h('input', { id: 'record-title', name: 'title', required: true, maxlength: 200 });
  const org = h('input', { id: 'record-organisation', name: 'organisation', maxlength: 200 });
  const form = h('form', { class: 'records-form', action: '#' },
    h('fieldset', null,
      h('legend', null, s('save_legend')),
      h('label', { for: 'record-title' }, s('record_title')), title,
      h('label', { for: 'record-organisation' }, s('organisation')), org,
      h('button', { type: 'submit', class: 'button' }, s('save'))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const profile = await currentAnswers();
      const { json } = await call('/api/v1/records', { method: 'POST', body: { title: title.value, organisation: org.value || null, profile } });
      say(s('saved', json.id));
      await openRecord(json.id);
    } catch (error) {
      fail(error);
    }
  });
  return form;
}

async function renderList() {
  const { json } = await call('/api/v1/records');
  const rows = json.records.map((r) => {
    const open = h('button', { type: 'button', class: 'button ghost small', 'aria-label': s('open_named', r.title) }, s('open'));
    open.addEventListener('click', () => openRecord(r.id));
    return h('tr', { dataset: { record: r.id } },
      h('td', null, h('code', null, r.id)),
      h('th', { scope: 'row' }, r.title),
      h('td', null, h('span', { class: ['record-status', r.status] }, statusText(r.status))),
      h('td', null, day(r.updated?.at)),
      h('td', null, open));
  });
  shell(saveForm(),
    h('h3', null, s('list')),
    rows.length
      ? h('table', { class: 'records-table' },
        h('caption', { class: 'sr-only' }, s('list')),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, s('id')), h('th', { scope: 'col' }, s('record_title')), h('th', { scope: 'col' }, s('status')), h('th', { scope: 'col' }, s('date')), h('td', null))),
        h('tbody', null, rows))
      : h('p', { class: 'muted' }, s('none')));
}

function driftText(c) {
  const opt = (o) => o?.title || o?.option || s('nothing');
  switch (c.kind) {
    case 'recommendation_changed': return s('d_recommendation', c.title, opt(c.from), opt(c.to));
    case 'finding_added': return s('d_finding_added', c.finding.code, c.finding.message);
    case 'finding_removed': return s('d_finding_removed', c.finding.code, c.finding.message);
    case 'blocking_question_added': return s('d_blocking_added', c.question.id, c.question.text);
    case 'blocking_question_removed': return s('d_blocking_removed', c.question.id, c.question.text);
    case 'tool_lifecycle': return s('d_lifecycle', c.name, c.now);
    case 'tool_licence': return s('d_licence', c.name, c.then, c.now);
    case 'option_removed': return s('d_option_removed', c.option);
    case 'answers_invalid': return s('d_answers_invalid');
    default: return c.kind;
  }
}

function driftBanner(drift) {
  if (!drift?.drifted) return h('p', { class: 'records-nodrift muted small' }, s('no_drift'));
  return h('section', { class: 'drift-banner', 'aria-labelledby': 'drift-title' },
    h('h3', { id: 'drift-title' }, s('drift_title')),
    h('p', null, s('drift_intro')),
    h('ul', null, drift.drift.changes.map((c) => h('li', { dataset: { kind: c.kind } }, driftText(c)))));
}

function choices(record) {
  const overrides = new Map(record.overrides.map((o) => [o.decision, o]));
  const rows = (record.assessment?.decisions ?? []).map((d) => {
    const o = overrides.get(d.id);
    const recTitle = d.recommendation?.title ?? s('nothing');
    const chosen = o ? (d.alternatives.find((a) => a.option === o.option)?.title ?? o.option) : recTitle;
    return h('tr', { dataset: { decision: d.id } },
      h('th', { scope: 'row' }, d.title),
      h('td', null, chosen, o ? h('span', { class: 'override-note' }, ` (${s('override', recTitle)}): ${o.reason}`) : null));
  });
  return h('table', { class: 'records-table record-choices' },
    h('caption', { class: 'sr-only' }, s('choices')),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, s('decision')), h('th', { scope: 'col' }, s('choice')))),
    h('tbody', null, rows));
}

function signForm(record) {
  const name = h('input', { id: 'sign-name', required: true, maxlength: 200 });
  const role = h('input', { id: 'sign-role', required: true, maxlength: 200 });
  const comment = h('input', { id: 'sign-comment', maxlength: 4000 });
  const form = h('form', { class: 'records-form', action: '#' },
    h('fieldset', null,
      h('legend', null, s('sign_legend')),
      h('label', { for: 'sign-name' }, s('name')), name,
      h('label', { for: 'sign-role' }, s('role')), role,
      h('label', { for: 'sign-comment' }, s('comment')), comment,
      h('button', { type: 'submit', class: 'button' }, s('sign'))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await call(`/api/v1/records/${record.id}/sign`, { method: 'POST', body: { name: name.value, role: role.value, comment: comment.value || null }, ifMatch: view.etag });
      say(s('signed'));
      await openRecord(record.id);
    } catch (error) {
      fail(error);
    }
  });
  return form;
}

function diffBlock(d) {
  if (d.same) return h('p', { class: 'records-same' }, s('same'));
  const opt = (o) => o?.title || o?.option || s('nothing');
  const value = (v) => (v === null || v === undefined ? s('nothing') : Array.isArray(v) ? v.join(', ') : String(v));
  const list = (title, items) => (items.length ? [h('h4', null, title), h('ul', null, items)] : []);
  return h('section', { class: 'records-diff', 'aria-labelledby': 'diff-title' },
    h('h3', { id: 'diff-title' }, s('differences')),
    d.kb.changed ? h('p', null, s('kb_changed')) : null,
    ...list(s('answers_changed'), d.answers.map((a) => h('li', null, h('code', null, a.input), `: ${value(a.from)} → ${value(a.to)}`))),
    ...list(s('recommendations_changed'), d.recommendations.map((r) => h('li', { dataset: { decision: r.decision } }, `${r.title}: ${opt(r.from)} → ${opt(r.to)}`, r.why ? h('span', { class: 'muted small' }, ` — ${r.why.text}`) : null))),
    ...list(s('findings_added'), d.findings_added.map((f) => h('li', null, `${f.code}: ${f.message}`))),
    ...list(s('blocking_added'), d.blocking_added.map((q) => h('li', null, `${q.id}: ${q.text}`))),
    ...list(s('blocking_removed'), d.blocking_removed.map((q) => h('li', null, `${q.id}: ${q.text}`))));
}

async function openRecord(id) {
  const [{ json: record, etag }, { json: drift }] = await Promise.all([
    call(`/api/v1/records/${id}`),
    call(`/api/v1/records/${id}/drift`),
  ]);
  view.open = id;
  view.etag = etag;
  const back = h('button', { type: 'button', class: 'button ghost small' }, s('back'));
  back.addEventListener('click', () => { view.open = null; render(); });
  const actions = [];
  const action = (label, path) => {
    const b = h('button', { type: 'button', class: 'button', dataset: { action: path } }, label);
    b.addEventListener('click', async () => {
      try {
        const { json } = await call(`/api/v1/records/${id}/${path}`, { method: 'POST', ifMatch: view.etag });
        say(s('changed', statusText(json.status)));
        await openRecord(id);
      } catch (error) {
        fail(error);
      }
    });
    return b;
  };
  if (record.status === 'draft') actions.push(action(s('propose'), 'propose'));
  if (record.status === 'proposed') actions.push(action(s('accept'), 'accept'));
  const compare = h('button', { type: 'button', class: 'button ghost' }, s('compare'));
  const diffSlot = h('div', { id: 'records-diff-slot' });
  compare.addEventListener('click', async () => {
    try {
      const { json } = await call(`/api/v1/records/${id}/compare`, { method: 'POST', body: await currentAnswers() });
      replace(diffSlot, diffBlock(json));
    } catch (error) {
      fail(error);
    }
  });
  const kb = record.kb;
  shell(
    back,
    h('article', { class: 'record', dataset: { record: record.id, status: record.status } },
      h('h3', { id: 'record-heading', tabindex: '-1' }, record.title, ' ',
        h('span', { class: ['record-status', record.status] }, statusText(record.status))),
      h('p', { class: 'muted small' }, h('code', null, record.id), ` · ${s('revision', record.revision)} · `,
        s('saved_by', day(record.created.at), record.created.by.name),
        record.accepted ? ` · ${s('accepted_by', day(record.accepted.at), record.accepted.by.name)}` : null),
      h('p', { class: 'small' }, `${s('kb')}: ${kb.title || kb.id} ${kb.version} (${String(kb.digest).replace('sha256:', '').slice(0, 12)}${kb.git ? `, Git ${kb.git.commit.slice(0, 12)}` : ''})`),
      driftBanner(drift),
      h('div', { class: 'record-actions' }, actions, compare,
        h('a', { class: 'button ghost', href: `/api/v1/records/${record.id}/adr.zip`, download: `kompas-${record.id}-adr.zip` }, s('export'))),
      diffSlot,
      h('h4', null, s('choices')), choices(record),
      h('h4', null, s('signoffs')),
      record.signoffs.length
        ? h('ul', { class: 'signoffs' }, record.signoffs.map((x) => h('li', null, `${x.name} (${x.role}), ${day(x.at.at)}${x.comment ? `: ${x.comment}` : ''}`)))
        : h('p', { class: 'muted small' }, s('no_signoffs')),
      record.status === 'proposed' || record.status === 'accepted' ? signForm(record) : null));
  panel.querySelector('#record-heading')?.focus();
  announce();
}

function fail(error) {
  if (error instanceof Problem && error.status === 401) {
    shell(tokenForm());
  } else {
    say(error?.message ?? String(error), 'bad');
    panel.querySelector('.records')?.append(problemBlock(error));
  }
  announce();
}

/** Tells tests that the records panel finished painting. */
function announce() {
  panel.dataset.rendered = String(Number(panel.dataset.rendered ?? 0) + 1);
}

async function render() {
  tab.textContent = s('tab');
  if (panel.hidden) return;
  try {
    if (view.open) await openRecord(view.open);
    else await renderList();
    announce();
  } catch (error) {
    shell();
    fail(error);
  }
}

// Paint when the tab is shown (app.js toggles the panel's `hidden`), and again
// when the language changes.
new MutationObserver(() => { if (!panel.hidden) render(); }).observe(panel, { attributes: true, attributeFilter: ['hidden'] });
for (const b of document.querySelectorAll('[data-lang]')) b.addEventListener('click', () => setTimeout(render, 0));
tab.textContent = s('tab');
// Loaded when the tab is first opened: paint at once.
if (!panel.hidden) render();
