/* crimekg explorer: the interaction of one view page.
 *
 * Reads the model and the vis data from the JSON block #crimekg-data and draws them with vis-network.
 * Exposes window.network (the vis Network), window.crimekgModel (nodes and edges with their evidence),
 * window.crimekgExplorer (select, showEdge, findPath, applyFilters, expand, exportPng, reset) and sets
 * window.crimekgReady = performance.now() once the page is interactive.
 *
 * Graph text is untrusted: it reaches the DOM only through textContent, attributes set with
 * setAttribute, and option values; never through innerHTML.
 */
(function () {
  'use strict';

  var data = JSON.parse(document.getElementById('crimekg-data').textContent);
  var model = data.model;
  window.crimekgModel = model;
  var served = location.protocol.indexOf('http') === 0;
  var DIM_NODE = '#e3e6ea';
  var DIM_EDGE = 'rgba(200,205,210,0.35)';

  var nodeInfo = new Map();
  model.nodes.forEach(function (n) { nodeInfo.set(n.id, n); });
  var edgeInfo = new Map();
  model.edges.forEach(function (e) { edgeInfo.set(e.id, e); });
  var incident = new Map();
  model.nodes.forEach(function (n) { incident.set(n.id, []); });
  model.edges.forEach(function (e) {
    incident.get(e.source).push(e.id);
    if (e.target !== e.source) { incident.get(e.target).push(e.id); }
  });

  // ---------------------------------------------------------------- DOM helpers (text only)

  function $(id) { return document.getElementById(id); }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function append(parent) {
    for (var i = 1; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined) { continue; }
      parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return parent;
  }

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  function button(text, onClick, className) {
    var b = el('button', className || '', text);
    b.type = 'button';
    b.addEventListener('click', onClick);
    return b;
  }

  // ---------------------------------------------------------------- the network

  function tooltip(id) {
    var info = nodeInfo.get(id);
    var box = el('div');
    append(box, el('strong', '', info.label), el('br'), el('span', 'tip-class', kindText(info)));
    return box;
  }

  function edgeTooltip(id) {
    var info = edgeInfo.get(id);
    var box = el('div');
    append(box, el('strong', '', nodeInfo.get(info.source).label + ' — ' + info.relation_label + ' — ' +
      nodeInfo.get(info.target).label));
    if (info.evidence.length) {
      append(box, el('br'), el('span', 'tip-class', info.evidence.length + ' claim(s), ' +
        info.citation_count + ' citation(s)'));
    }
    return box;
  }

  function kindText(info) {
    return info.kind ? info.class_label + ' · ' + info.kind : info.class_label;
  }

  var baseNode = new Map();
  var baseEdge = new Map();
  data.vis.nodes.forEach(function (n) { baseNode.set(n.id, { color: n.color, size: n.size }); });
  data.vis.edges.forEach(function (e) { baseEdge.set(e.id, { color: e.color, width: e.width }); });

  var nodes = new vis.DataSet(data.vis.nodes.map(function (n) {
    return Object.assign({}, n, { title: tooltip(n.id) });
  }));
  var edges = new vis.DataSet(data.vis.edges.map(function (e) {
    return Object.assign({}, e, { title: edgeTooltip(e.id) });
  }));
  var container = $('mynetwork');
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.vis.options);
  window.network = network;

  var physicsOn = !!(data.vis.options.physics && data.vis.options.physics.enabled);

  function markReady() {
    if (window.crimekgReady === undefined) {
      window.crimekgReady = performance.now();
      document.body.setAttribute('data-ready', 'true');
    }
  }

  network.once('stabilizationIterationsDone', function () {
    setPhysics(false);
    markReady();
  });
  network.once('afterDrawing', function () {
    if (!physicsOn) { markReady(); }
  });

  function setPhysics(on) {
    physicsOn = on;
    network.setOptions({ physics: { enabled: on } });
    $('physics').setAttribute('aria-pressed', on ? 'true' : 'false');
  }

  // ---------------------------------------------------------------- filters and visibility

  var state = {
    hiddenClasses: new Set(),
    hiddenRelations: new Set(),
    hiddenPrevalences: new Set(),   // prevalence IRIs switched off; '' = edges with no stated prevalence
    instrument: '',
    shownNodes: new Set(),          // expanded: shown whatever the filters say
    shownEdges: new Set(),
    path: [],
    pathEdges: [],
    selected: null
  };

  function nodePasses(info) {
    if (state.hiddenClasses.has(info.class)) { return false; }
    if (state.instrument && info.instruments.indexOf(state.instrument) < 0) { return false; }
    return true;
  }

  function edgePasses(info) {
    if (state.hiddenRelations.has(info.relation)) { return false; }
    if (info.relation === 'linkedWith' || info.prevalence.length) {
      var keys = info.prevalence.length ? info.prevalence.map(function (p) { return p.iri; }) : [''];
      if (keys.every(function (k) { return state.hiddenPrevalences.has(k); })) { return false; }
    }
    return true;
  }

  function visibleNodeIds() {
    var visible = new Set();
    model.nodes.forEach(function (n) {
      if (nodePasses(n) || state.shownNodes.has(n.id)) { visible.add(n.id); }
    });
    return visible;
  }

  function visibleEdgeIds(visibleNodes) {
    var visible = new Set();
    model.edges.forEach(function (e) {
      if (!visibleNodes.has(e.source) || !visibleNodes.has(e.target)) { return; }
      if (edgePasses(e) || state.shownEdges.has(e.id)) { visible.add(e.id); }
    });
    return visible;
  }

  var clustered = [];

  function openClusters() {
    clustered.forEach(function (id) {
      if (network.isCluster(id)) { network.openCluster(id); }
    });
    clustered = [];
  }

  function applyFilters() {
    openClusters();
    var visibleNodes = visibleNodeIds();
    var visibleEdges = visibleEdgeIds(visibleNodes);
    var nodeChanges = [];
    nodes.forEach(function (n) {
      var hidden = !visibleNodes.has(n.id);
      if (!!n.hidden !== hidden) { nodeChanges.push({ id: n.id, hidden: hidden }); }
    });
    var edgeChanges = [];
    edges.forEach(function (e) {
      var hidden = !visibleEdges.has(e.id);
      if (!!e.hidden !== hidden) { edgeChanges.push({ id: e.id, hidden: hidden }); }
    });
    if (nodeChanges.length) { nodes.update(nodeChanges); }
    if (edgeChanges.length) { edges.update(edgeChanges); }
    $('count-nodes').textContent = String(visibleNodes.size);
    $('count-edges').textContent = String(visibleEdges.size);
    clusterIfBig(visibleNodes);
    return { nodes: visibleNodes.size, edges: visibleEdges.size };
  }

  function clusterIfBig(visibleNodes) {
    var notice = $('notice');
    if (visibleNodes.size <= data.settings.clusterLimit) {
      notice.hidden = true;
      return;
    }
    data.legend.classes.forEach(function (c) {
      var members = model.nodes.filter(function (n) { return n.class === c.key && visibleNodes.has(n.id); });
      if (members.length < 2) { return; }
      var id = 'cluster:' + c.key;
      network.cluster({
        joinCondition: function (options) { var i = nodeInfo.get(options.id); return !!i && i.class === c.key && !options.hidden; },
        clusterNodeProperties: {
          id: id, label: c.label + ' (' + members.length + ')', shape: 'database', color: c.color,
          font: { size: 18 }, borderWidth: 2
        }
      });
      clustered.push(id);
    });
    notice.textContent = visibleNodes.size + ' nodes are too many to draw one by one: they are grouped by ' +
      'class. Double-click a group to open it, or narrow the view with the filters on the left.';
    notice.hidden = false;
  }

  function expand(id) {
    (incident.get(id) || []).forEach(function (edgeId) {
      var e = edgeInfo.get(edgeId);
      state.shownEdges.add(edgeId);
      state.shownNodes.add(e.source);
      state.shownNodes.add(e.target);
    });
    state.shownNodes.add(id);
    applyFilters();
    highlightNeighbourhood(id);
  }

  // ---------------------------------------------------------------- highlight

  function highlight(nodeIds, edgeIds) {
    var nodeChanges = [];
    nodes.forEach(function (n) {
      nodeChanges.push({ id: n.id, color: nodeIds.has(n.id) ? baseNode.get(n.id).color : DIM_NODE });
    });
    var edgeChanges = [];
    edges.forEach(function (e) {
      edgeChanges.push({ id: e.id, color: edgeIds.has(e.id) ? baseEdge.get(e.id).color : { color: DIM_EDGE } });
    });
    nodes.update(nodeChanges);
    edges.update(edgeChanges);
  }

  function clearHighlight() {
    var nodeChanges = [];
    nodes.forEach(function (n) { nodeChanges.push({ id: n.id, color: baseNode.get(n.id).color }); });
    var edgeChanges = [];
    edges.forEach(function (e) { edgeChanges.push({ id: e.id, color: baseEdge.get(e.id).color, width: baseEdge.get(e.id).width }); });
    nodes.update(nodeChanges);
    edges.update(edgeChanges);
  }

  function highlightNeighbourhood(id) {
    var keepNodes = new Set([id]);
    var keepEdges = new Set();
    (incident.get(id) || []).forEach(function (edgeId) {
      var e = edgeInfo.get(edgeId);
      keepEdges.add(edgeId);
      keepNodes.add(e.source);
      keepNodes.add(e.target);
    });
    highlight(keepNodes, keepEdges);
  }

  // ---------------------------------------------------------------- selecting and the side panel

  function ensureVisible(id) {
    var n = nodes.get(id);
    if (n && n.hidden) {
      state.shownNodes.add(id);
      applyFilters();
    }
    openClusterOf(id);
  }

  function openClusterOf(id) {
    var chain = network.clustering.findNode(id);  // outermost cluster first, the node last
    for (var i = 0; i < chain.length - 1; i++) {
      if (network.isCluster(chain[i])) { network.openCluster(chain[i]); }
    }
  }

  function select(id) {
    if (!nodeInfo.has(id)) { return false; }
    ensureVisible(id);
    state.selected = id;
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 400 } });
    highlightNeighbourhood(id);
    showNode(id);
    return true;
  }

  function panel() {
    var body = $('panel-body');
    clear(body);
    $('panel').hidden = false;
    return body;
  }

  function closePanel() {
    $('panel').hidden = true;
    clear($('panel-body'));
  }

  function citationText(c) {
    var parts = [c.document_identifier || c.document_label || c.label];
    if (c.paragraph !== null) { parts.push('para. ' + c.paragraph + (c.subparagraph ? ' (' + c.subparagraph + ')' : '')); }
    else if (c.subparagraph) { parts.push('subpara. (' + c.subparagraph + ')'); }
    if (c.footnote !== null) { parts.push('footnote ' + c.footnote); }
    var text = parts.join(', ');
    if (c.secondary_source_label) { text += ' — citing ' + c.secondary_source_label; }
    if (c.locator) { text += (c.secondary_source_label ? ', ' : ' — ') + c.locator; }
    return text;
  }

  function formatNumber(value) {
    return typeof value === 'number' ? value.toLocaleString('en', { maximumFractionDigits: 6 }) : '';
  }

  function statisticText(s) {
    var parts = [];
    if (s.qualifier) { parts.push(s.qualifier); }
    if (s.value !== null) { parts.push(formatNumber(s.value)); }
    if (s.unit) { parts.push(s.unit); }
    var text = parts.join(' ');
    if (s.measures) { text += (text ? ': ' : '') + s.measures; }
    if (s.period) { text += ' (' + s.period + ')'; }
    return text || s.label;
  }

  function citationList(citations) {
    var list = el('ul', 'citations');
    citations.forEach(function (c) {
      var item = el('li', 'citation', citationText(c));
      item.setAttribute('data-paragraph', c.paragraph === null ? '' : String(c.paragraph));
      item.setAttribute('data-footnote', c.footnote === null ? '' : String(c.footnote));
      list.appendChild(item);
    });
    return list;
  }

  function statisticList(statistics) {
    var list = el('ul', 'statistics');
    statistics.forEach(function (s) {
      var item = append(el('li', 'statistic'), el('span', '', statisticText(s)));
      if (s.citations.length) { item.appendChild(citationList(s.citations)); }
      list.appendChild(item);
    });
    return list;
  }

  function tags(concepts) {
    var box = el('span', 'tags');
    concepts.forEach(function (c) { box.appendChild(el('span', '', c.label)); });
    return box;
  }

  function claimBox(claim) {
    var box = el('div', 'claim');
    box.setAttribute('data-claim', claim.iri);
    append(box, el('div', 'label', claim.label));
    if (claim.text) { append(box, el('div', 'text', claim.text)); }
    var facts = el('dl');
    if (claim.nature.length) { append(facts, el('dt', '', 'nature'), append(el('dd'), tags(claim.nature))); }
    if (claim.prevalence.length) { append(facts, el('dt', '', 'prevalence'), append(el('dd'), tags(claim.prevalence))); }
    if (claim.from_crime.length) {
      append(facts, el('dt', '', 'direction'), el('dd', '', claim.from_crime.map(labelOf).join(', ') + ' → ' +
        claim.to_crime.map(labelOf).join(', ')));
    }
    if (claim.scope) { append(facts, el('dt', '', 'scope'), el('dd', '', claim.scope)); }
    if (claim.geographic_scope.length) { append(facts, el('dt', '', 'where'), append(el('dd'), tags(claim.geographic_scope))); }
    if (claim.period) { append(facts, el('dt', '', 'period'), el('dd', '', claim.period)); }
    if (claim.concerns.length) { append(facts, el('dt', '', 'concerns'), append(el('dd'), tags(claim.concerns))); }
    if (facts.firstChild) { box.appendChild(facts); }
    if (claim.citations.length) { append(box, citationList(claim.citations)); }
    if (claim.statistics.length) { append(box, el('div', 'type', 'supporting statistics'), statisticList(claim.statistics)); }
    if (claim.findings.length) {
      var found = el('ul', 'findings');
      claim.findings.forEach(function (f) {
        var item = append(el('li', 'finding'), el('span', '', f.text || f.label));
        if (f.citations.length) { item.appendChild(citationList(f.citations)); }
        found.appendChild(item);
      });
      append(box, el('div', 'type', 'supporting findings'), found);
    }
    return box;
  }

  function labelOf(id) { var i = nodeInfo.get(id); return i ? i.label : id; }

  function nodeLink(id) {
    return button(labelOf(id), function () { select(id); }, 'link-button');
  }

  function resourceLink(info) {
    if (!served || !info.slug) { return null; }
    var a = el('a', 'resource-link', 'Open the resource page');
    a.setAttribute('href', '/resource/' + encodeURIComponent(info.slug));
    return append(el('p'), a);
  }

  function showNode(id) {
    var info = nodeInfo.get(id);
    var body = panel();
    body.setAttribute('data-node', id);
    append(body, el('h2', '', info.label), el('p', 'type', kindText(info)), el('p', 'iri', info.iri),
      resourceLink(info));
    if (info.definition) { append(body, el('p', 'definition', info.definition)); }
    if (info.text && info.text !== info.definition) { append(body, el('p', 'text', info.text)); }
    var facts = el('dl');
    if (info.alt_labels.length) { append(facts, el('dt', '', 'also called'), el('dd', '', info.alt_labels.join('; '))); }
    if (info.iccs) { append(facts, el('dt', '', 'ICCS code'), el('dd', 'iccs', info.iccs + (info.iccs_match === 'exact' ? '' : ' (' + info.iccs_match + ' match)'))); }
    if (info.number) { append(facts, el('dt', '', 'number'), el('dd', '', info.number)); }
    if (info.stage_order !== null) { append(facts, el('dt', '', 'stage'), el('dd', '', String(info.stage_order))); }
    append(facts, el('dt', '', 'degree'), el('dd', '', String(info.degree)),
      el('dt', '', 'betweenness'), el('dd', '', formatNumber(info.betweenness)));
    if (info.pagerank !== null) { append(facts, el('dt', '', 'PageRank'), el('dd', '', formatNumber(info.pagerank))); }
    body.appendChild(facts);
    var actions = el('div', 'actions');
    append(actions,
      button('Expand neighbours', function () { expand(id); }),
      button('Path from here', function () { $('path-from').value = info.label; }),
      button('Path to here', function () { $('path-to').value = info.label; }));
    body.appendChild(actions);
    if (info.citations.length) { append(body, el('h3', '', 'Sources'), citationList(info.citations)); }
    if (info.statistics.length) { append(body, el('h3', '', 'Statistics'), statisticList(info.statistics)); }
    var links = incident.get(id) || [];
    if (links.length) {
      append(body, el('h3', '', 'Links (' + links.length + ')'));
      links.forEach(function (edgeId) { body.appendChild(edgeSummary(edgeId, id, links.length <= 3)); });
    }
  }

  function paragraphs(claims) {
    var found = new Set();
    claims.forEach(function (claim) {
      claim.citations.forEach(function (c) { if (c.paragraph !== null) { found.add(c.paragraph); } });
    });
    var sorted = Array.from(found).sort(function (a, b) { return a - b; });
    return sorted.length ? (sorted.length > 1 ? 'paras. ' : 'para. ') + sorted.join(', ') : '';
  }

  function edgeSummary(edgeId, from, open) {
    var e = edgeInfo.get(edgeId);
    var other = e.source === from ? e.target : e.source;
    var arrow = e.direction === 'none' || e.direction === 'both' ? ' — ' : (e.source === from ? ' → ' : ' ← ');
    var box = el(e.evidence.length ? 'details' : 'div', 'edge-summary');
    box.setAttribute('data-edge', edgeId);
    var head = e.evidence.length ? el('summary') : box;
    append(head, el('span', '', e.relation_label + arrow), nodeLink(other));
    if (e.evidence.length) {
      var cited = paragraphs(e.evidence);
      append(head, el('span', 'cites', ' · ' + e.evidence.length + ' claim(s)' + (cited ? ' · ' + cited : '')));
      box.appendChild(head);
      box.open = open;
      append(box, button('Show this link', function () { showEdge(edgeId); }, 'link-button'));
      e.evidence.forEach(function (claim) { box.appendChild(claimBox(claim)); });
    }
    return box;
  }

  function showEdge(edgeId) {
    var e = edgeInfo.get(edgeId);
    if (!e) { return false; }
    var body = panel();
    body.setAttribute('data-edge', edgeId);
    append(body, el('h2', '', labelOf(e.source) + ' — ' + labelOf(e.target)), el('p', 'type', e.relation_label));
    var facts = el('dl');
    append(facts, el('dt', '', 'from'), append(el('dd'), nodeLink(e.source)),
      el('dt', '', 'to'), append(el('dd'), nodeLink(e.target)),
      el('dt', '', 'direction'), el('dd', '', { forward: 'from → to', both: 'both ways', none: 'undirected' }[e.direction]));
    if (e.nature.length) { append(facts, el('dt', '', 'nature'), append(el('dd'), tags(e.nature))); }
    if (e.prevalence.length) { append(facts, el('dt', '', 'prevalence'), append(el('dd'), tags(e.prevalence))); }
    append(facts, el('dt', '', 'evidence'), el('dd', '', e.evidence_count + ' item(s), ' + e.citation_count + ' citation(s)'));
    body.appendChild(facts);
    if (e.evidence.length) {
      append(body, el('h3', '', 'Evidence'));
      e.evidence.forEach(function (claim) { body.appendChild(claimBox(claim)); });
    }
    var ends = new Set([e.source, e.target]);
    highlight(ends, new Set([edgeId]));
    return true;
  }

  network.on('click', function (params) {
    if (params.nodes.length) {
      var id = params.nodes[0];
      if (network.isCluster(id)) { return; }
      state.selected = id;
      highlightNeighbourhood(id);
      showNode(id);
    } else if (params.edges.length) {
      var edgeId = params.edges[0];
      if (edgeInfo.has(edgeId)) { showEdge(edgeId); }
    } else {
      state.selected = null;
      closePanel();
      if (state.path.length) { showPath(); } else { clearHighlight(); }
    }
  });

  network.on('doubleClick', function (params) {
    if (params.nodes.length && network.isCluster(params.nodes[0])) {
      network.openCluster(params.nodes[0]);
      clustered = clustered.filter(function (c) { return c !== params.nodes[0]; });
    }
  });

  // ---------------------------------------------------------------- search

  var searchIndex = model.nodes.map(function (n) {
    return { id: n.id, label: n.label, lower: n.label.toLowerCase(),
      alts: n.alt_labels.map(function (a) { return a.toLowerCase(); }), altLabels: n.alt_labels, cls: kindText(n) };
  });

  function matches(query) {
    var q = query.trim().toLowerCase();
    if (!q) { return []; }
    var found = [];
    searchIndex.forEach(function (entry) {
      var rank = null;
      var via = null;
      if (entry.lower === q) { rank = 0; }
      else if (entry.lower.indexOf(q) === 0) { rank = 2; }
      else if (entry.lower.indexOf(q) > 0) { rank = 4; }
      entry.alts.forEach(function (alt, i) {
        var r = alt === q ? 1 : (alt.indexOf(q) === 0 ? 3 : (alt.indexOf(q) > 0 ? 5 : null));
        if (r !== null && (rank === null || r < rank)) { rank = r; via = entry.altLabels[i]; }
      });
      if (rank !== null) { found.push({ entry: entry, rank: rank, via: via }); }
    });
    found.sort(function (a, b) {
      return a.rank - b.rank || a.entry.label.length - b.entry.label.length ||
        (a.entry.lower < b.entry.lower ? -1 : a.entry.lower > b.entry.lower ? 1 : 0);
    });
    return found.slice(0, 12);
  }

  var search = $('search');
  var suggestions = $('suggestions');
  var current = [];
  var active = -1;

  function renderSuggestions() {
    clear(suggestions);
    current.forEach(function (m, i) {
      var item = el('li', '', m.entry.label);
      item.setAttribute('role', 'option');
      item.setAttribute('aria-selected', i === active ? 'true' : 'false');
      if (m.via) { item.appendChild(el('span', 'alt', '(' + m.via + ')')); }
      item.appendChild(el('span', 'cls', m.entry.cls));
      item.addEventListener('mousedown', function (event) { event.preventDefault(); choose(i); });
      suggestions.appendChild(item);
    });
    suggestions.hidden = current.length === 0;
  }

  function choose(i) {
    var m = current[i];
    if (!m) { return false; }
    search.value = m.entry.label;
    current = [];
    active = -1;
    renderSuggestions();
    return select(m.entry.id);
  }

  search.addEventListener('input', function () {
    current = matches(search.value);
    active = current.length ? 0 : -1;
    renderSuggestions();
  });
  search.addEventListener('keydown', function (event) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (!current.length) { return; }
      active = (active + (event.key === 'ArrowDown' ? 1 : current.length - 1)) % current.length;
      renderSuggestions();
      event.preventDefault();
    } else if (event.key === 'Enter') {
      if (!current.length) { current = matches(search.value); }
      choose(active >= 0 ? active : 0);
      event.preventDefault();
    } else if (event.key === 'Escape') {
      current = [];
      renderSuggestions();
    }
  });
  search.addEventListener('blur', function () { current = []; renderSuggestions(); });

  // ---------------------------------------------------------------- shortest path

  function resolve(text) {
    var found = matches(text);
    return found.length ? found[0].entry.id : null;
  }

  function findPath(from, to) {
    var visibleNodes = new Set(nodes.getIds({ filter: function (n) { return !n.hidden; } }));
    var adjacency = new Map();
    edges.forEach(function (e) {
      if (e.hidden || !visibleNodes.has(e.from) || !visibleNodes.has(e.to)) { return; }
      [[e.from, e.to], [e.to, e.from]].forEach(function (pair) {
        if (!adjacency.has(pair[0])) { adjacency.set(pair[0], []); }
        adjacency.get(pair[0]).push({ node: pair[1], edge: e.id });
      });
    });
    var previous = new Map([[from, null]]);
    var queue = [from];
    while (queue.length && !previous.has(to)) {
      var node = queue.shift();
      (adjacency.get(node) || []).forEach(function (step) {
        if (!previous.has(step.node)) { previous.set(step.node, { node: node, edge: step.edge }); queue.push(step.node); }
      });
    }
    if (!previous.has(to) || !visibleNodes.has(from)) { return { nodes: [], edges: [] }; }
    var pathNodes = [to];
    var pathEdges = [];
    for (var at = previous.get(to); at; at = previous.get(at.node)) {
      pathNodes.unshift(at.node);
      pathEdges.unshift(at.edge);
    }
    return { nodes: pathNodes, edges: pathEdges };
  }

  function showPath() {
    highlight(new Set(state.path), new Set(state.pathEdges));
    edges.update(state.pathEdges.map(function (id) {
      return { id: id, color: { color: '#111111' }, width: Math.max(4, edges.get(id).width || 1) };
    }));
  }

  function pathBetween(fromId, toId) {
    var result = $('path-result');
    clear(result);
    if (!fromId || !toId) {
      result.textContent = 'Choose both ends: type a label in each box.';
      return [];
    }
    ensureVisible(fromId);
    ensureVisible(toId);
    var found = findPath(fromId, toId);
    state.path = found.nodes;
    state.pathEdges = found.edges;
    if (!found.nodes.length) {
      result.textContent = 'No path between ' + labelOf(fromId) + ' and ' + labelOf(toId) + ' among the visible nodes.';
      clearHighlight();
      return [];
    }
    found.nodes.forEach(openClusterOf);
    showPath();
    network.selectNodes(found.nodes, false);
    network.fit({ nodes: found.nodes, animation: { duration: 400 } });
    append(result, (found.nodes.length - 1) + ' step(s): ');
    found.nodes.forEach(function (id, i) {
      if (i) { append(result, ' → '); }
      result.appendChild(nodeLink(id));
    });
    result.setAttribute('data-path', JSON.stringify(found.nodes));
    return found.nodes;
  }

  $('path-find').addEventListener('click', function () {
    pathBetween(resolve($('path-from').value), resolve($('path-to').value));
  });
  $('path-clear').addEventListener('click', function () {
    state.path = [];
    state.pathEdges = [];
    clear($('path-result'));
    clearHighlight();
  });
  var datalist = $('node-labels');
  model.nodes.forEach(function (n) {
    var option = document.createElement('option');
    option.value = n.label;
    datalist.appendChild(option);
  });

  // ---------------------------------------------------------------- filter controls and legend

  function checkbox(container, key, label, color, count, set) {
    var row = el('label');
    var box = document.createElement('input');
    box.type = 'checkbox';
    box.checked = true;
    box.value = key;
    box.addEventListener('change', function () {
      if (box.checked) { set.delete(key); } else { set.add(key); }
      applyFilters();
    });
    append(row, box);
    if (color) { var swatch = el('span', 'swatch'); swatch.style.background = color; row.appendChild(swatch); }
    append(row, el('span', '', label), count === null ? null : el('span', 'count', String(count)));
    container.appendChild(row);
  }

  function countBy(items, key) {
    var counts = new Map();
    items.forEach(function (item) { counts.set(item[key], (counts.get(item[key]) || 0) + 1); });
    return counts;
  }

  var classCounts = countBy(model.nodes, 'class');
  var relationCounts = countBy(model.edges, 'relation');
  data.legend.classes.forEach(function (c) {
    checkbox($('filter-classes'), c.key, c.label, c.color, classCounts.get(c.key) || 0, state.hiddenClasses);
  });
  data.legend.relations.forEach(function (r) {
    checkbox($('filter-relations'), r.key, r.label, r.color, relationCounts.get(r.key) || 0, state.hiddenRelations);
  });
  data.legend.prevalences.forEach(function (p) {
    checkbox($('filter-prevalences'), p.iri, p.label, null, null, state.hiddenPrevalences);
  });
  checkbox($('filter-prevalences'), '', 'no prevalence stated', null, null, state.hiddenPrevalences);
  var instrumentSelect = $('filter-instrument');
  data.legend.instruments.forEach(function (i) {
    var option = document.createElement('option');
    option.value = i.iri;
    option.textContent = i.label;
    instrumentSelect.appendChild(option);
  });
  instrumentSelect.addEventListener('change', function () {
    state.instrument = instrumentSelect.value;
    applyFilters();
  });

  function legend() {
    var box = $('legend');
    append(box, el('h3', '', 'Nodes'));
    data.legend.classes.forEach(function (c) {
      var swatch = el('span', 'swatch ' + c.shape);
      swatch.style.background = c.color;
      append(box, append(el('div', 'row'), swatch, el('span', '', c.label)));
    });
    append(box, el('p', '', 'Size: the measure chosen under "Size by" (default: degree).'));
    append(box, el('h3', '', 'Edges'));
    data.legend.relations.forEach(function (r) {
      var line = el('span', 'line');
      line.style.borderTopColor = r.color;
      append(box, append(el('div', 'row'), line, el('span', '', r.label)));
    });
    append(box, el('p', '', 'Width: amount of evidence (claims and supporting statistics). Arrow: the ' +
      'direction a linkage states.'));
    if (data.legend.prevalences.length) {
      append(box, el('h3', '', 'Line style (most cautious prevalence)'));
      [['', 'solid: systematic, regular, in some cases …'], ['dashed', 'dashed: exception rather than the rule'],
        ['dotted', 'dotted: not confirmed or declining']].forEach(function (s) {
        append(box, append(el('div', 'row'), el('span', 'line ' + s[0]), el('span', '', s[1])));
      });
    }
  }
  legend();

  // ---------------------------------------------------------------- sizes, physics, PNG, reset

  function resize(metric) {
    var values = model.nodes.map(function (n) { return metric === 'none' ? 0 : (n[metric] || 0); });
    var top = Math.max.apply(null, values.concat([0]));
    nodes.update(model.nodes.map(function (n, i) {
      var size = top > 0 ? 10 + 30 * Math.sqrt(values[i] / top) : 14;
      return { id: n.id, size: Math.round(size * 100) / 100 };
    }));
  }
  $('size-by').addEventListener('change', function () { resize($('size-by').value); });

  $('physics').addEventListener('click', function () { setPhysics(!physicsOn); });
  $('physics').setAttribute('aria-pressed', physicsOn ? 'true' : 'false');

  function exportPng() {
    var canvas = container.querySelector('canvas');
    var copy = document.createElement('canvas');
    copy.width = canvas.width;
    copy.height = canvas.height;
    var context = copy.getContext('2d');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, copy.width, copy.height);
    context.drawImage(canvas, 0, 0);
    var url = copy.toDataURL('image/png');
    var link = document.createElement('a');
    link.setAttribute('href', url);
    link.setAttribute('download', 'crimekg-' + data.view.name + '.png');
    document.body.appendChild(link);
    link.click();
    link.remove();
    return url;
  }
  $('png').addEventListener('click', exportPng);

  function reset() {
    state.hiddenClasses.clear();
    state.hiddenRelations.clear();
    state.hiddenPrevalences.clear();
    state.instrument = '';
    state.shownNodes.clear();
    state.shownEdges.clear();
    state.path = [];
    state.pathEdges = [];
    state.selected = null;
    document.querySelectorAll('#controls input[type=checkbox]').forEach(function (box) { box.checked = true; });
    instrumentSelect.value = '';
    search.value = '';
    $('path-from').value = '';
    $('path-to').value = '';
    clear($('path-result'));
    closePanel();
    network.unselectAll();
    clearHighlight();
    $('size-by').value = 'degree';
    resize('degree');
    applyFilters();
    network.fit({ animation: false });
  }
  $('reset').addEventListener('click', reset);
  $('panel-close').addEventListener('click', closePanel);

  window.crimekgExplorer = {
    select: select,
    showEdge: showEdge,
    findPath: function (from, to) { return pathBetween(from, to); },
    applyFilters: applyFilters,
    expand: expand,
    exportPng: exportPng,
    reset: reset,
    matches: function (query) { return matches(query).map(function (m) { return m.entry.id; }); },
    state: state
  };

  var counts = applyFilters();
  if (counts.nodes === 0) { markReady(); }  // nothing to draw or to stabilise
})();
