// The main navigation's «Meny» button (templates/base.html). Without this script the
// button stays hidden and the links show as a wrapped list. With it, the button shows on
// narrow screens (app.css, .main-nav.has-menu) and opens and closes the links; on wide
// screens the CSS shows the links whatever the button says.
(function () {
  'use strict';

  var nav = document.querySelector('.main-nav');
  var button = nav && nav.querySelector('.menu-button');
  var links = button && document.getElementById(button.getAttribute('aria-controls'));
  if (!links) return;

  function setOpen(open) {
    button.setAttribute('aria-expanded', open ? 'true' : 'false');
  }

  function isOpen() {
    return button.getAttribute('aria-expanded') === 'true';
  }

  button.hidden = false;
  nav.classList.add('has-menu');
  setOpen(false);

  // A <button>: Enter and Space click it.
  button.addEventListener('click', function () {
    setOpen(!isOpen());
  });

  // Escape closes the open menu from the button or a link in it; focus goes back to the
  // button, so it is not lost on a link that is now hidden.
  nav.addEventListener('keydown', function (event) {
    if (event.key !== 'Escape' || !isOpen() || getComputedStyle(button).display === 'none') return;
    setOpen(false);
    button.focus();
  });
})();
