import { describe, expect, it } from 'vitest';
import { isFocusSearchShortcut, isTextEntry } from './shortcuts';

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
