/* TĐKT Graph view page: draws the network, shows details on click, filters, expands groups.
   Text from the graph only ever goes into textContent or canvas labels, never into innerHTML. */
(function () {
  "use strict";
  var payload = JSON.parse(document.getElementById("tdkt-view").textContent);
  var kindLabels = JSON.parse(document.getElementById("tdkt-kinds").textContent);
  var ENTITIES = { lt: "<", gt: ">", quot: "\"", "#x27": "'", amp: "&" };

  function unescapeText(s) {
    return String(s).replace(/&(lt|gt|quot|#x27|amp);/g, function (m, e) { return ENTITIES[e]; });
  }
  function tip(s) {  /* an element, so vis-network shows it as it is; text only */
    var el = document.createElement("div");
    el.className = "tdkt-tip";
    el.textContent = unescapeText(s);
    return el;
  }
  function prepare(item) {
    if (typeof item.title === "string") { item.title = tip(item.title); }
    return item;
  }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function safeHref(href) { return typeof href === "string" && href.charAt(0) === "/" && href.charAt(1) !== "/"; }

  var nodes = new vis.DataSet(payload.nodes.map(prepare));
  var edges = new vis.DataSet(payload.edges.map(prepare));
  var container = document.getElementById("network");
  var state = { ready: false, drawnAt: null, selected: null, expanded: {}, nodes: nodes, edges: edges };
  window.tdktView = state;
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, payload.options);
  state.network = network;

  function markReady() {
    if (state.ready) { return; }
    state.ready = true;
    state.drawnAt = performance.now();
    document.body.setAttribute("data-ready", "1");
  }
  if (payload.options.physics && payload.options.physics.enabled) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      network.once("afterDrawing", markReady);
      network.redraw();
    });
  } else {
    network.once("afterDrawing", markReady);
  }

  /* details */
  function showDetails(id, isEdge) {
    var item = isEdge ? edges.get(id) : nodes.get(id);
    var box = document.getElementById("details");
    while (box.firstChild) { box.removeChild(box.firstChild); }
    box.appendChild(el("h2", "Chi tiết — details"));
    if (!item) { return; }
    state.selected = id;
    box.setAttribute("data-selected", String(id));
    box.appendChild(el("h3", isEdge ? (item.label || item.kind) : (item.fullLabel || item.label)));
    box.appendChild(el("p", isEdge ? item.kind : (kindLabels[item.kind] || item.kind), "hint"));
    var list = el("dl");
    (item.details || []).forEach(function (pair) {
      list.appendChild(el("dt", pair[0]));
      list.appendChild(el("dd", pair[1]));
    });
    box.appendChild(list);
    if (item.iri) { box.appendChild(el("p", item.iri, "iri")); }
    if (item.links && item.links.length) {
      var links = el("p", null, "links");
      item.links.forEach(function (pair) {
        if (!safeHref(pair[1])) { return; }
        var a = el("a", pair[0]);
        a.setAttribute("href", pair[1]);
        links.appendChild(a);
      });
      box.appendChild(links);
    }
    var expansion = !isEdge && payload.expansions[id];
    if (expansion && !state.expanded[id]) {
      var button = el("button", "Mở rộng — expand (" + expansion.nodes.length + ")");
      button.setAttribute("type", "button");
      button.setAttribute("id", "expand");
      button.addEventListener("click", function () { expand(id); });
      box.appendChild(button);
    }
  }
  state.showDetails = showDetails;
  network.on("click", function (params) {
    if (params.nodes.length) { showDetails(params.nodes[0], false); }
    else if (params.edges.length) { showDetails(params.edges[0], true); }
  });
  network.on("doubleClick", function (params) {
    if (params.nodes.length && payload.expansions[params.nodes[0]]) { expand(params.nodes[0]); }
  });

  /* expanding an aggregated group or a bloc drawn with its size */
  function expand(id) {
    var ex = payload.expansions[id];
    if (!ex || state.expanded[id]) { return; }
    state.expanded[id] = true;
    var at = network.getPositions([id])[id] || { x: 0, y: 0 };
    nodes.add(ex.nodes.filter(function (n) { return !nodes.get(n.id); }).map(function (n) {
      var copy = Object.assign({}, n, { x: at.x + n.dx, y: at.y + n.dy });
      return prepare(copy);
    }));
    if (ex.replace) {
      edges.remove(network.getConnectedEdges(id));
      nodes.remove(id);
    }
    edges.add(ex.edges.filter(function (e) {
      return nodes.get(e.from) && nodes.get(e.to);
    }).map(function (e) { return prepare(Object.assign({}, e, { id: "x-" + id + "-" + e.id })); }));
    updateStats();
    if (!ex.replace) { showDetails(id, false); } else { showDetails(ex.nodes[0] && ex.nodes[0].id, false); }
  }
  state.expand = expand;

  /* filters */
  var degree = {};
  edges.forEach(function (e) { degree[e.from] = (degree[e.from] || 0) + 1; degree[e.to] = (degree[e.to] || 0) + 1; });
  function matches(item, active) {
    for (var name in active) {
      var values = item.facets && item.facets[name];
      if (values && values.indexOf(active[name]) < 0) { return false; }
    }
    return true;
  }
  function applyFilters() {
    var active = {};
    document.querySelectorAll("select[data-facet]").forEach(function (s) {
      if (s.value) { active[s.getAttribute("data-facet")] = s.value; }
    });
    var shownDegree = {}, edgeUpdates = [], nodeUpdates = [];
    edges.forEach(function (e) {
      var show = matches(e, active);
      edgeUpdates.push({ id: e.id, hidden: !show });
      if (show) { shownDegree[e.from] = (shownDegree[e.from] || 0) + 1; shownDegree[e.to] = (shownDegree[e.to] || 0) + 1; }
    });
    var shown = 0;
    nodes.forEach(function (n) {
      var show = n.keep || (matches(n, active) && (!degree[n.id] || shownDegree[n.id] > 0));
      if (show) { shown += 1; }
      nodeUpdates.push({ id: n.id, hidden: !show });
    });
    edges.update(edgeUpdates);
    nodes.update(nodeUpdates);
    var count = document.getElementById("filter-count");
    if (count) { count.textContent = shown + " / " + nodes.length + " nodes shown"; }
    state.shown = shown;
  }
  document.querySelectorAll("select[data-facet]").forEach(function (s) { s.addEventListener("change", applyFilters); });
  state.applyFilters = applyFilters;

  /* find a node by name */
  var names = document.getElementById("node-names");
  function fillNames() {
    while (names.firstChild) { names.removeChild(names.firstChild); }
    nodes.forEach(function (n) { if (n.kind !== "heading") { var o = document.createElement("option"); o.value = n.fullLabel || n.label; names.appendChild(o); } });
  }
  fillNames();
  /* a name matches when every word typed is part of it, whatever the case, tone marks or đ/d */
  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d")
      .toLowerCase().replace(/\s+/g, " ").trim();
  }
  function findNodes(wanted) {
    var words = fold(wanted).split(" ").filter(function (w) { return w; });
    if (!words.length) { return []; }
    var exact = fold(wanted);
    var found = nodes.get({ filter: function (n) {
      if (n.kind === "heading" || n.hidden) { return false; }
      var label = fold(n.fullLabel || n.label);
      return words.every(function (w) { return label.indexOf(w) >= 0; });
    } });
    found.sort(function (a, b) {
      return (fold(b.fullLabel || b.label) === exact) - (fold(a.fullLabel || a.label) === exact);
    });
    return found;
  }
  state.findNodes = function (wanted) { return findNodes(wanted).map(function (n) { return n.id; }); };
  function search(ev) {
    var found = findNodes(ev.target.value);
    var count = document.getElementById("search-count");
    if (count) { count.textContent = ev.target.value.trim() ? found.length + " found" : ""; }
    if (found.length) {
      network.selectNodes(found.map(function (n) { return n.id; }));
      network.focus(found[0].id, { scale: 1.2, animation: false });
      showDetails(found[0].id, false);
    }
  }
  var searchBox = document.getElementById("search");
  searchBox.addEventListener("change", search);
  searchBox.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { search(ev); } });

  function updateStats() {  /* after an expansion: the names to find, and a count for scripts */
    document.getElementById("stats").setAttribute("data-nodes", String(nodes.length));
    fillNames();
  }
}());
