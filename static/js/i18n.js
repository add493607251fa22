/* Agora's translated strings for scripts: read from the JSON the page embeds (deliberation/i18n/jscatalog.py).
   gettext("Text %(name)s", {name: "x"}) and ngettext("%(num)s person", "%(num)s people", n) mirror the server's. */
(function () {
  "use strict";
  var data = { locale: document.documentElement.lang || "en", messages: {}, plurals: {} };
  var source = document.getElementById("agora-i18n");
  if (source) {
    try { data = JSON.parse(source.textContent); } catch (error) { /* keep the English originals */ }
  }
  var rules = window.Intl && Intl.PluralRules ? new Intl.PluralRules(data.locale) : null;

  function fill(text, values) {
    if (!values) { return text; }
    return text.replace(/%\((\w+)\)[sd]/g, function (match, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : match;
    });
  }

  window.gettext = function (text, values) {
    return fill(data.messages[text] || text, values);
  };

  window.ngettext = function (singular, plural, n, values) {
    var forms = data.plurals[singular];
    var category = rules ? rules.select(n) : (n === 1 ? "one" : "other");
    var text = forms && (forms[category] || forms.other) || (n === 1 ? singular : plural);
    var all = Object.assign({ num: window.formatNumber(n) }, values || {});
    return fill(text, all);
  };

  window.formatNumber = function (n) {
    return window.Intl ? new Intl.NumberFormat(data.locale).format(n) : String(n);
  };

  window.formatMoney = function (amount, currency) {
    if (!window.Intl || !currency) { return window.formatNumber(amount); }
    return new Intl.NumberFormat(data.locale, { style: "currency", currency: currency,
      maximumFractionDigits: 0, minimumFractionDigits: 0 }).format(amount);
  };
}());
