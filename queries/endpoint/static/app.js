// The crimekg query page: an editor, the catalogue as one-click examples, results as a table.
// No framework, no external request: everything comes from this server (/catalogue.json, /sparql).
// Text from the graph is only ever set with textContent, never parsed as HTML.
"use strict";

(function () {
  const CKR = "https://w3id.org/crimekg/resource/";
  const SLUG = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,199}$/;
  const RESULTS = "application/sparql-results+json, text/turtle;q=0.9, */*;q=0.1";
  const $ = (id) => document.getElementById(id);
  const editor = $("query");
  let prefixes = {};
  let catalogue = [];
  let current = null; // the catalogue entry shown in the editor, if any

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "text") node.textContent = value;
      else node.setAttribute(key, value);
    }
    for (const child of children) node.append(child);
    return node;
  }

  function curie(iri) {
    for (const [prefix, ns] of Object.entries(prefixes)) {
      if (iri.startsWith(ns) && iri.length > ns.length) return prefix + ":" + iri.slice(ns.length);
    }
    return iri;
  }

  function defaultQuery() {
    const lines = Object.entries(prefixes).map(([p, ns]) => `PREFIX ${p}: <${ns}>`);
    lines.push("", "SELECT ?crime ?label WHERE {", "  ?crime a ckg:CrimeType ; rdfs:label ?label .",
      '  FILTER (lang(?label) = "en")', "}", "ORDER BY ?label");
    return lines.join("\n");
  }

  // --- the catalogue -------------------------------------------------------------------------------
  async function loadCatalogue() {
    const list = $("catalogue");
    try {
      const response = await fetch("/catalogue.json", { headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error(await response.text());
      const data = await response.json();
      prefixes = data.prefixes || {};
      catalogue = data.queries || [];
    } catch (error) {
      list.replaceChildren(el("li", { class: "note", text: "The catalogue could not be loaded: " + error.message }));
      return;
    }
    if (!editor.value.trim()) editor.value = defaultQuery();
    renderCatalogue();
  }

  function renderCatalogue() {
    const words = $("filter").value.toLowerCase().split(/\s+/).filter(Boolean);
    const list = $("catalogue");
    list.replaceChildren();
    for (const query of catalogue) {
      const haystack = (query.name + " " + query.summary + " " + query.tags.join(" ")).toLowerCase();
      if (!words.every((w) => haystack.includes(w))) continue;
      const button = el("button", { type: "button", class: "example", "data-name": query.name },
        el("span", { class: "example-summary", text: query.summary || query.name }),
        el("span", { class: "example-name", text: query.name }));
      button.addEventListener("click", () => choose(query));
      const tags = el("span", { class: "tags" });
      for (const tag of query.tags) tags.append(el("span", { class: "tag", text: tag }));
      list.append(el("li", {}, button, tags));
    }
    if (!list.children.length) list.append(el("li", { class: "note", text: "No example matches." }));
  }

  function choose(query) {
    current = query;
    editor.value = query.text;
    $("query-title").textContent = query.name;
    $("query-summary").textContent = query.summary;
    const box = $("param-list");
    box.replaceChildren();
    for (const param of query.params) {
      const id = "param-" + param.name;
      const input = el("input", { id, type: "text", "data-param": param.name, spellcheck: "false" });
      input.value = param.default || "";
      const need = param.optional ? "optional" : param.default === null ? "required" : "default " + param.default;
      box.append(el("div", { class: "param" },
        el("label", { for: id, text: `?${param.name} (${param.kind}, ${need})` }), input,
        el("span", { class: "note", text: param.description })));
    }
    $("params").hidden = query.params.length === 0;
    clearOutput();
  }

  // A parameter value as an RDF term in Turtle syntax, the form /sparql accepts for "$name=".
  function term(param, raw) {
    const value = raw.trim();
    switch (param.kind) {
      case "iri":
        if (/^<[^<>\s]*>$/.test(value)) return value;
        if (/^[A-Za-z][\w-]*:/.test(value) && value.split(":")[0] in prefixes) return value;
        if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(value)) return "<" + value + ">";
        if (SLUG.test(value)) return "<" + CKR + value + ">";
        return value;
      case "string": return JSON.stringify(raw);
      case "date": return JSON.stringify(value) + "^^xsd:date";
      default: return value; // integer, decimal, boolean
    }
  }

  function bindings() {
    const pairs = [];
    if (!current) return pairs;
    for (const param of current.params) {
      // a parameter binds the query variable of its name; once the text has no such variable, it is left out
      if (!new RegExp("[?$]" + param.name + "(?![\\w\u00b7])").test(editor.value)) continue;
      const input = document.querySelector(`[data-param="${CSS.escape(param.name)}"]`);
      const raw = input ? input.value : "";
      if (!raw.trim()) {
        if (param.optional) continue;
        throw new Error(`the parameter ${param.name} needs a value`);
      }
      pairs.push(["$" + param.name, term(param, raw)]);
    }
    return pairs;
  }

  // --- running ---------------------------------------------------------------------------------------
  async function send(accept) {
    const body = new URLSearchParams();
    body.append("query", editor.value);
    for (const [name, value] of bindings()) body.append(name, value);
    return fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: accept },
      body,
    });
  }

  function clearOutput() {
    $("error").hidden = true;
    $("error").textContent = "";
    $("results").replaceChildren();
    $("status").textContent = "";
  }

  function showError(message) {
    $("error").textContent = message;
    $("error").hidden = false;
  }

  async function run() {
    clearOutput();
    $("status").textContent = "Running…";
    const started = performance.now();
    let response;
    try {
      response = await send(RESULTS);
    } catch (error) {
      $("status").textContent = "";
      showError(error.message);
      return;
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    if (!response.ok) {
      $("status").textContent = `Failed (${response.status}) after ${seconds} s`;
      showError(await response.text());
      return;
    }
    const type = response.headers.get("Content-Type") || "";
    const truncated = response.headers.get("X-Crimekg-Truncated") === "true";
    const limit = response.headers.get("X-Crimekg-Row-Limit");
    if (type.startsWith("application/sparql-results+json")) {
      const data = await response.json();
      if ("boolean" in data) {
        $("results").replaceChildren(el("p", { class: "boolean", text: "Answer: " + data.boolean }));
        $("status").textContent = `ASK answered in ${seconds} s`;
        return;
      }
      renderTable(data);
      const n = data.results.bindings.length;
      $("status").textContent = `${n} row${n === 1 ? "" : "s"} in ${seconds} s` +
        (truncated ? ` — cut at the server's limit of ${limit} rows; add a LIMIT or narrow the query` : "");
    } else {
      const text = await response.text();
      $("results").replaceChildren(el("pre", { class: "graph", text }));
      $("status").textContent = `Graph answered in ${seconds} s` + (truncated ? ` — cut at ${limit} triples` : "");
    }
  }

  function cell(value) {
    const td = el("td");
    if (!value) return td;
    if (value.type === "uri") {
      const slug = value.value.startsWith(CKR) ? value.value.slice(CKR.length) : null;
      if (slug && SLUG.test(slug)) {
        td.append(el("a", { href: "/resource/" + encodeURIComponent(slug), title: value.value, text: curie(value.value) }));
      } else {
        td.append(el("span", { class: "iri", title: value.value, text: curie(value.value) }));
      }
    } else if (value.type === "literal") {
      td.append(el("span", { class: "literal", text: value.value }));
      const note = value["xml:lang"] ? "@" + value["xml:lang"] : value.datatype ? curie(value.datatype) : "";
      if (note) td.append(" ", el("span", { class: "note", text: note }));
    } else if (value.type === "bnode") {
      td.append(el("span", { class: "bnode", text: "_:" + value.value }));
    } else {
      td.append(el("span", { text: JSON.stringify(value.value) }));
    }
    return td;
  }

  function renderTable(data) {
    const vars = data.head.vars;
    const head = el("tr", {}, ...vars.map((v) => el("th", { scope: "col", text: v })));
    const body = el("tbody");
    for (const row of data.results.bindings) body.append(el("tr", {}, ...vars.map((v) => cell(row[v]))));
    $("results").replaceChildren(el("table", { class: "results" }, el("thead", {}, head), body));
  }

  async function download(accept, extension) {
    clearOutput();
    let response;
    try {
      response = await send(accept);
    } catch (error) {
      showError(error.message);
      return;
    }
    if (!response.ok) {
      showError(await response.text());
      return;
    }
    const blob = await response.blob();
    const link = el("a", { href: URL.createObjectURL(blob), download: (current ? current.name : "results") + extension });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    $("status").textContent = "Downloaded " + link.getAttribute("download");
  }

  // --- wiring ----------------------------------------------------------------------------------------
  document.addEventListener("DOMContentLoaded", () => {
    $("run").addEventListener("click", run);
    $("download-csv").addEventListener("click", () => download("text/csv", ".csv"));
    $("download-json").addEventListener("click", () => download("application/sparql-results+json", ".json"));
    $("filter").addEventListener("input", renderCatalogue);
    editor.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        run();
      } else if (event.key === "Tab" && !event.shiftKey) {
        event.preventDefault();
        editor.setRangeText("  ", editor.selectionStart, editor.selectionEnd, "end");
      }
    });
    loadCatalogue();
  });
})();
