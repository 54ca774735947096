// Tables scroll inside a region of their own (templates/macros/tables.html), which is a
// tab stop so that keyboard users can scroll it. While a table fits there is nothing to
// scroll: the region leaves the tab order, and comes back when the table no longer fits.
(function () {
  'use strict';

  var regions = document.querySelectorAll('.table-scroll');
  if (!regions.length || !('ResizeObserver' in window)) return;

  function update(region) {
    if (region.scrollWidth > region.clientWidth) {
      region.setAttribute('tabindex', '0');
    } else if (document.activeElement !== region) {
      region.removeAttribute('tabindex');
    }
  }

  var observer = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      update(entry.target.closest('.table-scroll'));
    });
  });
  Array.prototype.forEach.call(regions, function (region) {
    observer.observe(region);
    if (region.firstElementChild) observer.observe(region.firstElementChild);
  });
})();
