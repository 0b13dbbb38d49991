// The questionnaire, generated from GET /api/v1/inputs: one fieldset per
// group, one control per input, each with its question, help, the answer it
// has now (given, assumed or "don't know") and the decisions it influences.
// A control can also be drawn on its own, where a question is asked elsewhere
// (the blocking questions, the guided mode).

import { h, idFor, replace } from './dom.js';
import { t, tx } from './i18n.js';

/** Enums with at most this many values are radio buttons; more: a select. */
const MAX_RADIOS = 5;

/** The value of the answer "I don't know" (when the API offers it). */
export const UNKNOWN = 'unknown';

/** The groups of a questionnaire document, each with its inputs. */
export function groupsOf(questionnaire) {
  return questionnaire?.groups ?? [];
}

/** Every input of a questionnaire, by id (and the derived facts' statements, for `statementOf`). */
export function indexInputs(questionnaire) {
  const byId = new Map();
  for (const group of groupsOf(questionnaire)) for (const input of group.inputs ?? []) byId.set(input.id, input);
  facts.clear();
  for (const fact of questionnaire?.facts ?? []) facts.set(fact.id, fact);
  return byId;
}

/** The derived facts with statements of their values, by id. */
const facts = new Map();

/**
 * What an answer (or a derived fact's value) says about the organisation, in
 * the KB's words ("the team has no Calico expertise"); null when the KB has no
 * statement for it (or the answer is "Don't know").
 * @param {object|undefined} input the questionnaire's input, if `id` is one
 * @param {unknown} value
 * @param {string} [id] the id of an input or a derived fact
 */
export function statementOf(input, value, id = input?.id) {
  if (value === UNKNOWN || value === undefined || value === null) return null;
  const states = input?.states ?? facts.get(id)?.states;
  if (!states) return null;
  if (Array.isArray(value)) {
    const parts = (value.length ? value : ['none']).map((v) => tx(states[v]));
    return parts.every(Boolean) ? joinAnd(parts) : null;
  }
  if (typeof value === 'number' && states.n) return tx(states.n).replaceAll('{n}', String(value));
  return tx(states[String(value)]) || null;
}

