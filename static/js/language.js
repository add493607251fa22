/* The language switcher changes language as soon as one is picked; without JavaScript its button does. */
(function () {
  "use strict";
  var form = document.querySelector("[data-language-switcher]");
  if (!form) { return; }
  var select = form.querySelector("select");
  select.addEventListener("change", function () { form.requestSubmit ? form.requestSubmit() : form.submit(); });
}());
