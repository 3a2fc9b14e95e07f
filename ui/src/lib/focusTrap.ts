// Keeps Tab and Shift+Tab inside a modal dialog.

const FOCUSABLE = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[tabindex]:not([tabindex="-1"])',
].join(',');

/** The elements inside `root` that Tab can reach, in document order. */
export function focusableWithin(root: HTMLElement): HTMLElement[] {
  const reachable = Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
    (el) => !el.hidden && !el.closest('[hidden],[inert]') && el.getAttribute('aria-hidden') !== 'true',
  );
  // Tab stops once in a group of radio buttons: on the checked one, else on the first.
  const stops = new Map<string, HTMLInputElement>();
  for (const el of reachable) {
    if (!isRadio(el) || !el.name) continue;
    const stop = stops.get(el.name);
    if (!stop || (el.checked && !stop.checked)) stops.set(el.name, el);
  }
  return reachable.filter((el) => !isRadio(el) || !el.name || stops.get(el.name) === el);
}

function isRadio(el: HTMLElement): el is HTMLInputElement {
  return el instanceof HTMLInputElement && el.type === 'radio';
}

/**
 * Handles a Tab keydown inside `root`: from the last element it wraps to the first, and from
 * the first (with Shift) to the last. Focus outside `root` is pulled back in.
 * Returns true when it moved focus (the caller's event has then been prevented).
 */
export function trapTab(event: KeyboardEvent, root: HTMLElement): boolean {
  if (event.key !== 'Tab') return false;
  const items = focusableWithin(root);
  const active = root.ownerDocument.activeElement;
  if (items.length === 0) {
    event.preventDefault();
    root.focus();
    return true;
  }
  const first = items[0]!;
  const last = items[items.length - 1]!;
  const inside = active instanceof HTMLElement && root.contains(active);
  let target: HTMLElement | null = null;
  if (!inside) target = event.shiftKey ? last : first;
  else if (event.shiftKey && (active === first || active === root)) target = last;
  else if (!event.shiftKey && active === last) target = first;
  if (!target) return false;
  event.preventDefault();
  target.focus();
  return true;
}

/**
 * Focuses `el` with a visible ring even when the browser would not show one (focus moved by
 * script after a click does not match `:focus-visible`): `data-focus-ring` marks it until it
 * loses the focus. Use it where the app moves focus for the person (a dialog opening, focus
 * returning to the button that opened a dialog).
 */
export function focusVisibly(el: HTMLElement | null | undefined): boolean {
  if (!el) return false;
  el.setAttribute('data-focus-ring', '');
  el.focus();
  if (el.ownerDocument.activeElement !== el) {
    el.removeAttribute('data-focus-ring');
    return false;
  }
  el.addEventListener('blur', () => el.removeAttribute('data-focus-ring'), { once: true });
  return true;
}
