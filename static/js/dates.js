// Date inputs take dd/mm/yyyy in any browser language: the slashes are added while the
// user types digits ("07032027" becomes "07/03/2027"); pasted or edited text is left as is.
(function () {
  "use strict";
  function shape(input, event) {
    if (event.inputType && event.inputType.indexOf("delete") === 0) return;
    var digits = input.value.replace(/\D/g, "");
    if (!/^[\d/]*$/.test(input.value) || digits.length > 8) return;
    var out = digits.slice(0, 2);
    if (digits.length >= 2) out += "/" + digits.slice(2, 4);
    if (digits.length >= 4) out += "/" + digits.slice(4, 8);
    input.value = out;
  }
  document.addEventListener("input", function (event) {
    var input = event.target;
    if (input instanceof HTMLInputElement && input.hasAttribute("data-date-input")) shape(input, event);
  });

  // A calendar (vendored vanillajs-datepicker) on every date input: Monday first, labels in
  // the page's language, "Hôm nay"/"Today" and clear buttons. Typing stays the main way in:
  // the picker reads only well-formed dates and never rewrites text it cannot read, so the
  // server still says what is wrong with it.
  var DAY_FIRST = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
  var ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
  function two(n) { return (n < 10 ? "0" : "") + n; }
  function parse(text) {
    var m = DAY_FIRST.exec(text.trim()), d, mo, y;
    if (m) { d = +m[1]; mo = +m[2]; y = +m[3]; } else {
      m = ISO.exec(text.trim());
      if (!m) return NaN;
      y = +m[1]; mo = +m[2]; d = +m[3];
    }
    var date = new Date(y, mo - 1, d);
    return date.getFullYear() === y && date.getMonth() === mo - 1 && date.getDate() === d ? date : NaN;
  }
  var FORMAT = {
    toValue: parse,
    toDisplay: function (date) { return two(date.getDate()) + "/" + two(date.getMonth() + 1) + "/" + date.getFullYear(); }
  };
  function language() {
    var lang = (document.documentElement.lang || "vi").toLowerCase();
    return lang.indexOf("en") === 0 ? "en" : "vi";
  }
  function attach(input) {
    if (input.datepicker || typeof window.Datepicker !== "function") return;
    var typed = input.value;
    // Enter picks the day (or takes the typed date) without also sending the form.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && input.datepicker && input.datepicker.active) event.preventDefault();
    });
    new window.Datepicker(input, {
      format: FORMAT,
      language: language(),
      weekStart: 1,
      todayButton: true,
      todayButtonMode: 1,
      clearButton: true,
      todayHighlight: true,
      autohide: true,
      buttonClass: "btn"
    });
    input.addEventListener("input", function () { typed = input.value; });
    input.addEventListener("changeDate", function () { typed = input.value; });
    input.addEventListener("blur", function () {
      // The picker puts back its last date when it cannot read the text: keep the text.
      window.setTimeout(function () {
        if (typed && input.value !== typed && isNaN(parse(typed))) input.value = typed;
      }, 0);
    });
  }
  function attachAll(root) {
    if (root.matches && root.matches("input[data-date-input]")) attach(root);
    if (root.querySelectorAll) root.querySelectorAll("input[data-date-input]").forEach(attach);
  }
  document.addEventListener("DOMContentLoaded", function () { attachAll(document); });
  // htmx:load fires for every piece htmx swaps in.
  document.addEventListener("htmx:load", function (event) { attachAll(event.detail.elt); });
})();
