// Sign-in: the API token is checked against the collector before it is kept (sessionStorage, this tab).
import { call, setToken } from '../api.js';
import { h, notice, replace } from '../dom.js';

export function render(main, context) {
  const message = h('div', { id: 'signin-message' });
  const input = h('input', {
    id: 'token', name: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true,
    'aria-describedby': 'token-help signin-message', dataset: { testid: 'signin-token' },
  });
  const submit = h('button', { type: 'submit', id: 'signin-submit', dataset: { testid: 'signin-submit' } }, 'Sign in');
  const form = h('form', { class: 'signin', 'aria-labelledby': 'signin-title', dataset: { testid: 'signin-form' } },
    h('h1', { id: 'signin-title' }, 'Sign in'),
    h('label', { for: 'token' }, 'API token'),
    input,
    h('p', { id: 'token-help', class: 'help' },
      'A token from the collector configuration (api.tokens). It is kept in this browser tab only ',
      'and forgotten when the tab closes.'),
    submit,
    message);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const candidate = input.value.trim();
    if (!candidate) {
      return;
    }
    submit.disabled = true;
    replace(message, notice('info', 'Checking the token…'));
    try {
      await call('/api/v1/devices', { params: { limit: 1 }, tokenOverride: candidate });
      setToken(candidate);
      input.value = '';
      const target = context.returnTo && context.returnTo !== '/signin' ? context.returnTo : '/now';
      const search = context.params.toString();
      const hash = `#${target}${search ? `?${search}` : ''}`;
      if (window.location.hash === hash) {
        context.reroute();
      } else {
        window.location.hash = hash;
      }
    } catch (error) {
      const text = error.status === 401 ? 'The collector refused this token.' : `Sign-in failed: ${error.message}`;
      replace(message, notice('error', text));
      submit.disabled = false;
      input.focus();
    }
  });
  replace(main, form);
  input.focus();
}