/** "a, b and c" in the current language. */
export function joinAnd(parts) {
  if (parts.length < 2) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} ${t('and')} ${parts[parts.length - 1]}`;
}

/** Whether the API accepts "I don't know" as an answer. */
export const offersUnknown = (questionnaire) => Boolean(questionnaire?.unknown);

/** The label of an answer. */
export function valueLabel(input, value) {
  if (value === UNKNOWN) return t('dont_know');
  if (input?.type === 'bool') return value ? t('yes') : t('no');
  if (Array.isArray(value)) return value.length ? value.map((v) => valueLabel(input, v)).join(', ') : valueLabel(input, 'none');
  const found = (input?.values ?? []).find((v) => v.id === value);
  if (found) return tx(found.label) || found.id;
  if (input?.type === 'set' && value === 'none') return t('none_of_these');
  const unit = input?.unit ? ` ${tx(input.unit)}` : '';
  return `${value}${typeof value === 'number' ? unit : ''}`;
}

/** The decision and capability ids an input influences (a list, or `{decisions, capabilities}`). */
function influenceIds(influences) {
  if (Array.isArray(influences)) return influences;
  return [...(influences?.decisions ?? []), ...(influences?.capabilities ?? [])];
}

/** Whether two answers are the same (sets compare as sets). */
export function sameValue(a, b) {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');
  }
  return a === b;
}

/**
 * Why an integer answer is refused, or null when it is accepted.
 * @returns {string|null}
 */
export function integerProblem(input, raw) {
  const text = String(raw ?? '').trim();
  const unit = input.unit ? ` ${tx(input.unit)}` : '';
  if (text === '') return t('invalid_empty');
  if (!/^-?\d+$/.test(text)) return t('invalid_whole', text);
  const n = Number(text);
  if (input.min !== null && input.min !== undefined && n < input.min) return t('invalid_min', `${n}${unit}`, `${input.min}${unit}`);
  if (input.max !== null && input.max !== undefined && n > input.max) return t('invalid_max', `${n}${unit}`, `${input.max}${unit}`);
  return null;
}

/**
 * @typedef {object} Handlers
 * @property {(id: string, value: unknown) => void} onAnswer
 * @property {(id: string) => void} onReset back to the assumption
 * @property {(id: string) => string} titleOf title of a decision or capability id
 * @property {(id: string) => {value: unknown, state: 'given'|'assumed'|'unknown'}} current the answer now
 * @property {boolean} unknown whether "Don't know" is offered
 */

/** Renders the whole questionnaire into `root`. */
export function renderQuestionnaire(root, questionnaire, handlers) {
  const groups = groupsOf(questionnaire).map((group) =>
    h('details', { class: 'group', open: true, id: idFor('g', group.id) },
      h('summary', null, h('h3', { class: 'group-title' }, tx(group.title) || group.id), h('span', { class: 'group-count' }, String(group.inputs?.length ?? 0))),
      group.help ? h('p', { class: 'group-help' }, tx(group.help)) : null,
      (group.inputs ?? []).map((input) => renderInput(input, handlers, 'q')),
    ),
  );
  replace(root, ...groups);
}

/** The help text, folded: the questions stay scannable, the detail is one click away. */
function help(input, helpId) {
  if (!input.help) return null;
  return h('details', { class: 'q-help' }, h('summary', null, t('more_help')), h('p', { id: helpId }, tx(input.help)));
}

/** A radio button with its label. */
function radio(name, id, value, label, checked, onChange) {
  const control = h('input', { type: 'radio', name, value, id });
  control.checked = checked;
  control.addEventListener('change', () => { if (control.checked) onChange(); });
  return h('label', { class: ['choice', value === UNKNOWN && 'choice-unknown'], for: id }, control, h('span', null, label));
}

/**
 * One question with its control. `prefix` keeps element ids apart when the
 * same question is drawn twice (the questionnaire and a blocking question).
 */
export function renderInput(input, handlers, prefix = 'q') {
  const { value, state } = handlers.current(input.id);
  const base = `${prefix}-${idFor('in', input.id)}`;
  const name = prefix === 'q' ? input.id : `${prefix}:${input.id}`;
  const helpId = `${base}-help`;
  const metaId = `${base}-meta`;
  const msgId = `${base}-msg`;
  const described = [input.help ? helpId : null, metaId, msgId].filter(Boolean).join(' ');
  const question = tx(input.question) || input.id;
  const unknownOffered = handlers.unknown;
  const answer = (v) => handlers.onAnswer(input.id, v);

  const influences = influenceIds(input.influences).map((id) => handlers.titleOf(id));
  const meta = h('div', { class: 'q-meta', id: metaId },
    h('span', { class: 'q-state' }, stateText(input, value, state)),
    influences.length ? h('span', { class: 'q-why' }, `${t('why_we_ask')}: `, influences.join(', ')) : null,
  );
  const message = h('p', { class: 'q-message', id: msgId, 'aria-live': 'polite' });
  const reset = h('button', { type: 'button', class: 'q-reset', 'aria-label': `${t('reset_to_assumption')}: ${question}` }, t('reset'));
  reset.addEventListener('click', () => handlers.onReset(input.id));
  // Beside the question, not inside its label or legend: the accessible name stays the question.
  const tools = h('div', { class: 'q-tools' }, h('span', { class: 'q-changed' }, t('your_answer_badge')), reset);

  let body;
  let wrapper;
  const isUnknown = value === UNKNOWN;
  switch (input.type) {
    case 'bool': {
      const options = [[true, t('yes')], [false, t('no')]];
      if (unknownOffered) options.push([UNKNOWN, t('dont_know')]);
      body = h('div', { class: 'choices segmented' }, options.map(([v, label]) =>
        radio(name, `${base}-${String(v)}`, String(v), label, value === v, () => answer(v))));
      wrapper = h('fieldset', { class: 'q q-bool', 'aria-describedby': described }, h('legend', { class: 'q-question' }, question), tools, help(input, helpId), body, message, meta);
      break;
    }
    case 'integer': {
      const control = h('input', {
        type: 'number', id: base, name, inputmode: 'numeric', step: '1',
        min: input.min ?? null, max: input.max ?? null, 'aria-describedby': described,
      });
      control.value = isUnknown ? '' : String(value ?? '');
      control.disabled = isUnknown;
      let timer = 0;
      const check = (commit) => {
        clearTimeout(timer);
        const problem = integerProblem(input, control.value);
        if (problem) {
          const previous = handlers.current(input.id);
          control.setAttribute('aria-invalid', 'true');
          message.textContent = `${problem} ${t('previous_applies', valueLabel(input, previous.value))}`;
          message.classList.add('is-error');
          return;
        }
        control.removeAttribute('aria-invalid');
        message.textContent = '';
        message.classList.remove('is-error');
        if (commit) answer(Number(control.value));
      };
      control.addEventListener('input', () => { clearTimeout(timer); check(false); if (!control.getAttribute('aria-invalid')) timer = setTimeout(() => check(true), 300); });
      control.addEventListener('change', () => check(true));
      let dontKnow = null;
      if (unknownOffered) {
        const box = h('input', { type: 'checkbox', id: `${base}-unknown`, name: `${name}:unknown` });
        box.checked = isUnknown;
        box.addEventListener('change', () => {
          if (box.checked) answer(UNKNOWN);
          else handlers.onReset(input.id);
        });
        dontKnow = h('label', { class: 'choice choice-unknown', for: box.id }, box, h('span', null, t('dont_know')));
      }
      body = h('div', { class: 'q-control' }, control, input.unit ? h('span', { class: 'q-unit' }, tx(input.unit)) : null, dontKnow);
      wrapper = h('div', { class: 'q q-integer' }, h('label', { class: 'q-question', for: base }, question), tools, help(input, helpId), body, message, meta);
      break;
    }
    case 'set': {
      const chosen = new Set(Array.isArray(value) ? value : []);
      const boxes = (input.values ?? []).map((v) => {
        const box = h('input', { type: 'checkbox', name, value: v.id, id: `${base}-${idFor('v', v.id)}` });
        box.checked = !isUnknown && (chosen.has(v.id) || (chosen.size === 0 && v.exclusive));
        box.dataset.exclusive = v.exclusive ? 'true' : 'false';
        return { v, box };
      });
      let unknownBox = null;
      if (unknownOffered) {
        unknownBox = h('input', { type: 'checkbox', name, value: UNKNOWN, id: `${base}-unknown` });
        unknownBox.checked = isUnknown;
        unknownBox.addEventListener('change', () => {
          if (unknownBox.checked) {
            for (const { box } of boxes) box.checked = false;
            answer(UNKNOWN);
          } else handlers.onReset(input.id);
        });
      }
      for (const { box } of boxes) {
        box.addEventListener('change', () => {
          // An exclusive value ("none") and the others rule each other out; any value rules out "don't know".
          if (box.checked) {
            for (const other of boxes) {
              if (other.box !== box && (box.dataset.exclusive === 'true' || other.box.dataset.exclusive === 'true')) other.box.checked = false;
            }
            if (unknownBox) unknownBox.checked = false;
          }
          const picked = boxes.filter((b) => b.box.checked && b.box.dataset.exclusive !== 'true').map((b) => b.v.id);
          answer(picked);
        });
      }
      body = h('div', { class: 'choices' },
        boxes.map(({ v, box }) => h('label', { class: 'choice', for: box.id }, box, h('span', null, tx(v.label) || v.id))),
        unknownBox ? h('label', { class: 'choice choice-unknown', for: unknownBox.id }, unknownBox, h('span', null, t('dont_know'))) : null);
      wrapper = h('fieldset', { class: 'q q-set', 'aria-describedby': described }, h('legend', { class: 'q-question' }, question), tools, help(input, helpId), body, message, meta);
      break;
    }
    default: {
      const values = input.values ?? [];
      if (values.length <= MAX_RADIOS) {
        const radios = values.map((v) => radio(name, `${base}-${idFor('v', v.id)}`, v.id, tx(v.label) || v.id, v.id === value, () => answer(v.id)));
        if (unknownOffered) radios.push(radio(name, `${base}-unknown`, UNKNOWN, t('dont_know'), isUnknown, () => answer(UNKNOWN)));
        body = h('div', { class: 'choices segmented' }, radios);
        wrapper = h('fieldset', { class: 'q q-enum', 'aria-describedby': described }, h('legend', { class: 'q-question' }, question), tools, help(input, helpId), body, message, meta);
      } else {
        const control = h('select', { id: base, name, 'aria-describedby': described },
          values.map((v) => h('option', { value: v.id }, tx(v.label) || v.id)),
          unknownOffered ? h('option', { value: UNKNOWN }, t('dont_know')) : null);
        control.value = value;
        control.addEventListener('change', () => answer(control.value));
        body = h('div', { class: 'q-control' }, control);
        wrapper = h('div', { class: 'q q-enum' }, h('label', { class: 'q-question', for: base }, question), tools, help(input, helpId), body, message, meta);
      }
    }
  }
  wrapper.id = `${base}-block`;
  wrapper.dataset.input = input.id;
  wrapper.dataset.state = state;
  return wrapper;
}

/** "Your answer", "Assumed: No (usual answer)", "Don't know". */
function stateText(input, value, state) {
  if (state === 'unknown') return t('state_unknown');
  if (state === 'given') return t('state_given');
  if (input.default_from) return t('state_derived', valueLabel(input, value));
  return t('state_assumed', valueLabel(input, value));
}

/**
 * Puts every drawn control in line with the current answers (after an
 * answer elsewhere, back/forward, or a new assessment), without events.
 */
export function syncQuestionnaire(root, inputs, current) {
  for (const block of root.querySelectorAll('[data-input]')) {
    const id = block.dataset.input;
    const input = inputs.get(id);
    if (!input) continue;
    const { value, state } = current(id);
    block.dataset.state = state;
    const stateNode = block.querySelector('.q-state');
    if (stateNode) stateNode.textContent = stateText(input, value, state);
    const isUnknown = value === UNKNOWN;
    for (const c of block.querySelectorAll('input, select')) {
      if (c.type === 'radio') c.checked = c.value === (typeof value === 'boolean' ? String(value) : value);
      else if (input.type === 'set' && c.type === 'checkbox') {
        if (c.value === UNKNOWN) c.checked = isUnknown;
        else {
          const chosen = Array.isArray(value) ? value : [];
          c.checked = !isUnknown && (chosen.includes(c.value) || (chosen.length === 0 && c.dataset.exclusive === 'true'));
        }
      } else if (input.type === 'integer' && c.type === 'checkbox') c.checked = isUnknown;
      else if (c.type === 'number') {
        c.disabled = isUnknown;
        // Never under the cursor: a number being typed keeps its digits.
        if (document.activeElement !== c) {
          c.value = isUnknown ? '' : String(value ?? '');
          c.removeAttribute('aria-invalid');
          const msg = block.querySelector('.q-message');
          if (msg) { msg.textContent = ''; msg.classList.remove('is-error'); }
        }
      } else if (c.tagName === 'SELECT') c.value = String(value ?? '');
    }
  }
}
