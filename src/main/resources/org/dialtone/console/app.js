// The receptionist console: sign-in, the event stream and resync, and the actions (click-to-call, park, transfer,
// unpark) by mouse, touch or keyboard. State lives in LiveState; view.js draws it.

import { Api, ApiFailure, EVENT_NAMES, plainWords } from './api.js';
import { LiveState } from './live.js';
import { renderCalls, renderParking, renderExtensions, who } from './view.js';
import { enableDrag } from './drag.js';

const SESSION_KEY = 'dialtone.console';
const RECONNECT_MS = 3000;
const EXTENSIONS_REFRESH_MS = 15000; // registrations have no events: read the extensions again this often
const $ = id => document.getElementById(id);

let api = null;
let live = new LiveState();
let source = null;
let ui = { extension: null, moving: null };
let connection = 'offline';  // 'connecting' | 'live' | 'offline'
let syncing = null;          // events received while a snapshot is being read, applied after it
let syncAgain = false;       // a resync was asked for while one was running: the snapshot may predate its cause
let everLive = false;        // the first connection says "Connecting", later ones "Offline"
let resyncTimer = null;
let reconnectTimer = null;
let refreshTimer = null;

// ---- sign in / out -------------------------------------------------------------------------------------------------

function saved() {
  try { return JSON.parse(sessionStorage.getItem(SESSION_KEY)); } catch (e) { return null; }
}

async function signIn(token, extension) {
  const candidate = new Api(token);
  const { extensions } = await candidate.get('/v1.0/extensions');
  if (!extensions.some(x => x.number === extension)) {
    throw new Error(`Extension ${extension} is not one of this customer's extensions.`);
  }
  sessionStorage.setItem(SESSION_KEY, JSON.stringify({ token, extension }));
  start(candidate, extension);
}

function start(newApi, extension) {
  api = newApi;
  ui = { extension, moving: null };
  $('sign-in').hidden = true;
  $('desk').hidden = false;
  $('sign-out').hidden = false;
  $('whoami').hidden = false;
  $('whoami').textContent = `My extension: ${extension}`;
  $('dial-button').textContent = `Call from ${extension}`;
  connect();
  refreshTimer = setInterval(refreshExtensions, EXTENSIONS_REFRESH_MS);
}

function signOut(reason) {
  sessionStorage.removeItem(SESSION_KEY);
  source?.close();
  source = null;
  clearTimeout(reconnectTimer);
  clearTimeout(resyncTimer);
  clearInterval(refreshTimer);
  api = null;
  everLive = false;
  live = new LiveState();
  ui = { extension: null, moving: null };
  setConnection('offline');
  $('banner').hidden = true;
  $('desk').hidden = true;
  $('sign-out').hidden = true;
  $('whoami').hidden = true;
  $('sign-in').hidden = false;
  $('token').value = '';
  $('sign-in-error').textContent = reason ?? '';
  hideMessage();
  draw();
  $('token').focus();
}

// ---- event stream and resync ---------------------------------------------------------------------------------------

function setConnection(state) {
  connection = state;
  document.body.dataset.connection = state;
  const banner = $('banner');
  banner.hidden = state === 'live' || !api;
  banner.textContent = state === 'connecting' ? 'Connecting to Dialtone…'
    : 'Offline: the live view is not current. Reconnecting…';
}

function connect() {
  source?.close();
  setConnection(everLive ? 'offline' : 'connecting');
  const es = api.eventSource();
  source = es;
  es.addEventListener('open', () => { if (source === es) resync(); });
  es.addEventListener('error', () => {
    if (source !== es) return;
    setConnection('offline');
    // the browser retries by itself after a dropped connection, but gives up after a refusal (401, 429...)
    if (es.readyState === EventSource.CLOSED) scheduleReconnect();
  });
  for (const name of EVENT_NAMES) {
    es.addEventListener('chan.' + name, m => { if (source === es) onEvent(name, JSON.parse(m.data)); });
  }
}

