// The questionnaire, generated from GET /api/v1/inputs: one fieldset per
// group, one control per input, each with its question, help, default and the
// decisions it influences ("why we ask").

import { h, idFor, replace } from './dom.js';
import { t, tx } from './i18n.js';

/** Enums with at most this many values are radio buttons; more: a select. */
const MAX_RADIOS = 5;

/** The groups of a questionnaire document, each with its inputs. */
export function groupsOf(questionnaire) {
  return questionnaire?.groups ?? [];
}

/** Every input of a questionnaire, by id. */
export function indexInputs(questionnaire) {
  const byId = new Map();
  for (const group of groupsOf(questionnaire)) for (const input of group.inputs ?? []) byId.set(input.id, input);
  return byId;
}

/** The label of a value of an enum or set input. */
export function valueLabel(input, value) {
  if (value === 'unknown') return t('dont_know');
  if (input?.type === 'bool') return value ? t('yes') : t('no');
  if (Array.isArray(value)) return value.length ? value.map((v) => valueLabel(input, v)).join(', ') : '—';
  const found = (input?.values ?? []).find((v) => v.id === value);
  if (found) return tx(found.label) || found.id;
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
 * Renders the questionnaire into `root`.
 * @param {HTMLElement} root
 * @param {object} questionnaire GET /api/v1/inputs
 * @param {Record<string, unknown>} answers the changed answers
 * @param {(id: string) => string} titleOf title of a decision or capability id
 * @param {{onAnswer: (id: string, value: unknown) => void, onReset: (id: string) => void}} handlers
 */
export function renderQuestionnaire(root, questionnaire, answers, titleOf, handlers) {
  const groups = groupsOf(questionnaire).map((group) =>
    h('details', { class: 'group', open: true, id: idFor('g', group.id) },
      h('summary', null, h('h3', { class: 'group-title' }, tx(group.title) || group.id), h('span', { class: 'group-count' }, String(group.inputs?.length ?? 0))),
      group.help ? h('p', { class: 'group-help' }, tx(group.help)) : null,
      (group.inputs ?? []).map((input) => renderInput(input, answers, titleOf, handlers)),
    ),
  );
  replace(root, ...groups);
}

/** The help text, folded: the questions stay scannable, the detail is one click away. */
function help(input, helpId) {
  if (!input.help) return null;
  return h('details', { class: 'q-help' }, h('summary', null, t('more_help')), h('p', { id: helpId }, tx(input.help)));
}

function renderInput(input, answers, titleOf, handlers) {
  const given = Object.prototype.hasOwnProperty.call(answers, input.id);
  const value = given ? answers[input.id] : input.default;
  const base = idFor('in', input.id);
  const helpId = `${base}-help`;
  const metaId = `${base}-meta`;
  const described = [input.help ? helpId : null, metaId].filter(Boolean).join(' ');
  const question = tx(input.question) || input.id;

  const influences = influenceIds(input.influences).map((id) => titleOf(id));
  const meta = h('div', { class: 'q-meta', id: metaId },
    h('span', { class: 'q-default' }, `${t('default_value')}: `, h('span', { class: 'q-default-value' },
      input.default_from ? t('default_follows') : valueLabel(input, input.default))),
    influences.length ? h('span', { class: 'q-why' }, `${t('why_we_ask')}: ${t('influences')} `, influences.join(', ')) : null,
  );
  const reset = h('button', { type: 'button', class: 'q-reset', title: t('reset_to_default'), 'aria-label': `${t('reset_to_default')}: ${question}` }, t('reset'));
  reset.addEventListener('click', () => handlers.onReset(input.id));
  const badge = h('span', { class: 'q-changed' }, t('changed'));
  // Beside the question, not inside its label or legend: the accessible name stays the question.
  const tools = h('div', { class: 'q-tools' }, badge, reset);

  let control;
  let wrapper;
  switch (input.type) {
    case 'bool': {
      control = h('input', { type: 'checkbox', id: base, name: input.id, 'aria-describedby': described });
      control.checked = value === true;
      control.addEventListener('change', () => handlers.onAnswer(input.id, control.checked));
      wrapper = h('div', { class: 'q q-bool' },
        h('label', { class: 'q-question switch', for: base }, control, h('span', { class: 'switch-track', 'aria-hidden': 'true' }), h('span', { class: 'switch-text' }, question)),
        tools,
        help(input, helpId),
        meta);
      break;
    }
    case 'integer': {
      control = h('input', {
        type: 'number', id: base, name: input.id, inputmode: 'numeric', step: '1',
        min: input.min ?? null, max: input.max ?? null, 'aria-describedby': described,
      });
      control.value = typeof value === 'number' ? String(value) : String(value ?? '');
      let timer = 0;
      const commit = () => {
        clearTimeout(timer);
        if (control.value === '' || !control.checkValidity()) return;
        handlers.onAnswer(input.id, Number(control.value));
      };
      control.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(commit, 250); });
      control.addEventListener('change', commit);
      wrapper = h('div', { class: 'q q-integer' },
        h('label', { class: 'q-question', for: base }, question),
        tools,
        help(input, helpId),
        h('div', { class: 'q-control' }, control, input.unit ? h('span', { class: 'q-unit' }, tx(input.unit)) : null),
        meta);
      break;
    }
    case 'set': {
      const chosen = new Set(Array.isArray(value) ? value : []);
      const boxes = (input.values ?? []).map((v) => {
        const box = h('input', { type: 'checkbox', name: input.id, value: v.id, id: `${base}-${idFor('v', v.id)}` });
        box.checked = chosen.has(v.id) || (chosen.size === 0 && v.exclusive);
        box.dataset.exclusive = v.exclusive ? 'true' : 'false';
        return { v, box };
      });
      for (const { box } of boxes) {
        box.addEventListener('change', () => {
          // An exclusive value ("none") and the others rule each other out.
          if (box.checked) {
            for (const other of boxes) {
              if (other.box !== box && (box.dataset.exclusive === 'true' || other.box.dataset.exclusive === 'true')) other.box.checked = false;
            }
          }
          const picked = boxes.filter((b) => b.box.checked && b.box.dataset.exclusive !== 'true').map((b) => b.v.id);
          handlers.onAnswer(input.id, picked);
        });
      }
      control = boxes[0]?.box;
      wrapper = h('fieldset', { class: 'q q-set', 'aria-describedby': described },
        h('legend', { class: 'q-question' }, question),
        tools,
        help(input, helpId),
        h('div', { class: 'choices' }, boxes.map(({ v, box }) =>
          h('label', { class: 'choice', for: box.id, title: tx(v.help) || null }, box, h('span', null, tx(v.label) || v.id)))),
        meta);
      break;
    }
    default: {
      const values = input.values ?? [];
      if (values.length <= MAX_RADIOS) {
        const radios = values.map((v) => {
          const radio = h('input', { type: 'radio', name: input.id, value: v.id, id: `${base}-${idFor('v', v.id)}` });
          radio.checked = v.id === value;
          radio.addEventListener('change', () => { if (radio.checked) handlers.onAnswer(input.id, v.id); });
          return h('label', { class: 'choice', for: radio.id, title: tx(v.help) || null }, radio, h('span', null, tx(v.label) || v.id));
        });
        wrapper = h('fieldset', { class: 'q q-enum', 'aria-describedby': described },
          h('legend', { class: 'q-question' }, question),
        tools,
          help(input, helpId),
          h('div', { class: 'choices segmented' }, radios),
          meta);
      } else {
        control = h('select', { id: base, name: input.id, 'aria-describedby': described },
          values.map((v) => h('option', { value: v.id }, tx(v.label) || v.id)));
        control.value = value;
        control.addEventListener('change', () => handlers.onAnswer(input.id, control.value));
        wrapper = h('div', { class: 'q q-enum' },
          h('label', { class: 'q-question', for: base }, question),
        tools,
          help(input, helpId),
          h('div', { class: 'q-control' }, control),
          meta);
      }
    }
  }
  wrapper.id = idFor('q', input.id);
  wrapper.dataset.input = input.id;
  wrapper.classList.toggle('is-changed', given);
  return wrapper;
}

/**
 * Puts the controls in line with `answers` (after back/forward), without events.
 * `derived` holds the values of unanswered inputs whose default follows the
 * other answers (from the latest assessment).
 */
export function syncQuestionnaire(root, inputs, answers, derived = new Map()) {
  for (const [id, input] of inputs) {
    const given = Object.prototype.hasOwnProperty.call(answers, id);
    const value = given ? answers[id] : (derived.has(id) ? derived.get(id) : input.default);
    const block = root.querySelector(`[data-input="${CSS.escape(id)}"]`);
    if (!block) continue;
    block.classList.toggle('is-changed', given);
    const controls = block.querySelectorAll(`[name="${CSS.escape(id)}"]`);
    for (const c of controls) {
      if (input.type === 'bool') c.checked = value === true;
      else if (input.type === 'set') {
        const chosen = Array.isArray(value) ? value : [];
        c.checked = chosen.includes(c.value) || (chosen.length === 0 && c.dataset.exclusive === 'true');
      } else if (c.type === 'radio') c.checked = c.value === value;
      else if (document.activeElement !== c) c.value = String(value ?? '');
    }
  }
}
