/** The browser-free part of the Markdown preview script (client/preview/diagrams.ts). */
import { describe, expect, test } from 'bun:test';
import { DIAGRAM_SELECTOR, DiagramCache, diagramError, diagramTheme } from '../client/preview/diagrams';

describe('diagramTheme follows the classes VS Code puts on the preview body', () => {
  test.each([
    [['vscode-body', 'vscode-light'], 'default'],
    [['vscode-body', 'vscode-dark'], 'dark'],
    [['vscode-body', 'vscode-high-contrast'], 'dark'],
    // High contrast light: alone, or beside vscode-high-contrast as some versions set it.
    [['vscode-body', 'vscode-high-contrast-light'], 'neutral'],
    [['vscode-body', 'vscode-high-contrast', 'vscode-high-contrast-light'], 'neutral'],
    [[], 'default'],
    [['vscode-body'], 'default'],
  ] as const)('%p → %s', (classes, theme) => {
    expect(diagramTheme(classes)).toBe(theme);
  });
});

describe('diagramError', () => {
  test('keeps mermaid’s message, without blank lines or trailing spaces', () => {
    const error = new Error('Parse error on line 2:\n...users[Users --> web  \n\n---------------------^\nExpecting \'SQE\', got \'PE\'');
    expect(diagramError(error)).toBe("Parse error on line 2:\n...users[Users --> web\n---------------------^\nExpecting 'SQE', got 'PE'");
  });
  test('reads strings and message-bearing objects', () => {
    expect(diagramError('No diagram type detected')).toBe('No diagram type detected');
    expect(diagramError({ message: 'Lexical error on line 1' })).toBe('Lexical error on line 1');
  });
  test('cuts a long message with an ellipsis', () => {
    const text = diagramError(new Error('x'.repeat(1000)), 100);
    expect(text.length).toBe(100);
    expect(text.endsWith('…')).toBe(true);
  });
  test('says something when mermaid says nothing', () => {
    expect(diagramError(new Error(''))).toBe('Mermaid could not read this diagram.');
  });
});

describe('DiagramCache', () => {
  test('keys by source and theme', () => {
    const cache = new DiagramCache<string>();
    cache.set('flowchart LR\n a --> b', 'default', 'light svg');
    expect(cache.get('flowchart LR\n a --> b', 'default')).toBe('light svg');
    expect(cache.get('flowchart LR\n a --> b', 'dark')).toBeUndefined();
    expect(cache.get('flowchart LR\n a --> c', 'default')).toBeUndefined();
  });
  test('drops the least recently used beyond its capacity', () => {
    const cache = new DiagramCache<number>(2);
    cache.set('a', 'default', 1);
    cache.set('b', 'default', 2);
    expect(cache.get('a', 'default')).toBe(1); // a is now the most recent
    cache.set('c', 'default', 3);
    expect(cache.size).toBe(2);
    expect(cache.get('b', 'default')).toBeUndefined();
    expect(cache.get('a', 'default')).toBe(1);
    expect(cache.get('c', 'default')).toBe(3);
  });
});

test('the selector matches the fences the preview renders', () => {
  expect(DIAGRAM_SELECTOR).toBe('pre > code.language-mermaid');
});
