// The paper text editor (templates/papers/_text_form.html). Without this script each
// section body is a textarea in the Markdown subset, and adding, moving or removing a
// section posts the form and shows it again. With it:
// - each body is a Quill editor (static/vendor/quill, see its LICENSE) with a toolbar of
//   real buttons: bold, italic, bullet and numbered lists, link, sub-heading; Ctrl+B,
//   Ctrl+I and Ctrl+K work too, and Tab leaves the editor as it leaves any field;
// - pasting (from Word, say) keeps only those formats;
// - on submit each textarea gets the editor's HTML and the form says text_format=html;
//   the server cleans it (nh3) and stores the Markdown subset (advocacy/papers/markdown.py);
// - sections are added, moved and removed in the page, keeping every section's text.
(function () {
  'use strict';

  var form = document.querySelector('form[data-text-editor]');
  if (!form || typeof window.Quill === 'undefined') return;
  var Quill = window.Quill;
  var texts = JSON.parse(form.getAttribute('data-texts'));
  var FORMATS = ['bold', 'italic', 'link', 'list', 'header'];
  var SAFE_URL = /^(https?:\/\/[^\s/]+|mailto:\S+@\S+)/i;
  var live = document.getElementById('editor-status');
  var editors = [];

  function announce(message) {
    live.textContent = '';
    window.setTimeout(function () { live.textContent = message; }, 50);
  }

  function button(label, shortcut, onClick) {
    var b = document.createElement('button');
    b.type = 'button';
    b.className = 'toolbar-button';
    b.textContent = label;
    if (shortcut) b.setAttribute('aria-keyshortcuts', shortcut);
    b.addEventListener('click', onClick);
    return b;
  }

  function askLink(quill) {
    var range = quill.getSelection(true);
    var current = quill.getFormat(range).link;
    var url = window.prompt(texts.linkPrompt, current || 'https://');
    if (url === null) return;
    url = url.trim();
    if (url === '' || url === 'https://') {
      quill.format('link', false, 'user');
      return;
    }
    if (!SAFE_URL.test(url)) {
      window.alert(texts.linkInvalid);
      return;
    }
    if (range.length === 0) {
      quill.insertText(range.index, url, 'link', url, 'user');
      quill.setSelection(range.index + url.length, 0, 'user');
    } else {
      quill.format('link', url, 'user');
    }
  }

  function mount(textarea) {
    var field = textarea.closest('.field');
    var label = field.querySelector('label[for="' + textarea.id + '"]');
    var hint = document.getElementById(textarea.id + '-hint');
    var holder = document.createElement('div');
    holder.className = 'rich-editor';
    var toolbar = document.createElement('div');
    toolbar.setAttribute('role', 'toolbar');
    var area = document.createElement('div');
    holder.appendChild(toolbar);
    holder.appendChild(area);
    textarea.insertAdjacentElement('afterend', holder);
    textarea.hidden = true;
    if (hint) hint.hidden = true;

    var quill = new Quill(area, { formats: FORMATS, modules: { toolbar: false } });
    // Tab and Shift+Tab move focus, as in any other field (no keyboard trap, WCAG 2.1.2).
    var keyboard = quill.getModule('keyboard');
    delete keyboard.bindings.Tab;
    keyboard.addBinding({ key: 'k', shortKey: true }, function () { askLink(quill); });
    // Scripts, styles and embedded things pasted (from a web page, say) go with their text.
    var Delta = Quill.import('delta');
    ['SCRIPT', 'STYLE', 'IFRAME', 'OBJECT', 'TEMPLATE', 'NOSCRIPT'].forEach(function (tag) {
      quill.clipboard.addMatcher(tag, function () { return new Delta(); });
    });
    var html = textarea.getAttribute('data-html') || '';
    quill.setContents(quill.clipboard.convert({ html: html }), 'silent');

    var root = quill.root;
    label.id = label.id || textarea.id + '-label';
    root.setAttribute('role', 'textbox');
    root.setAttribute('aria-multiline', 'true');
    root.setAttribute('aria-labelledby', label.id);
    var error = document.getElementById(textarea.id + '-error');
    root.setAttribute('aria-describedby', 'editor-help' + (error ? ' ' + error.id : ''));
    if (textarea.getAttribute('aria-invalid')) root.setAttribute('aria-invalid', 'true');
    toolbar.setAttribute('aria-label', texts.toolbar);
    toolbar.setAttribute('aria-controls', root.id = textarea.id + '-editor');
    label.addEventListener('click', function () { quill.focus(); });

    var toggles = [
      [texts.bold, 'Control+B', function (f) { return !!f.bold; },
        function (f) { quill.format('bold', !f.bold, 'user'); }],
      [texts.italic, 'Control+I', function (f) { return !!f.italic; },
        function (f) { quill.format('italic', !f.italic, 'user'); }],
      [texts.bullets, '', function (f) { return f.list === 'bullet'; },
        function (f) { quill.format('list', f.list === 'bullet' ? false : 'bullet', 'user'); }],
      [texts.numbers, '', function (f) { return f.list === 'ordered'; },
        function (f) { quill.format('list', f.list === 'ordered' ? false : 'ordered', 'user'); }],
      [texts.heading, '', function (f) { return !!f.header; },
        function (f) { quill.format('header', f.header ? false : 3, 'user'); }],
    ];
    var pressed = toggles.map(function (t) {
      var b = button(t[0], t[1], function () {
        quill.focus();
        t[3](quill.getFormat());
        update();
      });
      b.setAttribute('aria-pressed', 'false');
      toolbar.appendChild(b);
      return [b, t[2]];
    });
    toolbar.appendChild(button(texts.link, 'Control+K', function () { askLink(quill); }));

    function update() {
      var range = quill.getSelection();
      var formats = range ? quill.getFormat(range) : {};
      pressed.forEach(function (p) {
        p[0].setAttribute('aria-pressed', p[1](formats) ? 'true' : 'false');
      });
    }
    quill.on('editor-change', update);
    editors.push({ textarea: textarea, quill: quill });
  }

  // --- Sections: add, move and remove in the page -------------------------------------

  function sections() {
    return Array.prototype.slice.call(form.querySelectorAll('.section-editor'));
  }

  function renumber() {
    var all = sections();
    all.forEach(function (fieldset, index) {
      fieldset.querySelectorAll('[name],[id],[for],[aria-labelledby],[aria-describedby],[aria-controls]')
        .forEach(function (el) {
          ['name', 'id', 'for', 'aria-labelledby', 'aria-describedby', 'aria-controls'].forEach(function (a) {
            var v = el.getAttribute(a);
            if (v) el.setAttribute(a, v.replace(/sections-\d+-/g, 'sections-' + index + '-'));
          });
        });
      var heading = fieldset.querySelector('input[name$="-heading"]').value.trim();
      fieldset.querySelector('legend').textContent = heading
        ? texts.legendHeading.replace('%(number)d', index + 1).replace('%(heading)s', heading)
        : texts.legend.replace('%(number)d', index + 1);
      fieldset.querySelectorAll('.section-actions button').forEach(function (b) {
        var kind = b.getAttribute('data-kind');
        b.value = kind + '-' + index;
        var hidden = b.querySelector('.visually-hidden');
        if (hidden) hidden.textContent = hidden.textContent.replace(/\d+/, index + 1);
        b.hidden = (kind === 'up' && index === 0) || (kind === 'down' && index === all.length - 1) ||
          (kind === 'remove' && all.length === 1);
      });
    });
  }

  function focusIn(fieldset, kind) {
    var b = fieldset.querySelector('.section-actions button[data-kind="' + kind + '"]');
    if (b && !b.hidden) b.focus();
    else fieldset.querySelector('input[name$="-heading"]').focus();
  }

  form.addEventListener('click', function (event) {
    var b = event.target.closest('button[name="action"]');
    if (!b || b.value === 'save') return;
    event.preventDefault();
    var fieldset = b.closest('.section-editor');
    var kind = b.getAttribute('data-kind');
    var number;
    if (b.value === 'add') {
      var template = document.getElementById('section-template');
      var clone = template.content.firstElementChild.cloneNode(true);
      var last = sections().pop();
      last.insertAdjacentElement('afterend', clone);
      renumber();
      mount(clone.querySelector('textarea'));
      clone.querySelector('input[name$="-heading"]').focus();
      announce(texts.added.replace('%(number)d', sections().length));
      return;
    }
    if (kind === 'remove') {
      var next = fieldset.nextElementSibling && fieldset.nextElementSibling.classList.contains('section-editor')
        ? fieldset.nextElementSibling : fieldset.previousElementSibling;
      number = sections().indexOf(fieldset) + 1;
      fieldset.remove();
      renumber();
      next.querySelector('input[name$="-heading"]').focus();
      announce(texts.removed.replace('%(number)d', number));
      return;
    }
    if (kind === 'up' && fieldset.previousElementSibling) {
      fieldset.previousElementSibling.insertAdjacentElement('beforebegin', fieldset);
    } else if (kind === 'down' && fieldset.nextElementSibling &&
      fieldset.nextElementSibling.classList.contains('section-editor')) {
      fieldset.nextElementSibling.insertAdjacentElement('afterend', fieldset);
    }
    renumber();
    focusIn(fieldset, kind);
    number = sections().indexOf(fieldset) + 1;
    announce(texts.moved.replace('%(number)d', number));
  });

  // The error summary links to a section's textarea, hidden behind its editor.
  document.addEventListener('click', function (event) {
    var link = event.target.closest('.error-summary a[href^="#sections-"]');
    var target = link && document.getElementById(link.getAttribute('href').slice(1));
    var editor = target && document.getElementById(target.id + '-editor');
    if (editor) {
      event.preventDefault();
      editor.focus();
    }
  });

  form.addEventListener('input', function (event) {
    if (event.target.matches('input[name$="-heading"]')) renumber();
  });

  form.addEventListener('submit', function () {
    editors.forEach(function (e) {
      if (document.body.contains(e.textarea)) {
        e.textarea.value = e.quill.getLength() > 1 ? e.quill.getSemanticHTML() : '';
      }
    });
    form.querySelector('input[name="text_format"]').value = 'html';
  });

  document.getElementById('editor-help').hidden = false;
  var noScriptHelp = document.getElementById('markdown-help');
  if (noScriptHelp) noScriptHelp.hidden = true;
  form.querySelectorAll('textarea[data-html]').forEach(mount);
  sections().forEach(function (f) {
    f.querySelectorAll('.section-actions button').forEach(function (b) {
      b.setAttribute('data-kind', b.value.split('-')[0]);
    });
  });
  renumber();
})();
