// Strangler dashboard: plain script, no build step. It keeps the admin token in session storage
// and calls the admin API with it; every value from the API is put in the page as text (or drawn
// on a chart's canvas), never as markup: route ids, paths and diff samples come from clients and
// backends.
(function () {
  'use strict';

  var TOKEN_KEY = 'strangler.admin.token';
  var REFRESH_MS = 5000;
  var selectedDiffs = null;
  var selectedHistory = null;
  var timer = null;
  var routesById = {};
  var charts = {};
  var chartEvents = [];
  var pendingConfirm = null;
  var rolloutRoute = null;

  function $(id) { return document.getElementById(id); }

  function token() { return sessionStorage.getItem(TOKEN_KEY); }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }

  function button(text, className, onClick) {
    var node = el('button', text, className);
    node.type = 'button';
    node.addEventListener('click', onClick);
    return node;
  }

  function cell(row, text, className, label) {
    var td = el('td', text, className);
    if (label) { td.dataset.label = label; }
    row.appendChild(td);
    return td;
  }

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  function showLogin(error) {
    stopRefresh();
    $('main').hidden = true;
    $('forget-token').hidden = true;
    $('login').hidden = false;
    $('login-error').textContent = error || '';
    $('token').focus();
  }

  function Unauthorized() { this.message = 'unauthorized'; }

  // Calls the admin API. A 401 drops the token and asks for another; a failed connection (the
  // gateway restarting) rejects with a message and the next refresh tries again.
  function api(method, path, body) {
    var headers = { 'Authorization': 'Bearer ' + token(), 'Accept': 'application/json' };
    var init = { method: method, headers: headers, cache: 'no-store' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(path, init).then(function (response) {
      if (response.status === 401) {
        sessionStorage.removeItem(TOKEN_KEY);
        showLogin('The token was refused (401): it is not an admin token of this gateway. ' +
          'Enter the token set in strangler.admin.token (a gateway without one logs a new one at each start).');
        throw new Unauthorized();
      }
      if (response.status === 204) { return { status: 204, body: null }; }
      return response.text().then(function (text) {
        var json = null;
        try { json = text ? JSON.parse(text) : null; } catch (e) { json = { detail: text }; }
        return { status: response.status, body: json };
      });
    }, function (error) {
      throw new Error('cannot reach the gateway (' + error.message + ')');
    });
  }

  function number(value) { return value === null || value === undefined ? '–' : String(value); }

  function time(iso) {
    if (!iso) { return '–'; }
    var date = new Date(iso);
    return isNaN(date.getTime()) ? String(iso) : date.toLocaleString();
  }

  function rollout(snapshot) {
    if (!snapshot) { return ''; }
    return snapshot.mode === 'canary' ? 'canary ' + snapshot.percent + '%' : snapshot.mode;
  }

  function percent(fraction) {
    return fraction === null || fraction === undefined ? '–' : (fraction * 100).toFixed(2) + '%';
  }

  function share(served) {
    return !served || served.modernShare === null ? '–' : served.modernShare.toFixed(2) + '%';
  }

  function side(row, figures, className, label) {
    var errors = figures.requests ? (100 * figures.errors / figures.requests).toFixed(2) + '%' : '0%';
    var td = cell(row, figures.requests + ' req · ' + figures.errors + ' err (' + errors + ')', className, label);
    td.appendChild(el('div', 'p99 ' + (figures.p99Ms === null ? '–' : millis(figures.p99Ms)), 'p99'));
    return td;
  }

  function millis(value) {
    return value >= 1000 ? (value / 1000).toFixed(value >= 10000 ? 0 : 1) + ' s' : value + ' ms';
  }

  function say(text, failed) {
    var message = $('message');
    message.textContent = text;
    message.className = failed ? 'message failed' : 'message';
    message.hidden = false;
  }

  function problemText(result) {
    var body = result.body || {};
    return body.detail || ('HTTP ' + result.status);
  }

  // ---- rendering -------------------------------------------------------------------------

  function renderRules(rules) {
    $('rules-version').textContent = 'rules ' + rules.version + ' · ' + rules.routes + ' routes';
    var alert = $('rules-alert');
    if (rules.status === 'refused') {
      alert.textContent = 'The last change of the rules file (' + rules.source + ') was refused; rules ' +
        rules.version + ' stay in force.\n' + rules.errors.join('\n');
      alert.hidden = false;
    } else {
      alert.hidden = true;
    }
  }

  function renderProgress(progress) {
    var overall = progress.overall;
    $('progress-window').textContent = windowText(progress.lastHourCovers);
    $('progress-last-hour').textContent = share(overall.lastHour);
    $('progress-last-hour-detail').textContent = overall.lastHour
      ? overall.lastHour.modern + ' of ' + overall.lastHour.requests + ' requests' : 'no figures yet';
    $('progress-since-start').textContent = share(overall.sinceStart);
    $('progress-since-start-detail').textContent =
      overall.sinceStart.modern + ' of ' + overall.sinceStart.requests + ' requests';
    var phases = $('progress-phases');
    clear(phases);
    Object.keys(progress.phases).forEach(function (phase) {
      var names = progress.routes.filter(function (r) { return r.phase === phase; })
        .map(function (r) {
          var eta = r.plan && r.plan.waitingForWindow ? ' (waiting for its window: ' + time(r.plan.waitingForWindow) + ')'
            : r.plan && r.plan.eta ? ' (ETA ' + time(r.plan.eta) + ')' : '';
          return r.id + (phase === 'canary' ? ' ' + r.percent + '%' : '') + eta;
        });
      var line = el('div', null, 'phase-line');
      line.appendChild(el('strong', phase + ' ' + progress.phases[phase]));
      line.appendChild(el('span', names.length ? ': ' + names.join(', ') : '', 'muted'));
      phases.appendChild(line);
    });
    var catchAll = progress.catchAll;
    $('catch-all-summary').textContent = '· ' + catchAll.share.sinceStart.requests + ' requests since start' +
      (catchAll.share.lastHour ? ', ' + catchAll.share.lastHour.requests + ' in the last ' +
        windowText(progress.lastHourCovers) : '') +
      ' · ' + catchAll.shapesTracked + ' shapes kept (at most ' + catchAll.shapesBound + ')' +
      (catchAll.uncounted ? ' · ' + catchAll.uncounted + ' uncounted' : '');
    var body = $('catch-all').querySelector('tbody');
    clear(body);
    if (catchAll.shapes.length === 0) {
      var empty = el('tr');
      var td = cell(empty, 'No request has reached the catch-all yet.', 'muted');
      td.colSpan = 3;
      body.appendChild(empty);
    }
    catchAll.shapes.forEach(function (shape) {
      var row = el('tr');
      cell(row, shape.template, 'sample');
      cell(row, shape.requests + (shape.overcount ? ' (≤ ' + shape.overcount + ' of others)' : ''), 'num');
      cell(row, time(shape.lastSeen), 'num');
      body.appendChild(row);
    });
  }

  function windowText(iso) {
    var match = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(iso || '');
    if (!match) { return 'hour'; }
    var parts = [];
    if (match[1]) { parts.push(match[1] + ' h'); }
    if (match[2]) { parts.push(match[2] + ' min'); }
    if (match[3]) { parts.push(match[3] + ' s'); }
    return parts.join(' ') === '1 h' ? 'hour' : parts.join(' ');
  }

  function renderRoutes(data) {
    var body = $('routes').querySelector('tbody');
    clear(body);
    routesById = {};
    data.routes.forEach(function (route) {
      routesById[route.id] = route;
      var row = el('tr');
      row.dataset.route = route.id;
      if (route.id === selectedHistory || route.id === selectedDiffs) { row.className = 'selected'; }
      var id = cell(row, '', 'route-id');
      id.appendChild(el('strong', route.id));
      id.appendChild(el('div', route.paths.join(', '), 'muted'));
      var targets = targetsLine(route);
      if (targets) { id.appendChild(targets); }
      cell(row, route.phase, 'phase', 'Phase');
      var shareCell = cell(row, '', null, 'Modern share');
      var bar = el('div', null, 'bar');
      var fill = el('span');
      fill.style.width = Math.max(0, Math.min(100, Number(route.modernShare))) + '%';
      bar.appendChild(fill);
      bar.title = route.modernShare + '% to modern';
      shareCell.appendChild(bar);
      shareCell.appendChild(el('div', route.modernShare + '% modern', 'muted'));
      var source = cell(row, route.rollout.source === 'runtime' ? route.rollout.who + ' · ' + time(route.rollout.at)
        : 'rules file', null, 'Set by');
      if (route.rollout.source === 'runtime') {
        source.appendChild(el('div', route.rollout.reason, 'muted'));
        source.title = 'the rules file says ' + rollout(route.rollout.file);
      }
      var plan = route.plan;
      var planCell = cell(row, plan === null ? 'no plan'
        : (plan.step === null ? 'steps ' + plan.steps.join(', ') + '% (plans not running)'
          : 'step ' + plan.step + '/' + plan.steps.length + ' · ' + plan.status + ' · ETA ' + time(plan.eta)),
        null, 'Plan');
      if (plan !== null && plan.waitingForWindow) {
        var waiting = el('div', 'waiting for its window: moves on from ' + time(plan.waitingForWindow), 'plan-window');
        waiting.title = 'outside the windows of the plan in the rules file, the plan holds its step';
        planCell.appendChild(waiting);
      }
      if (plan !== null && plan.step !== null) {
        var moves = el('div', null, 'plan-moves');
        ['pause', 'resume', 'advance'].forEach(function (move) {
          moves.appendChild(button(move, 'small plan-' + move, function () { steerPlan(route.id, move); }));
        });
        planCell.appendChild(moves);
      }
      side(row, route.traffic.legacy, 'num legacy', 'Legacy');
      side(row, route.traffic.modern, 'num modern', 'Modern');
      var breaker = route.circuitBreaker;
      cell(row, breaker === null ? '–' : breaker.state, breaker === null ? '' : 'state-' + breaker.state, 'Circuit');
      cell(row, route.shadow === null ? '–'
        : route.shadow.differing + '/' + route.shadow.compared + ' (' + percent(route.shadow.diffRate) + ')', 'num',
        'Shadow');
      var actions = el('div', null, 'actions');
      actions.appendChild(button('Charts', 'small show-history', function () { showHistory(route.id); }));
      actions.appendChild(button('Diffs', 'small show-diffs', function () { showDiffs(route.id); }));
      actions.appendChild(button('Change', 'small change-rollout', function () { openRollout(route.id); }));
      actions.appendChild(button('Roll back', 'small danger roll-back', function () { rollBack(route.id); }));
      id.appendChild(actions);
      body.appendChild(row);
    });
  }

  // The route's targets under its id: the entries themselves while they are few, else their count;
  // every entry and who set them in the tooltip.
  function targetsLine(route) {
    var targets = route.targets;
    if (!targets || targets.modern.length + targets.legacy.length === 0) { return null; }
    var line = el('div', null, 'targets');
    [['modern', targets.modern], ['legacy', targets.legacy]].forEach(function (side) {
      if (side[1].length === 0) { return; }
      var shown = side[1].slice(0, 3).join(', ') + (side[1].length > 3 ? ' +' + (side[1].length - 3) + ' more' : '');
      var part = el('div', null, 'targets-' + side[0]);
      part.appendChild(el('span', 'always ' + side[0] + ': ', 'muted'));
      part.appendChild(el('span', shown, 'entries'));
      line.appendChild(part);
    });
    line.title = 'targets, before the percent (canary mode)\nmodern: ' + targets.modern.join(', ') +
      '\nlegacy: ' + targets.legacy.join(', ') + (targets.source === 'runtime'
        ? '\nset by ' + targets.who + ' · ' + time(targets.at) + ': ' + targets.reason : '\nfrom the rules file');
    return line;
  }

  function renderAudit(data) {
    var body = $('audit').querySelector('tbody');
    clear(body);
    data.entries.forEach(function (entry) {
      var row = el('tr');
      cell(row, time(entry.at), 'num').title = entry.at;
      cell(row, entry.who);
      cell(row, entry.route);
      cell(row, entry.action);
      cell(row, rollout(entry.from));
      cell(row, rollout(entry.to));
      cell(row, entry.reason);
      body.appendChild(row);
    });
  }

  function renderDiffs(routeId, result) {
    $('diffs').hidden = false;
    $('diffs-route').textContent = routeId;
    var body = $('diffs-fields').querySelector('tbody');
    clear(body);
    if (result.status !== 200) {
      $('diffs-summary').textContent = problemText(result);
      $('diffs-fields').hidden = true;
      $('diffs-reset').hidden = true;
      return;
    }
    $('diffs-fields').hidden = false;
    $('diffs-reset').hidden = false;
    var report = result.body;
    $('diffs-summary').textContent = report.compared + ' pairs compared, ' + report.differing + ' differing (' +
      percent(report.diffRate) + '), ' + report.noise + ' noise' +
      (report.evictedFields > 0 ? '; ' + report.evictedFields +
        ' rarely seen fields dropped at the bound of fields, some may be missing below' : '');
    (report.fields || []).forEach(function (field) {
      var row = el('tr');
      cell(row, field.path + (field.noise ? ' (noise)' : ''), 'sample');
      cell(row, field.kind);
      cell(row, field.severity, 'severity-' + field.severity);
      cell(row, field.count, 'num');
      cell(row, percent(field.rate), 'num');
      var samples = cell(row, '');
      (field.samples || []).forEach(function (sample) {
        samples.appendChild(el('div', number(sample.legacy) + ' → ' + number(sample.modern), 'sample'));
      });
      body.appendChild(row);
    });
  }

  // ---- charts (uPlot, from the WebJar served with the page) ---------------------------------

  function chartWidth(node) {
    return Math.max(240, Math.floor(node.getBoundingClientRect().width || node.parentNode.clientWidth || 320));
  }

  // Marks the route's audited changes (plan steps, rollouts, rollbacks) as dashed lines.
  function markers() {
    return {
      hooks: {
        draw: [function (u) {
          var ctx = u.ctx;
          var ratio = window.devicePixelRatio || 1;
          ctx.save();
          ctx.strokeStyle = '#b54708';
          ctx.fillStyle = '#b54708';
          ctx.lineWidth = ratio;
          ctx.setLineDash([4 * ratio, 4 * ratio]);
          ctx.font = (10 * ratio) + 'px system-ui, sans-serif';
          chartEvents.forEach(function (event, i) {
            var x = Math.round(u.valToPos(event.t, 'x', true));
            if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) { return; }
            ctx.beginPath();
            ctx.moveTo(x, u.bbox.top);
            ctx.lineTo(x, u.bbox.top + u.bbox.height);
            ctx.stroke();
            ctx.fillText(String(i + 1), x + 3 * ratio, u.bbox.top + 11 * ratio);
          });
          ctx.restore();
        }]
      }
    };
  }

  function makeChart(id, series, yRange, unit) {
    var node = $(id);
    var format = unit === ' ms' ? millis : function (v) { return +v.toFixed(2) + unit; };
    var opts = {
      width: chartWidth(node),
      height: 180,
      plugins: [markers()],
      scales: { x: { time: true }, y: yRange ? { range: yRange } : { auto: true } },
      axes: [{}, { size: 56, values: function (u, values) { return values.map(format); } }],
      series: [{}].concat(series.map(function (s) {
        return { label: s.label, stroke: s.color, width: 2, spanGaps: true, points: { show: true, size: 5 },
          value: function (u, v) { return v === null || v === undefined ? '–' : format(v); } };
      }))
    };
    clear(node);
    var empty = [[]].concat(series.map(function () { return []; }));
    return new uPlot(opts, empty, node);
  }

  function ensureCharts() {
    if (charts.share) { return; }
    charts.share = makeChart('chart-share', [{ label: 'modern', color: '#2f7d5b' }], [0, 100], '%');
    charts.errors = makeChart('chart-errors',
      [{ label: 'legacy', color: '#8a94a6' }, { label: 'modern', color: '#2f7d5b' }], null, '%');
    charts.latency = makeChart('chart-latency',
      [{ label: 'legacy', color: '#8a94a6' }, { label: 'modern', color: '#2f7d5b' }], null, ' ms');
    charts.diffs = makeChart('chart-diffs', [{ label: 'diff rate', color: '#b42318' }], null, '%');
  }

  function rate(side) { return side.requests ? 100 * side.errors / side.requests : null; }

  function renderHistory(history) {
    ensureCharts();
    var points = history.points;
    var xs = points.map(function (p) { return Date.parse(p.at) / 1000; });
    chartEvents = history.events.map(function (e) {
      return { t: Date.parse(e.at) / 1000, entry: e };
    });
    setData('share', [xs, points.map(function (p) { return p.modernShare; })]);
    setData('errors', [xs, points.map(function (p) { return rate(p.legacy); }),
      points.map(function (p) { return rate(p.modern); })]);
    setData('latency', [xs, points.map(function (p) { return p.legacy.p99Ms; }),
      points.map(function (p) { return p.modern.p99Ms; })]);
    setData('diffs', [xs, points.map(function (p) {
      return p.shadow.diffRate === null ? null : 100 * p.shadow.diffRate;
    })]);
    var requests = points.reduce(function (sum, p) { return sum + p.legacy.requests + p.modern.requests; }, 0);
    $('history-summary').textContent = '· ' + points.length + ' points of ' + history.resolutionSeconds +
      ' s over the last ' + windowText(history.window) + ' · ' + requests + ' requests';
    var list = $('history-events');
    clear(list);
    chartEvents.forEach(function (event) {
      var e = event.entry;
      list.appendChild(el('li', time(e.at) + ' · ' + e.action + (e.to ? ' → ' + rollout(e.to) : '') +
        ' · ' + e.who + (e.reason ? ': ' + e.reason : '')));
    });
  }

  function setData(name, data) {
    var chart = charts[name];
    chart.setData(data);
    var withValue = 0;
    for (var s = 1; s < data.length; s++) {
      data[s].forEach(function (v) { if (v !== null && v !== undefined) { withValue++; } });
    }
    chart.root.parentNode.dataset.points = String(withValue);
  }

  function resizeCharts() {
    Object.keys(charts).forEach(function (name) {
      var chart = charts[name];
      chart.setSize({ width: chartWidth(chart.root.parentNode), height: 180 });
    });
  }

  // ---- loading -----------------------------------------------------------------------------

  function showHistory(routeId) {
    selectedHistory = routeId;
    $('history').hidden = false;
    $('history-route').textContent = routeId;
    loadHistory();
    $('history').scrollIntoView({ block: 'start' });
  }

  function loadHistory() {
    if (!selectedHistory) { return Promise.resolve(); }
    var routeId = selectedHistory;
    return api('GET', '/admin/routes/' + encodeURIComponent(routeId) + '/history')
      .then(function (result) {
        if (result.status === 200 && routeId === selectedHistory) { renderHistory(result.body); }
        if (result.status !== 200) { $('history-summary').textContent = problemText(result); }
      });
  }

  function showDiffs(routeId) {
    selectedDiffs = routeId;
    loadDiffs().then(function () { $('diffs').scrollIntoView({ block: 'start' }); }).catch(failed);
  }

  function loadDiffs() {
    if (!selectedDiffs) { return Promise.resolve(); }
    var routeId = selectedDiffs;
    return api('GET', '/admin/routes/' + encodeURIComponent(routeId) + '/diffs')
      .then(function (result) { renderDiffs(routeId, result); });
  }

  function refresh() {
    return Promise.all([api('GET', '/admin/rules'), api('GET', '/admin/routes'),
      api('GET', '/admin/audit?limit=20'), api('GET', '/admin/progress?shapes=20')])
      .then(function (results) {
        renderRules(results[0].body);
        renderRoutes(results[1].body);
        renderAudit(results[2].body);
        renderProgress(results[3].body);
        return Promise.all([loadHistory(), loadDiffs()]);
      })
      .then(function () {
        $('connection-alert').hidden = true;
        $('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
      })
      .catch(failed);
  }

  function failed(error) {
    if (error instanceof Unauthorized) { return; }
    var alert = $('connection-alert');
    alert.textContent = 'The gateway did not answer: ' + error.message + '. The figures below are from ' +
      ($('updated').textContent || 'before') + '; trying again every ' + (REFRESH_MS / 1000) + ' s.';
    alert.hidden = false;
  }

  // ---- steering ----------------------------------------------------------------------------

  // A confirmation step with a reason for the actions that have no other field.
  function confirmAction(title, text, action) {
    pendingConfirm = action;
    $('confirm-title').textContent = title;
    $('confirm-text').textContent = text;
    $('confirm-reason').value = '';
    $('confirm-error').textContent = '';
    $('confirm-panel').hidden = false;
    $('confirm-panel').scrollIntoView({ block: 'start' });
    $('confirm-reason').focus();
  }

  function closeConfirm() {
    pendingConfirm = null;
    $('confirm-panel').hidden = true;
  }

  function runConfirmed() {
    var reason = $('confirm-reason').value.trim();
    if (reason === '') { $('confirm-error').textContent = 'Give a reason: it goes to the audit log.'; return; }
    var action = pendingConfirm;
    if (!action) { return; }
    action(reason).then(function (result) {
      if (result.status >= 200 && result.status < 300) {
        closeConfirm();
        say(action.done, false);
        refresh();
      } else {
        $('confirm-error').textContent = problemText(result);
      }
    }).catch(function (error) {
      if (!(error instanceof Unauthorized)) { $('confirm-error').textContent = error.message; }
    });
  }

  function rollBack(routeId) {
    var action = function (reason) {
      return api('POST', '/admin/routes/' + encodeURIComponent(routeId) + '/rollback', { reason: reason });
    };
    action.done = 'Route ' + routeId + ' rolled back to legacy.';
    confirmAction('Roll back ' + routeId,
      'Mode legacy, percent 0, plan paused, at once: every request of this route goes to legacy.', action);
  }

  function steerPlan(routeId, move) {
    var action = function (reason) {
      return api('POST', '/admin/routes/' + encodeURIComponent(routeId) + '/plan/' + move, { reason: reason });
    };
    action.done = 'Plan of ' + routeId + ': ' + move + ' done.';
    var what = { pause: 'The percent stays where it is until the plan is resumed.',
      resume: 'The plan goes on judging its steps.',
      advance: 'The plan moves to its next step now, without waiting for its gates.' }[move];
    confirmAction(move.charAt(0).toUpperCase() + move.slice(1) + ' the plan of ' + routeId, what, action);
  }

  function resetDiffs() {
    var routeId = selectedDiffs;
    if (!routeId) { return; }
    var action = function (reason) {
      return api('DELETE', '/admin/routes/' + encodeURIComponent(routeId) + '/diffs?reason=' +
        encodeURIComponent(reason));
    };
    action.done = 'Diff report of ' + routeId + ' reset.';
    confirmAction('Reset the diff report of ' + routeId,
      'Its counts, fields and samples are forgotten; comparison starts again from zero.', action);
  }

  function openRollout(routeId) {
    var route = routesById[routeId];
    rolloutRoute = routeId;
    $('rollout-route').textContent = routeId;
    $('rollout-mode').value = route ? route.mode : 'canary';
    $('rollout-percent').value = route ? String(route.percent) : '';
    $('rollout-reason').value = '';
    clearRolloutErrors();
    editRollout();
    $('rollout-panel').hidden = false;
    $('rollout-panel').scrollIntoView({ block: 'start' });
    $('rollout-mode').focus();
  }

  function clearRolloutErrors() {
    ['mode', 'percent', 'reason'].forEach(function (field) {
      $('rollout-' + field + '-error').textContent = '';
      $('rollout-' + field).removeAttribute('aria-invalid');
    });
    $('rollout-error').textContent = '';
  }

  function editRollout() {
    $('rollout-edit').hidden = false;
    $('rollout-confirm').hidden = true;
    ['rollout-mode', 'rollout-percent', 'rollout-reason'].forEach(function (id) { $(id).disabled = false; });
  }

  function rolloutBody() {
    var body = { mode: $('rollout-mode').value, reason: $('rollout-reason').value };
    var text = $('rollout-percent').value.trim();
    if (text !== '') {
      var value = Number(text);
      body.percent = isNaN(value) ? text : value;
    }
    return body;
  }

  function reviewRollout(event) {
    event.preventDefault();
    clearRolloutErrors();
    var body = rolloutBody();
    var route = routesById[rolloutRoute];
    $('rollout-summary').textContent = 'Set route ' + rolloutRoute + ' from ' +
      (route ? rollout({ mode: route.mode, percent: route.percent }) : '?') + ' to ' +
      rollout({ mode: body.mode, percent: body.percent === undefined ? (route ? route.percent : '?') : body.percent }) +
      ', because: ' + (body.reason || '(no reason)') + '. It applies to the next request.';
    $('rollout-edit').hidden = true;
    $('rollout-confirm').hidden = false;
    ['rollout-mode', 'rollout-percent', 'rollout-reason'].forEach(function (id) { $(id).disabled = true; });
    $('rollout-apply').focus();
  }

  function applyRollout() {
    var routeId = rolloutRoute;
    api('PUT', '/admin/routes/' + encodeURIComponent(routeId) + '/rollout', rolloutBody())
      .then(function (result) {
        editRollout();
        if (result.status === 200) {
          $('rollout-panel').hidden = true;
          say('Route ' + routeId + ' is now ' + result.body.phase + '.', false);
          refresh();
          return;
        }
        showRolloutProblem(result);
      })
      .catch(function (error) {
        editRollout();
        if (!(error instanceof Unauthorized)) { $('rollout-error').textContent = error.message; }
      });
  }

  // Puts each error of a 400 problem next to its field ("percent: 150 (expected: 0..100)").
  function showRolloutProblem(result) {
    var body = result.body || {};
    var errors = Array.isArray(body.errors) ? body.errors : [];
    var general = [];
    errors.forEach(function (error) {
      var field = String(error).split(':')[0];
      var target = $('rollout-' + field + '-error');
      if (['mode', 'percent', 'reason'].indexOf(field) >= 0 && target) {
        target.textContent = error;
        $('rollout-' + field).setAttribute('aria-invalid', 'true');
      } else {
        general.push(error);
      }
    });
    if (errors.length === 0) { general.push(problemText(result)); }
    $('rollout-error').textContent = general.join('; ');
  }

  // ---- start -------------------------------------------------------------------------------

  function stopRefresh() {
    if (timer) { clearInterval(timer); timer = null; }
  }

  function open() {
    $('login').hidden = true;
    $('main').hidden = false;
    $('forget-token').hidden = false;
    refresh();
    if (!timer) { timer = setInterval(refresh, REFRESH_MS); }
  }

  document.addEventListener('DOMContentLoaded', function () {
    $('login-form').addEventListener('submit', function (event) {
      event.preventDefault();
      sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
      $('token').value = '';
      open();
    });
    $('forget-token').addEventListener('click', function () {
      sessionStorage.removeItem(TOKEN_KEY);
      showLogin('');
    });
    $('confirm-ok').addEventListener('click', runConfirmed);
    $('confirm-cancel').addEventListener('click', closeConfirm);
    $('rollout-form').addEventListener('submit', reviewRollout);
    $('rollout-apply').addEventListener('click', applyRollout);
    $('rollout-back').addEventListener('click', editRollout);
    $('rollout-cancel').addEventListener('click', function () { $('rollout-panel').hidden = true; });
    $('diffs-reset').addEventListener('click', resetDiffs);
    $('catch-all-history').addEventListener('click', function () { showHistory('catch-all'); });
    var resizing = null;
    window.addEventListener('resize', function () {
      clearTimeout(resizing);
      resizing = setTimeout(resizeCharts, 150);
    });
    if (token()) { open(); } else { showLogin(''); }
  });
}());
