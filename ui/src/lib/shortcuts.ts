// Global keyboard shortcuts, decided from plain event fields so they can be tested.

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey?: boolean;
  target: EventTarget | null;
}

/** True when typing would go into `target` (a text field, a select, an editable region). */
export function isTextEntry(target: EventTarget | null): boolean {
  if (typeof Element === 'undefined' || !(target instanceof Element)) return false;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    const nonText = ['button', 'checkbox', 'radio', 'submit', 'reset', 'file', 'range', 'color', 'image'];
    return !nonText.includes(target.type);
  }
  return target instanceof HTMLElement && target.isContentEditable === true;
}

/**
 * Ctrl+K (⌘K on macOS) anywhere, or `/` when the key would not type into a field, moves focus
 * to the catalogue search box.
 */
export function isFocusSearchShortcut(e: KeyLike): boolean {
  if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === 'k' || e.key === 'K')) return true;
  if (e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey) return !isTextEntry(e.target);
  return false;
}

/** Keys that only modify another (Shift+7 types "/" on some keyboards). */
const MODIFIERS = ['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock'];

/**
 * `/` in the search box when Carrel put the focus there (going back to the catalogue, a
 * shortcut, Back from a record) and the user has not typed or clicked in it since: the user
 * meant the shortcut, so it selects the query instead of adding a slash to it ("dvorak/").
 * Once the user has typed (or the box is empty), `/` is a character like any other.
 */
export function slashSelectsQuery(e: KeyLike, focusPlacedByApp: boolean, value: string): boolean {
  return e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && focusPlacedByApp && value !== '';
}

/** Whether a key typed into the search box makes its focus the user's own (see above). */
export function endsPlacedFocus(e: KeyLike): boolean {
  return e.key !== '/' && !MODIFIERS.includes(e.key);
}
