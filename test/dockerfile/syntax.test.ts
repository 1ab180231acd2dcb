/**
 * `dockerfile/syntax` on the hard-to-read Dockerfiles of the differential test:
 * the valid ones give no finding, and the broken one gives exactly its two.
 */
import { expect, test } from 'bun:test';
import { lint } from '../../server/src/core/engine';
import { SourceFile } from '../../server/src/core/source';
import { TRICKY } from './tricky';

const syntaxFindings = (text: string) =>
  lint(new SourceFile('Dockerfile', 'dockerfile', text))
    .findings.filter((f) => f.ruleId === 'dockerfile/syntax')
    .map((f) => `${f.range.start}-${f.range.end} ${f.message}`);

for (const [name, text] of Object.entries(TRICKY)) {
  if (name === 'unknown-and-dangling') continue;
  test(`${name}: no syntax finding`, () => expect(syntaxFindings(text)).toEqual([]));
}

test('unknown-and-dangling: the typo and the instruction without arguments, at their keywords', () => {
  const text = TRICKY['unknown-and-dangling'];
  expect(syntaxFindings(text)).toEqual([
    `${text.indexOf('RUNN')}-${text.indexOf('RUNN') + 4} Unknown instruction \`RUNN\`; did you mean \`RUN\`?`,
    `${text.indexOf('WORKDIR')}-${text.indexOf('WORKDIR') + 7} \`WORKDIR\` needs arguments.`,
  ]);
});

test.each([
  ['RUN [ -f /etc/os-release ] || exit 1', 0],
  ['RUN [ "$A" = "b" ]', 0],
  ["CMD ['npm', 'start']", 1],
  ['CMD ["npm" "start"]', 1],
  ['CMD ["npm", "start",]', 1],
  ['CMD ["npm", "start"] extra', 1],
  ['CMD ["npm", \\\n  # a comment inside\n  "start"]', 0],
])('a `[` is judged as JSON only where JSON was meant: %p', (line, count) => {
  expect(syntaxFindings(`FROM alpine:3.20\n${line}\n`).length).toBe(count);
});
