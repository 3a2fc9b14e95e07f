import { describe, expect, it } from 'vitest';
import { endsPlacedFocus, isFocusSearchShortcut, isTextEntry, slashSelectsQuery } from './shortcuts';

const key = (k: string, target: EventTarget | null, mods: Partial<{ ctrl: boolean; meta: boolean; alt: boolean }> = {}) => ({
  key: k,
  ctrlKey: mods.ctrl ?? false,
  metaKey: mods.meta ?? false,
  altKey: mods.alt ?? false,
  target,
});

describe('isTextEntry', () => {
  it('recognises text fields', () => {
    expect(isTextEntry(document.createElement('textarea'))).toBe(true);
    const search = document.createElement('input');
    search.type = 'search';
    expect(isTextEntry(search)).toBe(true);
    expect(isTextEntry(document.createElement('input'))).toBe(true);
  });
  it('does not treat buttons, checkboxes or plain elements as text entry', () => {
    const box = document.createElement('input');
    box.type = 'checkbox';
    expect(isTextEntry(box)).toBe(false);
    expect(isTextEntry(document.createElement('button'))).toBe(false);
    expect(isTextEntry(document.body)).toBe(false);
    expect(isTextEntry(null)).toBe(false);
  });
});

describe('isFocusSearchShortcut', () => {
  it('takes Ctrl+K and Cmd+K from anywhere, even a text field', () => {
    const field = document.createElement('input');
    expect(isFocusSearchShortcut(key('k', field, { ctrl: true }))).toBe(true);
    expect(isFocusSearchShortcut(key('K', document.body, { meta: true }))).toBe(true);
  });
  it('takes "/" outside text fields', () => {
    expect(isFocusSearchShortcut(key('/', document.body))).toBe(true);
    expect(isFocusSearchShortcut(key('/', document.createElement('button')))).toBe(true);
  });
  it('lets "/" type a slash inside a text field', () => {
    expect(isFocusSearchShortcut(key('/', document.createElement('input')))).toBe(false);
    expect(isFocusSearchShortcut(key('/', document.createElement('textarea')))).toBe(false);
  });
  it('ignores other keys and modified slashes', () => {
    expect(isFocusSearchShortcut(key('k', document.body))).toBe(false);
    expect(isFocusSearchShortcut(key('k', document.body, { ctrl: true, alt: true }))).toBe(false);
    expect(isFocusSearchShortcut(key('/', document.body, { ctrl: true }))).toBe(false);
  });
});

describe('slashSelectsQuery', () => {
  const box = document.createElement('input');
  it('selects the query when Carrel placed the focus in the box', () => {
    expect(slashSelectsQuery(key('/', box), true, 'dvorak')).toBe(true);
  });
  it('types a slash once the user has typed, or into an empty box', () => {
    expect(slashSelectsQuery(key('/', box), false, 'dvorak')).toBe(false);
    expect(slashSelectsQuery(key('/', box), true, '')).toBe(false);
    expect(slashSelectsQuery(key('/', box, { ctrl: true }), true, 'dvorak')).toBe(false);
  });
  it("lets modifier keys pass without making the focus the user's", () => {
    expect(endsPlacedFocus(key('Shift', box))).toBe(false);
    expect(endsPlacedFocus(key('/', box))).toBe(false);
    expect(endsPlacedFocus(key('a', box))).toBe(true);
    expect(endsPlacedFocus(key('ArrowLeft', box))).toBe(true);
  });
});
