// The guided mode: one question at a time, always the most useful next one
// (the assessment's `next_questions`), until nothing is left to settle. A
// person can skip a question or stop at any point; the results show what is
// still open. Loaded when first started.

import { h, replace } from './dom.js';
import { t } from './i18n.js';
import { renderInput } from './questionnaire.js';
import * as V from './view.js';

let root;
let host;
const session = { skipped: new Set(), asked: 0, current: null };

/** Sets the guided mode up in `panel`. */
export function init(panel, hostApi) {
  root = panel;
  host = hostApi;
}

/** Starts (or restarts) the guided mode. */
export function start() {
  session.skipped.clear();
  session.asked = 0;
  session.current = null;
  root.hidden = false;
  update();
  root.scrollIntoView({ block: 'start' });
  root.querySelector('#guided-question')?.focus();
}

/** Shows the next question for the latest assessment. */
export function update() {
  if (root.hidden) return;
  const a = host.assessment();
  const next = V.nextQuestions(a).filter((q) => !session.skipped.has(q.input) && host.inputs.has(q.input));
  const moved = session.current !== (next[0]?.input ?? null);
  if (moved && session.current) session.asked += 1;
  session.current = next[0]?.input ?? null;
  const open = (a.summary?.open ?? []).length;
  const stop = h('button', { type: 'button', class: 'button ghost small' }, t('guided_stop'));
  stop.addEventListener('click', () => host.close());
  const head = h('div', { class: 'section-head' }, h('h2', { id: 'guided-title' }, t('guided_title')), stop);
  if (!session.current) {
    replace(root, head,
      h('p', { id: 'guided-question', tabindex: '-1' }, open ? t('guided_done_open', open) : t('guided_done')));
    if (moved) root.querySelector('#guided-question')?.focus();
    return;
  }
  const q = next[0];
  const skip = h('button', { type: 'button', class: 'button ghost small' }, t('guided_skip'));
  skip.addEventListener('click', () => {
    session.skipped.add(q.input);
    update();
    root.querySelector('#guided-question')?.focus();
  });
  replace(root, head,
    h('p', { class: 'small muted' }, t('guided_progress', session.asked + 1, next.length, open)),
    h('p', { id: 'guided-question', class: 'guided-why', tabindex: '-1' }, q.why),
    renderInput(host.inputs.get(q.input), host.handlers, 'g'),
    h('div', { class: 'guided-actions' }, skip));
  if (moved) root.querySelector('#guided-question')?.focus();
}