function scheduleReconnect() {
  clearTimeout(reconnectTimer);
  reconnectTimer = setTimeout(async () => {
    if (!api) return;
    try {
      await api.get('/v1.0/parking'); // is the token still good, and is Dialtone back?
      connect();
    } catch (e) {
      if (e instanceof ApiFailure && e.status === 401) signOut(plainWords(e));
      else scheduleReconnect();
    }
  }, RECONNECT_MS);
}

/** Reads the whole state again; events that arrive meanwhile are applied on top of it. */
async function resync() {
  if (!api) return;
  if (syncing) { syncAgain = true; return; }
  syncing = [];
  syncAgain = false;
  try {
    const snapshot = await api.snapshot();
    live.rebuild(snapshot);
    for (const [name, e] of syncing) syncAgain = live.apply(name, e) || syncAgain;
    if (syncAgain) resyncSoon();
    if (source?.readyState === EventSource.OPEN) { everLive = true; setConnection('live'); }
  } catch (e) {
    if (e instanceof ApiFailure && e.status === 401) { syncing = null; signOut(plainWords(e)); return; }
    if (e instanceof ApiFailure && e.status === 429) {
      // the token's request budget is spent for a moment: the switch is there, read again when it allows
      resyncSoon(1000 * Math.max(1, Number(e.retryAfter) || 1));
      return;
    }
    setConnection('offline');
    resyncSoon(RECONNECT_MS);
  } finally {
    syncing = null;
  }
  draw();
}

function resyncSoon(delay = 250) {
  clearTimeout(resyncTimer);
  resyncTimer = setTimeout(resync, delay);
}

function onEvent(name, e) {
  if (syncing) { syncing.push([name, e]); return; }
  if (live.apply(name, e)) resyncSoon();
  if (ui.moving && !live.channels.has(ui.moving.channelId)) endMove();
  draw();
}

async function refreshExtensions() {
  if (!api || connection !== 'live' || syncing) return;
  try {
    live.extensionList = (await api.get('/v1.0/extensions')).extensions;
    draw();
  } catch (e) { /* the stream's own error handling reports an outage */ }
}

// ---- drawing -------------------------------------------------------------------------------------------------------

function draw() {
  const now = api ? api.now() : Date.now() / 1000;
  const calls = live.calls(ui.extension);
  renderCalls($('calls'), calls, now, ui);
  $('no-calls').hidden = calls.length > 0;
  $('calls-count').textContent = calls.length ? `(${calls.length})` : '';
  renderParking($('parking'), live.spots(), now, ui);
  renderExtensions($('extensions'), live.extensions(), ui);
  document.body.classList.toggle('moving', !!ui.moving);
  $('move-bar').hidden = !ui.moving;
  if (ui.moving) {
    $('move-text').textContent = `Moving ${who(ui.moving)}: choose a parking spot to park it, or an extension to `
      + 'transfer it to. Escape cancels.';
  }
}

// ---- actions -------------------------------------------------------------------------------------------------------

function notice(text) {
  $('notice').textContent = text;
}

function showMessage(text) {
  $('message-text').textContent = text;
  $('message').hidden = false;
}

function hideMessage() {
  $('message').hidden = true;
  $('message-text').textContent = '';
}

async function act(what, call, success) {
  hideMessage();
  notice('');
  try {
    await call();
    notice(success);
    resyncSoon();
  } catch (e) {
    showMessage(plainWords(e, what));
  }
}

function park(channelId, label, spot) {
  return act({ action: 'park', spot }, () => api.park(channelId, spot), `Parked ${label} at spot ${spot}.`);
}

function transfer(channelId, label, number) {
  return act({ action: 'transfer', number }, () => api.transfer(channelId, number),
    `Transferring ${label} to ${number}.`);
}

function unpark(spot) {
  return act({ action: 'unpark', spot, extension: ui.extension }, () => api.unpark(spot, ui.extension),
    `Picking up spot ${spot} at extension ${ui.extension}: answer your phone.`);
}

