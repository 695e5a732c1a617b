// Editor rows: add (htmx fetches an empty row), remove, reorder; keeps formset counters
// and the hidden `position` fields in step so the server sees the order on screen.
(function () {
  "use strict";

  function renumber(container) {
    var position = 1;
    container.querySelectorAll("[data-row]").forEach(function (row) {
      var input = row.querySelector("input[data-position]");
      if (input) { input.value = position; }
      position += 1;
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-row-remove],[data-row-up],[data-row-down]");
    if (!button) { return; }
    var row = button.closest("[data-row]");
    var container = row.parentElement;
    if (button.hasAttribute("data-row-remove")) {
      var box = row.querySelector("input[name$='-DELETE']");
      if (box) { box.checked = true; }
      row.classList.add("removed");
    } else if (button.hasAttribute("data-row-up") && row.previousElementSibling) {
      container.insertBefore(row, row.previousElementSibling);
    } else if (button.hasAttribute("data-row-down") && row.nextElementSibling) {
      container.insertBefore(row.nextElementSibling, row);
    }
    renumber(container);
    button.focus();
  });

  document.addEventListener("htmx:configRequest", function (event) {
    var part = event.detail.elt.getAttribute("data-add-row");
    if (!part) { return; }
    var total = document.getElementById("id_" + part + "-TOTAL_FORMS");
    event.detail.parameters.index = total ? total.value : 0;
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var part = event.detail.requestConfig && event.detail.requestConfig.elt.getAttribute("data-add-row");
    if (!part) { return; }
    var total = document.getElementById("id_" + part + "-TOTAL_FORMS");
    if (total) { total.value = parseInt(total.value, 10) + 1; }
    var container = document.getElementById("rows-" + part);
    renumber(container);
    var rows = container.querySelectorAll("[data-row]");
    var input = rows[rows.length - 1].querySelector("textarea, input:not([type=hidden]), select");
    if (input) { input.focus(); }
  });

  // Buttons with data-confirm ask first (submitting a report locks its activities).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  // A select with data-autosubmit (the language switch) submits its form when changed.
  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-autosubmit]")) { event.target.form.submit(); }
  });

  // Progress bars carry their width as data-width (a percentage): the Content-Security-Policy
  // allows no style attribute, but a script of the portal may set the style property.
  function setWidth(bar) {
    var percent = Math.max(0, Math.min(100, parseFloat(bar.getAttribute("data-width")) || 0));
    bar.style.width = percent + "%";
  }

  function applyWidths(root) {
    if (root.matches && root.matches("[data-width]")) { setWidth(root); }
    if (root.querySelectorAll) { root.querySelectorAll("[data-width]").forEach(setWidth); }
  }

  // htmx:load fires for the page and for every piece htmx swaps in (the rendition status).
  document.addEventListener("htmx:load", function (event) { applyWidths(event.detail.elt); });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-rows]").forEach(renumber);
    applyWidths(document);
  });
})();
