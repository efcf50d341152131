// The Tidepool dashboard page. Every value from the server is data: it is written with
// textContent / createTextNode only, never as HTML, so SQL or a thread name holding markup
// shows as text. The token comes from the URL once, is kept for this tab only, and is removed
// from the address bar; GETs also carry the HttpOnly cookie the page set, POSTs need the header.
(function () {
  'use strict';

  const WINDOW_SECONDS = 15 * 60;
  const params = new URLSearchParams(location.search);
  let token = params.get('token');
  if (token) {
    sessionStorage.setItem('tidepool-token', token);
    history.replaceState(null, '', location.pathname);
  } else {
    token = sessionStorage.getItem('tidepool-token');
  }
  const headers = token ? { 'X-Tidepool-Token': token } : {};
  const pools = new Map(); // name -> view

  function el(tag, props, ...children) {
    const e = document.createElement(tag);
    if (props) {
      for (const [k, v] of Object.entries(props)) {
        if (k === 'class') e.className = v;
        else if (k === 'text') e.textContent = v;
        else e.setAttribute(k, v);
      }
    }
    for (const c of children) {
      if (c === null || c === undefined) continue;
      e.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    }
    return e;
  }

  function setText(e, text) {
    if (e.textContent !== text) e.textContent = text;
  }

  function millis(ms) {
    if (ms === null || ms === undefined) return '–';
    if (ms < 1000) return ms.toFixed(0) + ' ms';
    if (ms < 60000) return (ms / 1000).toFixed(1) + ' s';
    return (ms / 60000).toFixed(1) + ' min';
  }

  function clock(ms) {
    return new Date(ms).toLocaleTimeString([], { hour12: false });
  }

  function status(text, down) {
    const s = document.getElementById('status');
    s.textContent = text;
    s.classList.toggle('down', !!down);
  }

  // ------------------------------------------------------------------ charts

  function chart(container, title, unit, series) {
    const box = el('div', { class: 'chart' }, el('h3', { text: title }));
    container.appendChild(box);
    const opts = {
      width: chartWidth(box),
      height: 180,
      // At least the last 30 s on the x axis, so a young page does not stretch 3 seconds across the chart.
      scales: { x: { time: true, range: (u, min, max) => [Math.min(min, max - 30), max] } },
      axes: [{}, { label: unit, size: 56 }],
      series: [{}].concat(series.map(s => ({ label: s.label, stroke: s.color, width: 1.5, spanGaps: false,
        dash: s.dash, value: (u, v) => v === null || v === undefined ? '–' : v.toFixed(s.decimals || 0) }))),
      legend: { live: true }
    };
    const data = [[]].concat(series.map(() => []));
    const plot = new uPlot(opts, data, box);
    return { plot, data, box, keys: series.map(s => s.key) };
  }

  function chartWidth(box) {
    return Math.max(300, (box.clientWidth || 480) - 8);
  }

  function appendPoint(c, timeSec, sample) {
    const d = c.data;
    const last = d[0].length ? d[0][d[0].length - 1] : -Infinity;
    if (timeSec <= last) return false;
    d[0].push(timeSec);
    c.keys.forEach((k, i) => {
      const v = sample[k];
      d[i + 1].push(v === null || v === undefined || v < 0 ? null : v);
    });
    while (d[0].length && d[0][0] < timeSec - WINDOW_SECONDS) d.forEach(col => col.shift());
    return true;
  }

  function loadHistory(c, history) {
    c.data[0] = history.time.slice();
    c.keys.forEach((k, i) => { c.data[i + 1] = history[k].slice(); });
    c.plot.setData(c.data);
  }

  // ------------------------------------------------------------------ one pool's section

  function poolView(summary) {
    const name = summary.name;
    const section = el('section', { class: 'pool', 'data-pool': name });
    const used = el('b', { class: 'value' }), idle = el('b', { class: 'value' });
    const pending = el('b', { class: 'value' }), creating = el('b', { class: 'value' });
    const max = el('span', { class: 'value' });
    const head = el('div', { class: 'pool-head' },
      el('h2', { text: name }),
      el('div', { class: 'counts' },
        el('span', { class: 'count used' }, used, ' used of ', max),
        el('span', { class: 'count idle' }, idle, ' idle'),
        el('span', { class: 'count pending' }, pending, ' pending'),
        el('span', { class: 'count creating' }, creating, ' creating')));
    const suspended = el('span', { class: 'badge suspended', hidden: '', text: 'suspended: not lending' });
    head.appendChild(suspended);
    const actions = el('div', { class: 'actions' });
    head.appendChild(actions);
    section.appendChild(head);
    const barUsed = el('span', { class: 'used' }), barIdle = el('span', { class: 'idle' });
    section.appendChild(el('div', { class: 'bar' }, barUsed, barIdle));

    const verdictTitle = el('div', { class: 'title' }), verdictText = el('div', { class: 'text' });
    const verdictReport = el('pre', { class: 'report' });
    const verdict = el('div', { class: 'verdict', hidden: '' }, verdictTitle, verdictText, verdictReport);
    section.appendChild(verdict);

    const charts = el('div', { class: 'charts' });
    section.appendChild(charts);
    const timingNote = el('p', { class: 'note', hidden: '' });
    section.appendChild(timingNote);

    const holdersBody = el('tbody');
    const holdersCount = el('span', { class: 'note' });
    section.appendChild(el('div', { class: 'block holders' }, el('h3', {}, 'Holders ', holdersCount),
      el('table', {}, el('thead', {}, el('tr', {}, ...['thread', 'held for', 'in transaction', 'since last JDBC call',
        'last SQL', 'now in', 'borrowed at'].map(h => el('th', { text: h })))), holdersBody)));

    const failuresBody = el('tbody');
    const failures = el('div', { class: 'block failures', hidden: '' }, el('h3', { text: 'Connect failures' }),
      el('table', {}, el('thead', {}, el('tr', {}, ...['class', 'attempts', 'fix', 'last message', 'last']
        .map(h => el('th', { text: h })))), failuresBody));
    section.appendChild(failures);

    const events = el('ul', { class: 'events' });
    section.appendChild(el('div', { class: 'block' }, el('h3', { text: 'Recent events' }), events));
    document.getElementById('pools').appendChild(section);

    const v = {
      name, section, used, idle, pending, creating, max, barUsed, barIdle, verdict, verdictTitle, verdictText,
      verdictReport, holdersBody, holdersCount, failures, failuresBody, events, actions, timingNote, suspended,
      charts: []
    };
    v.charts.push(chart(charts, 'Connections', 'count', [
      { key: 'active', label: 'used', color: '#d9480f' }, { key: 'idle', label: 'idle', color: '#2f9e44' },
      { key: 'waiting', label: 'pending', color: '#ae3ec9' }, { key: 'creating', label: 'creating', color: '#1971c2' },
      { key: 'max', label: 'max', color: '#868e96', dash: [4, 4] }]));
    v.charts.push(chart(charts, 'Wait for a connection', 'ms', [
      { key: 'waitP50', label: 'p50', color: '#1971c2', decimals: 2 },
      { key: 'waitP99', label: 'p99', color: '#c92a2a', decimals: 2 }]));
    v.charts.push(chart(charts, 'Connection held (use)', 'ms', [
      { key: 'useP50', label: 'p50', color: '#1971c2', decimals: 1 },
      { key: 'useP99', label: 'p99', color: '#c92a2a', decimals: 1 }]));
    v.charts.push(chart(charts, 'Throughput', 'per s', [
      { key: 'acquiresPerSecond', label: 'borrows/s', color: '#2f9e44' },
      { key: 'timeoutsPerSecond', label: 'timeouts/s', color: '#c92a2a', decimals: 1 }]));
    if (summary.actions) addActions(v);
    pools.set(name, v);
    fetch('api/pools/' + encodeURIComponent(name), { headers })
      .then(r => r.ok ? r.json() : Promise.reject(new Error('history: HTTP ' + r.status)))
      .then(p => { if (p.history) v.charts.forEach(c => loadHistory(c, p.history)); })
      .catch(e => status('could not load the history: ' + e.message, true));
    return v;
  }

  function addActions(v) {
    for (const [action, label] of [['soft-evict', 'Soft-evict all'], ['suspend', 'Suspend'], ['resume', 'Resume']]) {
      const b = el('button', { type: 'button', 'data-action': action, text: label });
      b.addEventListener('click', () => {
        fetch('api/pools/' + encodeURIComponent(v.name) + '/' + action, { method: 'POST', headers })
          .then(r => r.json().then(j => status(r.ok ? j.done : (j.error || ('HTTP ' + r.status)), !r.ok)))
          .catch(e => status(action + ' failed: ' + e.message, true));
      });
      v.actions.appendChild(b);
    }
  }

  function update(v, p) {
    const s = p.stats;
    setText(v.used, String(s.active));
    setText(v.idle, String(s.idle));
    setText(v.pending, String(s.waiting));
    setText(v.creating, String(s.creating));
    setText(v.max, String(p.max));
    v.barUsed.style.width = (100 * s.active / Math.max(1, p.max)) + '%';
    v.barIdle.style.width = (100 * s.idle / Math.max(1, p.max)) + '%';

    if (p.latest) {
      const t = p.latest.time / 1000;
      v.charts.forEach(c => { if (appendPoint(c, t, p.latest)) c.plot.setData(c.data); });
    }
    v.suspended.hidden = !p.suspended;
    if (!p.timed) {
      v.timingNote.hidden = false;
      setText(v.timingNote, 'Wait, use and borrow throughput are off: the dashboard was started with timings(false).');
    } else {
      v.timingNote.hidden = true;
    }
    updateVerdict(v, p.verdict);
    updateHolders(v, p.holders || []);
    updateFailures(v, p.connectFailures || []);
    updateEvents(v, p.events || []);
  }

  function updateVerdict(v, d) {
    if (!d || (!d.current && d.ageMillis > 5 * 60 * 1000)) {
      v.verdict.hidden = true;
      return;
    }
    v.verdict.hidden = false;
    v.verdict.classList.toggle('past', !d.current);
    setText(v.verdictTitle, d.current ? 'Pool exhausted now: threads are waiting for a connection'
      : 'Last exhaustion, ' + millis(d.ageMillis) + ' ago (' + clock(d.atMillis) + ')');
    setText(v.verdictText, 'Verdict: ' + d.verdict);
    // The report's own last line is the verdict shown above it.
    setText(v.verdictReport, d.report.split('\n').filter(l => !l.trim().startsWith('Verdict:')).join('\n'));
  }

  function updateHolders(v, rows) {
    setText(v.holdersCount, '(' + rows.length + ' borrowed)');
    const body = el('tbody');
    for (const h of rows) {
      body.appendChild(el('tr', { class: h.inTransaction ? 'tx' : '' },
        el('td', { class: 'code thread', text: h.thread }),
        el('td', { class: 'num', text: millis(h.heldForMillis) }),
        el('td', { class: 'tx', text: h.inTransaction ? 'yes' : 'no' }),
        el('td', { class: 'num', text: h.inJdbcCall ? 'in a JDBC call' : millis(h.sinceLastCallMillis) }),
        el('td', { class: 'code sql', text: h.lastSql === null ? '' : h.lastSql }),
        el('td', { class: 'code frame', text: h.nowIn }),
        el('td', { class: 'code borrow', text: h.borrowSite === null ? '(set leakThreshold)' : h.borrowSite })));
    }
    v.holdersBody.replaceWith(body);
    v.holdersBody = body;
  }

  function updateFailures(v, list) {
    v.failures.hidden = list.length === 0;
    const body = el('tbody');
    for (const f of list) {
      body.appendChild(el('tr', {}, el('td', { class: 'code', text: f['class'] }),
        el('td', { class: 'num', text: String(f.count) }), el('td', { text: f.hint }),
        el('td', { class: 'code', text: f.lastMessage }), el('td', { text: clock(f.lastMillis) })));
    }
    v.failuresBody.replaceWith(body);
    v.failuresBody = body;
  }

  function updateEvents(v, list) {
    const ul = el('ul', { class: 'events' });
    for (const e of list) {
      ul.appendChild(el('li', { 'data-kind': e.kind }, el('time', { text: clock(e.time) }),
        el('span', { class: 'kind', text: e.kind }), el('span', { class: 'text', text: e.text })));
    }
    if (!list.length) ul.appendChild(el('li', { class: 'note', text: 'none yet' }));
    v.events.replaceWith(ul);
    v.events = ul;
  }

  // ------------------------------------------------------------------ the stream

  function connect() {
    const source = new EventSource('api/stream');
    source.onopen = () => status('live');
    source.onmessage = (m) => {
      const u = JSON.parse(m.data);
      for (const p of u.pools) {
        const v = pools.get(p.name) || poolView(p);
        update(v, p);
      }
      status('live · ' + clock(u.time));
    };
    source.onerror = () => status('disconnected; retrying…', true);
  }

  window.addEventListener('resize', () => {
    for (const v of pools.values()) v.charts.forEach(c => c.plot.setSize({ width: chartWidth(c.box), height: 180 }));
  });
  connect();
})();
