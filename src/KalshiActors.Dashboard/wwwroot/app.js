// KalshiActors dashboard: REST for the first picture, the /ws stream for changes, reconnecting by itself.
'use strict';
const $ = id => document.getElementById(id);
const state = { trades: [], signals: [], alerts: [], selected: null, history: [], equity: [], status: null, ws: null, retry: 1000 };
const token = () => localStorage.getItem('kalshi-actors-token') || '';

function esc(v) { return String(v ?? '').replace(/[&<>"]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c])); }
function time(at) { return at ? new Date(at).toLocaleTimeString() : ''; }
function say(text, ok) { const m = $('message'); m.textContent = text; m.className = ok ? 'good' : 'bad'; }
function rows(el, items, render) { $(el).innerHTML = items.map(render).join(''); }

async function api(path, options) {
  const headers = Object.assign({}, options && options.headers);
  if (token()) headers.Authorization = 'Bearer ' + token();
  const response = await fetch(path, Object.assign({}, options, { headers }));
  const body = response.headers.get('content-type')?.includes('json') ? await response.json() : await response.text();
  if (!response.ok) throw new Error((body && (body.detail || body.title)) || response.statusText);
  return body;
}
async function post(path, body) {
  return api(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body || {}) });
}

function renderStatus(s) {
  state.status = s;
  $('mode').textContent = s.mode + (s.live ? ' (LIVE)' : '');
  $('connectivity').textContent = s.connectivity;
  $('connectivity').className = s.connectivity === 'connected' ? 'good' : 'warn';
  $('trading-state').textContent = s.tradingState;
  $('trading-state').className = s.tradingState === 'active' ? 'good' : 'bad';
  $('trading-state').title = s.tradingReason;
  $('auto-trading').textContent = s.autoTrading ? 'on' : 'off';
  $('toggle-auto').textContent = 'Auto-trading: ' + (s.autoTrading ? 'on (click to turn off)' : 'off (click to turn on)');
  $('equity').textContent = s.equity ?? '-';
  $('cash').textContent = s.cash ?? '-';
  $('daily-pnl').textContent = s.dailyPnl ?? '-';
  $('daily-pnl').className = (s.dailyPnl || '').startsWith('-') ? 'bad' : 'good';
  $('fill-count').textContent = s.fills;
  $('uptime').textContent = Math.floor(s.uptimeSeconds / 60) + 'm' + Math.floor(s.uptimeSeconds % 60) + 's';
  rows('positions', s.positions, p => `<tr><td>${esc(p.ticker)}</td><td>${esc(p.side)}</td><td>${esc(p.contracts)}</td><td>${esc(p.costBasis)}</td><td>${esc(p.mark)}</td><td>${esc(p.unrealizedPnl)}</td></tr>`);
  rows('open-orders', s.openOrders, o => `<tr class="${o.action === 'sell' ? 'sell' : 'buy'}"><td>${esc(o.ticker)}</td><td>${esc(o.action)} ${esc(o.side)}</td><td>${esc(o.limitPrice)}</td><td>${esc(o.count)}</td><td>${esc(o.resting)}</td><td>${esc(o.status)}</td></tr>`);
  if (s.risk) {
    $('risk').innerHTML = `<div>state <b class="${s.risk.state === 'active' ? 'good' : 'bad'}">${esc(s.risk.state)}</b> — ${esc(s.risk.reason)}${s.risk.killSwitch ? ' <b class="bad">kill switch on</b>' : ''}</div>` +
      s.risk.limits.map(l => {
        const pct = Math.min(100, Math.round((l.fraction || 0) * 100));
        return `<div>${esc(l.name)}: ${esc(l.used)} / ${esc(l.limit)}<div class="bar"><div class="${pct > 80 ? 'bad' : pct > 50 ? 'warn' : ''}" style="width:${pct}%"></div></div></div>`;
      }).join('');
  }
  $('breakers').innerHTML = s.breakers.length === 0 ? '<i>all closed</i>' : s.breakers.map(b =>
    `<div class="row"><span class="${b.state === 'closed' ? 'good' : 'bad'}">${esc(b.dependency)}: ${esc(b.state)}</span> <button data-breaker="${esc(b.dependency)}">reset</button></div>`).join('');
  pushEquity({ at: new Date().toISOString(), equity: s.equity });
}

function renderTrades() {
  rows('trades', state.trades.slice(0, 20), t => `<tr class="${t.action === 'sell' ? 'sell' : 'buy'}" data-trade="${esc(t.tradeId)}"><td>${time(t.at)}</td><td>${esc(t.ticker)}</td><td>${esc(t.action)} ${esc(t.side)}</td><td>${esc(t.price)}</td><td>${esc(t.count)}</td><td>${esc(t.fee)}</td></tr>`);
}
function renderSignals() {
  rows('signals', state.signals.slice(0, 50), s => `<tr class="${s.action === 'sell' ? 'sell' : 'buy'}"><td>${time(s.at)}</td><td>${esc(s.strategyId)}</td><td>${esc(s.ticker)}</td><td>${esc(s.action)} ${esc(s.side)}</td><td>${esc(s.marketPrice)}</td><td>${esc(s.edge)}</td></tr>`);
}
function renderAlerts() {
  $('alerts').innerHTML = state.alerts.slice(0, 50).map(a => `<li><b>${esc(a.kind)}</b> ${time(a.at)} ${esc(a.ticker)} — ${esc(a.message)}</li>`).join('');
}

function chart(svg, values) {
  const nums = values.map(Number).filter(v => !Number.isNaN(v));
  if (nums.length < 2) { $(svg).innerHTML = ''; return; }
  const min = Math.min(...nums), max = Math.max(...nums), span = (max - min) || 1;
  const points = nums.map((v, i) => `${(i / (nums.length - 1) * 400).toFixed(1)},${(150 - (v - min) / span * 140).toFixed(1)}`).join(' ');
  $(svg).innerHTML = `<polyline points="${points}"/><text x="4" y="12" fill="#8d96a3" font-size="10">${max}</text><text x="4" y="156" fill="#8d96a3" font-size="10">${min}</text>`;
}
function pushEquity(point) {
  if (point.equity == null) return;
  state.equity.push(point);
  if (state.equity.length > 600) state.equity.shift();
  chart('equity-chart', state.equity.map(p => p.equity));
}

function renderBook(b) {
  const asks = b.yesAsks.slice().reverse().map(l => `<tr><td></td><td>${esc(l.price)}</td><td>${esc(l.size)}</td></tr>`);
  const bids = b.yesBids.map(l => `<tr><td>${esc(l.size)}</td><td>${esc(l.price)}</td><td></td></tr>`);
  $('book-ladder').innerHTML = asks.join('') + `<tr><th></th><th>mid ${esc(b.mid)}</th><th></th></tr>` + bids.join('');
}
async function selectMarket(ticker) {
  state.selected = ticker;
  state.history = [];
  if (!ticker) return;
  try {
    const book = await api(`/api/markets/${encodeURIComponent(ticker)}/book`);
    state.history = book.history.map(p => p.value);
    renderBook(book);
  } catch (e) { $('book-ladder').innerHTML = `<tr><td colspan="3">${esc(e.message)}</td></tr>`; }
  chart('price-chart', state.history);
}
async function loadMarkets() {
  const markets = await api('/api/markets');
  const select = $('market-select');
  const current = state.selected;
  select.innerHTML = markets.map(m => `<option value="${esc(m.ticker)}">${esc(m.ticker)} ${esc(m.yesBid)}/${esc(m.yesAsk)}</option>`).join('');
  if (current && markets.some(m => m.ticker === current)) select.value = current;
  else if (markets.length) await selectMarket(markets[0].ticker);
}

async function refresh() {
  try {
    renderStatus(await api('/api/state'));
    state.trades = await api('/api/trades?limit=20'); renderTrades();
    state.signals = await api('/api/signals?limit=50'); renderSignals();
    state.alerts = await api('/api/alerts?limit=50'); renderAlerts();
    const equity = await api('/api/equity');
    state.equity = equity.slice(); chart('equity-chart', state.equity.map(p => p.equity));
    await loadMarkets();
    await loadCluster();
  } catch (e) { say('refresh failed: ' + e.message, false); }
}

// Cluster mode only: the panel shows what /api/cluster reads from the shared database and journal; a single node hides it.
function renderCluster(c) {
  state.cluster = c;
  $('cluster-panel').hidden = c.mode !== 'cluster';
  if (c.mode !== 'cluster') return;
  const live = c.members.filter(m => m.live).length;
  $('cluster-summary').textContent = `— ${live}/${c.members.length} nodes live, ${c.shardCount} shards, budgets ${c.leasedExposure} of ${c.accountMaxExposure} (answered by ${c.nodeId})`;
  const k = c.control;
  $('cluster-control').innerHTML = k && k.halted
    ? `<b class="bad">cluster kill switch ON</b> (generation ${esc(k.generation)}, ${esc(k.operator)} on ${esc(k.changedBy)}: ${esc(k.reason)})`
    : '<span class="good">cluster kill switch off</span>';
  const budgets = Object.fromEntries(c.budgets.map(b => [b.nodeId, b]));
  rows('cluster-members', c.members, m => `<tr data-node="${esc(m.nodeId)}"><td>${esc(m.nodeId)}</td><td class="${m.live ? 'good' : 'bad'}">${m.live ? 'live' : 'gone'}</td>` +
    `<td class="${m.tradingState === 'active' ? 'good' : 'bad'}">${esc(m.tradingState ?? '?')}</td><td>${esc(m.shards)}</td>` +
    `<td>${budgets[m.nodeId] ? esc(budgets[m.nodeId].maxExposure) + ' / ' + esc(budgets[m.nodeId].maxPositions) + ' mkts' : '-'}</td><td>${time(m.heartbeatAt)}</td></tr>`);
  $('cluster-shards').innerHTML = c.shards.map(s => `<span class="${s.ownerLive ? '' : 'bad'}" title="acquired ${esc(s.acquiredAt)}">${s.shard}:${esc(s.owner ?? '-')}@${s.epoch}</span>`).join(' ');
  rows('cluster-positions', c.positions.filter(p => p.side !== 'flat'), p => `<tr><td>${esc(p.ticker)}</td><td>${esc(p.contracts)} ${esc(p.side)}</td><td>${esc(p.fills)}</td><td>${esc(p.fees)}</td><td>${esc(p.strategies.join(', '))}</td></tr>`);
}
async function loadCluster() {
  try { renderCluster(await api('/api/cluster')); } catch (e) { $('cluster-summary').textContent = '— ' + e.message; }
}

function onMessage(message) {
  const d = message.data;
  switch (message.type) {
    case 'status_update': renderStatus(d); break;
    case 'fill': if (!state.trades.some(t => t.tradeId === d.tradeId)) { state.trades.unshift(d); renderTrades(); } break;
    case 'signal': state.signals.unshift(d); renderSignals(); break;
    case 'alert': state.alerts.unshift(d); renderAlerts(); break;
    case 'order': break; // open orders come with each status_update
    case 'breaker': break;
    case 'cluster': renderCluster(d); break;
    case 'book':
      if (d.ticker === state.selected) {
        renderBook(d);
        if (d.mid && state.history[state.history.length - 1] !== d.mid) { state.history.push(d.mid); if (state.history.length > 600) state.history.shift(); chart('price-chart', state.history); }
      }
      break;
  }
}

function connect() {
  const protocols = ['kalshi-actors'];
  if (token()) protocols.push('bearer.' + token());
  const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws', protocols);
  state.ws = ws;
  ws.onopen = () => { state.retry = 1000; $('ws-status').textContent = 'connected'; $('ws-status').className = 'good'; refresh(); };
  ws.onmessage = e => {
    try { const data = JSON.parse(e.data); (Array.isArray(data) ? data : [data]).forEach(onMessage); } catch (err) { console.error(err); }
  };
  ws.onclose = () => {
    $('ws-status').textContent = 'reconnecting'; $('ws-status').className = 'bad';
    setTimeout(connect, state.retry);
    state.retry = Math.min(state.retry * 2, 5000);
  };
}

$('save-token').onclick = () => { localStorage.setItem('kalshi-actors-token', $('token').value.trim()); $('token').value = ''; say('token saved', true); if (state.ws) state.ws.close(); };
$('kill-switch').onclick = async () => {
  const everywhere = state.cluster && state.cluster.mode === 'cluster' ? ' on EVERY node of the cluster' : '';
  if (!confirm(`Activate the kill switch${everywhere}? Every resting order is cancelled and trading halts until reset.`)) return;
  try { const r = await post('/api/kill-switch', { reason: 'kill switch from the dashboard' }); say(r.message, true); refresh(); } catch (e) { say(e.message, false); }
};
$('reset-risk').onclick = async () => {
  if (!confirm('Reset the kill switch and drawdown breaker and resume trading?')) return;
  try { const r = await post('/api/risk/reset', {}); say(r.message, true); refresh(); } catch (e) { say(e.message, false); }
};
$('toggle-auto').onclick = async () => {
  const on = !(state.status && state.status.autoTrading);
  try { await post('/api/config', { autoTrading: on }); say('auto-trading ' + (on ? 'on' : 'off'), true); renderStatus(await api('/api/state')); } catch (e) { say(e.message, false); }
};
$('apply-config').onclick = async () => {
  const body = {};
  if ($('min-edge').value) body.minEdge = $('min-edge').value;
  if ($('max-position').value) body.maxPosition = $('max-position').value;
  try { await post('/api/config', body); say('configuration applied', true); } catch (e) { say(e.message, false); }
};
$('place-order').onclick = async () => {
  const body = { ticker: state.selected, side: $('order-side').value, action: $('order-action').value, price: $('order-price').value, count: $('order-count').value, fairValue: $('order-fair').value, style: 'ioc' };
  try { const r = await post('/api/orders', body); say('order approved: ' + r.clientOrderId, true); } catch (e) { say(e.message, false); }
};
$('breakers').onclick = async e => {
  const name = e.target.dataset && e.target.dataset.breaker;
  if (!name) return;
  try { const r = await post(`/api/circuit-breakers/${encodeURIComponent(name)}/reset`, {}); say(r.message, true); } catch (err) { say(err.message, false); }
};
$('market-select').onchange = e => selectMarket(e.target.value);
setInterval(() => { if (state.ws && state.ws.readyState === WebSocket.OPEN) loadMarkets().catch(() => {}); }, 10000);
// The stream pushes the cluster view every status interval; polling covers the time it is down.
setInterval(() => { if (state.cluster && state.cluster.mode === 'cluster' && !(state.ws && state.ws.readyState === WebSocket.OPEN)) loadCluster(); }, 2000);
connect();
