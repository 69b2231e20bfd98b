// Strangler dashboard: plain script, no build step. It keeps the admin token in session storage
// and calls the admin API with it; every value from the API is put in the page as text, never as
// markup.
(function () {
  'use strict';

  var TOKEN_KEY = 'strangler.admin.token';
  var REFRESH_MS = 5000;
  var selectedRoute = null;
  var timer = null;

  function $(id) { return document.getElementById(id); }

  function token() { return sessionStorage.getItem(TOKEN_KEY); }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }

  function cell(row, text, className) {
    var td = el('td', text, className);
    row.appendChild(td);
    return td;
  }

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  function showLogin(error) {
    if (timer) { clearInterval(timer); timer = null; }
    $('main').hidden = true;
    $('forget-token').hidden = true;
    $('login').hidden = false;
    $('login-error').textContent = error || '';
    $('token').focus();
  }

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
        showLogin('The token was refused. Enter an admin token of this gateway.');
        throw new Error('unauthorized');
      }
      if (response.status === 204) { return { status: 204, body: null }; }
      return response.json().then(function (json) { return { status: response.status, body: json }; });
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

  function side(figures) {
    var errors = figures.requests ? (100 * figures.errors / figures.requests).toFixed(2) + '%' : '0%';
    return figures.requests + ' req · ' + figures.errors + ' err (' + errors + ') · p99 ' +
      (figures.p99Ms === null ? '–' : figures.p99Ms + ' ms');
  }

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

  function renderRoutes(data) {
    var body = $('routes').querySelector('tbody');
    clear(body);
    data.routes.forEach(function (route) {
      var row = el('tr');
      if (route.id === selectedRoute) { row.className = 'selected'; }
      var id = cell(row, '');
      id.appendChild(el('strong', route.id));
      id.appendChild(el('div', route.paths.join(', '), 'muted'));
      if (route.targets.modern.length + route.targets.legacy.length > 0) {
        var targets = el('div', 'targets: ' + route.targets.modern.length + ' to modern, '
          + route.targets.legacy.length + ' to legacy', 'muted');
        targets.title = 'modern: ' + route.targets.modern.join(', ') + '\nlegacy: ' + route.targets.legacy.join(', ')
          + (route.targets.source === 'runtime' ? '\nset by ' + route.targets.who + ': ' + route.targets.reason : '');
        id.appendChild(targets);
      }
      cell(row, route.phase, 'phase');
      var share = cell(row, '');
      var bar = el('div', null, 'bar');
      var fill = el('span');
      fill.style.width = Math.max(0, Math.min(100, Number(route.modernShare))) + '%';
      bar.appendChild(fill);
      bar.title = route.modernShare + '% to modern';
      share.appendChild(bar);
      share.appendChild(el('div', route.modernShare + '% modern', 'muted'));
      var source = cell(row, route.rollout.source === 'runtime' ? route.rollout.who + ' · ' + time(route.rollout.at)
        : 'rules file');
      if (route.rollout.source === 'runtime') {
        source.appendChild(el('div', route.rollout.reason, 'muted'));
        source.title = 'the rules file says ' + rollout(route.rollout.file);
      }
      var plan = route.plan;
      cell(row, plan === null ? 'no plan'
        : (plan.step === null ? 'steps ' + plan.steps.join(', ') + '% (plans not running)'
          : 'step ' + plan.step + '/' + plan.steps.length + ' · ' + plan.status
            + (plan.waitingForWindow ? ' · waiting for window until ' + time(plan.waitingForWindow) : '')
            + ' · ETA ' + time(plan.eta)));
      cell(row, side(route.traffic.legacy), 'num');
      cell(row, side(route.traffic.modern), 'num');
      var breaker = route.circuitBreaker;
      cell(row, breaker === null ? '–' : breaker.state, breaker === null ? '' : 'state-' + breaker.state);
      cell(row, route.shadow === null ? '–'
        : route.shadow.differing + '/' + route.shadow.compared + ' (' + percent(route.shadow.diffRate) + ')', 'num');
      var actions = cell(row, '', 'actions');
      var diffs = el('button', 'Diffs');
      diffs.type = 'button';
      diffs.addEventListener('click', function () { selectedRoute = route.id; loadDiffs(); refresh(); });
      var rollback = el('button', 'Roll back', 'danger');
      rollback.type = 'button';
      rollback.addEventListener('click', function () { rollBack(route.id); });
      actions.appendChild(diffs);
      actions.appendChild(document.createTextNode(' '));
      actions.appendChild(rollback);
      body.appendChild(row);
    });
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
      $('diffs-summary').textContent = result.body && result.body.detail ? result.body.detail : 'no diff report';
      $('diffs-fields').hidden = true;
      return;
    }
    $('diffs-fields').hidden = false;
    var report = result.body;
    $('diffs-summary').textContent = report.compared + ' pairs compared, ' + report.differing + ' differing (' +
      percent(report.diffRate) + '), ' + report.noise + ' noise';
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

  function loadDiffs() {
    if (!selectedRoute) { return; }
    var routeId = selectedRoute;
    api('GET', '/admin/routes/' + encodeURIComponent(routeId) + '/diffs')
      .then(function (result) { renderDiffs(routeId, result); })
      .catch(function () {});
  }

  function say(text, failed) {
    var message = $('message');
    message.textContent = text;
    message.className = failed ? 'message failed' : 'message';
    message.hidden = false;
  }

  function rollBack(routeId) {
    var reason = window.prompt('Roll back route ' + routeId + ' to legacy (mode legacy, percent 0, plan paused).\n' +
      'Why? (goes to the audit log)');
    if (reason === null) { return; }
    if (reason.trim() === '') { say('A rollback needs a reason.', true); return; }
    api('POST', '/admin/routes/' + encodeURIComponent(routeId) + '/rollback', { reason: reason })
      .then(function (result) {
        if (result.status === 200) {
          say('Route ' + routeId + ' rolled back to legacy.', false);
        } else {
          say('Rollback of ' + routeId + ' failed: ' + (result.body && result.body.detail), true);
        }
        refresh();
      })
      .catch(function () {});
  }

  function refresh() {
    Promise.all([api('GET', '/admin/rules'), api('GET', '/admin/routes'), api('GET', '/admin/audit?limit=20')])
      .then(function (results) {
        renderRules(results[0].body);
        renderRoutes(results[1].body);
        renderAudit(results[2].body);
        $('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
      })
      .catch(function (error) {
        if (error.message !== 'unauthorized') { $('updated').textContent = 'update failed: ' + error.message; }
      });
  }

  function open() {
    $('login').hidden = true;
    $('main').hidden = false;
    $('forget-token').hidden = false;
    refresh();
    if (!timer) {
      timer = setInterval(function () { refresh(); loadDiffs(); }, REFRESH_MS);
    }
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
    if (token()) { open(); } else { showLogin(''); }
  });
}());
