// A table wider than the screen scrolls sideways inside its .table-scroll (app.css). Keyboard
// users must be able to scroll it too (WCAG 2.1.1): a box that scrolls and holds nothing
// focusable (a table of plain text) becomes focusable, named after its table. Called by the
// root layout after each page and when the window's width changes, so every page gets it.

const FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex]';

export function markScrollRegions(root: ParentNode = document): void {
  for (const box of root.querySelectorAll<HTMLElement>('.table-scroll')) {
    const scrolls = box.scrollWidth > box.clientWidth;
    const marked = box.dataset.scrollRegion === 'yes';
    if (scrolls && !marked && !box.querySelector(FOCUSABLE)) {
      const table = box.querySelector('table');
      const name =
        table?.getAttribute('aria-label') ??
        table?.querySelector('caption')?.textContent?.trim() ??
        (table?.getAttribute('aria-labelledby') &&
          document.getElementById(table.getAttribute('aria-labelledby') ?? '')?.textContent?.trim());
      box.tabIndex = 0;
      box.setAttribute('role', 'region');
      if (name) box.setAttribute('aria-label', name);
      box.dataset.scrollRegion = 'yes';
    } else if (!scrolls && marked) {
      box.removeAttribute('tabindex');
      box.removeAttribute('role');
      box.removeAttribute('aria-label');
      delete box.dataset.scrollRegion;
    }
  }
}
