// The dashboard's shell: sign-in (the key stays in sessionStorage), the hash router, the error banner.
// Each page module renders into <main> from the API's answers; the page holds no rules of its own.

import { api, ApiError, session, showError } from '/app/api.js';
import { automationsPage } from '/app/automations.js';
import { fill } from '/app/dom.js';
import { contactPage, contactsPage } from '/app/contacts.js';
import { outreachPage } from '/app/outreach.js';
import { resultsPage } from '/app/results.js';
import { runsPage } from '/app/runs.js';
import { webhooksPage } from '/app/webhooks.js';

const pages = {
  contacts: (main, ctx) => (ctx.params[0] ? contactPage(main, ctx) : contactsPage(main, ctx)),
  outreach: outreachPage,
  results: resultsPage,
  automations: automationsPage,
  webhooks: webhooksPage,
  runs: runsPage,
};

const main = document.getElementById('page');
const login = document.getElementById('login');
const nav = document.getElementById('nav');
const logout = document.getElementById('logout');

let rendering = 0;

/** Renders the page the hash names; data-state on <main> says loading, ready or error (tests wait on it). */
async function render() {
  const signedIn = Boolean(session.key());
  login.hidden = signedIn;
  nav.hidden = !signedIn;
  logout.hidden = !signedIn;
  if (!signedIn) {
    document.getElementById('who').textContent = '';
    fill(main);
    main.dataset.state = 'signed-out';
    document.getElementById('key').focus();
    return;
  }
  const [, name = 'contacts', ...params] = location.hash.split('/');
  const page = name in pages ? name : 'contacts';
  for (const a of nav.querySelectorAll('a')) a.toggleAttribute('aria-current', a.dataset.page === page);
  const mine = ++rendering;
  main.dataset.page = page;
  main.dataset.state = 'loading';
  try {
    // What this key may do decides which buttons show (the API refuses the rest anyway).
    if (!session.who()) session.rememberWho((await api('/api/keys/me')).key);
    const who = session.who();
    document.getElementById('who').textContent = `${who.name} (${who.scope})`;
    await pages[page](main, {
      params: params.map(decodeURIComponent),
      refresh: render,
      current: () => mine === rendering,
    });
    if (mine === rendering) main.dataset.state = 'ready';
  } catch (err) {
    if (mine !== rendering) return;
    main.dataset.state = 'error';
    if (err instanceof ApiError && err.status === 401) {
      session.signOut();
      await render();
      showError(new Error('That API key was not accepted; sign in again.'));
      return;
    }
    showError(err);
  }
}

login.addEventListener('submit', (event) => {
  event.preventDefault();
  const key = document.getElementById('key');
  session.signIn(key.value.trim());
  key.value = '';
  showError(null);
  void render();
});

logout.addEventListener('click', () => {
  session.signOut();
  showError(null);
  void render();
});

window.addEventListener('hashchange', () => {
  showError(null);
  void render();
});

void render();
