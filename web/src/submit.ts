// Submitting a report ("#/submit"), for parties signed in with their bearer
// token. The token is checked against the node (an authenticated GET), kept
// in sessionStorage only, and sent only as `Authorization: Bearer`. The form
// (fields and checks in submitForm.ts) is checked locally first; then the
// node's 422 errors are shown beside the fields their JSON Pointers name, and
// the rest in the role="alert" summary. On success the new report's id and
// log index are shown.

import { fetchParties, submitReport, type FieldError } from './api';
import { h, link, markReady, pageSection } from './dom';
import type { PageInstance } from './page';
import { reportHash } from './router';
import { forgetToken, isTokenShaped, readToken, storeToken } from './session';
import { buildReport, FIELDS, newReportId, placeErrors, type FieldSpec, type FormValues } from './submitForm';

function fieldId(pointer: string): string {
  return `field${pointer.replace(/[^a-zA-Z0-9]+/g, '-')}`;
}

function control(spec: FieldSpec): HTMLElement {
  const id = fieldId(spec.pointer);
  const describedBy = [spec.hint === undefined && !spec.required ? '' : `${id}-hint`, `${id}-error`].filter((part) => part !== '').join(' ');
  const common = { id, name: spec.pointer, 'data-pointer': spec.pointer, 'aria-describedby': describedBy };
  let input: HTMLElement;
  switch (spec.kind) {
    case 'select': {
      const select = h('select', { ...common, 'aria-required': spec.required ? 'true' : undefined });
      for (const option of spec.options ?? []) select.append(h('option', { value: option.value }, option.label));
      input = select;
      break;
    }
    case 'textarea':
      input = h('textarea', { ...common, rows: 6 });
      break;
    case 'checkbox':
      input = h('input', { ...common, type: 'checkbox' });
      break;
    case 'number':
      input = h('input', { ...common, type: 'text', inputmode: 'numeric', autocomplete: 'off' });
      break;
    case 'datetime':
      input = h('input', { ...common, type: 'datetime-local', step: 60, 'aria-required': spec.required ? 'true' : undefined });
      break;
    case 'text':
      input = h('input', { ...common, type: 'text', autocomplete: 'off', 'aria-required': spec.required ? 'true' : undefined });
      break;
  }
  // The label is the field's name alone (tests and screen readers find it by it); "required" goes in the hint.
  const label = h('label', { for: id }, spec.label);
  const hintText = [spec.required ? 'Required.' : '', spec.hint ?? ''].filter((part) => part !== '').join(' ');
  const hint = hintText === '' ? null : h('span', { class: 'hint', id: `${id}-hint` }, hintText);
  const error = h('p', { class: 'field-error', id: `${id}-error`, 'data-error-for': spec.pointer });
  if (spec.kind === 'checkbox') {
    return h('div', { class: 'field field-check' }, h('label', { for: id }, input, ` ${spec.label}`), hint, error);
  }
  return h('div', { class: spec.kind === 'textarea' ? 'field wide' : 'field' }, label, hint, input, error);
}

function readValues(form: HTMLFormElement): FormValues {
  const values: FormValues = {};
  for (const element of form.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('[data-pointer]')) {
    const pointer = element.dataset['pointer'] ?? '';
    values[pointer] = element instanceof HTMLInputElement && element.type === 'checkbox' ? element.checked : element.value;
  }
  return values;
}