function call(number) {
  return act({ action: 'call', number, extension: ui.extension }, () => api.originate(number, ui.extension),
    `Calling ${number} from extension ${ui.extension}: answer your phone first.`);
}

/** The call of row `li`, as Move… and drops act on it. */
function movableOf(li) {
  const c = live.calls(ui.extension).find(x => x.linkedId === li.dataset.key);
  return c ? { linkedId: c.linkedId, ...c.movable } : null;
}

function dropOn(target, moving) {
  const label = who(moving);
  if (target.dataset.drop === 'spot') return park(moving.channelId, label, target.dataset.spot);
  if (target.dataset.drop === 'extension') return transfer(moving.channelId, label, target.dataset.number);
}

function beginMove(li) {
  ui.moving = movableOf(li);
  draw();
  const firstFree = document.querySelector('#parking li:not(.occupied) button') ?? document.querySelector('#parking button');
  firstFree?.focus();
}

function endMove(focusRow) {
  const was = ui.moving;
  ui.moving = null;
  draw();
  if (focusRow && was) document.querySelector(`#calls li[data-key="${CSS.escape(was.linkedId)}"] .move`)?.focus();
}

// ---- wiring --------------------------------------------------------------------------------------------------------

function wire() {
  $('sign-in-form').addEventListener('submit', async e => {
    e.preventDefault();
    const token = $('token').value.trim(), extension = $('my-extension').value.trim();
    if (!token) { $('sign-in-error').textContent = 'Enter your API token.'; $('token').focus(); return; }
    if (!/^\+?[0-9]{1,20}$/.test(extension)) {
      $('sign-in-error').textContent = 'Enter your extension number (digits only).';
      $('my-extension').focus();
      return;
    }
    $('sign-in-error').textContent = 'Signing in…';
    try {
      await signIn(token, extension);
      $('sign-in-error').textContent = '';
      $('dial-number').focus();
    } catch (err) {
      $('sign-in-error').textContent = err instanceof ApiFailure ? plainWords(err) : err.message;
    }
  });
  $('sign-out').addEventListener('click', () => signOut('Signed out.'));
  $('message-close').addEventListener('click', hideMessage);
  $('dial-form').addEventListener('submit', e => {
    e.preventDefault();
    const number = $('dial-number').value.replace(/[\s().-]/g, '');
    if (!/^\+?[0-9*#]{1,20}$/.test(number)) { showMessage('Type a number to call: digits, optionally starting with +.'); return; }
    call(number);
  });
  $('calls').addEventListener('click', e => {
    const button = e.target.closest('button[data-command="move"]');
    if (!button) return;
    const li = button.closest('li');
    if (ui.moving?.linkedId === li.dataset.key) endMove(true); else beginMove(li);
  });
  $('parking').addEventListener('click', e => {
    const li = e.target.closest('li[data-spot]');
    if (!li || !e.target.closest('button')) return;
    if (ui.moving) { const m = ui.moving; endMove(true); dropOn(li, m); }
    else if (li.classList.contains('occupied')) unpark(li.dataset.spot);
  });
  $('extensions').addEventListener('click', e => {
    const li = e.target.closest('li[data-number]');
    if (!li || !e.target.closest('button')) return;
    if (ui.moving) { const m = ui.moving; endMove(true); dropOn(li, m); return; }
    if (li.dataset.number === ui.extension) return;
    $('dial-number').value = li.dataset.number;
    $('dial-button').focus();
  });
  $('move-cancel').addEventListener('click', () => endMove(true));
  document.addEventListener('keydown', e => { if (e.key === 'Escape' && ui.moving) endMove(true); });
  enableDrag($('calls'), $('drag-ghost'), (row, target) => {
    const moving = movableOf(row);
    if (moving) dropOn(target, moving);
  });
  setInterval(draw, 1000); // durations and time left tick
}

wire();
const session = saved();
if (session?.token && session?.extension) start(new Api(session.token), session.extension);
else $('token').focus();
