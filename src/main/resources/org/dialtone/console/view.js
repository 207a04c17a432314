// Renders the live state into the page. Lists are keyed (a call by linked_id, a tile by spot, an extension by
// number): an item's element is created once and then updated in place, so the keyboard focus on a button survives
// every update from the event stream.

const STATE_WORDS = { ringing: 'Ringing', up: 'Talking', on_hold: 'On hold', parked: 'Parked' };
const DIRECTION_WORDS = { inbound: 'Incoming', outbound: 'Outgoing', internal: 'Internal' };
const LIGHT_WORDS = { offline: 'Offline', idle: 'Idle', ringing: 'Ringing', on_call: 'On a call' };

/** "1:05", "12:00", "1:02:03" */
export function duration(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, r = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${r}` : `${m}:${r}`;
}

/** "Bob (201)", or the number alone when there is no name (or the name is the number). */
export function who(party) {
  if (!party) return 'unknown';
  const number = party.number ?? '';
  return party.name && party.name !== number ? `${party.name} (${number})` : number || 'unknown';
}

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function setText(e, text) { if (e.textContent !== text) e.textContent = text; }

/** Brings `list`'s children to exactly `keys` (in order), creating with `create(key)`; returns key -> element. */
function reconcile(list, keys, create) {
  const existing = new Map([...list.children].map(c => [c.dataset.key, c]));
  const wanted = new Set(keys);
  for (const [key, child] of existing) if (!wanted.has(key)) child.remove();
  const out = new Map();
  keys.forEach((key, i) => {
    const child = existing.get(key) ?? create(key);
    child.dataset.key = key;
    if (list.children[i] !== child) list.insertBefore(child, list.children[i] ?? null);
    out.set(key, child);
  });
  return out;
}

export function renderCalls(list, calls, now, ui) {
  const items = reconcile(list, calls.map(c => c.linkedId), () => {
    const li = el('li', 'call');
    const main = el('div', 'call-main');
    main.append(el('span', 'parties'), el('span', 'meta'));
    const state = el('span', 'state');
    const time = el('span', 'time');
    const move = el('button', 'move quiet', 'Move…');
    move.type = 'button';
    move.dataset.command = 'move';
    li.append(main, state, time, move);
    return li;
  });
  for (const call of calls) {
    const li = items.get(call.linkedId);
    li.dataset.channel = call.movable.channelId;
    li.classList.toggle('selected', ui.moving?.linkedId === call.linkedId);
    li.dataset.state = call.state;
    setText(li.querySelector('.parties'), call.to ? `${who(call.from)} → ${who(call.to)}` : who(call.from));
    const meta = (DIRECTION_WORDS[call.direction] ?? call.direction) + (call.parkedAt ? ` · at spot ${call.parkedAt}` : '');
    setText(li.querySelector('.meta'), meta);
    const state = li.querySelector('.state');
    setText(state, STATE_WORDS[call.state] ?? call.state);
    state.className = 'state state-' + call.state;
    const time = li.querySelector('.time');
    setText(time, duration(now - call.since));
    time.setAttribute('aria-label', 'duration ' + duration(now - call.since));
    const move = li.querySelector('.move');
    move.setAttribute('aria-label', `Move the call of ${who(call.movable)} to a parking spot or an extension`);
    move.setAttribute('aria-pressed', String(ui.moving?.linkedId === call.linkedId));
  }
}

export function renderParking(list, spots, now, ui) {
  const items = reconcile(list, spots.map(s => s.spot), spot => {
    const li = el('li', 'tile');
    li.dataset.drop = 'spot';
    li.dataset.spot = spot;
    const button = el('button', 'tile-button');
    button.type = 'button';
    button.dataset.command = 'spot';
    button.append(el('span', 'spot-number', spot), el('span', 'spot-caller'), el('span', 'spot-detail'),
      el('span', 'spot-left'));
    li.append(button);
    return li;
  });
  for (const s of spots) {
    const li = items.get(s.spot);
    const button = li.firstElementChild;
    li.classList.toggle('occupied', !!s.occupied);
    li.dataset.channel = s.channel_id ?? '';
    setText(button.querySelector('.spot-caller'), s.occupied ? who(s.caller) : 'Empty');
    setText(button.querySelector('.spot-detail'), s.occupied
      ? `parked by ${s.parked_by ? who(s.parked_by) : 'unknown'} · ${duration(now - s.parked_time)} ago` : '');
    const left = s.occupied && s.timeout_time != null ? Math.max(0, s.timeout_time - now) : null;
    setText(button.querySelector('.spot-left'), left == null ? '' : `rings back in ${duration(left)}`);
    let label;
    if (ui.moving) label = `Park ${who(ui.moving)} at spot ${s.spot}` + (s.occupied ? ' (taken)' : '');
    else if (s.occupied) label = `Spot ${s.spot}: ${who(s.caller)}, parked by ${s.parked_by ? who(s.parked_by) : 'unknown'}. `
      + `Pick up at my extension ${ui.extension}`;
    else label = `Spot ${s.spot}: empty`;
    button.setAttribute('aria-label', label);
    button.disabled = !ui.moving && !s.occupied;
  }
}

export function renderExtensions(list, extensions, ui) {
  const items = reconcile(list, extensions.map(x => x.number), number => {
    const li = el('li', 'extension');
    li.dataset.drop = 'extension';
    li.dataset.number = number;
    const button = el('button', 'extension-button');
    button.type = 'button';
    button.dataset.command = 'extension';
    button.append(el('span', 'light'), el('span', 'extension-name'), el('span', 'extension-status'));
    li.append(button);
    return li;
  });
  for (const x of extensions) {
    const li = items.get(x.number);
    const button = li.firstElementChild;
    li.dataset.status = x.status;
    li.classList.toggle('mine', x.number === ui.extension);
    setText(button.querySelector('.extension-name'), who(x) + (x.number === ui.extension ? ' · me' : ''));
    setText(button.querySelector('.extension-status'), LIGHT_WORDS[x.status] ?? x.status);
    button.querySelector('.light').className = 'light light-' + x.status;
    button.setAttribute('aria-label', ui.moving
      ? `Transfer ${who(ui.moving)} to ${who(x)} (${LIGHT_WORDS[x.status] ?? x.status})`
      : `${who(x)}: ${LIGHT_WORDS[x.status] ?? x.status}. Press to dial`);
  }
}
