// The data entry form, progressively enhanced (the form works without this file):
// - rupiah inputs are grouped as you type (1234567 -> 1.234.567; the comma starts sen);
// - "use last year's value" copies last year's value into its input, only when clicked;
// - the error summary takes the focus, so a screen reader reads it first.
(function () {
  "use strict";

  function group(digits) {
    return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  // Only text written the Indonesian way is regrouped; anything else is left to the server.
  var INDONESIAN = /^(Rp\s?)?[0-9.]*(,[0-9]{0,2})?$/i;

  function regroup(input) {
    var text = input.value.trim();
    if (!text || !INDONESIAN.test(text)) {
      return;
    }
    var caretFromEnd = input.value.length - (input.selectionEnd || input.value.length);
    var parts = text.replace(/^Rp\s?/i, "").split(",");
    var whole = parts[0].replace(/\./g, "").replace(/^0+(?=\d)/, "");
    var value = group(whole) + (parts.length > 1 ? "," + parts[1] : "");
    if (value !== input.value) {
      input.value = value;
      var caret = Math.max(0, value.length - caretFromEnd);
      if (document.activeElement === input) {
        input.setSelectionRange(caret, caret);
      }
    }
  }

  function useLast(button) {
    var target = document.getElementById(button.dataset.target);
    var value = button.dataset.value;
    if (target) {
      target.value = value;
      target.dispatchEvent(new Event("input", { bubbles: true }));
      target.focus();
      return;
    }
    // yes/no: the radio buttons are named after the field
    var radios = document.querySelectorAll('input[type=radio][id^="' + button.dataset.target + '_"]');
    radios.forEach(function (radio) {
      radio.checked = radio.value === value;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-rupiah]").forEach(function (input) {
      regroup(input);
      input.addEventListener("input", function () {
        regroup(input);
      });
    });
    document.querySelectorAll("button.use-last").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        useLast(button);
      });
    });
    var summary = document.getElementById("error-summary");
    if (summary) {
      summary.focus();
    }
  });
})();
