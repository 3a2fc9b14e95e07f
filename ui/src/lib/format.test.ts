import { describe, expect, it } from 'vitest';
import {
  countLabel,
  fileName,
  folderName,
  formatDuration,
  formatNumber,
  identifierLabel,
  libraryName,
  publicationLine,
  recordCount,
} from './format';

describe('formatNumber', () => {
  it('groups thousands with commas', () => {
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(999)).toBe('999');
    expect(formatNumber(1234)).toBe('1,234');
    expect(formatNumber(1234567)).toBe('1,234,567');
  });
  it('rounds and survives odd input', () => {
    expect(formatNumber(12.6)).toBe('13');
    expect(formatNumber(Number.NaN)).toBe('0');
  });
});

describe('recordCount', () => {
  it('uses the singular only for exactly one', () => {
    expect(recordCount(0)).toBe('0 records');
    expect(recordCount(1)).toBe('1 record');
    expect(recordCount(2)).toBe('2 records');
    expect(recordCount(1234)).toBe('1,234 records');
  });
  it('marks a lower bound with a plus', () => {
    expect(recordCount(500, true)).toBe('500+ records');
    expect(recordCount(1, true)).toBe('1+ records');
    expect(recordCount(10000, true)).toBe('10,000+ records');
  });
  it('works for other nouns', () => {
    expect(countLabel(1, 'warning', 'warnings')).toBe('1 warning');
    expect(countLabel(3, 'warning', 'warnings')).toBe('3 warnings');
  });
});

describe('fileName and libraryName', () => {
  it('takes the last part of POSIX and Windows paths', () => {
    expect(fileName('/home/ann/marc/batch 1.mrc')).toBe('batch 1.mrc');
    expect(fileName('C:\\Users\\ann\\Desktop\\loc.xml')).toBe('loc.xml');
    expect(fileName('plain.mrc')).toBe('plain.mrc');
    expect(fileName('/srv/library/')).toBe('library');
  });
  it('drops the extension for the library name, but not a leading dot', () => {
    expect(libraryName('/home/ann/Firm library.carrel')).toBe('Firm library');
    expect(libraryName('/home/ann/.hidden')).toBe('.hidden');
    expect(libraryName('/data/archive.v2.sqlite')).toBe('archive.v2');
  });
});

describe('publicationLine', () => {
  it('joins publication and date', () => {
    expect(publicationLine('London : Sweet & Maxwell', '2021')).toBe('London : Sweet & Maxwell, 2021');
  });
  it('does not repeat a date the publication already has', () => {
    expect(publicationLine('Oxford : OUP, 1998.', '1998')).toBe('Oxford : OUP, 1998.');
  });
  it('copes with missing parts', () => {
    expect(publicationLine(null, '1901')).toBe('1901');
    expect(publicationLine('Paris', null)).toBe('Paris');
    expect(publicationLine(null, null)).toBe('');
    expect(publicationLine('  ', ' ')).toBe('');
  });
});

describe('identifierLabel', () => {
  it('keeps the labels the core sends', () => {
    expect(identifierLabel('ISBN')).toBe('ISBN');
    expect(identifierLabel('LCCN')).toBe('LCCN');
    expect(identifierLabel('Control number')).toBe('Control number');
  });
  it('knows the common identifiers', () => {
    expect(identifierLabel('isbn')).toBe('ISBN');
    expect(identifierLabel('ISSN')).toBe('ISSN');
    expect(identifierLabel('lccn')).toBe('LCCN');
    expect(identifierLabel('control_number')).toBe('Control number');
  });
  it('makes something readable of unknown kinds', () => {
    expect(identifierLabel('publisher_number')).toBe('Publisher number');
    expect(identifierLabel('')).toBe('Identifier');
  });
});

describe('folderName', () => {
  it('gives the folder of a path, for / and \\ separators', () => {
    expect(folderName('/home/ann/in/batch.mrc')).toBe('/home/ann/in');
    expect(folderName('C:\\MARC\\a.mrc')).toBe('C:\\MARC');
    expect(folderName('/a.mrc')).toBe('/');
    expect(folderName('a.mrc')).toBe('');
  });
});

describe('formatDuration', () => {
  it('shows short times with a decimal and long ones in minutes', () => {
    expect(formatDuration(940)).toBe('0.9 s');
    expect(formatDuration(12_400)).toBe('12 s');
    expect(formatDuration(60_000)).toBe('1 min');
    expect(formatDuration(61_000)).toBe('1 min 1 s');
    expect(formatDuration(50)).toBe('0.1 s');
    expect(formatDuration(20)).toBe('under 0.1 s');
    expect(formatDuration(-5)).toBe('under 0.1 s');
  });
});
