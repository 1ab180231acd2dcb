/**
 * Type-level tests: `tsc -p .` (part of `bun run test`) checks this file, and each
 * `@ts-expect-error` fails the type-check if the line below it ever compiles.
 * The runtime test only keeps the file in the suite.
 */
import { expect, test } from 'bun:test';
import { defineRule, type Rule } from '../../server/src/core/rule';
import lockfile from '../../server/src/core/rules/package-manager/lockfile';
import pythonManifest from '../../server/src/core/rules/package-manager/python-manifest';

/** True when `A` and `B` are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(ok: T) => ok;

type MessageIds<R> = R extends Rule<infer _O, infer M> ? M : never;
type OptionsOf<R> = R extends Rule<infer O, infer _M> ? O : never;

const typed = defineRule({
  id: 'test/typed',
  kinds: ['yaml'],
  severity: 'warning',
  docs: { summary: 'A rule for type tests.', rationale: 'Exists only so that the compiler can be asked about it.' },
  messages: { found: 'found {what}', other: 'other' },
  options: {
    type: 'object',
    properties: { limit: { type: 'number', default: 3, description: 'A limit.' }, names: { type: 'array', default: ['a'], description: 'Names.' } },
  },
  check(ctx) {
    ctx.report({ messageId: 'found', data: { what: 'x' }, range: { start: 0, end: 1 } });
    // @ts-expect-error a message id the rule does not declare
    ctx.report({ messageId: 'fonud', range: { start: 0, end: 1 } });
    const limit: number = ctx.options.limit;
    const names: string[] = ctx.options.names;
    // @ts-expect-error an option the rule does not declare
    void ctx.options.missing;
    void limit;
    void names;
  },
});

assertType<Equal<MessageIds<typeof typed>, 'found' | 'other'>>(true);
assertType<Equal<OptionsOf<typeof typed>, { limit: number; names: string[] }>>(true);
// The registry's rules are typed the same way, without type arguments in their files.
assertType<Equal<MessageIds<typeof lockfile>, 'foreign' | 'stale'>>(true);
assertType<Equal<OptionsOf<typeof pythonManifest>, { allowRequirements: string[] }>>(true);

test('message ids and options are typed per rule (checked by tsc)', () => {
  expect(Object.keys(typed.messages).sort()).toEqual(['found', 'other']);
});
