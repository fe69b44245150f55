/* The query page: YASGUI on this site's endpoint, and the named queries as forms.
   Names from the graph go into textContent only. */
(function () {
  "use strict";
  var queries = JSON.parse(document.getElementById("named-queries").textContent);
  var byName = {};
  queries.forEach(function (q) { byName[q.name] = q; });
  var endpoint = window.location.origin + "/sparql";
  var base = document.getElementById("named").getAttribute("data-base") || "";
  readableTables(base);

  var TABLE_DEFAULTS = { compact: true, isEllipsed: false, pageSize: 50 };
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    populateFromUrl: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    yasqe: { value: "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10" }
  });
  window.tdktYasgui = yasgui;

  var select = document.getElementById("named-query");
  var form = document.getElementById("named-form");
  var description = document.getElementById("named-description");
  var errorBox = document.getElementById("named-error");
  var truncatedBox = document.getElementById("truncated");

  function el(tag, text) {
    var e = document.createElement(tag);
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function buildForm(name) {
    while (form.firstChild) { form.removeChild(form.firstChild); }
    errorBox.textContent = "";
    var q = byName[name];
    description.textContent = q ? q.description : "";
    if (!q) { return; }
    q.params.forEach(function (p) {
      var label = el("label", p.name + (p.required ? "*" : "") + " ");
      var input;
      if (p.choices && p.choices.length) {
        input = document.createElement("select");
        input.appendChild(el("option", ""));
        p.choices.forEach(function (c) { var o = el("option", c); o.value = c; input.appendChild(o); });
      } else {
        input = document.createElement("input");
        input.type = p.type === "integer" ? "number" : "text";
        input.placeholder = p.type === "string" || p.type === "integer" ? p.description : p.type + ": IRI or name";
        if (p.default !== null && p.default !== undefined) { input.value = String(p.default); }
      }
      input.name = p.name;
      input.title = p.description;
      input.setAttribute("data-param", p.name);
      if (p.required) { input.required = true; }
      label.appendChild(input);
      form.appendChild(label);
    });
    var run = el("button", "Chạy — run");
    run.type = "submit";
    run.id = "run-named";
    form.appendChild(run);
  }

  select.addEventListener("change", function () { buildForm(select.value); });

  /* /query?name=NAME&param=value...: that named query, its form filled, run (the entity page links here) */
  function runFromAddress() {
    var wanted = new URLSearchParams(window.location.search);
    var name = wanted.get("name");
    if (!name || !byName[name]) { return; }
    select.value = name;
    buildForm(name);
    form.querySelectorAll("[data-param]").forEach(function (input) {
      var value = wanted.get(input.name);
      if (value !== null) { input.value = value; }
    });
    form.requestSubmit();
  }
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var name = select.value;
    if (!name) { return; }
    var params = new URLSearchParams();
    form.querySelectorAll("[data-param]").forEach(function (input) {
      if (input.value) { params.append(input.name, input.value); }
    });
    errorBox.textContent = "";
    fetch("/api/queries/" + encodeURIComponent(name) + "?" + params.toString(), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (data.error) { errorBox.textContent = data.error; return; }
        var tab = yasgui.getTab();
        tab.setQuery(data.sparql);
        tab.query();
      })
      .catch(function (e) { errorBox.textContent = String(e); });
  });

  runFromAddress();

  function checkTruncated(tab) {  /* the endpoint marks a capped result: say so */
    try {
      var data = JSON.parse(tab.getYasr().results.getOriginalResponseAsString());
      if (data && data.truncated) {
        truncatedBox.textContent = "Kết quả bị cắt — the result was cut at the row limit; refine the query.";
        truncatedBox.hidden = false;
      }
    } catch (e) { /* no result yet, or not JSON: nothing to say */ }
  }
  yasgui.on("query", function (instance, tab) {
    truncatedBox.hidden = true;
    var plugins = tab.getYasr().config.plugins;  /* plain values and full labels unless the user chose otherwise */
    if (plugins.table && !plugins.table.dynamicConfig) { plugins.table.dynamicConfig = Object.assign({}, TABLE_DEFAULTS); }
  });
  yasgui.on("queryResponse", function (instance, tab) {
    setTimeout(function () { checkTruncated(tab); }, 0);  /* YASR takes the response after this event */
    setTimeout(function () { checkTruncated(tab); }, 300);
  });

  /* The result table, as a person reads it: an IRI shows the label its row gives it (a column named
     <variable>Label, or label), else its short name; IRIs of this graph link to their page here.
     Text goes through escapeHtml only; links only to this site or to http(s). */
  function readableTables(base) {
    var Table = window.Yasgui && Yasgui.Yasr && Yasgui.Yasr.plugins && Yasgui.Yasr.plugins.table;
    if (!Table) { return; }
    var getRows = Table.prototype.getRows;
    Table.prototype.getRows = function () {
      var rows = getRows.call(this);
      var vars = this.yasr.results ? this.yasr.results.getVariables() : [];
      var labelColumn = {};
      vars.forEach(function (v, i) {
        var j = vars.indexOf(v + "Label");
        if (j < 0 && vars.length === 2 && vars.indexOf("label") >= 0 && v !== "label") { j = vars.indexOf("label"); }
        if (j >= 0) { labelColumn[i + 1] = j + 1; }  /* column 0 is the row number */
      });
      return rows.map(function (row) {
        return row.map(function (cell, k) {
          if (!cell || cell.type !== "uri" || labelColumn[k] === undefined) { return cell; }
          var label = row[labelColumn[k]];
          return label && label.value ? Object.assign({}, cell, { tdktLabel: label.value }) : cell;
        });
      });
    };
    var link = Table.prototype.getUriLinkFromBinding;
    Table.prototype.getUriLinkFromBinding = function (binding, prefixes) {
      if (!this.persistentConfig.compact) { return link.call(this, binding, prefixes); }
      var iri = String(binding.value);
      var text = binding.tdktLabel || shortName(iri, prefixes);
      var href = null;
      if (base && iri.indexOf(base) === 0 && iri.length > base.length) {
        href = "/id/" + iri.slice(base.length).split("/").map(encodeURIComponent).join("/");
      } else if (/^https?:\/\//i.test(iri)) {
        href = iri;
      }
      var title = " title='" + escapeHtml(iri) + "'";
      if (!href) { return "<span class='iri-text'" + title + ">" + escapeHtml(text) + "</span>"; }
      return "<a class='iri-label' href='" + escapeHtml(href) + "'" + title + ">" + escapeHtml(text) + "</a>";
    };
  }

  function shortName(iri, prefixes) {
    for (var prefix in (prefixes || {})) {
      if (iri.indexOf(prefixes[prefix]) === 0 && iri.length > prefixes[prefix].length) {
        return prefix + ":" + iri.slice(prefixes[prefix].length);
      }
    }
    var cut = Math.max(iri.lastIndexOf("#"), iri.lastIndexOf("/"));
    return cut >= 0 && cut < iri.length - 1 ? iri.slice(cut + 1) : iri;
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"'`]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;", "`": "&#96;" }[c];
    });
  }
}());
