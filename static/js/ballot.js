// Live totals on the ballot page. The server still checks every ballot; this only helps.
(function () {
  "use strict";
  var list = document.querySelector("[data-budget]");
  var out = document.getElementById("basket-total");
  if (list && out) {
    var budget = Number(list.getAttribute("data-budget"));
    var currency = list.getAttribute("data-currency") || "";
    var update = function () {
      var total = 0;
      list.querySelectorAll("input[type=checkbox]:checked").forEach(function (box) {
        total += Number(box.getAttribute("data-cost"));
      });
      var left = budget - total;
      out.textContent = "Your basket: " + total.toLocaleString() + " " + currency + " of " +
        budget.toLocaleString() + " " + currency + (left < 0 ? " — over the budget by " +
        (-left).toLocaleString() + " " + currency : " (" + left.toLocaleString() + " left)");
      out.classList.toggle("over", left < 0);
    };
    out.hidden = false;
    list.addEventListener("change", update);
    update();
  }
  var points = document.querySelector("[data-total]");
  var pointsOut = document.getElementById("points-total");
  if (points && pointsOut) {
    var cap = Number(points.getAttribute("data-total"));
    var sum = function () {
      var used = 0;
      points.querySelectorAll("input[type=number]").forEach(function (input) {
        used += Number(input.value) || 0;
      });
      pointsOut.textContent = "Points used: " + used + " of " + cap + (used > cap ? " — too many" : "");
      pointsOut.classList.toggle("over", used > cap);
    };
    pointsOut.hidden = false;
    points.addEventListener("input", sum);
    sum();
  }
})();
