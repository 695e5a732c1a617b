// Typeahead pickers (common/widgets.py): a <select data-typeahead="/units/search/?…"> ships
// only its chosen options; tom-select asks the search endpoint as the person types (debounced)
// and shows each result's description (parent, kind, dates, dissolved) under its label.
// Without this script the select keeps and submits the chosen value.
(function () {
  "use strict";

  var MIN_CHARS = 2;
  var DELAY_MS = 250;
  function searchUrl(base, query) {
    var url = new URL(base, window.location.href);
    url.searchParams.set("q", query);
    return url.toString();
  }

  function escape(text) {
    var div = document.createElement("div");
    div.textContent = text || "";
    return div.innerHTML;
  }

  function setUp(select) {
    if (select.tomselect || typeof window.TomSelect !== "function") { return; }
    var base = select.getAttribute("data-typeahead");
    // The messages come translated from the server (common/widgets.py).
    var t = select.dataset;
    var failed = false;
    var options = {
      valueField: "id",
      labelField: "label",
      searchField: [],
      // The server has ranked and filtered (accents and case aside): keep its order.
      score: function () { return function () { return 1; }; },
      loadThrottle: DELAY_MS,
      maxOptions: null,
      closeAfterSelect: !select.multiple,
      clearAfterSelect: true,  // the next unit is typed afresh
      placeholder: t.typeaheadPlaceholder,
      hidePlaceholder: true,
      plugins: select.multiple ? ["remove_button"] : (select.required ? [] : ["clear_button"]),
      shouldLoad: function (query) { return query.length >= MIN_CHARS; },
      load: function (query, callback) {
        var self = this;
        fetch(searchUrl(base, query), { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) {
            if (!response.ok) { throw new Error(String(response.status)); }
            return response.json();
          })
          .then(function (data) {
            failed = false;
            self.clearOptions();
            callback(data.results);
          })
          .catch(function () { failed = true; callback(); });
      },
      render: {
        option: function (item, escape) {
          var description = item.description ? '<div class="small text-body-secondary">' + escape(item.description) + "</div>" : "";
          var state = item.active === false ? " text-body-secondary" : "";
          return '<div class="py-1' + state + '"><div>' + escape(item.label) + "</div>" + description + "</div>";
        },
        item: function (item, escape) { return "<div>" + escape(item.label) + "</div>"; },
        no_results: function () {
          return '<div class="no-results">' + escape(failed ? t.typeaheadFailed : t.typeaheadNone) + "</div>";
        },
        not_loading: function (data) {
          return data.input.length < MIN_CHARS ? '<div class="no-results">' + escape(t.typeaheadHint) + "</div>" : null;
        },
        loading: function () { return '<div class="no-results">' + escape(t.typeaheadLoading) + "</div>"; }
      }
    };
    var picker = new window.TomSelect(select, options);
    // tom-select points the <label> at its own control; the hidden select keeps the name too.
    var label = document.getElementById(picker.inputId + "-ts-label");
    if (label) { select.setAttribute("aria-labelledby", label.id); }
  }

  function setUpAll(root) {
    (root || document).querySelectorAll("select[data-typeahead]").forEach(setUp);
  }

  document.addEventListener("DOMContentLoaded", function () { setUpAll(document); });
  // htmx:load fires for every piece htmx swaps in (a new row of the plan editor).
  document.addEventListener("htmx:load", function (event) { setUpAll(event.detail.elt); });
})();
