// Accounts page: filter the TDP checkboxes as the admin types a number or a name (diacritics optional).
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  var search = document.getElementById("tdp-search");
  if (!search) { return; }
  var items = document.querySelectorAll("#tdps-field .tdp-list li");
  search.addEventListener("input", function () {
    var wanted = fold(search.value.trim());
    items.forEach(function (li) {
      var text = fold(li.textContent);
      var number = (text.match(/\d+/) || [""])[0];
      li.hidden = wanted !== "" && text.indexOf(wanted) === -1 && number !== wanted;
    });
  });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); }  // Enter filters, it does not submit the form
  });
}());