export function mountSubmit(): PageInstance {
  const section = pageSection(
    'submit',
    'Submit a report',
    'For parties: sign in with the access token the secretariat issued to you, then fill in the incident report. The node checks it again and writes it to the public log.',
  );
  let gone = false;

  // ------------------------------------------------------------ sign in
  const tokenInput = h('input', { id: 'access-token', name: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'access-token-hint access-token-error' });
  const tokenError = h('p', { class: 'field-error', id: 'access-token-error', role: 'alert' });
  const signInButton = h('button', { type: 'submit' }, 'Sign in');
  const signIn = h(
    'form',
    { 'data-sign-in': true, class: 'form-grid', 'aria-label': 'Sign in' },
    h(
      'div',
      { class: 'field wide' },
      h('label', { for: 'access-token' }, 'Access token'),
      h('span', { class: 'hint', id: 'access-token-hint' }, 'acc_… as the secretariat gave it. Kept in this tab only (sessionStorage) and sent only to this node.'),
      tokenInput,
      tokenError,
    ),
    signInButton,
  );
  const signedIn = h('div', { class: 'signed-in', hidden: true });
  const signOut = h('button', { type: 'button', class: 'secondary' }, 'Sign out');

  // --------------------------------------------------------- the report
  const form = h('form', { 'data-report-form': true, novalidate: true, hidden: true, 'aria-label': 'Incident report' });
  const summary = h('div', { role: 'alert', class: 'alert', 'data-error-summary': true, hidden: true });
  const result = h('div', { 'data-submit-result': true, role: 'status', 'aria-live': 'polite' });
  const groups = new Map<string, HTMLElement>();
  for (const spec of FIELDS) {
    let fieldset = groups.get(spec.group);
    if (fieldset === undefined) {
      fieldset = h('fieldset', {}, h('legend', {}, spec.group));
      groups.set(spec.group, fieldset);
    }
    fieldset.append(control(spec));
  }
  const submitButton = h('button', { type: 'submit' }, 'Submit report');
  form.append(h('p', { class: 'note' }, 'Times are in UTC. The time of reporting is set when you submit.'), summary, ...groups.values(), submitButton);
  const tlp = form.querySelector<HTMLSelectElement>('[data-pointer="/tlp"]');
  if (tlp) tlp.value = 'CLEAR';
  const precision = form.querySelector<HTMLSelectElement>('[data-pointer="/times/precision"]');
  if (precision) precision.value = 'day';

  section.append(signIn, signedIn, form, result);

  function showSignedIn(token: string): void {
    signIn.hidden = true;
    form.hidden = false;
    signedIn.hidden = false;
    signedIn.replaceChildren(h('p', {}, `Signed in with token ${token.slice(0, 20)}…. `, signOut));
  }

  function showSignedOut(): void {
    signIn.hidden = false;
    form.hidden = true;
    signedIn.hidden = true;
  }

  signOut.addEventListener('click', () => {
    forgetToken();
    showSignedOut();
    tokenInput.value = '';
    tokenInput.focus();
  });

  signIn.addEventListener('submit', (event) => {
    event.preventDefault();
    const token = tokenInput.value.trim();
    tokenError.textContent = '';
    tokenInput.removeAttribute('aria-invalid');
    if (!isTokenShaped(token)) {
      tokenError.textContent = 'This is not an access token: expected acc_, 16 hexadecimal digits, _ and 43 more characters.';
      tokenInput.setAttribute('aria-invalid', 'true');
      tokenInput.focus();
      return;
    }
    signInButton.disabled = true;
    void fetchParties({ headers: { Authorization: `Bearer ${token}` } }).then((answer) => {
      signInButton.disabled = false;
      if (gone) return;
      if (!answer.ok) {
        tokenError.textContent = / HTTP 401/.test(answer.reason)
          ? 'The node does not accept this token (unknown, expired or revoked).'
          : `The token could not be checked: ${answer.reason}`;
        tokenInput.setAttribute('aria-invalid', 'true');
        tokenInput.focus();
        return;
      }
      storeToken(token);
      showSignedIn(token);
      form.querySelector<HTMLElement>('[data-pointer]')?.focus();
    });
  });

  const pointers = FIELDS.map((spec) => spec.pointer);

  function showErrors(errors: FieldError[], prefix: string, heading: string): void {
    const placed = placeErrors(errors, pointers, prefix);
    for (const element of form.querySelectorAll<HTMLElement>('[data-error-for]')) {
      const pointer = element.dataset['errorFor'] ?? '';
      const messages = placed.byField[pointer] ?? [];
      element.textContent = messages.join('; ');
      const input = form.querySelector<HTMLElement>(`[data-pointer="${CSS.escape(pointer)}"]`);
      if (messages.length > 0) input?.setAttribute('aria-invalid', 'true');
      else input?.removeAttribute('aria-invalid');
    }
    const fieldCount = Object.keys(placed.byField).length;
    summary.hidden = errors.length === 0;
    const parts: Node[] = [h('p', { class: 'alert-title' }, heading)];
    if (fieldCount > 0) {
      parts.push(h('p', {}, `${fieldCount === 1 ? '1 field needs' : `${fieldCount} fields need`} correcting; each says why beside it.`));
    }
    if (placed.unplaced.length > 0) {
      parts.push(h('ul', {}, ...placed.unplaced.map((error) => h('li', {}, `${error.pointer === '' ? 'The report' : error.pointer}: ${error.detail}`))));
    }
    summary.replaceChildren(...parts);
    if (errors.length === 0) return;
    // Focus the first field in error, so the reader lands where the work is; else the summary.
    const first = form.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (first !== null) {
      first.focus();
    } else {
      summary.setAttribute('tabindex', '-1');
      summary.focus();
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const token = readToken();
    if (token === undefined) {
      showSignedOut();
      return;
    }
    result.replaceChildren();
    const id = newReportId(crypto.getRandomValues(new Uint8Array(16)));
    const built = buildReport(readValues(form), id, new Date());
    if (built.errors.length > 0) {
      showErrors(built.errors, '', 'The report is not complete yet.');
      return;
    }
    showErrors([], '', '');
    submitButton.disabled = true;
    result.textContent = 'Sending the report…';
    void submitReport(built.report, token).then((answer) => {
      submitButton.disabled = false;
      if (gone) return;
      if (answer.ok) {
        const receipt = answer.value;
        result.replaceChildren(
          h('div', { class: 'result' },
            h('p', {}, 'The report is in the log: ', link(reportHash(receipt.id), receipt.id, { 'data-report-link': 'true' }), '.'),
            h('p', {}, `Log index ${receipt.log_index}, in the checkpoint of tree size ${receipt.tree_size} (root hash ${receipt.root_hash}).`)),
        );
        result.dataset['reportId'] = receipt.id;
        result.dataset['logIndex'] = String(receipt.log_index);
        return;
      }
      result.replaceChildren();
      if (answer.problem?.status === 401) {
        forgetToken();
        showSignedOut();
        tokenError.textContent = 'The node no longer accepts this token: sign in again.';
        return;
      }
      const problem = answer.problem;
      const errors: FieldError[] = problem?.errors.length ? problem.errors : [{ pointer: '', detail: problem?.detail ?? answer.reason }];
      showErrors(errors, '/report', problem === undefined ? 'The report could not be sent.' : `The node refused the report: ${problem.title}.`);
    });
  });

  const token = readToken();
  if (token !== undefined) showSignedIn(token);
  markReady(section);
  return {
    section,
    destroy: () => {
      gone = true;
    },
  };
}
