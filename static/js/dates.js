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
})();
