"""Run axe-core in a page and report its findings so they can be fixed."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

#: axe-core rules for WCAG 2.0 and 2.1, levels A and AA: what the forskrift requires.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_AXE = Axe()


def axe_violations(page) -> list[dict]:
    """Run axe-core on ``page`` with the WCAG 2.0/2.1 A and AA rules; return the violations."""
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    return _AXE.run(page, options=options).response["violations"]


def describe_violations(violations: list[dict]) -> str:
    """Violations as text a developer can act on: rule, help, and the offending nodes."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation['help']}"
                     f"\n  {violation.get('helpUrl', '')}")
        for node in violation["nodes"]:
            lines.append(f"    at {node['target']}: {node['html'][:200]}")
            summary = node.get("failureSummary")
            if summary:
                lines.append("      " + summary.replace("\n", "\n      "))
    return "\n".join(lines)


#: Checks the issue asks for that axe leaves to best practice or cannot see.
_STRUCTURE = """() => {
  const problems = [];
  const h1 = document.querySelectorAll('h1').length;
  if (h1 !== 1) problems.push(`${h1} h1 elements, expected exactly one`);
  const skip = document.querySelector('a.skip-link');
  const first = document.querySelector('a[href], button, input:not([type=hidden]), select, textarea');
  if (!skip || skip !== first) problems.push('the skip link is not the first focusable element');
  else if (!document.getElementById(skip.hash.slice(1))) problems.push('the skip link has no target');
  if (!document.querySelector('main') || !document.querySelector('header')
      || !document.querySelector('footer')) problems.push('a header, main or footer landmark is missing');
  const summary = document.querySelector('.error-summary');
  if (summary) {
    if (document.activeElement !== summary) problems.push('the error summary does not get focus');
    if (!document.title.startsWith('Feil i skjemaet')) problems.push('the title does not tell about the errors');
    for (const a of summary.querySelectorAll('a')) {
      const target = document.getElementById(a.hash.slice(1));
      if (!target) problems.push(`error link ${a.hash} has no target`);
    }
  }
  for (const el of document.querySelectorAll('[aria-invalid=true]')) {
    const ids = (el.getAttribute('aria-describedby') || '').split(' ');
    if (!ids.some(id => id.endsWith('-error') && document.getElementById(id)))
      problems.push(`#${el.id} is invalid but its error message is not tied to it`);
  }
  // WCAG 2.4.2: a title that names the page, then the site; no stray markup in it.
  if (!/^[^<>]*\\S[^<>]* – Fellesstemme$/.test(document.title))
    problems.push(
      `the title does not name the page: ${JSON.stringify(document.title.slice(0, 80))}`);
  // WCAG 4.1.1 (2.1): ids are unique, or labels and error links may point at the wrong element.
  const seen = new Set();
  for (const el of document.querySelectorAll('[id]')) {
    if (seen.has(el.id)) problems.push(`the id ${el.id} is used more than once`);
    seen.add(el.id);
  }
  // WCAG 1.3.1: headings do not skip a level, so their outline matches the page.
  let level = 0;
  for (const h of document.querySelectorAll('main :is(h1, h2, h3, h4, h5, h6)')) {
    const next = Number(h.tagName[1]);
    if (level && next > level + 1)
      problems.push(`an h${next} follows an h${level}: ${h.textContent.trim().slice(0, 60)}`);
    level = next;
  }
  // WCAG 1.3.1: every table says what it holds.
  for (const table of document.querySelectorAll('table')) {
    const caption = table.querySelector(':scope > caption');
    if (!(caption && caption.textContent.trim()) && !table.getAttribute('aria-label')
        && !table.getAttribute('aria-labelledby')) problems.push('a table has no caption');
  }
  // WCAG 1.3.1: radio buttons, and check boxes that share a name, are grouped under a legend.
  for (const input of document.querySelectorAll('input[type=radio], input[type=checkbox]')) {
    const sharing = `input[type=checkbox][name="${CSS.escape(input.name)}"]`;
    const grouped = input.type === 'radio' || document.querySelectorAll(sharing).length > 1;
    const legend = input.closest('fieldset')?.querySelector(':scope > legend');
    if (grouped && !(legend && legend.textContent.trim()))
      problems.push(`#${input.id} is one of a group of choices but has no fieldset with a legend`);
  }
  return problems;
}"""


def structure_problems(page) -> list[str]:
    """Skip link, landmarks, one h1, errors focused and tied to their fields, a page title,
    unique ids, headings that skip no level, table captions and legends for choices.

    The browser moves focus to an ``autofocus`` element at its next rendering step, not when
    the element is parsed, so the checks run after the page has loaded and two animation
    frames have passed; otherwise a check straight after the error summary appears races it.
    """
    page.wait_for_load_state()
    page.evaluate("() => new Promise(done => requestAnimationFrame("
                  "() => requestAnimationFrame(done)))")
    return page.evaluate(_STRUCTURE)
